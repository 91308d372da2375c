"""Outgoing email, sent only after the database transaction that caused it commits.

`queue_email(...)` renders a message and attaches it to the current SQLAlchemy session; a
session `after_commit` listener hands it to the `Mailer`, and a rollback drops it. The mailer
speaks SMTP when `MAIL_SERVER` is set; otherwise it writes the message to the log and as an
`.eml` file under `OUTBOX_DIR`, so a laptop needs no mail server.

Headers are built from members' text (titles, names, subjects): each goes through
`app.text.one_line` first, since a header may not hold a line break, and sending never
raises on content, so one odd message cannot stop the ones queued after it.
"""

import logging
import smtplib
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app, render_template, url_for
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db
from app.text import one_line, plain_lines

log = logging.getLogger("ohwb.mail")
_PENDING = "pending_mail"


def site_url(path=""):
    """An absolute address on this site for emails and feeds: SITE_URL, never the request's host."""
    return current_app.config["SITE_URL"].rstrip("/") + path


def link_to(endpoint, **values):
    """The absolute address of a page, for a link in an email."""
    return site_url(url_for(endpoint, **values))


class Mailer:
    """Delivers EmailMessage objects over SMTP or into the outbox folder."""

    def init_app(self, app):
        app.extensions["mailer"] = self

    def send(self, message):
        """Deliver now. Failures are logged, never raised into a request that has committed."""
        config = current_app.config
        try:
            if config.get("MAIL_SERVER"):
                self._send_smtp(message, config)
            else:
                self._write_outbox(message, Path(config["OUTBOX_DIR"]))
        except (OSError, smtplib.SMTPException, ValueError, UnicodeError):
            log.exception("Could not send email %r to %s", message["Subject"], message["To"])
            return False
        return True

    @staticmethod
    def _send_smtp(message, config):
        smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)

    @staticmethod
    def _write_outbox(message, folder):
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(bytes(message))
        log.info("Email to %s, %r, written to %s\n%s", message["To"], message["Subject"], path, _text_of(message))


def _text_of(message):
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


mailer = Mailer()


def build_email(to, subject, template, attachments=(), reply_to=None, **context):
    """Render `templates/email/<template>.txt` into a message; attachments are (name, type, bytes),
    where the type may carry parameters ("text/calendar; method=CANCEL")."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = one_line(to)
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="ohwb-exchange")
    if reply_to:
        message["Reply-To"] = one_line(reply_to)
    context.setdefault("site_url", site_url())
    message.set_content(plain_lines(render_template(f"email/{template}.txt", **context)))
    for filename, mimetype, data in attachments:
        kind, *extra = (part.strip() for part in mimetype.split(";"))
        maintype, _, subtype = kind.partition("/")
        params = dict(param.partition("=")[::2] for param in extra if "=" in param)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=one_line(filename), params=params)
    return message


def queue_email(to, subject, template, **kwargs):
    """Build a message and send it once the current transaction commits."""
    message = build_email(to, subject, template, **kwargs)
    session = db.session()
    if session.get_transaction() is None:
        session.begin()  # so a rollback (or a close without commit) ends a transaction we see
    within = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING, []).append((within, message))
    return message


@event.listens_for(Session, "after_commit")
def _send_after_commit(session):
    pending = session.info.pop(_PENDING, None)
    for _, message in pending or ():
        mailer.send(message)


def _inside(transaction, ended):
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session, previous_transaction):
    """A savepoint rolled back: the emails queued inside it announce what did not happen."""
    pending = session.info.get(_PENDING)
    if pending:
        pending[:] = [(within, m) for within, m in pending if not _inside(within, previous_transaction)]


@event.listens_for(Session, "after_transaction_end")
def _drop_unsent(session, transaction):
    """Rolled back or closed without a commit: what it would have announced did not happen."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
