"""Reminders, feedback requests and purging personal data: due, once, and safe to repeat."""

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import utcnow
from app.events.models import EventRegistration, EventReminder
from app.events.services import notifications
from app.extensions import db


def _subjects(mailbox, user):
    return [m["Subject"] for m in mailbox.to(user.email)]


def test_reminders_24h_and_1h_each_sent_once(make_user, make_event, register, mailbox):
    now = utcnow()
    tomorrow = make_event(title="Wellbeing fair", starts_at=now + timedelta(hours=23))
    soon = make_event(title="Theatre forum", starts_at=now + timedelta(minutes=50))
    later = make_event(title="Next week", starts_at=now + timedelta(days=7))
    user = make_user()
    for event in (tomorrow, soon, later):
        register(event, user)
    assert notifications.send_reminders(now) == {"24h": 1, "1h": 1, "failed": 0}
    assert notifications.send_reminders(now) == {"24h": 0, "1h": 0, "failed": 0}
    subjects = _subjects(mailbox, user)
    assert sum("Reminder: Wellbeing fair," in s for s in subjects) == 1
    assert sum("Reminder: Theatre forum," in s for s in subjects) == 1
    assert not any("Next week" in s and "Reminder" in s for s in subjects)
    # 23 hours on, the fair is within the hour: its 1-hour reminder goes, the 24-hour one never again.
    assert notifications.send_reminders(now + timedelta(hours=22, minutes=30)) == {"24h": 0, "1h": 1, "failed": 0}
    assert db.session.query(EventReminder).count() == 3


def test_reminders_skip_waiting_cancelled_and_cancelled_events(make_user, make_event, register, mailbox):
    now = utcnow()
    event = make_event(capacity=1, starts_at=now + timedelta(hours=20))
    holder, waiting = make_user(), make_user()
    register(event, holder)
    register(event, waiting)
    called_off = make_event(starts_at=now + timedelta(hours=20))
    register(called_off, waiting)
    called_off.status = "cancelled"
    db.session.commit()
    assert notifications.send_reminders(now) == {"24h": 1, "1h": 0, "failed": 0}
    assert not any("Reminder" in s for s in _subjects(mailbox, waiting))


def test_cli_commands_are_idempotent(runner, make_user, make_event, register, mailbox):
    now = utcnow()
    event = make_event(starts_at=now + timedelta(minutes=30))
    register(event, make_user())
    first = runner.invoke(args=["events", "send-reminders"])
    assert first.exit_code == 0 and "0 24-hour and 1 1-hour" in first.output
    second = runner.invoke(args=["events", "send-reminders"])
    assert "0 24-hour and 0 1-hour" in second.output
    assert runner.invoke(args=["events", "send-feedback-requests"]).exit_code == 0
    assert runner.invoke(args=["events", "purge-personal-data"]).exit_code == 0


def test_a_claimed_reminder_is_never_sent_again_even_if_another_run_won(make_user, make_event, register, mailbox):
    now = utcnow()
    event = make_event(starts_at=now + timedelta(hours=10))
    user = make_user()
    registration = register(event, user)
    # Another run already recorded it (e.g. a second cron at the same minute).
    db.session.add(EventReminder(registration_id=registration.id, kind="24h"))
    db.session.commit()
    assert notifications.send_reminders(now)["24h"] == 0
    assert not any("Reminder" in s for s in _subjects(mailbox, user))


def test_feedback_requests_go_after_the_end_to_attendees_once(make_user, make_event, register, mailbox):
    now = utcnow()
    event = make_event(title="VAA summit", starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1))
    attended, absent, waiting = make_user(), make_user(), make_user()
    for user in (attended, absent):
        registration = EventRegistration(
            event_id=event.id, user_id=user.id, status="confirmed", position=1, attended=user is attended
        )
        db.session.add(registration)
    db.session.add(EventRegistration(event_id=event.id, user_id=waiting.id, status="waiting", position=3))
    upcoming = make_event(title="Future")
    register(upcoming, make_user())
    db.session.commit()
    assert notifications.send_feedback_requests(now).done == 1
    assert notifications.send_feedback_requests(now).done == 0
    message = mailbox.last(attended.email)
    assert "How was VAA summit" in message["Subject"]
    assert f"/events/{event.slug}/feedback" in mailbox.body(message)
    assert not mailbox.to(absent.email) and not mailbox.to(waiting.email)


def test_purge_deletes_access_needs_30_days_after_the_event(make_user, make_event, register):
    now = utcnow()
    old = make_event(starts_at=now - timedelta(days=32), ends_at=now - timedelta(days=31))
    recent = make_event(starts_at=now - timedelta(days=5), ends_at=now - timedelta(days=4))
    user = make_user()
    for event in (old, recent):
        db.session.add(
            EventRegistration(event_id=event.id, user_id=user.id, status="confirmed", position=1, access_needs="BSL")
        )
    db.session.commit()
    assert notifications.purge_personal_data(now) == 1
    assert notifications.purge_personal_data(now) == 0
    needs = dict(db.session.execute(select(EventRegistration.event_id, EventRegistration.access_needs)).all())
    assert needs == {old.id: None, recent.id: "BSL"}
