"""Events in a space: a private space's event is seen and booked only by its members (list,
page, booking, search, calendar feeds); organisers choose among the spaces they manage; the
events feature asks through app.auth.spaces, never importing the spaces feature."""

# ruff: noqa: F811  (the fixtures imported below are parameters of the tests)
from datetime import timedelta

from sqlalchemy import select

from app.auth.models import utcnow
from app.events.models import Event, EventRegistration
from app.extensions import db
from app.search import search
from app.search.engine import SearchRequest
from tests.spaces.extras_fixtures import make_event, make_space, world  # noqa: F401  (fixtures)


def _titles(html, *titles):
    return [title for title in titles if title in html]


def test_private_space_event_is_listed_only_for_its_members(client, auth, world, make_event):
    make_event(title="Open forum", space_id=world.open.id)
    make_event(title="Hospice leads meeting", space_id=world.private.id, audience="members")
    make_event(title="Everyone welcome fair")
    html = client.get("/events/").get_data(as_text=True)
    assert _titles(html, "Open forum", "Hospice leads meeting", "Everyone welcome fair") == [
        "Open forum",
        "Everyone welcome fair",
    ]
    auth.login(world.member)
    html = client.get("/events/").get_data(as_text=True)
    assert "Hospice leads meeting" not in html
    auth.logout()
    for insider in (world.insider, world.manager, world.moderator):
        auth.login(insider)
        assert "Hospice leads meeting" in client.get("/events/").get_data(as_text=True)
        auth.logout()


