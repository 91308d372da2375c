-- wrk: a mixed load of signed-in members. BENCH_MIX (set by bench/load.py) lists weighted
-- requests, one a line: "weight<TAB>METHOD<TAB>path<TAB>body"; BENCH_MEMBERS the members, one a
-- line: "session cookie<TAB>CSRF token". Each request goes as a member picked at random; in a body
-- %T is that member's CSRF token and %N a request number. Responses of 400 and over are errors.
local mix, total, members = {}, 0, {}
for line in string.gmatch(os.getenv("BENCH_MEMBERS") or "", "[^\n]+") do
  local cookie, token = string.match(line, "^([^\t]+)\t(.+)$")
  table.insert(members, {cookie = cookie, token = token})
end
for line in string.gmatch(os.getenv("BENCH_MIX") or "", "[^\n]+") do
  local weight, method, path, body = string.match(line, "^(%d+)\t(%u+)\t([^\t]+)\t?(.*)$")
  if weight then
    total = total + tonumber(weight)
    table.insert(mix, {upto = total, method = method, path = path, body = body})
  end
end
local counter = 0

init = function(args)
  math.randomseed(os.time() + counter)
end

request = function()
  counter = counter + 1
  local pick, headers = math.random(total), {}
  local member = members[math.random(#members)]
  headers["Cookie"] = member.cookie
  headers["User-Agent"] = wrk.headers["User-Agent"]  -- the browser the member signed in with
  for _, item in ipairs(mix) do
    if pick <= item.upto then
      if item.method == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return wrk.format("POST", item.path, headers, string.gsub(string.gsub(item.body, "%%N", tostring(counter)), "%%T", member.token))
      end
      return wrk.format("GET", item.path, headers)
    end
  end
end

-- The same summary line as a single page's run (BENCH_DIR is set by bench/load.py).
dofile((os.getenv("BENCH_DIR") or "bench") .. "/stats.lua")
