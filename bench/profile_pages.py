"""Where a page's time goes: cProfile over in-process requests (no server), for docs/PERFORMANCE.md.

Usage: DATABASE_URL=... SEARCH_INDEX_DIR=... .venv/bin/python bench/profile_pages.py [--member]
       [--requests 100] [--top 25] PATH [PATH ...]
Uses the app as configured by the environment (seed it first, e.g. `flask seed demo`). Prints the
mean time a request and SQL queries a request for each path, then the functions with the most
cumulative time over all of them.
"""

import argparse
import cProfile
import pstats
import re
import time

from sqlalchemy import event

from wsgi import app


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--member", action="store_true", help="signed in as the demo member")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    client = app.test_client()
    # In production settings the test client speaks https, where the CSRF check wants a same-site Referer.
    client.environ_base["HTTP_REFERER"] = f"{app.config['PREFERRED_URL_SCHEME']}://localhost/"
    if args.member:
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = {"csrf_token": token, "email": "member@ohwb-demo.example", "password": "demo-password-2026"}
        assert client.post("/auth/login", data=form).status_code == 302, "sign-in failed"  # noqa: S101
    queries = []
    with app.app_context():
        from app.extensions import db

        event.listen(db.engine, "before_cursor_execute", lambda *a: queries.append(1))
    profile = cProfile.Profile()
    for path in args.paths:
        assert client.get(path).status_code == 200, path  # noqa: S101 (warm the caches)
        queries.clear()
        started = time.perf_counter()
        profile.enable()
        for _ in range(args.requests):
            client.get(path)
        profile.disable()
        took = (time.perf_counter() - started) / args.requests * 1000
        print(f"{path:<50} {took:6.1f} ms   {len(queries) / args.requests:5.1f} queries")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
