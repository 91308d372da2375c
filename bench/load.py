"""Load benchmark (issue 15): every list, detail and search page under gunicorn, beside Flask's ceiling.

Usage: .venv/bin/python bench/load.py [--db sqlite|postgres|both] [--size demo|large|both]
       [--scale 10000] [--duration 5] [--mixed-duration 60] [--connections 16] [--only PATTERN]

For each database and size it builds the data (migrations, `flask seed demo --force`, plus
`--scale N` for the large size), starts the app under gunicorn with 2 workers in production
settings (Redis db 5, or BENCH_REDIS_URL, for the cache, rate limits and jobs) and a bare Flask "hello" under the same
server, signs a demo member in through the real sign-in form, and drives each page with wrk
(2 threads, 16 connections): req/s, p50/p95/p99, errors (connection errors and responses of 400
and over) and req/s as a share of the hello ceiling measured in the same run. Then a mixed run
of one signed-in member: browse 70%, search 20%, book a place or post a reply 10%.
Loopback only; ports 8501-8502 (or BENCH_PORT and the next); PostgreSQL database bench_speed (or
BENCH_PG_NAME); everything started is stopped at the end.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# A session sharing the machine picks its own database, Redis db and ports (BENCH_PG_NAME,
# BENCH_REDIS_URL, BENCH_PORT: the app's; the hello's is the next one).
PG_NAME = os.environ.get("BENCH_PG_NAME", "bench_speed")
PG_URL = f"postgresql://postgres@127.0.0.1:5432/{PG_NAME}"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
MEMBER = ("member@ohwb-demo.example", "demo-password-2026")
APP_PORT = int(os.environ.get("BENCH_PORT", "8501"))
# One browser: every request (sign-in, checks, wrk) names the same User-Agent, as a real browser
# does; Flask-Login's session protection would otherwise see each wrk request as another device.
USER_AGENT = "ohwb-bench/1.0"
HELLO_PORT = APP_PORT + 1

# (label, path template, shown to visitors too); {names} come from find_items().
PAGES = [
    ("home", "/", True),
    ("case studies list", "/case-studies/", True),
    ("resources list", "/resources/", True),
    ("events list", "/events/", True),
    ("directory", "/directory/", True),
    ("peers for you", "/directory/peers", False),
    ("spaces list", "/spaces/", False),
    ("space thread list", "/spaces/{space}", False),
    ("case study", "/case-studies/{case_study}", True),
    ("resource", "/resources/{resource}", True),
    ("event", "/events/{event}", True),
    ("thread", "/threads/{thread}", False),
    ('search "burnout"', "/search?q=burnout", True),
    ('search "staff" (most documents)', "/search?q=staff", True),
]


def find_items(url):
    """Slugs and ids of published items a visitor may see, straight from the database."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    queries = {
        "case_study": "SELECT slug FROM case_study WHERE status='published' AND visibility='public' ORDER BY id",
        "resource": "SELECT slug FROM resource WHERE status='published' AND visibility='public' ORDER BY id",
        "event": "SELECT slug FROM event WHERE status='published' AND space_id IS NULL AND audience='public' "
        "ORDER BY starts_at DESC",
        "space": "SELECT slug FROM space WHERE join_policy='open' ORDER BY thread_count DESC, id",
    }
    with engine.connect() as conn:
        found = {name: conn.execute(text(sql)).scalar() for name, sql in queries.items()}
        found["thread"] = conn.execute(
            text(
                "SELECT t.id FROM thread t JOIN space s ON s.id = t.space_id WHERE s.slug = :space "
                "AND t.hidden_at IS NULL AND NOT t.awaiting_moderation ORDER BY t.reply_count DESC, t.id"
            ),
            {"space": found["space"]},
        ).scalar()
        found["ask_thread"] = conn.execute(
            text("SELECT id FROM thread WHERE space_id IS NULL AND hidden_at IS NULL AND NOT locked ORDER BY id")
        ).scalar()
        found["members"] = (
            conn.execute(
                text(
                    "SELECT email FROM user_account WHERE email LIKE '%@ohwb-demo.example' AND role = 'member' "
                    "AND email_verified_at IS NOT NULL ORDER BY id"
                )
            )
            .scalars()
            .all()
        )
        found["open_event"] = conn.execute(
            text(
                "SELECT slug FROM event WHERE status='published' AND space_id IS NULL AND starts_at > :now "
                "ORDER BY starts_at"
            ),
            {"now": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())},
        ).scalar()
    engine.dispose()
    return found


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def prepare(db, size, scale, work, large_data=None):
    """A fresh database with the demo data (and `--scale` for the large size); its environment.
    With `large_data` (a folder a `--keep` run left: bench.db and index/) the large SQLite data
    is copied from there instead of seeded again (seeding 50,000 items takes minutes)."""
    reuse = db == "sqlite" and size == "large" and large_data
    if reuse:
        shutil.copy(Path(large_data) / "bench.db", work / "bench.db")
        shutil.copytree(Path(large_data) / "index", work / "index")
    if db == "postgres":
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{PG_NAME}"'))
        admin.dispose()
        url = PG_URL
    else:
        url = f"sqlite:///{work / 'bench.db'}"
    env = {
        **os.environ,
        "FLASK_CONFIG": "production",
        "SECRET_KEY": "benchmark-only-" + "x" * 32,
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "SESSION_COOKIE_SECURE": "0",
        # The mixed run signs in every demo member from this one address.
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "SITE_URL": f"http://127.0.0.1:{APP_PORT}",
        "SEARCH_INDEX_DIR": str(work / "index"),
        "UPLOAD_DIR": str(work / "uploads"),
        "OUTBOX_DIR": str(work / "outbox"),
    }
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    started = time.monotonic()
    run([*flask, "db", "upgrade"], env, capture_output=True)
    seed = [*flask, "seed", "demo", "--force"] + (["--scale", str(scale)] if size == "large" else [])
    if not reuse:
        run(seed, env, capture_output=True)
        # With REDIS_URL the seed's index changes wait for a job worker, which the benchmark does
        # not run: build the index now, or every search would look at an empty one (`--scale`
        # rebuilds it itself).
        if size != "large":
            run([*flask, "search", "reindex"], env, capture_output=True)
    print(f"  data ready in {time.monotonic() - started:.0f} s", flush=True)
    return env, url


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def start(app, port, env, log):
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "--no-control-socket", "-b", f"127.0.0.1:{port}", app],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)  # noqa: S310 (loopback)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not start on port {port}")


