"""Contact messages, replies, blocks and reports to moderators.

The sender's email address is never shown to the recipient until the recipient replies.
The daily limit is counted in the database, so it holds across workers and restarts.
"""

from datetime import timedelta

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.auth.names import public_name
from app.directory.blocking import ensure_may_reach
from app.directory.models import Block, ContactMessage, PractitionerProfile, ProfileReport
from app.directory.services import DirectoryError
from app.extensions import db
from app.mail import link_to, queue_email
from app.models_base import utcnow

DAILY_LIMIT = 10
REPORT_REASONS = (
    ("impersonation", "Pretending to be someone else"),
    ("inappropriate", "Offensive or inappropriate content"),
    ("spam", "Advertising or spam"),
    ("inaccurate", "Misleading professional details"),
    ("other", "Something else"),
)


def sent_today(sender_id):
    """Messages `sender_id` sent in the last 24 hours."""
    since = utcnow() - timedelta(days=1)
    return db.session.scalar(
        select(func.count(ContactMessage.id)).where(
            ContactMessage.sender_id == sender_id, ContactMessage.created_at >= since
        )
    )


def send_message(sender, profile, subject, body):
    """Send a message to the owner of `profile` and email them; at most DAILY_LIMIT a day."""
    if profile.user_id == sender.id:
        raise DirectoryError("You cannot send a message to yourself")
    ensure_may_reach(sender.id, profile.user_id, field="body")
    # Two requests at once must not both pass the count. PostgreSQL: lock the sender's row.
    # SQLite: the insert comes before the count, and its write lock makes the next sender wait.
    db.session.execute(select(User.id).where(User.id == sender.id).with_for_update())
    message = ContactMessage(sender=sender, recipient_id=profile.user_id, subject=subject, body=body)
    db.session.add(message)
    db.session.flush()
    if sent_today(sender.id) > DAILY_LIMIT:
        db.session.rollback()
        raise DirectoryError(
            f"You have sent {DAILY_LIMIT} messages in the last 24 hours, which is the limit. Try again tomorrow",
            field="body",
            status=429,
        )
    recipient = db.session.get(User, profile.user_id)
    queue_email(
        recipient.email,
        f"Message from {public_name(sender)} via OHWB Exchange: {subject}",
        "directory_contact",
        sender=sender,
        recipient=recipient,
        message=message,
        link=link_to("directory.message", message_id=message.id),
    )
    db.session.commit()
    return message


def inbox(user):
    """Messages received (newest first) and sent, with the other member loaded; blocked senders hidden."""
    blocked = select(Block.blocked_id).where(Block.blocker_id == user.id)
    received = db.session.scalars(
        select(ContactMessage)
        .options(selectinload(ContactMessage.sender))
        .where(ContactMessage.recipient_id == user.id, ContactMessage.sender_id.not_in(blocked))
        .order_by(ContactMessage.created_at.desc())
        .limit(100)
    ).all()
    sent = db.session.scalars(
        select(ContactMessage)
        .options(selectinload(ContactMessage.recipient))
        .where(ContactMessage.sender_id == user.id)
        .order_by(ContactMessage.created_at.desc())
        .limit(100)
    ).all()
    return received, sent


def message_for(user, message_id):
    """A message the member sent or received; 404 for anyone else."""
    message = db.session.get(ContactMessage, message_id)
    if message is None or user.id not in (message.sender_id, message.recipient_id):
        abort(404)
    return message


def reply(user, message_id, body):
    """The recipient replies once: the sender is emailed the reply, and the sender's email is revealed.
    Refused (403) when either has blocked the other."""
    message = message_for(user, message_id)
    if message.recipient_id != user.id:
        abort(404)
    ensure_may_reach(user.id, message.sender_id, field="body")
    if message.replied_at is not None:
        raise DirectoryError("You have already replied to this message", field="body")
    message.reply_body, message.replied_at = body, utcnow()
    queue_email(
        message.sender.email,
        f"{public_name(user)} replied to your message: {message.subject}",
        "directory_reply",
        user=user,
        message=message,
        link=link_to("directory.message", message_id=message.id),
    )
    db.session.commit()
    return message


def report_profile(reporter, profile, reason, details):
    """Record a report for moderators (one open report per member and profile)."""
    if profile.user_id == reporter.id:
        raise DirectoryError("You cannot report your own profile", field="reason")
    existing = db.session.scalar(
        select(ProfileReport.id).where(
            ProfileReport.profile_id == profile.id,
            ProfileReport.reporter_id == reporter.id,
            ProfileReport.status == "open",
        )
    )
    if existing is None:
        db.session.add(ProfileReport(profile=profile, reporter=reporter, reason=reason, details=details or ""))
        db.session.commit()


def reports(status="open", page=1, per_page=20):
    """Reports for moderators, newest first, paginated."""
    stmt = (
        select(ProfileReport)
        .options(selectinload(ProfileReport.profile).selectinload(PractitionerProfile.user))
        .options(selectinload(ProfileReport.reporter))
        .where(ProfileReport.status == status)
        .order_by(ProfileReport.created_at.desc())
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def resolve_report(moderator, report_id, action):
    """Dismiss a report, or unlist the profile (every open report on it is closed with it)."""
    report = db.session.get(ProfileReport, report_id)
    if report is None or report.status != "open":
        abort(404)
    now = utcnow()
    targets = [report]
    if action == "unlist":
        report.profile.listed = False
        report.profile.updated_at = now
        targets = db.session.scalars(
            select(ProfileReport).where(ProfileReport.profile_id == report.profile_id, ProfileReport.status == "open")
        ).all()
        queue_email(
            report.profile.user.email,
            "Your OHWB Exchange directory profile has been unlisted",
            "directory_unlisted",
            profile=report.profile,
            link=link_to("directory.edit_profile"),
        )
    for target in targets:
        target.status = "unlisted" if action == "unlist" else "dismissed"
        target.resolved_by_id, target.resolved_at = moderator.id, now
    db.session.commit()
    return report
