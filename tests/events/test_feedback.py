"""The post-event survey: who may answer, once only, bad input, and the aggregates."""

from datetime import timedelta

from app.auth.models import utcnow
from app.events.models import EventFeedback, EventRegistration
from app.events.services.feedback import feedback_summary
from app.extensions import db

ANSWERS = {"overall": "5", "relevance": "4", "would_recommend": "yes", "what_worked": "Peer stories", "to_improve": ""}


def _past_event(make_event):
    now = utcnow()
    return make_event(starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2) + timedelta(hours=2))


def _attend(event, user, attended=True):
    db.session.add(
        EventRegistration(event_id=event.id, user_id=user.id, status="confirmed", position=user.id, attended=attended)
    )
    db.session.commit()


def test_attendee_gives_feedback_once(client, auth, make_user, make_event):
    event = _past_event(make_event)
    user = make_user()
    _attend(event, user)
    auth.login(user)
    assert client.get(f"/events/{event.slug}/feedback").status_code == 200
    assert client.post(f"/events/{event.slug}/feedback", data=ANSWERS).status_code == 302
    again = client.post(f"/events/{event.slug}/feedback", data=ANSWERS)
    assert again.status_code == 400 and "already given feedback" in again.get_data(as_text=True)
    assert db.session.query(EventFeedback).count() == 1
    assert "Thank you for your feedback" in client.get(f"/events/{event.slug}").get_data(as_text=True)


def test_non_attendees_and_early_feedback_are_refused(client, auth, make_user, make_event):
    past, future = _past_event(make_event), make_event()
    absent, stranger, booked = make_user(), make_user(), make_user()
    _attend(past, absent, attended=False)
    _attend(future, booked)
    for user, event, status in [(absent, past, 403), (stranger, past, 403), (booked, future, 400)]:
        auth.login(user)
        assert client.post(f"/events/{event.slug}/feedback", data=ANSWERS).status_code == status
        auth.logout()
    assert client.get(f"/events/{past.slug}/feedback").status_code == 302  # sign in first
    assert db.session.query(EventFeedback).count() == 0


def test_bad_feedback_input_is_refused(client, auth, make_user, make_event):
    event = _past_event(make_event)
    user = make_user()
    _attend(event, user)
    auth.login(user)
    for change in (
        {"overall": "9"},
        {"overall": "abc"},
        {"relevance": ""},
        {"would_recommend": "maybe"},
        {"what_worked": "x" * 5000},
    ):
        response = client.post(f"/events/{event.slug}/feedback", data={**ANSWERS, **change})
        assert response.status_code == 400, change
        assert "There is a problem" in response.get_data(as_text=True)
    assert db.session.query(EventFeedback).count() == 0


def test_aggregates_for_organisers(client, auth, make_user, make_event):
    event = _past_event(make_event)
    for overall, recommend, comment in [(5, True, "<b>Great</b>"), (3, False, ""), (4, True, "Useful")]:
        user = make_user()
        _attend(event, user)
        db.session.add(
            EventFeedback(
                event_id=event.id,
                user_id=user.id,
                overall=overall,
                relevance=4,
                would_recommend=recommend,
                what_worked=comment,
            )
        )
    db.session.commit()
    summary = feedback_summary(event)
    assert summary["responses"] == 3 and summary["overall"] == 4.0 and summary["recommend_percent"] == 67
    assert len(summary["comments"]) == 2
    auth.login(make_user(role="moderator"))
    page = client.get(f"/events/{event.slug}/feedback-summary").get_data(as_text=True)
    assert "4.0 out of 5" in page and "67%" in page and "&lt;b&gt;Great&lt;/b&gt;" in page
