"""Outgoing email, sent only after the database transaction that caused it commits.

`queue_email(...)` renders a message and writes it as an `outgoing_email` row in the current
transaction; a session `after_commit` listener enqueues the `deliver` job for it (app/jobs.py:
a worker with REDIS_URL, this process otherwise), and a rollback drops it with the row. A
message the mail server refuses stays unsent and is tried again with a doubling delay by the
periodic `send_due` job, so none is lost; a claim before sending means none is sent twice. The mailer
speaks SMTP when `MAIL_SERVER` is set; otherwise it writes the message to the log and as an
`.eml` file under `OUTBOX_DIR`, so a laptop needs no mail server.

Headers are built from members' text (titles, names, subjects): each goes through
`app.text.one_line` first, since a header may not hold a line break, and sending never
raises on content, so one odd message cannot stop the ones queued after it.
"""

import email
import email.policy
import logging
import smtplib
import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app, has_app_context, render_template, url_for
from sqlalchemy import delete, event, inspect, or_, select, update
from sqlalchemy.orm import Session

from app import jobs
from app.extensions import db
from app.models_base import utcnow
from app.text import one_line, plain_lines

log = logging.getLogger("ohwb.mail")
_PENDING = "pending_mail"
_COMMITTED = "committed_mail"
# How long one run may hold a message it is sending before another run may try it (the
# MAIL_CLAIM_SECONDS setting; longer than any SMTP conversation, so a live run is never doubled).
CLAIM_SECONDS = 600


class OutgoingEmail(db.Model):
    """One message, written in the transaction that caused it and sent by a job after it commits."""

    __tablename__ = "outgoing_email"
    __table_args__ = (db.Index("ix_outgoing_email_due", "sent_at", "next_attempt_at"),)

    id = db.Column(db.Integer, primary_key=True)
    recipient = db.Column(db.String(320), nullable=False)
    subject = db.Column(db.String(300), nullable=False)
    message = db.Column(db.LargeBinary, nullable=False)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    next_attempt_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    claimed_until = db.Column(db.DateTime(timezone=True))
    sent_at = db.Column(db.DateTime(timezone=True))
    last_error = db.Column(db.String(500))


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
        """Deliver now: None when delivered, else why not. Failures are logged, never raised."""
        config = current_app.config
        try:
            if config.get("MAIL_SERVER"):
                self._send_smtp(message, config)
            else:
                self._write_outbox(message, Path(config["OUTBOX_DIR"]))
        except (OSError, smtplib.SMTPException, ValueError, UnicodeError) as error:
            log.exception("Could not send email %r to %s", message["Subject"], message["To"])
            return f"{type(error).__name__}: {error}"
        return None

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


