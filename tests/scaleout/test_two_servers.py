"""Two app servers, one PostgreSQL, one Redis, one job worker, one upload folder (issue 14).

What a member notices behind a load balancer that sends each request to either server: a
case study published through A is on the list and in search through B within 2 s; signed in
on A is signed in on B; the email publishing queues through A is delivered once, by the
worker; a file shared through A downloads whole through B; the sign-in limit counts attempts
on both.
"""

import time

import pytest

from tests.scaleout.cluster import Browser, case_study_form, connect, resource_form, term_ids, wait_for

pytestmark = [pytest.mark.scaleout, pytest.mark.slow]

TITLE = "Quokkaflow clinics for night porters"


def test_two_servers_share_content_search_sessions_limits_and_email(cluster, mail_server, redis_client):
    a, b = cluster.a, cluster.b
    database = cluster.env["DATABASE_URL"]

    # Signed in on A, signed in on B: the session cookie is signed with the shared key.
    author = Browser()
    assert author.sign_in(a, "author@nhs.net").status == 302
    account = author.get(b + "/account/")
    assert account.status == 200 and "Author" in account.text

    # Written on A, submitted on B, published by a moderator through A.
    ids = term_ids(database)
    created = author.submit(a + "/case-studies/new", case_study_form(TITLE, ids))
    assert created.status == 302, created.text[:2000]
    slug = created.location.rstrip("/").rsplit("/", 1)[-1]
    assert author.submit(b + f"/case-studies/{slug}/submit", {}, form_page=b + f"/case-studies/{slug}").status == 302
    with connect(database) as conn:
        item_id = conn.execute("SELECT id FROM case_study WHERE slug = %s", (slug,)).fetchone()[0]
    moderator = Browser()
    assert moderator.sign_in(b, "moderator@nhs.net").status == 302
    publish = f"/moderation/case_study/{item_id}/publish"
    assert moderator.submit(a + publish, {}, form_page=a + publish).status == 302
    published_at = time.monotonic()

    # On B's list and in B's search within 2 s, for a visitor who is not signed in.
    visitor = Browser()
    listed = wait_for(lambda: TITLE in visitor.get(b + "/case-studies/").text, timeout=5)
    found = wait_for(lambda: TITLE in visitor.get(b + "/search?q=quokkaflow").text, timeout=5)
    took = time.monotonic() - published_at
    assert listed and found, "the published case study never reached server B's list and search"
    assert took <= 2.0, f"server B showed it after {took:.2f} s"
    print(f"published through A, listed and found through B after {took:.2f} s")  # shown with pytest -s

    # The email publishing queued through A: delivered by the worker, once.
    assert wait_for(lambda: mail_server.about("has been published"), timeout=15)
    time.sleep(2)  # room for a second delivery, were there one
    told = mail_server.about("has been published")
    assert len(told) == 1 and told[0]["To"] == "author@nhs.net"
    with connect(database) as conn:
        rows = conn.execute("SELECT sent_at FROM outgoing_email WHERE recipient = 'author@nhs.net'").fetchall()
    assert len(rows) == 1 and rows[0][0] is not None

    # A file shared through A is downloaded through B: one upload folder for both servers.
    content = b"Passport for one-to-ones, shared by every server.\n" * 50
    shared = author.submit(
        a + "/resources/new", resource_form("Shared passport", ids), files={"file": ("passport.txt", content)}
    )
    assert shared.status == 302, shared.text[:2000]
    download = author.get(b + f"/resources/{shared.location.rstrip('/').rsplit('/', 1)[-1]}/download")
    assert download.status == 200 and download.text.encode() == content

    # One sign-in limit for both servers: 4 a minute, counted in Redis whichever server is asked.
    for key in redis_client.scan_iter("LIMITS:*"):
        redis_client.delete(key)
    guesser = Browser()
    answers = [
        guesser.sign_in(server, "author@nhs.net", password="not-the-password").status for server in (a, b, a, b, a, b)
    ]
    assert answers == [400, 400, 400, 400, 429, 429]
    refused = guesser.sign_in(b, "author@nhs.net")
    assert refused.status == 429 and "Too many attempts" in refused.text
