"""Practitioner profiles and the ties between members: connections, blocks, reports and
mentoring.

A profile is separate from the account: it is opt-in (`listed` is off by default) and each
optional field carries its own visibility, "members" or "hidden". Rows that hang off a
member go with the account by their foreign keys' ON DELETE rules (see app/directory/cleanup.py
for what those rules cannot do).
"""

from flask import url_for
from sqlalchemy import func, select

from app.auth.models import User
from app.auth.names import name_finder, name_source, profile_source
from app.extensions import db
from app.models_base import created_column

VISIBILITY_CHOICES = (("members", "Signed-in members"), ("hidden", "Only me"))
# The optional fields that have their own visibility setting, with the label used in forms.
VISIBLE_FIELDS = {
    "job_title": "Job title",
    "organisation": "Organisation",
    "sector": "Sector",
    "region": "Region",
    "ics": "Integrated Care System",
    "professions": "Professions",
    "specialisms": "Specialisms",
    "roles": "Roles held",
    "bio": "About me",
    "photo": "Photo",
}


def _term_table(name):
    """An association table between profiles and vocabulary terms."""
    return db.Table(
        name,
        db.Column(
            "profile_id", db.Integer, db.ForeignKey("practitioner_profile.id", ondelete="CASCADE"), primary_key=True
        ),
        db.Column(
            "term_id", db.Integer, db.ForeignKey("taxonomy_term.id", ondelete="CASCADE"), primary_key=True, index=True
        ),
    )


profile_profession = _term_table("profile_profession")
profile_specialism = _term_table("profile_specialism")  # topics and SEQOHS core services
profile_held_role = _term_table("profile_held_role")
profile_mentoring_topic = _term_table("profile_mentoring_topic")


class VisibilityColumns:
    """One `<field>_visibility` column per optional field, "members" unless the owner hides it."""

    job_title_visibility = db.Column(db.String(10), nullable=False, default="members")
    organisation_visibility = db.Column(db.String(10), nullable=False, default="members")
    sector_visibility = db.Column(db.String(10), nullable=False, default="members")
    region_visibility = db.Column(db.String(10), nullable=False, default="members")
    ics_visibility = db.Column(db.String(10), nullable=False, default="members")
    professions_visibility = db.Column(db.String(10), nullable=False, default="members")
    specialisms_visibility = db.Column(db.String(10), nullable=False, default="members")
    roles_visibility = db.Column(db.String(10), nullable=False, default="members")
    bio_visibility = db.Column(db.String(10), nullable=False, default="members")
    photo_visibility = db.Column(db.String(10), nullable=False, default="members")


class PractitionerProfile(VisibilityColumns, db.Model):
    """A member's directory entry. Never shown unless `listed`; hidden fields never leave it."""

    __tablename__ = "practitioner_profile"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, unique=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)
    listed = db.Column(db.Boolean, nullable=False, default=False, index=True)
    display_name = db.Column(db.String(120), nullable=False)
    job_title = db.Column(db.String(120), nullable=False, default="")
    organisation = db.Column(db.String(200), nullable=False, default="")
    sector_id = db.Column(db.Integer, db.ForeignKey("taxonomy_term.id", ondelete="SET NULL"), nullable=True)
    region_id = db.Column(db.Integer, db.ForeignKey("region.id", ondelete="SET NULL"), nullable=True, index=True)
    ics_id = db.Column(db.Integer, db.ForeignKey("ics.id", ondelete="SET NULL"), nullable=True, index=True)
    bio_markdown = db.Column(db.Text, nullable=False, default="")
    bio_html = db.Column(db.Text, nullable=False, default="")
    is_solo = db.Column(db.Boolean, nullable=False, default=False)
    open_peer_support = db.Column(db.Boolean, nullable=False, default=False)
    offers_mentoring = db.Column(db.Boolean, nullable=False, default=False)
    seeks_mentoring = db.Column(db.Boolean, nullable=False, default=False)
    open_visits = db.Column(db.Boolean, nullable=False, default=False)
    open_collaboration = db.Column(db.Boolean, nullable=False, default=False)
    max_mentees = db.Column(db.Integer, nullable=False, default=0)
    photo_name = db.Column(db.String(80), nullable=True)
    created_at = created_column()
    updated_at = created_column()

    user = db.relationship("User", lazy="joined", innerjoin=True)
    sector = db.relationship("Term", foreign_keys=[sector_id])
    region = db.relationship("Region")
    ics = db.relationship("IntegratedCareSystem")
    professions = db.relationship("Term", secondary=profile_profession, order_by="Term.position")
    specialisms = db.relationship("Term", secondary=profile_specialism, order_by="Term.position")
    roles = db.relationship("Term", secondary=profile_held_role, order_by="Term.position")
    mentoring_topics = db.relationship("Term", secondary=profile_mentoring_topic, order_by="Term.position")

    def __repr__(self):
        return f"<PractitionerProfile {self.slug}>"

    def shows(self, field):
        """True when `field` is visible to signed-in members."""
        return getattr(self, f"{field}_visibility") == "members"


