"""Bad rows never stop a job or break a download: line breaks planted straight in the database
(past the form filter), and an item that fails outright, before good ones."""

from datetime import timedelta

import icalendar
import pytest

import app.mail
from app.auth.models import utcnow
from app.events.models import EventRegistration
from app.events.services import notifications
from app.extensions import db
from tests.test_single_line import SEPARATORS, plant_or_skip


def _plant(event, user, separator):
    event.title = f"Bad{separator}title"
    event.venue = f"Hall{separator}1"
    user.name = f"Ann{separator}Lee"
    db.session.commit()


@pytest.mark.parametrize("separator", SEPARATORS)
def test_reminders_reach_everyone_after_a_title_with_a_line_break(separator, make_user, make_event, register, mailbox):
    plant_or_skip(separator)
    now = utcnow()
    bad, good = (
        make_event(starts_at=now + timedelta(hours=20)),
        make_event(title="Good fair", starts_at=now + timedelta(hours=20)),
    )
    early, later = make_user(), make_user()
    register(bad, early)
    register(good, later)
    _plant(bad, early, separator)
    assert notifications.send_reminders(now) == {"24h": 2, "1h": 0, "failed": 0}
    assert mailbox.last(later.email)["Subject"].startswith("Reminder: Good fair")
    subject = mailbox.last(early.email)["Subject"]
    assert subject.startswith("Reminder: Bad title") and "\n" not in subject


@pytest.mark.parametrize("separator", SEPARATORS)
def test_calendar_and_confirmation_survive_every_separator(separator, client, auth, make_user, make_event, mailbox):
    plant_or_skip(separator)
    event, member = make_event(), make_user()
    _plant(event, member, separator)
    response = client.get(f"/events/{event.slug}.ics")
    assert response.status_code == 200
    (vevent,) = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Bad title" and str(vevent["LOCATION"]).startswith("Hall 1")
    assert client.get("/events/feed.ics").status_code == 200
    auth.login(member)
    assert client.post(f"/events/{event.slug}/register", data={}).status_code == 302
    message = mailbox.last(member.email)
    assert "Bad title" in message["Subject"] and message.get_payload()[1].get_filename() == "event.ics"


def _about(mailbox, user, word):
    return [m["Subject"] for m in mailbox.to(user.email) if m["Subject"].startswith(word)]


def _fail_for(monkeypatch, word):
    real = app.mail.build_email

    def build(to, subject, template, **kwargs):
        if word in subject:
            raise RuntimeError("a row this job cannot handle")
        return real(to, subject, template, **kwargs)

    monkeypatch.setattr(app.mail, "build_email", build)


def test_a_failing_person_is_logged_counted_and_not_marked_sent(
    monkeypatch, caplog, runner, make_user, make_event, register, mailbox
):
    now = utcnow()
    broken = make_event(title="Broken event", starts_at=now + timedelta(minutes=30))
    fine = make_event(title="Fine event", starts_at=now + timedelta(minutes=30))
    first, second = make_user(), make_user()
    register(broken, first)
    register(fine, second)
    _fail_for(monkeypatch, "Broken")
    result = runner.invoke(args=["events", "send-reminders"])
    assert result.exit_code == 0 and "0 24-hour and 1 1-hour reminders; 1 failed" in result.output
    assert [s[:20] for s in _about(mailbox, second, "Reminder")] == ["Reminder: Fine event"]
    assert _about(mailbox, first, "Reminder") == [] and "failed; carrying on" in caplog.text
    monkeypatch.undo()  # mended: the next run tells the person who was missed, and only them
    assert notifications.send_reminders(now) == {"24h": 0, "1h": 1, "failed": 0}
    assert len(_about(mailbox, first, "Reminder")) == 1 and len(_about(mailbox, second, "Reminder")) == 1


def test_a_failing_feedback_request_does_not_stop_the_rest(monkeypatch, runner, make_user, make_event, mailbox):
    now = utcnow()
    first, second = make_user(), make_user()
    for title, user in (("Broken forum", first), ("Fine forum", second)):
        event = make_event(title=title, starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1))
        db.session.add(EventRegistration(event_id=event.id, user_id=user.id, status="confirmed", position=1))
    db.session.commit()
    _fail_for(monkeypatch, "Broken")
    result = runner.invoke(args=["events", "send-feedback-requests"])
    assert result.exit_code == 0 and "Sent 1 feedback requests; 1 failed" in result.output
    assert _about(mailbox, second, "How was Fine forum") and not _about(mailbox, first, "How was")
