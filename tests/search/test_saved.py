"""Saved searches, alerts, Atom feeds, missed searches, and the query count of the results page."""

from datetime import timedelta

import feedparser
from sqlalchemy import event, func, select

from app.auth.models import utcnow
from app.extensions import db
from app.search import search
from app.search.member_searches import missed_searches, send_alerts
from app.search.models import SavedSearch, SavedSearchSeen, SearchMiss


def save(client, q="menopause", facets="", name="Menopause things", frequency="daily"):
    return client.post("/search/save", data={"q": q, "facets": facets, "name": name, "frequency": frequency})


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in ("/search/save", "/search/saved"):
        assert client.get(path).status_code == 302
    assert client.post("/search/saved/1/delete").status_code == 302


def test_member_saves_a_search_with_facets(client, auth, make_user):
    auth.login(make_user())
    form = client.get("/search/save?q=menopause&facets=topic%3DMenopause")
    assert form.status_code == 200 and 'value="menopause"' in form.get_data(as_text=True)
    response = save(client, facets="topic=Menopause&bogus=1&when=upcoming")
    assert response.status_code == 302
    saved = db.session.scalar(select(SavedSearch))
    assert saved.query == "menopause" and saved.facets == "topic=Menopause&when=upcoming"
    page = client.get("/search/saved").get_data(as_text=True)
    assert "Menopause things" in page and f"/feeds/search/{saved.feed_token}.atom" in page


def test_save_form_errors_are_shown(client, auth, make_user):
    auth.login(make_user())
    response = save(client, name="", frequency="hourly")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Error:" in html and "Enter a name for this search" in html
    assert db.session.scalar(select(func.count()).select_from(SavedSearch)) == 0


def test_only_the_owner_may_delete(client, auth, make_user):
    owner, other = make_user(), make_user()
    auth.login(owner)
    save(client)
    saved = db.session.scalar(select(SavedSearch))
    auth.logout()
    auth.login(other)
    assert client.post(f"/search/saved/{saved.id}/delete").status_code == 404
    auth.logout()
    auth.login(owner)
    assert client.post(f"/search/saved/{saved.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SavedSearch)) == 0


def test_alerts_send_only_new_matches_once(probes, client, auth, make_user, mailbox):
    probes("Menopause cafe")
    user = make_user(email="alerts@nhs.net")
    auth.login(user)
    save(client)
    assert send_alerts() == {"checked": 0, "emailed": 0, "failed": 0}  # just checked when saved
    probes("Menopause passport", visibility="members")
    later = utcnow() + timedelta(days=1)
    assert send_alerts(now=later) == {"checked": 1, "emailed": 1, "failed": 0}
    body = mailbox.body(mailbox.last("alerts@nhs.net"))
    assert "Menopause passport" in body and "Menopause cafe" not in body
    assert send_alerts(now=later) == {"checked": 0, "emailed": 0, "failed": 0}  # idempotent
    assert send_alerts(now=later + timedelta(days=1)) == {"checked": 1, "emailed": 0, "failed": 0}
    assert len(mailbox.to("alerts@nhs.net")) == 1


def test_send_alerts_command(runner):
    result = runner.invoke(args=["search", "send-alerts"])
    assert result.exit_code == 0 and "Checked 0 saved search(es)" in result.output


def test_atom_feed_per_saved_search(probes, client, auth, make_user):
    probes("Menopause cafe", summary="<b>Monthly</b> menopause drop-in")
    auth.login(make_user())
    save(client)
    token = db.session.scalar(select(SavedSearch.feed_token))
    auth.logout()
    response = client.get(f"/feeds/search/{token}.atom")
    assert response.status_code == 200 and response.content_type.startswith("application/atom+xml")
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo and feed.feed.title.endswith("Menopause things")
    assert [e.title for e in feed.entries] == ["Menopause cafe"]
    assert client.get("/feeds/search/not-a-token.atom").status_code == 404


def test_deleting_the_account_removes_saved_searches(probes, client, auth, make_user):
    probes("Menopause cafe")
    user = make_user()
    user_class, user_id = type(user), user.id
    auth.login(user)
    save(client)
    assert db.session.scalar(select(func.count()).select_from(SavedSearchSeen)) == 1
    response = client.post("/account/delete", data={"password": "correct horse battery", "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(user_class, user_id) is None
    assert db.session.scalar(select(func.count()).select_from(SavedSearch)) == 0
    assert db.session.scalar(select(func.count()).select_from(SavedSearchSeen)) == 0


def test_searches_that_find_nothing_are_logged_without_the_user(client, auth, make_user, find):
    auth.login(make_user())
    find(q="zebra crossings")
    find(q="Zebra crossings")
    find(q="")
    misses = db.session.scalars(select(SearchMiss)).all()
    assert [m.query for m in misses] == ["zebra crossings", "Zebra crossings"]
    assert set(SearchMiss.__table__.columns.keys()) == {"id", "query", "created_at"}
    assert missed_searches()[0][:2] == ("zebra crossings", 2)


def count_queries(client, url):
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return len(statements)


def test_results_page_query_count_is_bounded(app, probes, client):
    app.config["SEARCH_POLL_SECONDS"] = 3600  # the once-a-second outbox poll is not per page
    for n in range(10):
        probes(f"Resilience {n}", topics="Stigma", region="London")
    count_queries(client, "/search?q=resilience")  # warm the per-process caches
    few = count_queries(client, "/search?q=resilience")
    for n in range(60):
        probes(f"Resilience more {n}", topics="Menopause")
    many = count_queries(client, "/search?q=resilience&topic=Menopause")
    if search.backend_name == "whoosh":
        assert few == many == 0  # the index answers; synonyms are cached per process
    else:
        # The index is the database: the planner setting (on and off), the tsqueries, ONE
        # statement for the counts, facet counts and both ranking tiers, the pool's features,
        # the page's documents and their snippets: a fixed number whatever the number of matches.
        assert few <= 9 and many <= 9


def test_account_export_includes_saved_searches(client, auth, make_user):
    auth.login(make_user())
    save(client)
    from app.account.services import export_data

    user = db.session.scalar(select(SavedSearch)).user
    assert export_data(user)["saved_searches"][0]["query"] == "menopause"
