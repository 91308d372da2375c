"""A tiny searchable type used only by the search tests (its own table and metadata).

It lives outside the app's metadata, so the migrations, the "models match migrations"
check and the per-test table emptying never see it.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.extensions import db
from app.search import SearchableType, SearchDocument, attachment_text, register, unregister


class ProbeBase(DeclarativeBase):
    pass


class Probe(ProbeBase):
    __tablename__ = "test_search_probe"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[str] = mapped_column(sa.String(10), default="public")
    published: Mapped[bool] = mapped_column(default=True)
    topics: Mapped[str] = mapped_column(sa.String(500), default="")  # "|"-separated names
    region: Mapped[str] = mapped_column(sa.String(100), default="")
    date: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    is_event: Mapped[bool] = mapped_column(default=False)
    file_name: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    file_label: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)


def probe_document(probe):
    """Published probes are searchable; drafts are not."""
    if not probe.published:
        return None
    attachments = []
    if probe.file_name:
        attachments.append((probe.file_label or probe.file_name, attachment_text(probe.file_name)))
    date = probe.date
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    facets = {"topic": [t for t in probe.topics.split("|") if t]}
    if probe.region:
        facets["region"] = [probe.region]
    upcoming = None
    if probe.is_event and date is not None:
        upcoming = date > datetime.now(UTC)
    return SearchDocument(
        title=probe.title,
        url=f"/probes/{probe.id}",
        summary=probe.summary or "",
        body=probe.body or "",
        visibility=probe.visibility,
        facets=facets,
        date=date,
        upcoming=upcoming,
        attachments=attachments,
    )


PROBE = SearchableType(
    kind="probe",
    label="Probe",
    model=Probe,
    to_document=probe_document,
    all_objects=lambda: db.session.query(Probe),
)


def install():
    """Create the table (if needed) and register the type."""
    ProbeBase.metadata.create_all(db.engine)
    register(PROBE)


def uninstall():
    unregister("probe")
    with db.engine.begin() as connection:
        connection.execute(Probe.__table__.delete())
