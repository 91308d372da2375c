"""Case studies: what an organisation did, with structured impact measures."""

from sqlalchemy import delete

from app.extensions import db
from app.models_base import created_column
from app.publishing.models import PublishableMixin, adapted_from_column, adapted_from_relationship
from app.signals import member_deleting

COST_BANDS = {
    "none": "No additional cost",
    "under-1k": "Under £1,000",
    "1k-10k": "£1,000 to £10,000",
    "10k-50k": "£10,000 to £50,000",
    "over-50k": "Over £50,000",
}
EVALUATION_METHODS = {
    "before-after": "Before and after measures",
    "staff-survey": "Staff survey",
    "comparison": "Pilot with a comparison group",
    "qualitative": "Interviews or focus groups",
    "audit": "Audit of routine data",
    "economic": "Economic evaluation",
    "not-yet": "Not yet evaluated",
}
# The Markdown sections, in page order: (attribute stem, heading).
SECTIONS = (
    ("context", "Context and challenge"),
    ("approach", "What we did"),
    ("outcomes", "Outcomes and impact"),
    ("lessons", "Lessons learned"),
    ("adapt", "How to adapt it"),
)

case_study_term = db.Table(
    "case_study_term",
    db.Column("case_study_id", db.Integer, db.ForeignKey("case_study.id", ondelete="CASCADE"), primary_key=True),
    db.Column("term_id", db.Integer, db.ForeignKey("taxonomy_term.id"), primary_key=True, index=True),
)
case_study_coauthor = db.Table(
    "case_study_coauthor",
    db.Column("case_study_id", db.Integer, db.ForeignKey("case_study.id", ondelete="CASCADE"), primary_key=True),
    db.Column("user_id", db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)
case_study_resource = db.Table(
    "case_study_resource",
    db.Column("case_study_id", db.Integer, db.ForeignKey("case_study.id", ondelete="CASCADE"), primary_key=True),
    db.Column(
        "resource_id", db.Integer, db.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class CaseStudy(PublishableMixin, db.Model):
    """A member's account of an intervention, its results and how others can adapt it."""

    __tablename__ = "case_study"
    kind = "case_study"
    blueprint = "case_studies"
    label = "case study"
    plural_label = "case studies"
    url_prefix = "/case-studies"
    term_table = case_study_term

    organisation = db.Column(db.String(200), nullable=False)
    sector_id = db.Column(db.Integer, db.ForeignKey("taxonomy_term.id"), nullable=True, index=True)
    ics_id = db.Column(db.Integer, db.ForeignKey("ics.id"), nullable=True)
    staff_groups = db.Column(db.String(300), nullable=True)
    cost_band = db.Column(db.String(20), nullable=True)
    evaluation_method = db.Column(db.String(20), nullable=True)
    context_md = db.Column(db.Text, nullable=False, default="")
    context_html = db.Column(db.Text, nullable=False, default="")
    approach_md = db.Column(db.Text, nullable=False, default="")
    approach_html = db.Column(db.Text, nullable=False, default="")
    outcomes_md = db.Column(db.Text, nullable=False, default="")
    outcomes_html = db.Column(db.Text, nullable=False, default="")
    lessons_md = db.Column(db.Text, nullable=False, default="")
    lessons_html = db.Column(db.Text, nullable=False, default="")
    adapt_md = db.Column(db.Text, nullable=False, default="")
    adapt_html = db.Column(db.Text, nullable=False, default="")
    adapted_from_id = adapted_from_column("case_study")

    sector = db.relationship("Term", foreign_keys=[sector_id])
    adapted_from = adapted_from_relationship("CaseStudy")
    ics = db.relationship("IntegratedCareSystem")
    # Accepted co-authors only: they are on the byline and may edit. Invitations wait apart.
    coauthors = db.relationship("User", secondary=case_study_coauthor, order_by="User.name")
    invitations = db.relationship(
        "CoauthorInvitation",
        back_populates="case_study",
        order_by="CoauthorInvitation.email",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    measures = db.relationship(
        "ImpactMeasure", back_populates="case_study", order_by="ImpactMeasure.position", cascade="all, delete-orphan"
    )
    resources = db.relationship(
        "Resource", secondary=case_study_resource, back_populates="case_studies", order_by="Resource.title"
    )

    @property
    def coauthor_ids(self):
        return {user.id for user in self.coauthors}

    def invitation_for(self, user):
        """The invitation waiting for `user` (matched by their email address), or None."""
        if not getattr(user, "is_authenticated", False):
            return None
        email = user.email.lower()
        return next((i for i in self.invitations if i.email == email and i.status == "invited"), None)

    def can_view(self, user):
        """As for any content, and a member invited to co-author may read it to decide."""
        return super().can_view(user) or self.invitation_for(user) is not None

    @property
    def sections(self):
        """(heading, sanitised HTML) for each non-empty Markdown section."""
        return [(heading, getattr(self, f"{stem}_html")) for stem, heading in SECTIONS if getattr(self, f"{stem}_html")]

    @property
    def cost_band_label(self):
        return COST_BANDS.get(self.cost_band or "", "")

    @property
    def evaluation_label(self):
        return EVALUATION_METHODS.get(self.evaluation_method or "", "")


class ImpactMeasure(db.Model):
    """One measured result, e.g. sickness absence %, 5.2 to 4.1 over 12 months (source: ESR)."""

    __tablename__ = "case_study_impact_measure"

    id = db.Column(db.Integer, primary_key=True)
    case_study_id = db.Column(
        db.Integer, db.ForeignKey("case_study.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position = db.Column(db.Integer, nullable=False, default=0)
    metric = db.Column(db.String(200), nullable=False)
    baseline = db.Column(db.Float, nullable=True)
    result = db.Column(db.Float, nullable=True)
    unit = db.Column(db.String(40), nullable=True)
    period = db.Column(db.String(80), nullable=True)
    source = db.Column(db.String(200), nullable=True)
    case_study = db.relationship("CaseStudy", back_populates="measures")

    @property
    def change(self):
        """Result minus baseline, when both are known."""
        if self.baseline is None or self.result is None:
            return None
        return self.result - self.baseline


class CoauthorInvitation(db.Model):
    """An invitation to be named as a co-author, kept by address so the form reveals no account.

    Only an account with this address can accept ("invited" to accepted moves it into
    `case_study_coauthor` and deletes the row) or decline ("declined" stays, so the author
    sees the answer and saving the form again does not invite twice).
    """

    __tablename__ = "case_study_coauthor_invitation"
    __table_args__ = (db.UniqueConstraint("case_study_id", "email"),)

    id = db.Column(db.Integer, primary_key=True)
    case_study_id = db.Column(db.Integer, db.ForeignKey("case_study.id", ondelete="CASCADE"), nullable=False)
    email = db.Column(db.String(254), nullable=False, index=True)  # lower case
    status = db.Column(db.String(10), nullable=False, default="invited")  # invited, declined
    created_at = created_column()
    responded_at = db.Column(db.DateTime(timezone=True), nullable=True)

    case_study = db.relationship("CaseStudy", back_populates="invitations")


@member_deleting.connect
def _forget_invitations(user):
    """Invitations to a deleted account's address go with it (nobody is left to answer them)."""
    db.session.execute(delete(CoauthorInvitation).where(CoauthorInvitation.email == user.email.lower()))