def build_email(to, subject, template, attachments=(), reply_to=None, html=False, headers=None, **context):
    """Render `templates/email/<template>.txt` into a message (and `<template>.html` as its HTML
    alternative when `html`); attachments are (name, type, bytes), where the type may carry
    parameters ("text/calendar; method=CANCEL"); `headers` are further one-line headers."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = one_line(to)
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="ohwb-exchange")
    if reply_to:
        message["Reply-To"] = one_line(reply_to)
    for name, value in (headers or {}).items():
        message[name] = one_line(value)
    context.setdefault("site_url", site_url())
    message.set_content(plain_lines(render_template(f"email/{template}.txt", **context)))
    if html:
        message.add_alternative(render_template(f"email/{template}.html", **context), subtype="html")
    for filename, mimetype, data in attachments:
        kind, *extra = (part.strip() for part in mimetype.split(";"))
        maintype, _, subtype = kind.partition("/")
        params = dict(param.partition("=")[::2] for param in extra if "=" in param)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=one_line(filename), params=params)
    return message


def queue_email(to, subject, template, **kwargs):
    """Build a message and record it in the current transaction; it is sent once that commits.

    The message is a row of `outgoing_email`, written with the change that caused it, so a
    rollback (of the transaction, or of a savepoint around it) drops it and a commit keeps it
    even if this process dies before sending. After the commit a job delivers it (on the queue
    with REDIS_URL, in this process otherwise); a message SMTP refused is tried again later.
    """
    message = build_email(to, subject, template, **kwargs)
    session = db.session()
    if session.get_transaction() is None:
        session.begin()  # so a rollback (or a close without commit) ends a transaction we see
    row = OutgoingEmail(
        recipient=str(message["To"])[:320],
        subject=str(message["Subject"])[:300],
        message=bytes(message),
        next_attempt_at=utcnow(),
    )
    session.add(row)
    session.info.setdefault(_PENDING, []).append(row)
    return message


@event.listens_for(Session, "after_commit")
def _committed(session):
    if session.in_nested_transaction():
        return  # a savepoint released, not the commit: the outer transaction decides
    pending = session.info.pop(_PENDING, None)
    # A row rolled back with a savepoint lost its identity; only committed rows are sent.
    ids = [key[1][0] for key in (inspect(row).key for row in pending or ()) if key is not None]
    if ids:
        session.info.setdefault(_COMMITTED, []).extend(ids)


@event.listens_for(Session, "after_transaction_end")
def _send_or_drop(session, transaction):
    """At the end of the outer transaction, once its connection is back in the pool: send what
    it committed; drop what it would have announced if it rolled back or closed."""
    if transaction.parent is not None:
        return
    session.info.pop(_PENDING, None)
    ids = session.info.pop(_COMMITTED, None)
    if ids and has_app_context():
        jobs.enqueue(deliver, ids)


# -- delivery (a job) ----------------------------------------------------------------------


def retry_delay(attempts):
    """Seconds before the next try after `attempts` failed ones: doubling, at most an hour."""
    base = current_app.config.get("MAIL_RETRY_SECONDS", 60)
    return min(base * 2 ** max(attempts - 1, 0), 3600)


def deliver(email_ids):
    """Job: send these unsent messages; returns how many were sent now.

    Each message is first claimed (a conditional UPDATE, committed), so two runs of this job,
    in two workers or after a retry, never both send it; and it is marked sent as soon as the
    mail server accepts it. A refusal leaves it unsent with its next try due after a doubling
    delay, for `send_due` to pick up. Only a process killed between the server's acceptance
    and that mark can send a message again, after the claim expires (with the same
    Message-ID, so mail systems can recognise the duplicate).
    """
    sent = 0
    for email_id in email_ids:
        sent += _deliver_one(email_id)
    return sent


def _deliver_one(email_id):
    now = utcnow()
    claim = (
        update(OutgoingEmail)
        .where(
            OutgoingEmail.id == email_id,
            OutgoingEmail.sent_at.is_(None),
            or_(OutgoingEmail.claimed_until.is_(None), OutgoingEmail.claimed_until < now),
        )
        .values(claimed_until=now + timedelta(seconds=current_app.config.get("MAIL_CLAIM_SECONDS", CLAIM_SECONDS)))
        .execution_options(synchronize_session=False)  # the row is read afresh below
    )
    if db.session.execute(claim).rowcount != 1:
        db.session.commit()
        return False  # sent already, or being sent by another run
    db.session.commit()
    row = db.session.get(OutgoingEmail, email_id, populate_existing=True)
    message = email.message_from_bytes(row.message, policy=email.policy.default)
    error = mailer.send(message)
    row.claimed_until = None
    if error is None:
        row.sent_at = utcnow()
    else:
        row.attempts += 1
        row.last_error = error[:500]
        row.next_attempt_at = utcnow() + timedelta(seconds=retry_delay(row.attempts))
    db.session.commit()
    return error is None


def send_due(limit=200):
    """Periodic job: send the messages whose next try is due (SMTP was down, or a process died
    before sending); returns {"sent": n, "failed": n}."""
    now = utcnow()
    ids = db.session.scalars(
        select(OutgoingEmail.id)
        .where(
            OutgoingEmail.sent_at.is_(None),
            OutgoingEmail.next_attempt_at <= now,
            or_(OutgoingEmail.claimed_until.is_(None), OutgoingEmail.claimed_until < now),
        )
        .order_by(OutgoingEmail.next_attempt_at, OutgoingEmail.id)
        .limit(limit)
    ).all()
    db.session.commit()
    sent = deliver(ids)
    if ids:
        log.info("Sent %d of %d email(s) due for another try", sent, len(ids))
    return {"sent": sent, "failed": len(ids) - sent}


def purge_sent(days=30):
    """Periodic job: forget messages sent more than `days` ago (they hold personal data)."""
    cutoff = utcnow() - timedelta(days=days)
    done = db.session.execute(delete(OutgoingEmail).where(OutgoingEmail.sent_at < cutoff)).rowcount
    db.session.commit()
    return done


jobs.periodic("email-retry", send_due, interval=60)
jobs.periodic("email-purge-sent", purge_sent, cron="40 3 * * *")
