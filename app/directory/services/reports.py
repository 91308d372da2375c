"""Reports of profiles to moderators, and the moderators' decisions on them.

(Messages between members live in the inbox feature; the directory only says who can be
messaged, in app/directory/messaging.py.)
"""

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.directory.models import PractitionerProfile, ProfileReport
from app.directory.services import DirectoryError
from app.extensions import db
from app.mail import link_to, queue_email
from app.models_base import utcnow

REPORT_REASONS = (
    ("impersonation", "Pretending to be someone else"),
    ("inappropriate", "Offensive or inappropriate content"),
    ("spam", "Advertising or spam"),
    ("inaccurate", "Misleading professional details"),
    ("other", "Something else"),
)


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
