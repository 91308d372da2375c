"""Case study form: parses and validates; the service assigns each field explicitly."""

import math
import re

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, SubmitField
from wtforms.validators import Optional, ValidationError

from app.case_studies.models import COST_BANDS, EVALUATION_METHODS
from app.case_studies.services import find_resources
from app.extensions import db
from app.formfields import MultiCheckboxField, NumberField, area_field, line_field, single_line
from app.publishing.forms import (
    AdaptationMixin,
    TaggingMixin,
    change_summary_field,
    choices_with_blank,
    markdown_field,
    optional_id,
    summary_field,
    title_field,
)
from app.resources.models import Resource
from app.taxonomy.services import systems, term_choices

MAX_MEASURES = 10
MAX_COAUTHORS = 10
LIMIT = 1_000_000_000
EMAIL_SHAPE = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")


def finite(form, field):
    """Refuse absurd magnitudes (NumberField already refuses NaN, infinities and exponents)."""
    if field.data is not None and (not math.isfinite(field.data) or abs(field.data) > LIMIT):
        raise ValidationError(
            f"Enter {field.noun} of measure {form.number} as a number between -1,000,000,000 and 1,000,000,000"
        )


def row_number(prefix):
    """1 for the row named "measures-0-", 2 for "measures-1-"…"""
    match = re.search(r"-(\d+)-$", prefix or "")
    return int(match[1]) + 1 if match else 1


class MeasureForm(Form):
    """One impact measure row; a row left entirely blank is ignored. Its messages name the row."""

    metric = line_field("Metric", max_length=200, description="What was measured, for example sickness absence")
    baseline = NumberField("Baseline (before)", validators=[Optional(), finite])
    result = NumberField("Result (after)", validators=[Optional(), finite])
    unit = line_field("Unit", max_length=40)
    period = line_field("Period", max_length=80)
    source = line_field("Source of the data", max_length=200)

    def process(self, *args, **kwargs):
        """Name the row in the number fields' messages before the submitted text is parsed."""
        self.number = row_number(self._prefix)
        for name, word in (("baseline", "baseline"), ("result", "result")):
            field = self[name]
            field.noun = f"the {word}"
            field.invalid = f"Enter the {word} of measure {self.number} as a number, like 4.2"
        super().process(*args, **kwargs)

    def is_blank(self):
        return (
            not any([self.metric.data, self.unit.data, self.period.data, self.source.data])
            and self.baseline.data is None
            and self.result.data is None
        )

    def validate(self, extra_validators=None):
        """A row with any value needs its metric (Optional() would skip an inline check)."""
        valid = super().validate(extra_validators)
        if not self.metric.data and not self.is_blank():
            self.metric.errors = [
                *self.metric.errors,
                f"Enter what measure {self.number} measured, for example sickness absence",
            ]
            return False
        return valid


