"""Mentoring: offer with topics and a maximum, request, accept or decline, active pairs."""

from sqlalchemy import select

from app.directory.models import MentoringPair
from app.extensions import db
from tests.directory.conftest import term


def _mentor(make_user, make_profile, places=1):
    mentor = make_user(email="mentor@nhs.net", name="Maya Mentor")
    profile = make_profile(user=mentor, offers_mentoring=True, max_mentees=places, display_name="Dr Maya M.")
    profile.mentoring_topics = [term("topic", "burnout-and-mental-health")]
    db.session.commit()
    return mentor, profile


def _ask(client, auth, mentee, profile, text="Help with burnout work"):
    auth.login(mentee)
    response = client.post(f"/directory/{profile.slug}/mentoring", data={"message": text})
    auth.logout()
    return response


def test_request_accept_and_both_see_the_pair(client, auth, make_user, make_profile, mailbox):
    mentor, profile = _mentor(make_user, make_profile)
    mentee = make_user(email="mentee@nhs.net", name="Mo Mentee")
    auth.login(mentee)
    page = client.get(f"/directory/{profile.slug}/mentoring").get_data(as_text=True)
    assert "Burnout and mental health" in page
    auth.logout()
    assert _ask(client, auth, mentee, profile).status_code == 302
    assert "Mo Mentee has asked you" in mailbox.last("mentor@nhs.net")["Subject"]
    pair = db.session.scalar(select(MentoringPair))
    auth.login(mentor)
    assert "Help with burnout work" in client.get("/directory/mentoring").get_data(as_text=True)
    assert client.post(f"/directory/mentoring/{pair.id}/accept").status_code == 302
    assert "You mentor Mo Mentee" in client.get("/directory/mentoring").get_data(as_text=True)
    auth.logout()
    assert "agreed to mentor you" in mailbox.last("mentee@nhs.net")["Subject"]
    auth.login(mentee)
    assert "Dr Maya M.</a> mentors you" in client.get("/directory/mentoring").get_data(as_text=True)
    assert client.post(f"/directory/mentoring/{pair.id}/end").status_code == 302
    db.session.refresh(pair)
    assert pair.status == "ended"


def test_maximum_mentees_is_kept(client, auth, make_user, make_profile):
    mentor, profile = _mentor(make_user, make_profile, places=1)
    first, second, third = make_user(), make_user(), make_user()
    _ask(client, auth, first, profile)
    _ask(client, auth, second, profile)
    pairs = db.session.scalars(select(MentoringPair).order_by(MentoringPair.id)).all()
    auth.login(mentor)
    client.post(f"/directory/mentoring/{pairs[0].id}/accept")
    refused = client.post(f"/directory/mentoring/{pairs[1].id}/accept", follow_redirects=True)
    assert "your maximum" in refused.get_data(as_text=True)
    db.session.refresh(pairs[1])
    assert pairs[1].status == "pending"
    auth.logout()
    full = _ask(client, auth, third, profile)
    assert full.status_code == 400 and "no places free" in full.get_data(as_text=True)


def test_decline_duplicates_and_strangers(client, auth, make_user, make_profile):
    mentor, profile = _mentor(make_user, make_profile, places=3)
    mentee = make_user()
    _ask(client, auth, mentee, profile)
    assert _ask(client, auth, mentee, profile).status_code == 400
    pair = db.session.scalar(select(MentoringPair))
    auth.login(make_user())
    for action in ("accept", "decline", "end"):
        assert client.post(f"/directory/mentoring/{pair.id}/{action}").status_code == 404
    auth.logout()
    auth.login(mentee)
    assert client.post(f"/directory/mentoring/{pair.id}/accept").status_code == 404
    auth.logout()
    auth.login(mentor)
    assert client.post(f"/directory/mentoring/{pair.id}/decline").status_code == 302
    db.session.refresh(pair)
    assert pair.status == "declined"


def test_no_request_to_non_mentors_self_or_blocked(client, auth, make_user, make_profile):
    plain = make_profile()
    auth.login(make_user())
    assert client.get(f"/directory/{plain.slug}/mentoring").status_code == 404
    auth.logout()
    mentor, profile = _mentor(make_user, make_profile)
    auth.login(mentor)
    assert client.get(f"/directory/{profile.slug}/mentoring").status_code == 404
    blocked = make_user()
    client.post(f"/directory/members/{blocked.id}/block")
    auth.logout()
    refused = _ask(client, auth, blocked, profile)
    assert refused.status_code == 403
    empty = _ask(client, auth, make_user(), profile, text="")
    assert empty.status_code == 400
    assert db.session.scalar(select(MentoringPair)) is None
