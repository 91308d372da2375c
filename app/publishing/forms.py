"""Forms shared by case studies and resources: reuse records, return reasons, change notes."""

from flask import request
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.validators import DataRequired, Optional

from app.formfields import MultiCheckboxField, area_field, line_field
from app.publishing.models import VISIBILITIES
from app.taxonomy.services import regions, term_choices

MARKDOWN_MAX = 20_000


class ReuseForm(FlaskForm):
    organisation = line_field("Your organisation (optional)", max_length=200)
    note = area_field(
        "How you reused or adapted it (optional)", max_length=1000, too_long="Note must be 1000 characters or fewer"
    )


class ReturnForm(FlaskForm):
    reason = area_field(
        "What the author needs to change",
        "Enter what the author needs to change",
        2000,
        "Reason must be 2,000 characters or fewer",
    )


class AdaptationMixin:
    """ "Adapted from": the original on this site that this item adapts, so search and the
    lists show it under the original rather than as a near-duplicate (checked by the service)."""

    adapted_from = line_field(
        "Adapted from (optional)",
        max_length=300,
        too_long="Address must be 300 characters or fewer",
        description="If you adapted another organisation's work shared here, paste the address of its page",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "Share your adaptation" on an item's reuse page opens the new-item form with it filled in.
        if not self.is_submitted() and request.args.get("adapted_from"):
            self.adapted_from.data = request.args["adapted_from"][:300]

    def fill_adapted_from(self, item):
        original = item.adapted_from
        self.adapted_from.data = original.path if original is not None else ""


def title_field():
    """The required title of a published item."""
    return line_field("Title", "Enter a title", 200, "Title must be 200 characters or fewer")


def summary_field():
    """The required short summary shown in lists and search results."""
    return area_field(
        "Summary",
        "Enter a summary",
        300,
        "Summary must be 300 characters or fewer",
        description="Up to 300 characters, shown in lists and search results",
    )


def change_summary_field():
    """The 'summary of change' asked for when editing a published item."""
    return line_field(
        "Summary of your change",
        max_length=300,
        too_long="Summary of change must be 300 characters or fewer",
        description="Needed when you edit a published item, for example: updated the 12-month results",
    )


def optional_id(value):
    """Coerce a select value to an int id, with '' (nothing chosen) as None."""
    if value in (None, "", "None"):
        return None
    return int(value)


def choices_with_blank(pairs, blank="Select an option"):
    """Choices for an optional select: a blank first entry then (id, name) pairs."""
    return [(None, blank)] + list(pairs)


class TaggingMixin:
    """Framework elements, People Promise themes and topics, from the vocabulary tables."""

    elements = MultiCheckboxField("NHS Health and Wellbeing Framework elements", coerce=int)
    themes = MultiCheckboxField("NHS People Promise themes", coerce=int)
    topics = MultiCheckboxField("Topics", coerce=int)
    region = SelectField("NHS England region", coerce=optional_id, validators=[Optional()])
    visibility = RadioField(
        "Who can read it",
        choices=list(VISIBILITIES.items()),
        default="members",
        validators=[DataRequired(message="Select who can read it")],
    )

    def load_vocabularies(self):
        """Fill the choices from the vocabulary tables (current entries only)."""
        self.elements.choices = term_choices("framework_element")
        self.themes.choices = term_choices("people_promise_theme")
        self.topics.choices = term_choices("topic")
        self.region.choices = choices_with_blank((r.id, r.name) for r in regions())

    def fill_tags(self, item):
        """Show the item's region, visibility and tags (GET on the edit page)."""
        self.region.data, self.visibility.data = item.region_id, item.visibility
        self.elements.data = [t.id for t in item.terms_of("framework_element")]
        self.themes.data = [t.id for t in item.terms_of("people_promise_theme")]
        self.topics.data = [t.id for t in item.terms_of("topic")]

    def tag_ids(self):
        """Every chosen term id across the tag vocabularies."""
        return [*self.elements.data, *self.themes.data, *self.topics.data]


def markdown_field(label, required_message=None, description="You can use Markdown: headings, lists, links and tables"):
    """A Markdown text area with a generous but bounded length."""
    too_long = f"{label} must be {MARKDOWN_MAX:,} characters or fewer"
    return area_field(label, required_message, MARKDOWN_MAX, too_long, description=description)
