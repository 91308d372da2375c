"""Resources: toolkits, guides, templates and more, as versioned files and/or links."""

from app.extensions import db
from app.models_base import created_column, user_fk
from app.publishing.models import PublishableMixin, adapted_from_column, adapted_from_relationship

RESOURCE_TYPES = {
    "toolkit": "Toolkit",
    "guide": "Guide",
    "template": "Template",
    "policy": "Policy",
    "training": "Training material",
    "webinar": "Webinar recording",
    "self-care": "Self-care guide",
    "manager-training": "Manager training",
    "app-service": "App or service",
    "research": "Research and evidence",
    "other": "Other",
}
LICENCES = {
    "adapt-credit": "Free to use and adapt, with credit",
    "use-no-changes": "Free to use without changes",
    "ogl-3": "Open Government Licence v3.0",
    "cc-by-4": "Creative Commons Attribution 4.0",
    "nhs-only": "Free to use within NHS and social care organisations",
    "ask": "Ask the author before reuse",
}
UPLOAD_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "csv", "txt", "png", "jpg", "jpeg")

resource_term = db.Table(
    "resource_term",
    db.Column("resource_id", db.Integer, db.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True),
    db.Column("term_id", db.Integer, db.ForeignKey("taxonomy_term.id"), primary_key=True, index=True),
)


class Resource(PublishableMixin, db.Model):
    """A shareable tool: a file (with versions) and/or an external link, with reuse terms."""

    __tablename__ = "resource"
    kind = "resource"
    blueprint = "resources"
    label = "resource"
    plural_label = "resources"
    url_prefix = "/resources"
    term_table = resource_term

    resource_type = db.Column(db.String(30), nullable=False, index=True)
    external_url = db.Column(db.String(500), nullable=True)
    description_md = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default="")
    licence = db.Column(db.String(30), nullable=False, default="adapt-credit")
    reuse_terms = db.Column(db.String(500), nullable=True)
    audience = db.Column(db.String(200), nullable=True)
    adapted_from_id = adapted_from_column("resource")
    adapted_from = adapted_from_relationship("Resource")

    versions = db.relationship(
        "ResourceVersion",
        back_populates="resource",
        order_by="ResourceVersion.number.desc()",
        cascade="all, delete-orphan",
    )
    case_studies = db.relationship(
        "CaseStudy", secondary="case_study_resource", back_populates="resources", order_by="CaseStudy.title"
    )

    @property
    def type_label(self):
        return RESOURCE_TYPES.get(self.resource_type, "Other")

    @property
    def licence_label(self):
        return LICENCES.get(self.licence, "")

    @property
    def current_version(self):
        """The newest uploaded file, or None for a link-only resource."""
        return self.versions[0] if self.versions else None


class ResourceVersion(db.Model):
    """One uploaded file of a resource; older versions stay downloadable.

    `stored_name` is the random file name under UPLOAD_FOLDER and `mimetype` its checked type
    (the search index reads both to extract the file's text).
    """

    __tablename__ = "resource_version"
    __table_args__ = (db.UniqueConstraint("resource_id", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    resource_id = db.Column(db.Integer, db.ForeignKey("resource.id", ondelete="CASCADE"), nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)
    stored_name = db.Column(db.String(80), nullable=False, unique=True)
    original_name = db.Column(db.String(255), nullable=False)
    mimetype = db.Column(db.String(120), nullable=False)
    extension = db.Column(db.String(10), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    change_note = db.Column(db.String(500), nullable=False)
    uploaded_by_id = user_fk()
    created_at = created_column()

    resource = db.relationship("Resource", back_populates="versions")
    uploaded_by = db.relationship("User")

    @classmethod
    def of_file(cls, stored, **fields):
        """A version holding a file saved by app.content.store_upload, with its number, note and uploader."""
        return cls(
            stored_name=stored.name,
            original_name=stored.original_name,
            mimetype=stored.mimetype,
            extension=stored.extension,
            size=stored.size,
            sha256=stored.sha256,
            **fields,
        )


class ResourceDownload(db.Model):
    """A counted download; the same member, or the same anonymous visitor, counts once per hour.

    `visitor_key` identifies an anonymous visitor within one hour only: a keyed hash of their
    address, browser and the hour, so no address is stored and the same visitor cannot be
    followed from one hour to the next.
    """

    __tablename__ = "resource_download"
    __table_args__ = (
        db.Index("ix_resource_download_member", "resource_id", "user_id", "created_at"),
        db.UniqueConstraint("resource_id", "visitor_key"),
    )

    id = db.Column(db.Integer, primary_key=True)
    resource_id = db.Column(db.Integer, db.ForeignKey("resource.id", ondelete="CASCADE"), nullable=False)
    version_id = db.Column(db.Integer, db.ForeignKey("resource_version.id", ondelete="SET NULL"), nullable=True)
    user_id = user_fk(index=False)
    visitor_key = db.Column(db.String(64), nullable=True)
    created_at = created_column()