class CaseStudyForm(AdaptationMixin, TaggingMixin, FlaskForm):
    title = title_field()
    summary = summary_field()
    context = markdown_field("Context and challenge", "Enter the context and challenge")
    approach = markdown_field("What we did", "Enter what you did")
    outcomes = markdown_field("Outcomes and impact", "Enter the outcomes and impact")
    lessons = markdown_field("Lessons learned")
    adapt = markdown_field("How to adapt it")
    organisation = line_field("Organisation", "Enter the organisation", 200)
    sector = SelectField("Sector", coerce=optional_id, validators=[Optional()])
    ics = SelectField("Integrated Care System", coerce=optional_id, validators=[Optional()])
    staff_groups = line_field(
        "Staff groups reached",
        max_length=300,
        description="For example: nurses, healthcare assistants, porters and domestic staff",
    )
    cost_band = SelectField("Cost", choices=[("", "Select an option"), *COST_BANDS.items()], validators=[Optional()])
    evaluation_method = SelectField(
        "How it was evaluated", choices=[("", "Select an option"), *EVALUATION_METHODS.items()], validators=[Optional()]
    )
    measures = FieldList(FormField(MeasureForm), min_entries=1, max_entries=MAX_MEASURES)
    add_measure = SubmitField("Add another measure")
    coauthors = area_field(
        "Co-authors",
        max_length=3000,
        description=(
            "Email addresses of other members who wrote this with you, one per line. We invite each one; "
            "they are named and can edit once they accept."
        ),
    )
    resources = MultiCheckboxField("Resources linked to this case study", coerce=int)
    resource_query = line_field(
        "Find a resource",
        max_length=100,
        too_long="Search for a resource with 100 characters or fewer",
        description="Part of a title, for example menopause",
    )
    resource_searched = HiddenField(filters=[single_line])
    find_resources = SubmitField("Search resources")
    change_summary = change_summary_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.load_vocabularies()
        self.sector.choices = choices_with_blank(term_choices("sector"))
        self.ics.choices = choices_with_blank((s.id, f"{s.name} ({s.region.name})") for s in systems())
        self.coauthor_emails = []
        self.load_resource_choices()

    def load_resource_choices(self):
        """The resource checkboxes: the published resources already chosen, then up to 20 whose title
        matches the search box. Only these are valid choices, so the page never lists every resource."""
        chosen = [value for value in (self.resources.data or []) if isinstance(value, int)]
        rows = []
        if chosen:
            rows += db.session.execute(
                select(Resource.id, Resource.title)
                .where(Resource.id.in_(chosen[:200]), Resource.status == "published")
                .order_by(Resource.title)
            ).all()
        query = (self.resource_query.data or "").strip()[:100] if not self.resource_query.errors else ""
        self.resource_matches = find_resources(query) if query else []
        seen = {row.id for row in rows}
        rows += [row for row in self.resource_matches if row.id not in seen]
        self.resources.choices = [(row.id, row.title) for row in rows]

    def requested_action(self):
        """ "add_measure" or "search" when the button pressed (or a new search typed, then Enter)
        asks for the form again rather than saving it; else None."""
        if not self.is_submitted():
            return None
        if self.add_measure.data:
            return "add_measure"
        query = (self.resource_query.data or "").strip()
        if self.find_resources.data or (query and query != (self.resource_searched.data or "").strip()):
            return "search"
        return None

    def prepare(self, action):
        """Redisplay the form for `action`: one more measure row, or the search results."""
        if action == "add_measure" and len(self.measures) < MAX_MEASURES:
            self.measures.append_entry()
        self.resource_searched.data = (self.resource_query.data or "").strip()

    def validate_coauthors(self, field):
        """Each line must look like an email address. Whether it has an account is never said here."""
        addresses = [
            part.strip().lower() for part in (field.data or "").replace(",", "\n").splitlines() if part.strip()
        ]
        if len(addresses) > MAX_COAUTHORS:
            raise ValidationError(f"Add up to {MAX_COAUTHORS} co-authors")
        for address in addresses:
            if len(address) > 254 or not EMAIL_SHAPE.fullmatch(address):
                raise ValidationError(
                    f"Enter each co-author's email address in the correct format, like name@nhs.net ({address[:60]})"
                )
        self.coauthor_emails = list(dict.fromkeys(addresses))

    def measure_rows(self):
        """The impact measures entered, as dicts (blank rows dropped)."""
        return [
            {
                "metric": row.metric.data,
                "baseline": row.baseline.data,
                "result": row.result.data,
                "unit": row.unit.data or None,
                "period": row.period.data or None,
                "source": row.source.data or None,
            }
            for row in (entry.form for entry in self.measures)
            if not row.is_blank()
        ]

    def values(self):
        """The validated input, field by field."""
        return {
            "title": self.title.data,
            "summary": self.summary.data,
            "context": self.context.data or "",
            "approach": self.approach.data or "",
            "outcomes": self.outcomes.data or "",
            "lessons": self.lessons.data or "",
            "adapt": self.adapt.data or "",
            "organisation": self.organisation.data,
            "sector_id": self.sector.data,
            "region_id": self.region.data,
            "ics_id": self.ics.data,
            "staff_groups": self.staff_groups.data or None,
            "cost_band": self.cost_band.data or None,
            "evaluation_method": self.evaluation_method.data or None,
            "visibility": self.visibility.data,
            "term_ids": self.tag_ids(),
            "adapted_from": self.adapted_from.data or "",
            "coauthor_emails": self.coauthor_emails,
            "resource_ids": list(self.resources.data or []),
            "measures": self.measure_rows(),
            "change_summary": self.change_summary.data or "",
        }

    def fill_from(self, item):
        """Show an existing case study in the form (GET on the edit page)."""
        self.title.data, self.summary.data = item.title, item.summary
        for stem in ("context", "approach", "outcomes", "lessons", "adapt"):
            getattr(self, stem).data = getattr(item, f"{stem}_md")
        self.organisation.data = item.organisation
        self.sector.data, self.ics.data = item.sector_id, item.ics_id
        self.staff_groups.data = item.staff_groups
        self.cost_band.data, self.evaluation_method.data = item.cost_band or "", item.evaluation_method or ""
        self.fill_tags(item)
        self.fill_adapted_from(item)
        invited = [invitation.email for invitation in item.invitations]
        self.coauthors.data = "\n".join([user.email for user in item.coauthors] + invited)
        self.resources.data = [r.id for r in item.resources]
        self.load_resource_choices()
        while len(self.measures) < min(len(item.measures), MAX_MEASURES):
            self.measures.append_entry()
        for entry, measure in zip(self.measures, item.measures, strict=False):
            row = entry.form
            row.metric.data, row.baseline.data, row.result.data = measure.metric, measure.baseline, measure.result
            row.unit.data, row.period.data, row.source.data = measure.unit, measure.period, measure.source