# Read-only and loaded with the account, so showing any member's public name costs no query.
User.practitioner_profile = db.relationship(
    PractitionerProfile,
    primaryjoin=PractitionerProfile.user_id == User.id,
    uselist=False,
    viewonly=True,
    lazy="joined",
)


@name_source
def _display_name(user):
    """The directory display name, once the member has made a profile."""
    profile = user.practitioner_profile
    return profile.display_name if profile is not None else None


@profile_source
def _profile_url(user):
    """The member's directory page, when their profile is listed (others get a 404 otherwise)."""
    profile = user.practitioner_profile
    return url_for("directory.profile", slug=profile.slug) if profile is not None and profile.listed else None


@name_finder
def _members_by_display_name(lower_names):
    """The accounts whose directory display name is one of `lower_names` (lower case)."""
    stmt = select(User).join(PractitionerProfile, PractitionerProfile.user_id == User.id)
    return db.session.scalars(stmt.where(func.lower(PractitionerProfile.display_name).in_(lower_names))).all()


class Connection(db.Model):
    """A connection request from one member to another; "accepted" makes them peers."""

    __tablename__ = "peer_connection"
    __table_args__ = (db.UniqueConstraint("requester_id", "recipient_id"),)

    id = db.Column(db.Integer, primary_key=True)
    requester_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    recipient_id = db.Column(
        db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status = db.Column(db.String(10), nullable=False, default="pending")  # pending, accepted, declined
    created_at = created_column()
    responded_at = db.Column(db.DateTime(timezone=True), nullable=True)

    requester = db.relationship("User", foreign_keys=[requester_id])
    recipient = db.relationship("User", foreign_keys=[recipient_id])

    def other(self, user_id):
        """The member on the other side from `user_id`."""
        return self.recipient if self.requester_id == user_id else self.requester


class Block(db.Model):
    """`blocker` no longer receives messages, connection or mentoring requests from `blocked`."""

    __tablename__ = "directory_block"

    blocker_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    blocked_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    created_at = created_column()

    blocked = db.relationship("User", foreign_keys=[blocked_id])


class ProfileReport(db.Model):
    """A member's report of a profile, for moderators to review."""

    __tablename__ = "profile_report"

    id = db.Column(db.Integer, primary_key=True)
    profile_id = db.Column(
        db.Integer, db.ForeignKey("practitioner_profile.id", ondelete="CASCADE"), nullable=False, index=True
    )
    reporter_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    reason = db.Column(db.String(40), nullable=False)
    details = db.Column(db.Text, nullable=False, default="")
    status = db.Column(db.String(10), nullable=False, default="open")  # open, dismissed, unlisted
    created_at = created_column()
    resolved_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    resolved_at = db.Column(db.DateTime(timezone=True), nullable=True)

    profile = db.relationship("PractitionerProfile")
    reporter = db.relationship("User", foreign_keys=[reporter_id])


class MentoringPair(db.Model):
    """A mentoring request that the mentor accepts (active) or declines; either side may end it."""

    __tablename__ = "mentoring_pair"

    id = db.Column(db.Integer, primary_key=True)
    mentor_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    mentee_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    message = db.Column(db.Text, nullable=False, default="")
    status = db.Column(db.String(10), nullable=False, default="pending")  # pending, active, declined, ended
    created_at = created_column()
    responded_at = db.Column(db.DateTime(timezone=True), nullable=True)
    ended_at = db.Column(db.DateTime(timezone=True), nullable=True)

    mentor = db.relationship("User", foreign_keys=[mentor_id])
    mentee = db.relationship("User", foreign_keys=[mentee_id])
