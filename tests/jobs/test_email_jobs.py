"""Every email is a row written with the change that caused it and sent by a job: with SMTP
down it is tried again with a doubling delay, and once the server is back it is sent exactly
once, however many runs of the job there are."""

import socket
import time
from datetime import UTC, timedelta

from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.mail import OutgoingEmail, deliver, queue_email, retry_delay, send_due
from app.models_base import utcnow


class Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def aware(moment):
    """SQLite gives datetimes back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def rows():
    return db.session.scalars(select(OutgoingEmail).order_by(OutgoingEmail.id)).all()


def unsent():
    return db.session.scalar(select(func.count()).select_from(OutgoingEmail).where(OutgoingEmail.sent_at.is_(None)))


def test_email_waits_for_the_worker_and_is_sent_once(queued, work, make_user, mailbox):
    make_user(email="reset@nhs.net")
    response = queued.test_client().post("/auth/reset", data={"email": "reset@nhs.net"})
    assert response.status_code == 200
    assert mailbox.to("reset@nhs.net") == [] and unsent() == 1 and jobs.queue_depth() == 1

    work()
    assert len(mailbox.to("reset@nhs.net")) == 1
    assert mailbox.last("reset@nhs.net")["Subject"] == "Reset your OHWB Exchange password"
    assert unsent() == 0

    (row,) = rows()
    jobs.enqueue(deliver, [row.id])  # the same job again (a retry, a second worker)
    jobs.enqueue(send_due)
    work()
    assert len(mailbox.to("reset@nhs.net")) == 1


def test_email_of_a_rolled_back_change_is_never_written(queued, mailbox):
    queue_email("never@nhs.net", "Hello", "password_changed", user={"name": "Never"})
    db.session.rollback()
    assert rows() == [] and jobs.queue_depth() == 0


def test_smtp_down_then_back_every_email_is_sent_exactly_once(make_app, redis_url, caplog):
    port = free_port()  # nothing listens there yet: the mail server is down
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=1, REDIS_URL=redis_url)
    worker = lambda: jobs.run_worker(app, burst=True, with_cron=False)  # noqa: E731
    with app.app_context():
        for n in range(3):
            queue_email(f"down{n}@nhs.net", "Hello", "password_changed", user={"name": f"Down {n}"})
        db.session.commit()
        worker()
        assert "Could not send email" in caplog.text
        first = rows()
        assert [r.attempts for r in first] == [1, 1, 1] and all(r.sent_at is None for r in first)
        assert all(aware(r.next_attempt_at) > utcnow() + timedelta(seconds=50) for r in first)  # the first delay: 60 s

        # The next try comes while SMTP is still down: the delay doubles.
        for r in first:
            r.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        jobs.enqueue(send_due)
        worker()
        db.session.expire_all()
        assert [r.attempts for r in rows()] == [2, 2, 2]
        assert all(aware(r.next_attempt_at) > utcnow() + timedelta(seconds=110) for r in rows())

        handler = Collector()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            for r in rows():
                r.next_attempt_at = utcnow() - timedelta(seconds=1)
            db.session.commit()
            for _ in range(3):  # the periodic job, run again and again, as a worker's cron does
                jobs.enqueue(send_due)
            worker()
            deadline = time.time() + 5
            while len(handler.messages) < 3 and time.time() < deadline:
                time.sleep(0.05)
            send_due()  # and once more in this process
            time.sleep(0.2)
        finally:
            controller.stop()
        db.session.expire_all()
        assert sorted(e.rcpt_tos[0] for e in handler.messages) == ["down0@nhs.net", "down1@nhs.net", "down2@nhs.net"]
        assert unsent() == 0 and all(r.sent_at is not None for r in rows())


def test_a_claimed_message_is_not_sent_by_a_second_run(app, mailbox):
    queue_email("claimed@nhs.net", "Hello", "password_changed", user={"name": "Claimed"})
    db.session.commit()  # sent here (no Redis)
    (row,) = rows()
    assert row.sent_at is not None and len(mailbox.to("claimed@nhs.net")) == 1
    assert deliver([row.id]) == 0 and send_due() == {"sent": 0, "failed": 0}
    assert len(mailbox.to("claimed@nhs.net")) == 1


def test_a_message_another_run_is_sending_waits_for_its_claim_to_expire(app, mailbox):
    row = OutgoingEmail(
        recipient="busy@nhs.net", subject="Hi", message=b"Subject: Hi\r\nTo: busy@nhs.net\r\n\r\nHi\r\n"
    )
    row.claimed_until = utcnow() + timedelta(minutes=5)
    db.session.add(row)
    db.session.commit()
    assert deliver([row.id]) == 0 and send_due()["sent"] == 0
    assert mailbox.to("busy@nhs.net") == []
    row.claimed_until = utcnow() - timedelta(seconds=1)  # the run holding it died
    db.session.commit()
    assert send_due() == {"sent": 1, "failed": 0}
    assert len(mailbox.to("busy@nhs.net")) == 1


def test_retry_delay_doubles_up_to_an_hour(app):
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(20) == 3600


class Refuser(Collector):
    """A mail server that answers but refuses, then accepts once told to."""

    def __init__(self):
        super().__init__()
        self.refusing = True

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


def test_a_refusing_mail_server_gets_the_message_later_once(make_app, redis_url):
    handler, port = Refuser(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=2, REDIS_URL=redis_url)
        with app.app_context():
            queue_email("later@nhs.net", "Hello", "password_changed", user={"name": "Later"})
            db.session.commit()
            jobs.run_worker(app, burst=True, with_cron=False)
            (row,) = rows()
            assert row.attempts == 1 and row.sent_at is None and "451" in row.last_error
            handler.refusing = False
            row.next_attempt_at = utcnow() - timedelta(seconds=1)
            db.session.commit()
            assert send_due() == {"sent": 1, "failed": 0}
            assert send_due() == {"sent": 0, "failed": 0}
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in handler.messages] == [["later@nhs.net"]]


def test_the_claim_lasts_mail_claim_seconds(make_app):
    """A run that died mid-send holds its message only for MAIL_CLAIM_SECONDS, then another sends it."""
    app = make_app(MAIL_CLAIM_SECONDS=1, MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # nothing listens: refused
    with app.app_context():
        queue_email("claim@nhs.net", "Hello", "password_changed", user={"name": "Claim"})
        db.session.commit()
        (row,) = rows()
        # As if a run claimed it and was killed before marking it: claimed, never sent.
        row.claimed_until, row.next_attempt_at = utcnow() + timedelta(seconds=1), utcnow()
        db.session.commit()
        app.config["MAIL_SERVER"] = None  # the mail server answers (the outbox folder)
        assert send_due()["sent"] == 0
        time.sleep(1.1)
        assert send_due() == {"sent": 1, "failed": 0}
        db.session.expire_all()
        assert rows()[0].sent_at is not None


def test_a_worker_checks_for_abandoned_jobs_every_job_maintenance_seconds(queued):
    queued.config["JOB_MAINTENANCE_SECONDS"] = 7
    assert jobs.make_worker(queued).maintenance_interval == 7
