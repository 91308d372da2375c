"""Vocabulary tables. Rows are seeded by a migration; admins may add professions and topics."""

from datetime import date

from app.extensions import db

# The vocabularies held in the `taxonomy_term` table, with the label shown to users. "topic" is
# the one list of topics: content and events are tagged with it, profiles' specialisms and
# mentoring topics are chosen from it, and any new feature (spaces) uses it too. The SEQOHS
# core services were merged into it by migration 0016 and are kept, closed, for history.
VOCABULARIES = {
    "framework_element": "NHS Health and Wellbeing Framework element",
    "people_promise_theme": "NHS People Promise theme",
    "wellbeing_area": "Model Staff Wellbeing Strategy area",
    "topic": "Topic",
    "sector": "Sector",
    "profession": "Profession",
    "seqohs_service": "SEQOHS core service",
    "held_role": "Role held",
    "audience": "Who it is for",  # e.g. "Solo practitioners": tags spaces for "spaces for you"
}


class ValidityMixin:
    """Entries carry the dates they are valid for, so boundary changes keep history."""

    valid_from = db.Column(db.Date, nullable=False, default=date(2022, 7, 1))
    valid_to = db.Column(db.Date, nullable=True)

    def is_current(self, on=None):
        """True when the entry is valid on `on` (default today)."""
        on = on or date.today()
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Term(ValidityMixin, db.Model):
    """One entry of a flat vocabulary such as a topic, sector or profession."""

    __tablename__ = "taxonomy_term"
    __table_args__ = (db.UniqueConstraint("vocabulary", "slug"), {"info": {"seeded": True}})

    id = db.Column(db.Integer, primary_key=True)
    vocabulary = db.Column(db.String(40), nullable=False, index=True)
    slug = db.Column(db.String(80), nullable=False)
    name = db.Column(db.String(200), nullable=False)
    abbreviation = db.Column(db.String(20), nullable=True)
    position = db.Column(db.Integer, nullable=False, default=0)

    def __repr__(self):
        return f"<Term {self.vocabulary}:{self.slug}>"


class Region(ValidityMixin, db.Model):
    """An NHS England region."""

    __tablename__ = "region"
    __table_args__ = {"info": {"seeded": True}}  # rows come from a migration; tests keep them

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)
    name = db.Column(db.String(200), nullable=False)
    position = db.Column(db.Integer, nullable=False, default=0)
    systems = db.relationship("IntegratedCareSystem", back_populates="region", order_by="IntegratedCareSystem.name")


class IntegratedCareSystem(ValidityMixin, db.Model):
    """An Integrated Care System, in exactly one region for the time it is valid."""

    __tablename__ = "ics"
    __table_args__ = {"info": {"seeded": True}}

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(120), nullable=False, unique=True)
    name = db.Column(db.String(200), nullable=False)
    region_id = db.Column(db.Integer, db.ForeignKey("region.id"), nullable=False, index=True)
    region = db.relationship("Region", back_populates="systems")
