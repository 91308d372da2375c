"""What publishable types share: the review lifecycle, tags, revisions and reuse.

`PublishableMixin` gives a content model its lifecycle columns and permission checks. The
generic tables here (revisions, "useful" marks, reuse records) are keyed by `kind` and
`object_id`, so both content types (and their moderation) use one code path. Deleting an
account keeps what it published, shown as by a former member: every `user_fk` says
ON DELETE SET NULL unless the row is the member's own (a "useful" mark: CASCADE).
"""

from datetime import date, timedelta

from sqlalchemy.orm import declared_attr

from app.auth.access import can_see_members_content
from app.extensions import db
from app.models_base import ItemRef, created_column, user_fk
from app.models_base import utcnow as utcnow  # the clock, re-exported for modules that take it from here

STATUSES = {
    "draft": "Draft",
    "submitted": "Submitted for review",
    "returned": "Returned for changes",
    "published": "Published",
    "archived": "Archived",
}
VISIBILITIES = {"members": "Members only", "public": "Anyone, including people who are not signed in"}
REVIEW_YEARS = 2
# The vocabularies used as tags and as facets, in the order the facets are shown.
TAG_VOCABULARIES = ("framework_element", "people_promise_theme", "topic", "sector")


def review_date_from(day=None):
    """The default next-review date: two years on."""
    day = day or date.today()
    try:
        return day.replace(year=day.year + REVIEW_YEARS)
    except ValueError:  # 29 February
        return day + timedelta(days=365 * REVIEW_YEARS)


def adapted_from_column(table):
    """The original an item was adapted from (same type); deleting the original keeps the adaptation."""
    return db.Column(db.Integer, db.ForeignKey(f"{table}.id", ondelete="SET NULL"), nullable=True, index=True)


def adapted_from_relationship(model):
    """`item.adapted_from` and `item.adaptations` (newest first) for a model with adapted_from_id."""
    return db.relationship(
        model,
        remote_side=f"{model}.id",
        foreign_keys=f"{model}.adapted_from_id",
        backref=db.backref("adaptations", order_by=f"{model}.published_at.desc()", passive_deletes=True),
    )


class PublishableMixin:
    """Lifecycle (draft, submitted, returned, published, archived), visibility and review date."""

    kind = None  # "case_study" / "resource": the key in the generic tables and the search index
    blueprint = None  # "case_studies" / "resources": where its pages live
    label = None  # "case study" / "resource", for messages
    plural_label = None  # "case studies" / "resources", for headings, breadcrumbs and feed titles
    url_prefix = None  # "/case-studies" / "/resources", from the stable URL map
    coauthor_ids = ()

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(140), nullable=False, unique=True)
    title = db.Column(db.String(200), nullable=False)
    summary = db.Column(db.String(300), nullable=False)
    status = db.Column(db.String(20), nullable=False, default="draft", index=True)
    visibility = db.Column(db.String(20), nullable=False, default="members")
    return_reason = db.Column(db.Text, nullable=True)
    created_at = created_column()
    updated_at = created_column()
    submitted_at = db.Column(db.DateTime(timezone=True), nullable=True)
    published_at = db.Column(db.DateTime(timezone=True), nullable=True, index=True)
    review_due = db.Column(db.Date, nullable=False, default=review_date_from)
    review_reminded_at = db.Column(db.DateTime(timezone=True), nullable=True)

    @declared_attr
    def author_id(cls):
        return user_fk()

    @declared_attr
    def published_by_id(cls):
        return user_fk(index=False)

    @declared_attr
    def region_id(cls):
        return db.Column(db.Integer, db.ForeignKey("region.id"), nullable=True, index=True)

    @declared_attr
    def author(cls):
        return db.relationship("User", foreign_keys=[cls.author_id])

    @declared_attr
    def region(cls):
        return db.relationship("Region")

    @declared_attr
    def terms(cls):
        from app.taxonomy.models import Term

        return db.relationship("Term", secondary=cls.term_table, order_by=(Term.vocabulary, Term.position))

    def __repr__(self):
        return f"<{type(self).__name__} {self.slug} {self.status}>"

    @property
    def path(self):
        """The item's page, usable without a request (emails from the CLI, search indexing)."""
        return f"{self.url_prefix}/{self.slug}"

    @property
    def adapted_from_visible(self):
        """The original this item was adapted from, when it is published (else None)."""
        original = getattr(self, "adapted_from", None)
        return original if original is not None and original.status == "published" else None

    def visible_adaptations(self, user):
        """The published adaptations of this item that `user` may see, newest first."""
        return [a for a in getattr(self, "adaptations", ()) if a.status == "published" and a.can_view(user)]

    def terms_of(self, vocabulary):
        """This item's tags from one vocabulary."""
        return [term for term in self.terms if term.vocabulary == vocabulary]

    @property
    def is_published(self):
        return self.status == "published"

    @property
    def review_overdue(self):
        return self.status == "published" and self.review_due < date.today()

    def is_author(self, user):
        """The author or a co-author."""
        if not getattr(user, "is_authenticated", False):
            return False
        return user.id == self.author_id or user.id in self.coauthor_ids

    def can_view(self, user):
        """Published and archived items follow visibility (members-only: verified members);
        others only their authors and moderators."""
        if self.status in ("published", "archived"):
            return self.visibility == "public" or can_see_members_content(user)
        signed_in = getattr(user, "is_authenticated", False)
        return signed_in and (self.is_author(user) or user.is_moderator)

    def can_edit(self, user):
        """Authors, co-authors and moderators, while their account may post."""
        if not getattr(user, "is_authenticated", False) or not user.can_post:
            return False
        return self.is_author(user) or user.is_moderator

    def needs_membership(self, user):
        """True when `user` could see this as a verified member (signing in, verifying their email)."""
        return self.status in ("published", "archived") and not can_see_members_content(user)


class ContentRevision(ItemRef, db.Model):
    """A change to a published item: who, when, and their summary of the change."""

    __tablename__ = "content_revision"
    __table_args__ = (db.Index("ix_content_revision_object", "kind", "object_id"),)

    editor_id = user_fk()
    summary = db.Column(db.String(300), nullable=False)
    created_at = created_column()
    editor = db.relationship("User")


class UsefulMark(ItemRef, db.Model):
    """One member found one item useful (one mark per member per item; toggles)."""

    __tablename__ = "useful_mark"
    __table_args__ = (db.UniqueConstraint("kind", "object_id", "user_id"),)

    user_id = user_fk(ondelete="CASCADE", nullable=False)
    created_at = created_column()


class ReuseRecord(ItemRef, db.Model):
    """ "I reused or adapted this", with an optional note and organisation: one per member per item."""

    __tablename__ = "reuse_record"
    __table_args__ = (
        db.Index("ix_reuse_record_object", "kind", "object_id"),
        db.UniqueConstraint("kind", "object_id", "user_id"),
    )

    user_id = user_fk()
    organisation = db.Column(db.String(200), nullable=True)
    note = db.Column(db.String(1000), nullable=True)
    created_at = created_column()
    user = db.relationship("User")