def test_private_space_event_page_booking_and_ics_are_404_for_others(client, auth, world, make_event):
    event = make_event(title="Hospice leads meeting", space_id=world.private.id)
    for path in (f"/events/{event.slug}", f"/events/{event.slug}.ics", f"/events/{event.slug}/register"):
        assert client.get(path).status_code in (404, 302), path  # anonymous: never the page
    assert client.get(f"/events/{event.slug}").status_code == 404
    auth.login(world.member)
    for path in (f"/events/{event.slug}", f"/events/{event.slug}.ics", f"/events/{event.slug}/register"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/events/{event.slug}/register", data={}).status_code == 404
    assert db.session.scalar(select(EventRegistration.id)) is None
    auth.logout()
    auth.login(world.insider)
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Hospice OH leads" in page and "private: for its members only" in page
    assert client.post(f"/events/{event.slug}/register", data={}).status_code == 302
    registration = db.session.scalar(select(EventRegistration))
    assert registration.user_id == world.insider.id and registration.status == "confirmed"


def test_event_page_links_to_its_open_space(client, auth, world, make_event):
    event = make_event(title="Menopause cafe", space_id=world.open.id)
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert f'href="/spaces/{world.open.slug}"' in html and "Menopause champions" in html


def test_private_space_event_is_searchable_only_by_its_members(app, world, make_event):
    from app.auth.access import viewer_groups

    make_event(title="Hospice leads planning meeting", space_id=world.private.id)
    make_event(title="Open planning meeting", space_id=world.open.id)

    def titles(user):
        request = SearchRequest(text="planning", member=True, groups=viewer_groups(user))
        return sorted(hit.title for hit in search.query(request).hits)

    assert titles(world.member) == ["Open planning meeting"]
    assert titles(world.insider) == ["Hospice leads planning meeting", "Open planning meeting"]
    assert titles(world.moderator) == ["Hospice leads planning meeting", "Open planning meeting"]
    anonymous = search.query(SearchRequest(text="planning")).hits
    assert [hit.title for hit in anonymous] == ["Open planning meeting"]


def test_moving_an_event_into_a_private_space_updates_the_index(app, world, make_event):
    event = make_event(title="Sleep clinic")
    assert [h.title for h in search.query(SearchRequest(text="sleep")).hits] == ["Sleep clinic"]
    event.space_id = world.private.id
    db.session.commit()
    assert search.query(SearchRequest(text="sleep", member=True)).hits == []


def test_public_ics_feed_leaves_out_private_space_events(client, world, make_event):
    make_event(title="Hospice leads meeting", space_id=world.private.id)
    make_event(title="Open forum", space_id=world.open.id)
    body = client.get("/events/feed.ics").get_data(as_text=True)
    assert "Open forum" in body and "Hospice leads meeting" not in body


def test_personal_feed_drops_a_private_space_event_once_the_member_leaves(client, auth, world, make_event):
    from app.events.services import events as event_service
    from app.spaces.models import SpaceMember

    event = make_event(title="Hospice leads meeting", space_id=world.private.id)
    auth.login(world.insider)
    client.post(f"/events/{event.slug}/register", data={})
    feed = event_service.renew_calendar_feed(world.insider)
    assert "Hospice leads meeting" in client.get(f"/calendar/{feed.token}.ics").get_data(as_text=True)
    db.session.delete(db.session.scalar(select(SpaceMember).filter_by(user_id=world.insider.id)))
    db.session.commit()
    assert "Hospice leads meeting" not in client.get(f"/calendar/{feed.token}.ics").get_data(as_text=True)
    assert client.get(f"/events/{event.slug}").status_code == 404


def _event_form(**changes):
    start = (utcnow() + timedelta(days=10)).strftime("%Y-%m-%dT10:00")
    end = (utcnow() + timedelta(days=10)).strftime("%Y-%m-%dT12:00")
    data = {
        "title": "Guardians board reports clinic",
        "event_type": "network_meeting",
        "summary": "Bring your board report",
        "starts_at": start,
        "ends_at": end,
        "format": "in_person",
        "venue": "Leeds",
        "audience": "members",
        "region": "",
        "publish": "y",
    }
    data.update(changes)
    return data


def test_organiser_chooses_among_spaces_they_manage(client, auth, world, make_user, make_space):
    auth.login(world.moderator)
    form = client.get("/events/new").get_data(as_text=True)
    assert "Hospice OH leads" in form and "Menopause champions" in form and "Not in a space" in form
    response = client.post("/events/new", data=_event_form(space=str(world.private.id)))
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert event.space_id == world.private.id
    response = client.post("/events/new", data=_event_form(space="999999", title="Nowhere"))
    assert response.status_code == 400 and "<title>Error:" in response.get_data(as_text=True)
    assert db.session.scalar(select(Event).where(Event.title == "Nowhere")) is None
    edit = client.get(f"/events/{event.slug}/edit").get_data(as_text=True)
    assert f'<option selected value="{world.private.id}">' in edit or f'value="{world.private.id}" selected' in edit


def test_event_form_has_no_space_question_without_spaces(client, auth, make_user):
    auth.login(make_user(role="moderator"))
    assert "Not in a space" not in client.get("/events/new").get_data(as_text=True)
    response = client.post("/events/new", data=_event_form())
    assert response.status_code == 302
    assert db.session.scalar(select(Event.space_id)) is None


def test_editing_without_a_space_question_keeps_the_event_in_its_space(client, auth, world, make_user, make_event):
    from app.events.models import EventOrganiser

    organiser = make_user()
    event = make_event(title="Hospice leads meeting", space_id=world.open.id)
    db.session.add(EventOrganiser(event_id=event.id, user_id=organiser.id))
    db.session.commit()
    auth.login(organiser)
    page = client.get(f"/events/{event.slug}/edit").get_data(as_text=True)
    assert "Menopause champions" in page  # the event's own space stays a choice
    data = _event_form(title="Renamed meeting", space=str(world.open.id))
    data.pop("publish")
    assert client.post(f"/events/{event.slug}/edit", data=data).status_code == 302
    assert db.session.get(Event, event.id).space_id == world.open.id
    data["space"] = str(world.private.id)  # not theirs to choose
    assert client.post(f"/events/{event.slug}/edit", data=data).status_code == 400
    assert db.session.get(Event, event.id).space_id == world.open.id


def test_a_private_space_event_is_no_card_in_other_threads(client, auth, world, make_event):
    from app.spaces.models import Thread, ThreadLink

    event = make_event(title="Hospice leads meeting", space_id=world.private.id)
    now = utcnow()
    threads = {}
    for name, space in (("open", world.open), ("private", world.private)):
        thread = Thread(
            space_id=space.id,
            kind="discussion",
            title=f"In {name}",
            body_md="x",
            body_html="<p>x</p>",
            last_activity_at=now,
        )
        db.session.add(thread)
        db.session.flush()
        db.session.add(ThreadLink(thread_id=thread.id, kind="event", object_id=event.id))
        threads[name] = thread.id
    db.session.commit()
    auth.login(world.member)
    assert "Hospice leads meeting" not in client.get(f"/threads/{threads['open']}").get_data(as_text=True)
    response = client.post(
        f"/spaces/{world.open.slug}/threads/new",
        data={"kind": "discussion", "title": "Linking", "body": "See this", "links": f"/events/{event.slug}"},
    )
    assert response.status_code == 400 and "is not a case study, resource or event" in response.get_data(as_text=True)
    auth.logout()
    auth.login(world.insider)  # in the private space's own thread, its members see the card
    assert "Hospice leads meeting" in client.get(f"/threads/{threads['private']}").get_data(as_text=True)


def test_without_a_spaces_feature_no_event_in_a_space_is_shown(app, world, make_event, monkeypatch):
    """The seam fails closed: with nothing registered, what is in a space is for no one."""
    from app.auth import spaces as seam
    from app.events.services.queries import EventFilters, list_events

    make_event(title="In a space", space_id=world.open.id)
    make_event(title="Outside")
    monkeypatch.setattr(seam, "_HOOKS", [])
    monkeypatch.setattr(seam, "_EVENT_LISTERS", [])
    monkeypatch.setattr(seam, "_FACT_READERS", [])
    titles = [event.title for event in list_events(world.moderator, EventFilters()).items]
    assert titles == ["Outside"]
    assert seam.may_see_space(world.moderator, world.open.id) is False and seam.may_see_space(None, None) is True
    assert seam.managed_spaces(world.moderator) == [] and seam.space_refs([world.open.id]) == {}
    assert seam.upcoming_space_events(world.open.id, world.moderator) == []
    assert seam.member_facts(world.moderator) is None