def sign_in(base, email=MEMBER[0]):
    """The session cookie of a demo member and a CSRF token of that session, from the real sign-in form."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(base + "/auth/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": MEMBER[1]}).encode()
    opener.open(base + "/auth/login", data=form)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "session")
    home = fetch(base + "/", cookie)
    if "Sign out" not in home:
        raise SystemExit(f"Signing {email} in failed")
    return cookie, re.search(r'name="csrf_token"[^>]*value="([^"]+)"', home).group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, cookie=None):
    """The page at `url`; stop the benchmark unless it answers 200 itself (no redirect)."""
    headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=30) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{url} answered {error.code}, not 200") from None


def wrk(url, args, cookie=None, script="stats.lua", env=None):
    """wrk's figures for one URL: req/s, p50/p95/p99 in ms, errors."""
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "-s", str(BENCH / script)]
    cmd += ["-H", f"User-Agent: {USER_AGENT}"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*cmd, url], capture_output=True, text=True, timeout=args.duration + 60, env=env or os.environ
    ).stdout
    fields = dict(re.findall(r"(\w+)=(\d+)", out.split("RESULT", 1)[1]))
    n = int(fields["requests"])
    return {
        "rps": n / (int(fields["duration_us"]) / 1e6),
        "p50": int(fields["p50"]) / 1000,
        "p95": int(fields["p95"]) / 1000,
        "p99": int(fields["p99"]) / 1000,
        "errors": int(fields["errors"]) + int(fields["status_errors"]),
        "requests": n,
    }


def line(label, who, r, ceiling):
    share = 100 * r["rps"] / ceiling if ceiling else 0
    return (
        f"| {label} | {who} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
        f"| {r['errors']} | {share:.0f} % |"
    )


