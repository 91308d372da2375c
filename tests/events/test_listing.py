"""Finding events: upcoming and past lists, filters, bad filter values, the home page section."""

from datetime import UTC, datetime, timedelta

from app.auth.models import utcnow
from app.extensions import db
from app.taxonomy.models import Term
from app.taxonomy.services import regions, terms


def _titles(client, query=""):
    body = client.get(f"/events/{query}").get_data(as_text=True)
    return {title for title in ("Fair", "Webinar", "Old forum", "Draft", "Members meeting") if f">{title}</a>" in body}


def _setup(make_event):
    now = utcnow()
    fair = make_event(title="Fair", event_type="wellbeing_fair", region_id=regions()[0].id)
    fair.terms = [db.session.get(Term, terms("topic")[0].id)]
    make_event(title="Webinar", event_type="webinar", format="online", venue=None, joining_url="https://x.example")
    make_event(title="Old forum", event_type="theatre_forum", starts_at=now - timedelta(days=30))
    make_event(title="Draft", status="draft")
    make_event(title="Members meeting", audience="members")
    db.session.commit()


def test_upcoming_past_and_filters(client, auth, make_user, make_event):
    _setup(make_event)
    assert _titles(client) == {"Fair", "Webinar"}
    assert _titles(client, "?when=past") == {"Old forum"}
    assert _titles(client, "?type=webinar") == {"Webinar"}
    assert _titles(client, "?format=online") == {"Webinar"}
    assert _titles(client, f"?region={regions()[0].slug}") == {"Fair"}
    assert _titles(client, f"?topic={terms('topic')[0].slug}") == {"Fair"}
    month = (utcnow() - timedelta(days=30)).strftime("%Y-%m")
    assert "Old forum" in _titles(client, f"?month={month}")
    auth.login(make_user())
    assert _titles(client) == {"Fair", "Webinar", "Members meeting"}
    auth.logout()
    auth.login(make_user(role="moderator"))
    assert "Draft" in _titles(client)


def test_bad_filter_values_are_ignored_or_explained(client, make_event):
    _setup(make_event)
    for query in (
        "?type=<script>",
        "?format=teleport",
        "?region=atlantis",
        "?topic=x",
        "?when=yesterday",
        "?page=abc",
        "?page=-3",
        "?month=2026-99",
        "?month=" + "9" * 5000,
        "?month=<script>",
    ):
        response = client.get(f"/events/{query}")
        assert response.status_code == 200, query
        main = response.get_data(as_text=True).split("<main")[1]
        assert "<script>" not in main and "There is a problem" not in main
    assert client.get("/events/?page=9999").status_code == 200
    # The month is a choice now, not typed: a tampered one is dropped like any other unknown choice.
    assert _titles(client, "?month=2026-99") == _titles(client)


def test_home_page_shows_next_events(client, make_event):
    make_event(title="Soonest", starts_at=datetime.now(UTC) + timedelta(days=1))
    body = client.get("/").get_data(as_text=True)
    assert "Upcoming events" in body and "Soonest" in body
