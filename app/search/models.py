"""Search tables: the outbox, the acronym table, saved searches, missed searches, extracted text."""

import secrets

from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR

from app.extensions import db
from app.models_base import ItemRef, created_column


class SearchOutbox(ItemRef, db.Model):
    """One pending index change. Applied after commit; deleted once applied."""

    __tablename__ = "search_outbox"

    created_at = created_column()
    __table_args__ = (db.Index("ix_search_outbox_kind_object", "kind", "object_id"),)


class SearchSynonym(db.Model):
    """An acronym or short form members type, and the words it stands for."""

    __tablename__ = "search_synonym"
    __table_args__ = {"info": {"seeded": True}}

    id = db.Column(db.Integer, primary_key=True)
    term = db.Column(db.String(40), nullable=False, unique=True)
    expansion = db.Column(db.String(200), nullable=False)


class SavedSearch(db.Model):
    """A member's saved query and facets, with an optional email alert and an Atom feed."""

    __tablename__ = "saved_search"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    name = db.Column(db.String(120), nullable=False)
    query = db.Column(db.String(256), nullable=False, default="")
    # The facet selection as a URL query string ("type=Event&topic=Menopause").
    facets = db.Column(db.String(1000), nullable=False, default="")
    frequency = db.Column(db.String(10), nullable=False, default="weekly")  # never, daily, weekly
    feed_token = db.Column(db.String(43), nullable=False, unique=True, default=lambda: secrets.token_urlsafe(32))
    created_at = created_column()
    last_checked_at = db.Column(db.DateTime(timezone=True), nullable=True)

    user = db.relationship("User")  # the member's saved searches go with the account (ON DELETE CASCADE)
    seen = db.relationship("SavedSearchSeen", cascade="all, delete-orphan")


class SavedSearchSeen(db.Model):
    """An index document already reported to a saved search, so alerts only tell what is new."""

    __tablename__ = "saved_search_seen"
    __table_args__ = (db.UniqueConstraint("saved_search_id", "doc_key"),)

    id = db.Column(db.Integer, primary_key=True)
    saved_search_id = db.Column(db.Integer, db.ForeignKey("saved_search.id", ondelete="CASCADE"), nullable=False)
    doc_key = db.Column(db.String(80), nullable=False)
    seen_at = created_column()


class SearchMiss(db.Model):
    """A search that found nothing: the text and the time only, never who searched."""

    __tablename__ = "search_miss"

    id = db.Column(db.Integer, primary_key=True)
    query = db.Column(db.String(256), nullable=False)
    created_at = created_column(index=True)


class ExtractedText(db.Model):
    """Text extracted from an uploaded file, keyed by the file's SHA-256 so rebuilds reuse it."""

    __tablename__ = "search_extracted_text"

    sha256 = db.Column(db.String(64), primary_key=True)
    text = db.Column(db.Text, nullable=False, default="")
    # "ok", "limit" (over an extraction limit) or "failed" (the file could not be read);
    # `reason` ends the sentence shown to the file's owner, `error` is for the log.
    status = db.Column(db.String(10), nullable=False, default="ok", server_default="ok")
    reason = db.Column(db.String(200), nullable=True)
    error = db.Column(db.String(300), nullable=True)
    extracted_at = created_column()


class ExtractionJob(ItemRef, db.Model):
    """A file whose text is still to be extracted, and the object to re-index afterwards."""

    __tablename__ = "search_extraction_job"
    __table_args__ = (db.UniqueConstraint("kind", "object_id", "sha256"),)

    stored_name = db.Column(db.String(255), nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    created_at = created_column()


# -- the PostgreSQL search backend's tables (app/search/pg/) ---------------------------------
# On SQLite they exist with plain types and stay empty (the Whoosh backend is used); on
# PostgreSQL `tsv` is a weighted tsvector with a GIN index and `facets` a text[] with one.
_TSVECTOR = db.Text().with_variant(TSVECTOR(), "postgresql")
_FACET_LIST = db.JSON().with_variant(ARRAY(db.Text()), "postgresql")


class SearchDocumentRow(db.Model):
    """One searchable document, written by the outbox (app/search/pg/writer.py)."""

    __tablename__ = "search_document"

    id = db.Column(db.Integer, primary_key=True)
    key = db.Column(db.String(80), nullable=False, unique=True)  # "<kind>:<object_id>"
    kind = db.Column(db.String(40), nullable=False)
    object_id = db.Column(db.Integer, nullable=False)
    url = db.Column(db.String(500), nullable=False, default="")
    title = db.Column(db.Text, nullable=False, default="")
    summary = db.Column(db.Text, nullable=False, default="")
    body = db.Column(db.Text, nullable=False, default="")
    attachments = db.Column(db.Text, nullable=False, default="")  # text read from uploaded files
    attachment_labels = db.Column(db.JSON, nullable=False, default=list)
    visibility = db.Column(db.String(210), nullable=False)  # public, members or group:<key>
    facets = db.Column(_FACET_LIST, nullable=False, default=list)  # "f_topic:Menopause", ...
    date = db.Column(db.DateTime, nullable=True)  # naive UTC, as in the Whoosh index
    has_when = db.Column(db.Boolean, nullable=False, default=False)
    adapted_from = db.Column(db.String(80), nullable=True)
    digest = db.Column(db.String(40), nullable=False, default="")
    tsv = db.Column(_TSVECTOR, nullable=True)  # title A, summary B, labels/facets/acronyms C, the rest D
    head_tsv = db.Column(_TSVECTOR, nullable=True)  # title A and summary B alone: the first ranking tier

    __table_args__ = (
        # One GIN index over both: a word query with a facet chosen reads only the rows with both.
        db.Index("ix_search_document_tsv_facets", "tsv", "facets", postgresql_using="gin"),
        db.Index("ix_search_document_head_tsv", "head_tsv", postgresql_using="gin"),
        db.Index("ix_search_document_visibility", "visibility"),
        db.Index("ix_search_document_adapted_from", "adapted_from"),
        db.Index("ix_search_document_date", "date"),
    )


class SearchTerm(db.Model):
    """A word of a document's title, summary or facets, for did-you-mean (pg_trgm similarity)."""

    __tablename__ = "search_term"
    __table_args__ = (
        db.Index("ix_search_term_trgm", "word", postgresql_using="gin", postgresql_ops={"word": "gin_trgm_ops"}),
    )

    word = db.Column(db.String(100), primary_key=True)
