"""Email: sent after the commit, through real SMTP when configured, to the outbox otherwise."""

import socket
import time

from aiosmtpd.controller import Controller

from app.extensions import db
from app.mail import queue_email


class Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_password_reset_mail_goes_through_a_real_smtp_server(make_app, make_user):
    handler = Collector()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        with app.app_context():
            make_user(email="smtp@nhs.net")
            response = app.test_client().post("/auth/reset", data={"email": "smtp@nhs.net"})
            assert response.status_code == 200
            deadline = time.time() + 5
            while not handler.messages and time.time() < deadline:
                time.sleep(0.05)
    finally:
        controller.stop()
    assert len(handler.messages) == 1
    envelope = handler.messages[0]
    assert envelope.rcpt_tos == ["smtp@nhs.net"]
    text = envelope.content.decode()
    assert "Subject: Reset your OHWB Exchange password" in text
    assert "/auth/reset/" in text


def test_mail_is_only_sent_after_commit(app, mailbox):
    queue_email("later@nhs.net", "Hello", "password_changed", user={"name": "Later"})
    assert mailbox.messages == []
    db.session.commit()
    assert len(mailbox.to("later@nhs.net")) == 1


def test_mail_is_dropped_on_rollback(app, mailbox):
    queue_email("never@nhs.net", "Hello", "password_changed", user={"name": "Never"})
    db.session.rollback()
    db.session.commit()
    assert mailbox.to("never@nhs.net") == []


def test_smtp_failure_is_logged_not_raised(make_app, make_user, caplog):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port(), MAIL_TIMEOUT=1)
    with app.app_context():
        make_user(email="down@nhs.net")
        response = app.test_client().post("/auth/reset", data={"email": "down@nhs.net"})
        assert response.status_code == 200
    assert "Could not send email" in caplog.text


def test_mail_queued_in_a_rolled_back_savepoint_is_dropped_and_the_rest_sent(app, mailbox):
    queue_email("before@nhs.net", "Hello", "password_changed", user={"name": "Before"})
    try:
        with db.session.begin_nested():
            queue_email("inside@nhs.net", "Hello", "password_changed", user={"name": "Inside"})
            raise RuntimeError("this item failed")
    except RuntimeError:
        pass
    with db.session.begin_nested():
        queue_email("kept@nhs.net", "Hello", "password_changed", user={"name": "Kept"})
    db.session.commit()
    assert mailbox.to("inside@nhs.net") == []
    assert len(mailbox.to("before@nhs.net")) == 1 and len(mailbox.to("kept@nhs.net")) == 1


def test_headers_from_members_text_never_raise(app, mailbox):
    from tests.test_single_line import SEPARATORS

    for n, separator in enumerate(SEPARATORS):
        queue_email(
            f"to{n}@nhs.net{separator}",
            f"Case study: Menopause{separator}cafés",
            "password_changed",
            reply_to=f"from@nhs.net{separator}",
            user={"name": f"Ann{separator}Lee"},
        )
    db.session.commit()
    for n in range(len(SEPARATORS)):
        (message,) = mailbox.to(f"to{n}@nhs.net")
        assert message["Subject"] == "Case study: Menopause cafés" and message["Reply-To"] == "from@nhs.net"