def load():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def mixed(base, items, args):
    """Browse 70%, search 20%, book (7%) or post a reply (3%), as the demo's verified members."""
    members = [sign_in(base, email) for email in items["members"]]
    browse = [p.format(**items) for _, p, _ in PAGES if "search" not in p]
    searches = ["/search?q=burnout", "/search?q=staff", "/search?q=menopause", "/search?q=sickness+absence"]
    post = "csrf_token=%T&" + urllib.parse.urlencode({"body": "Thank you, this helped our team (load test %N)."})
    book = "csrf_token=%T&" + urllib.parse.urlencode({"access_needs": "", "show_on_list": "y"})
    mix = [f"{70 * 10 // len(browse)}\tGET\t{p}\t" for p in browse]
    mix += [f"{20 * 10 // len(searches)}\tGET\t{p}\t" for p in searches]
    mix.append(f"30\tPOST\t/threads/{items['ask_thread']}/replies\t{post}")
    mix.append(f"70\tPOST\t/events/{items['open_event']}/register\t{book}")
    env = {
        **os.environ,
        "BENCH_DIR": str(BENCH),
        "BENCH_MIX": "\n".join(mix),
        "BENCH_MEMBERS": "\n".join("\t".join(m) for m in members),
    }
    quick = argparse.Namespace(connections=args.connections, duration=args.mixed_duration)
    return wrk(base + "/", quick, script="mixed.lua", env=env)


def bench(db, size, args, hello_base):
    work = Path(tempfile.mkdtemp(prefix="ohwb-load-"))
    log = open(work / "gunicorn.log", "wb")  # noqa: SIM115 (closed in finally)
    server = None
    try:
        print(f"\n## {db}, {size} data" + (f" (--scale {args.scale})" if size == "large" else ""), flush=True)
        env, url = prepare(db, size, args.scale, work, args.large_data)
        items = find_items(url)
        flush_redis()
        base = f"http://127.0.0.1:{APP_PORT}"
        server = start("wsgi:app", APP_PORT, env, log)
        cookie, _ = sign_in(base)
        ceiling = wrk(hello_base + "/", args)["rps"]
        print(f"load average {load()}; hello ceiling {ceiling:,.0f} req/s", flush=True)
        print("\n| page | who | req/s | p50 ms | p95 ms | p99 ms | errors | % of hello |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        results = {}
        for label, template, public in PAGES:
            if args.only and not re.search(args.only, label):
                continue
            path = template.format(**items)
            for who, jar in (("visitor", None), ("member", cookie)):
                if who == "visitor" and not public:
                    continue
                fetch(base + path, jar)  # a 200 first (also warms this page's caches)
                results[label, who] = r = wrk(base + path, args, jar)
                print(line(label, who, r, ceiling), flush=True)
        if args.mixed_duration and size == "demo":
            r = mixed(base, items, args)
            print(line(f"mixed run, {args.mixed_duration} s", "member", r, ceiling), flush=True)
        print(f"\nload average at the end {load()}", flush=True)
        return results
    finally:
        if server:
            server.terminate()
            server.wait(timeout=20)
        log.close()
        if args.keep:
            print(f"  kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def postgres_up():
    try:
        create_engine(PG_ADMIN).connect().close()
        return True
    except Exception:  # noqa: BLE001 (any failure means: no PostgreSQL to use)
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default=None)
    parser.add_argument("--size", choices=["demo", "large", "both"], default="both")
    parser.add_argument("--scale", type=int, default=10_000, help="items per type for the large size")
    parser.add_argument("--duration", type=int, default=5, help="seconds per page")
    parser.add_argument("--mixed-duration", type=int, default=60, help="seconds of the mixed run (0: none)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--only", help="only pages whose label matches this regular expression")
    parser.add_argument("--keep", action="store_true", help="keep the data folder (and gunicorn's log)")
    parser.add_argument("--large-data", help="reuse the large SQLite data a --keep run left in this folder")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    dbs = ["sqlite", "postgres"] if args.db in (None, "both") else [args.db]
    if args.db is None and not postgres_up():
        print("PostgreSQL is not answering on 127.0.0.1:5432: SQLite only")
        dbs = ["sqlite"]
    sizes = ["demo", "large"] if args.size == "both" else [args.size]
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores; load average {load()}")
    print(
        f"gunicorn 2 sync workers, production settings; wrk 2 threads, {args.connections} connections, "
        f"{args.duration} s a page"
    )
    hello_log = open(os.devnull, "wb")  # noqa: SIM115
    hello = start("bench.hello:app", HELLO_PORT, {**os.environ, "PYTHONPATH": str(ROOT)}, hello_log)
    try:
        for db in dbs:
            for size in sizes:
                bench(db, size, args, f"http://127.0.0.1:{HELLO_PORT}")
    finally:
        hello.terminate()
        hello.wait(timeout=20)


if __name__ == "__main__":
    main()
