"""Spaces forms: they parse and validate; the services assign each field explicitly."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField
from wtforms.validators import DataRequired, Optional

from app.formfields import MultiCheckboxField, area_field, line_field, single_line
from app.publishing.forms import choices_with_blank, optional_id
from app.routing import parse_id
from app.spaces.models import JOIN_POLICIES, REPORT_REASONS, THREAD_KINDS
from app.taxonomy.services import regions, term_choices

THREAD_MAX = 20_000
REPLY_MAX = 10_000
MARKDOWN_HINT = "You can use Markdown for links and lists. Mention a member by typing @ and their name"


class SpaceForm(FlaskForm):
    name = line_field("Name of the space", "Enter a name", 120, "Name must be 120 characters or fewer")
    purpose = line_field(
        "Purpose",
        "Enter what the space is for",
        300,
        "Purpose must be 300 characters or fewer",
        description="One sentence, shown in the list of spaces",
    )
    description = area_field(
        "About the space (optional)",
        max_length=THREAD_MAX,
        too_long=f"About the space must be {THREAD_MAX:,} characters or fewer",
        description="Who it is for and how it works. You can use Markdown",
    )
    join_policy = RadioField(
        "Who can join",
        choices=list(JOIN_POLICIES.items()),
        default="open",
        validators=[DataRequired(message="Select who can join")],
    )
    region = SelectField("NHS England region (optional)", coerce=optional_id, validators=[Optional()])
    topics = MultiCheckboxField("Topics", coerce=int)
    elements = MultiCheckboxField("NHS Health and Wellbeing Framework elements", coerce=int)
    themes = MultiCheckboxField("NHS People Promise themes", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = choices_with_blank(((r.id, r.name) for r in regions()), "Not regional")
        self.topics.choices = term_choices("topic")
        self.elements.choices = term_choices("framework_element")
        self.themes.choices = term_choices("people_promise_theme")

    def fill(self, space):
        """Show the space as it is (GET on the edit page)."""
        self.name.data, self.purpose.data = space.name, space.purpose
        self.description.data, self.join_policy.data = space.description_md, space.join_policy
        self.region.data = space.region_id
        for field, vocabulary in ((self.topics, "topic"), (self.elements, "framework_element")):
            field.data = [t.id for t in space.terms if t.vocabulary == vocabulary]
        self.themes.data = [t.id for t in space.terms if t.vocabulary == "people_promise_theme"]

    def fields(self):
        """The parsed values, by name, for the services."""
        return {
            "name": self.name.data,
            "purpose": self.purpose.data,
            "description": self.description.data,
            "join_policy": self.join_policy.data,
            "region_id": self.region.data,
            "term_ids": [*self.topics.data, *self.elements.data, *self.themes.data],
        }


class ThreadForm(FlaskForm):
    kind = RadioField(
        "What are you starting?",
        choices=[
            ("question", "A question: you want answers, and can accept the one that helped most"),
            ("discussion", "A discussion: you want to share something or hear views"),
        ],
        default="question",
        validators=[DataRequired(message="Select a question or a discussion")],
    )
    title = line_field("Title", "Enter a title", 200, "Title must be 200 characters or fewer")
    body = area_field(
        "Your post",
        "Enter your post",
        THREAD_MAX,
        f"Your post must be {THREAD_MAX:,} characters or fewer",
        description=MARKDOWN_HINT,
    )
    topics = MultiCheckboxField("Topics (optional)", coerce=int)
    links = area_field(
        "Case studies, resources or events to link (optional)",
        max_length=2000,
        too_long="Links must be 2,000 characters or fewer",
        description="Paste the address of each one from OHWB Exchange, one a line (up to 5)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics.choices = term_choices("topic")

    def fields(self):
        return {
            "kind": self.kind.data if self.kind.data in THREAD_KINDS else "discussion",
            "title": self.title.data,
            "body": self.body.data,
            "term_ids": self.topics.data,
            "links": self.links.data,
        }


class ReplyForm(FlaskForm):
    body = area_field(
        "Your reply",
        "Enter your reply",
        REPLY_MAX,
        f"Your reply must be {REPLY_MAX:,} characters or fewer",
        description=MARKDOWN_HINT,
    )
    quote = HiddenField(filters=[single_line])

    def quoted_id(self):
        """The id of the quoted reply, or None (anything else is ignored)."""
        return parse_id(self.quote.data or "")


class EditReplyForm(FlaskForm):
    body = area_field(
        "Your reply",
        "Enter your reply",
        REPLY_MAX,
        f"Your reply must be {REPLY_MAX:,} characters or fewer",
        description=MARKDOWN_HINT,
    )


class HideForm(FlaskForm):
    reason = area_field(
        "Why it is hidden",
        "Enter why it is hidden",
        500,
        "Reason must be 500 characters or fewer",
        description="The author sees this reason",
    )


class ReportForm(FlaskForm):
    reason = RadioField(
        "Why are you reporting this?",
        choices=list(REPORT_REASONS.items()),
        validators=[DataRequired(message="Select why you are reporting this")],
    )
    details = area_field(
        "More detail (optional)", max_length=1000, too_long="More detail must be 1,000 characters or fewer"
    )


class InviteForm(FlaskForm):
    who = line_field(
        "Member's name or email address",
        "Enter the member's name or email address",
        254,
        "Name or email address must be 254 characters or fewer",
        description="Their name as it shows on OHWB Exchange, or the email address of their account",
    )


class MoveForm(FlaskForm):
    space = SelectField("Move to", coerce=optional_id, validators=[Optional()])


class MergeForm(FlaskForm):
    target = SelectField(
        "Merge into", coerce=optional_id, validators=[DataRequired(message="Select the thread to merge into")]
    )
