"""Hostile input everywhere: generated text into every form field of every POST route and every
query parameter of every GET route, as a member and as a moderator; nothing may answer 5xx.

Field names come from the pages themselves: each GET page of the test world (tests/world.py) is
rendered and its forms read, so a new form is fuzzed without anyone listing it here. POST-only
routes get the fields of the forms that post to them, or else every field name seen anywhere.
The text includes every Unicode line and paragraph separator, C0/C1 controls, NUL, 100 KB
strings, huge and signed numbers and non-ASCII digits.
"""

import sys
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import current_app
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.world import build_world

SEPARATORS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
ODD_NUMBERS = [
    "99999999999999999999",
    "2147483648",
    "-2147483649",
    "-1",
    "0",
    "+7",
    "1e308",
    "NaN",
    "inf",
    "²",
    "٣",
    "١٢",
    "𝟗",
    "0x10",
    str(sys.maxsize),
    "9" * 400,
]
EXTRA_QUERY_PARAMS = ["page", "q", "sort", "month", "type", "when", "next", "status", "tab"]
SKIP_FIELDS = {"csrf_token"}
SKIP_ENDPOINTS = {"auth.logout", "static", "main.nhsuk_assets", "events.static"}

piece = st.one_of(
    st.text(max_size=40),
    st.sampled_from(SEPARATORS + CONTROLS + ODD_NUMBERS + ["\x00", "", " ", "<script>", "'; --", "%00"]),
)
fuzz_text = st.lists(piece, min_size=1, max_size=4).map("".join)
CATALOGUE = SEPARATORS + ["\x00", "a\x00b", "x\u2028y", "x\u2029y", "\x85x"] + ODD_NUMBERS + CONTROLS
MAX_EXAMPLES = 2
# Swept through every field of every route (all fields at once, one value per request).
SWEEP = [
    "99999999999999999999",
    "2147483648",
    "-1",
    "²",
    "٣",
    "𝟗",
    "1e308",
    "9" * 400,
    "x" + "".join(SEPARATORS) + "y",
    "x" + "".join(CONTROLS) + "y",
    "a\x00b",
]
# One field per request gets 100 KB (more would only test the upload limit, which has its own tests).
big_text = st.sampled_from(SEPARATORS + ["a", "\x00", "9", "\u2028x"]).map(lambda s: (s * 100_000)[:100_000])


class FormReader(HTMLParser):
    """Every form on a page as (method, action, {field name: a valid-looking default}), and its links."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.links = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.forms.append(((attrs.get("method") or "get").lower(), attrs.get("action") or "", {}))
        elif tag == "a" and "?" in (attrs.get("href") or ""):
            self.links.append(attrs["href"])
        elif not self.forms:
            return
        elif tag == "select" and name:
            self._select = name
            self.forms[-1][2].setdefault(name, "")
        elif tag == "option" and self._select and attrs.get("value"):
            fields = self.forms[-1][2]
            if not fields[self._select] or "selected" in attrs:
                fields[self._select] = attrs["value"]
        elif tag in ("input", "textarea", "button") and name:
            kind = attrs.get("type", "text")
            fields = self.forms[-1][2]
            if kind in ("radio", "checkbox") and name in fields and "checked" not in attrs:
                return
            fields[name] = attrs.get("value") or ("Some text" if tag == "textarea" else "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def survey(client, world):
    """({url: {POST field: default}}, {url: query params}, {every field: default}) from the GET pages."""
    post_fields, query_params, every = {}, {}, {}
    for rule in current_app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIP_ENDPOINTS:
            continue
        url = world.url(rule)
        response = client.get(url)
        if response.mimetype != "text/html":
            continue
        reader = FormReader()
        reader.feed(response.get_data(as_text=True))
        params = set(EXTRA_QUERY_PARAMS)
        for method, action, fields in reader.forms:
            fields = {name: value for name, value in fields.items() if name not in SKIP_FIELDS}
            every.update(fields)
            target = urlsplit(action).path or url
            if method == "post":
                post_fields.setdefault(target, {}).update(fields)
            elif target == url:
                params.update(fields)
        for href in reader.links:
            parts = urlsplit(href)
            if not parts.path or parts.path == url:
                params.update(name for name, _ in parse_qsl(parts.query, keep_blank_values=True))
        query_params[url] = params
    return post_fields, query_params, every


def targets(world, post_fields, query_params, every):
    """(method, url, {field: default}) for every POST route and every GET route."""
    found = []
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if rule.endpoint in SKIP_ENDPOINTS:
            continue
        url = world.url(rule)
        if "POST" in rule.methods:
            found.append(("POST", url, post_fields.get(url) or every))
        if "GET" in rule.methods:
            found.append(("GET", url, dict.fromkeys(sorted(query_params.get(url, EXTRA_QUERY_PARAMS)), "")))
    return found


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_no_generated_input_causes_a_server_error(app, client, auth, make_user, role):
    world = build_world(make_user)
    user = world.users[role]
    auth.login(user)
    walk = targets(world, *survey(client, world))
    assert len(walk) > 100

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # shrinking a whole walk would take minutes
        suppress_health_check=list(HealthCheck),
    )
    @given(pool=st.lists(fuzz_text, min_size=20, max_size=20), big=big_text, parity=st.integers(0, 1))
    def walk_everything(pool, big, parity):
        auth.login(user)
        values_pool = CATALOGUE + pool
        failures = []
        for i, (method, url, defaults) in enumerate(walk):
            # Every other field keeps the page's own value, so half-valid forms reach the services;
            # the others rotate through the pool, so each catalogue value reaches many fields.
            names = sorted(defaults)
            values = {
                name: values_pool[(i * 7 + j) % len(values_pool)] if (i + j + parity) % 2 else defaults[name]
                for j, name in enumerate(names)
            }
            if names:
                values[names[i % len(names)]] = big
            failure = send(client, method, url, values)
            if failure:
                failures.append(failure)
        assert not failures, "server errors:\n" + "\n".join(failures)

    walk_everything()


def send(client, method, url, values):
    """One request; a 5xx or an exception the app let out is returned as a description."""
    try:
        if method == "POST":
            response = client.post(url, data=values)
        else:
            response = client.get(url, query_string=values)
    except Exception as error:  # the app raised: with TESTING on, Flask hands it to the client
        return f"{method} {url}: {type(error).__name__}: {str(error)[:200]}"
    return f"{method} {url}: {response.status_code}" if response.status_code >= 500 else None


def test_every_odd_value_in_every_field_of_every_route(app, client, auth, make_user):
    world = build_world(make_user)
    auth.login(world.users["moderator"])  # moderators reach the most routes, organiser pages included
    walk = targets(world, *survey(client, world))
    failures = []
    for k, value in enumerate(SWEEP):
        auth.login(world.users["moderator"])
        for method, url, defaults in walk:
            values = {
                name: value if (j + k) % 2 or method == "GET" else default
                for j, (name, default) in enumerate(sorted(defaults.items()))
            }
            failure = send(client, method, url, values)
            if failure:
                failures.append(f"{failure} (value {value[:30]!r})")
    assert not failures, "server errors:\n" + "\n".join(failures)
