"""Forms for events. They parse and validate; London wall-clock times become UTC here."""

import re
from datetime import UTC, date, datetime

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from app.events.models import AUDIENCES, EVENT_FORMATS, EVENT_TYPES
from app.formfields import MultiCheckboxField, WholeNumberField, area_field, line_field, single_line, strip
from app.taxonomy.services import regions, term_choices, terms
from app.templating import LONDON

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _choices(pairs):
    """(value, label) pairs as WTForms choice objects."""
    return [SelectChoice(value, label) for value, label in pairs]


def london_to_utc(value):
    """A London wall-clock time as UTC; None for a time skipped when the clocks go forward."""
    if value is None:
        return None
    local = value.replace(tzinfo=LONDON)
    utc = local.astimezone(UTC)
    if utc.astimezone(LONDON).replace(tzinfo=None) != value:
        return None
    return utc


def utc_to_london_naive(value):
    """For showing a stored UTC time in a datetime-local input."""
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(LONDON).replace(tzinfo=None)


def http_link(form, field):
    """Only web links: a `javascript:` or `data:` address must never reach an href."""
    if field.data and not field.data.lower().startswith(("https://", "http://")):
        raise ValidationError("Enter a link starting with https://")


def link_field(label, description=""):
    """An optional web link (http or https only), up to 500 characters."""
    return StringField(
        label,
        description=description,
        filters=[single_line],
        validators=[Optional(), http_link, URL(message="Enter a link starting with https://"), Length(max=500)],
    )


POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2})$")


def normal_postcode(value):
    """A UK postcode in capitals with one space before the last three characters ("ls14ap" -> "LS1 4AP")."""
    if not value:
        return value
    compact = re.sub(r"\s+", "", value).upper()
    return f"{compact[:-3]} {compact[-3:]}" if POSTCODE.match(compact) else value.strip()


def uk_postcode(form, field):
    if field.data and not POSTCODE.match(field.data.replace(" ", "")):
        raise ValidationError("Enter a real postcode, like LS1 4AP")


def _local_time(label, required=True):
    validators = [InputRequired(message=f"Enter the {label.lower()}")] if required else [Optional()]
    return DateTimeLocalField(
        label,
        format=DATETIME_FORMAT,
        validators=validators,
        description="UK time, for example 14/03/2027 10:00",
    )


class EventForm(FlaskForm):
    """Create or edit an event."""

    title = line_field("Title", "Enter a title", 200)
    event_type = SelectField("Type of event", choices=_choices(EVENT_TYPES.items()))
    summary = line_field(
        "Summary", "Enter a one-line summary", 300, description="One sentence shown in lists and calendars"
    )
    description = TextAreaField(
        "Description",
        filters=[strip],
        validators=[Length(max=20000)],
        description="You can use Markdown: **bold**, lists, links",
    )
    starts_at = _local_time("Start")
    ends_at = _local_time("End")
    format = RadioField("Format", choices=_choices(EVENT_FORMATS.items()), default="in_person")
    venue = StringField("Venue", filters=[single_line], validators=[Length(max=200)])
    address = StringField("Address", filters=[single_line], validators=[Length(max=500)])
    postcode = StringField(
        "Postcode",
        description="For the map link, for example LS1 4AP",
        filters=[single_line, normal_postcode],
        validators=[Optional(), Length(max=10, message="Enter a real postcode, like LS1 4AP"), uk_postcode],
    )
    joining_url = link_field("Online joining link", description="Shown only to people with a confirmed place")
    accessibility_info = TextAreaField("Accessibility information", filters=[strip], validators=[Length(max=3000)])
    capacity = WholeNumberField(
        "Number of places",
        validators=[Optional(), NumberRange(min=1, max=100000, message="Enter a number from 1 to 100,000")],
        description="Leave empty for unlimited places",
    )
    registration_opens_at = _local_time("Registration opens", required=False)
    registration_closes_at = _local_time("Registration closes", required=False)
    audience = RadioField("Who can see it", choices=_choices(AUDIENCES.items()), default="public")
    region = SelectField("Region", choices=[], validate_choice=True)
    space = SelectField(
        "Space",
        choices=[],
        validate_choice=True,
        description="An event in a private space can be seen and booked only by the space's members",
    )
    topics = MultiCheckboxField("Topics", coerce=int, choices=[])
    elements = MultiCheckboxField("Health and Wellbeing Framework elements", coerce=int, choices=[])
    publish = BooleanField("Publish now (otherwise it is saved as a draft)")

    def __init__(self, *args, spaces=(), **kwargs):
        """`spaces`: (id, name) of the spaces the organiser may put the event in (those they
        manage, and the event's own); without any, the form has no space question."""
        super().__init__(*args, **kwargs)
        if spaces:
            self.space.choices = _choices([("", "Not in a space")] + [(str(i), name) for i, name in spaces])
        else:
            del self.space
        self.region.choices = _choices([("", "Not specific to a region")] + [(str(r.id), r.name) for r in regions()])
        self.topics.choices = _choices(term_choices("topic"))
        self.elements.choices = _choices(term_choices("framework_element"))

    def _utc(self, field):
        if field.data is None:
            return None
        value = london_to_utc(field.data)
        if value is None:
            raise ValidationError("This time does not exist in the UK: the clocks go forward then")
        return value

    def validate_starts_at(self, field):
        self._utc(field)

    def validate_ends_at(self, field):
        self._utc(field)

    def validate_registration_opens_at(self, field):
        self._utc(field)

    def validate_registration_closes_at(self, field):
        self._utc(field)

    def load(self, event):
        """Fill the form from an event, in London time."""
        self.title.data, self.event_type.data, self.summary.data = event.title, event.event_type, event.summary
        self.description.data = event.description_md
        self.starts_at.data = utc_to_london_naive(event.starts_at)
        self.ends_at.data = utc_to_london_naive(event.ends_at)
        self.registration_opens_at.data = utc_to_london_naive(event.registration_opens_at)
        self.registration_closes_at.data = utc_to_london_naive(event.registration_closes_at)
        self.format.data, self.venue.data, self.address.data = event.format, event.venue, event.address
        self.postcode.data = event.postcode
        self.joining_url.data, self.accessibility_info.data = event.joining_url, event.accessibility_info
        self.capacity.data, self.audience.data = event.capacity, event.audience
        self.region.data = str(event.region_id) if event.region_id else ""
        if self.space is not None:
            self.space.data = str(event.space_id) if event.space_id else ""
        self.topics.data = [t.id for t in event.terms if t.vocabulary == "topic"]
        self.elements.data = [t.id for t in event.terms if t.vocabulary == "framework_element"]

    def values(self):
        """The validated fields the service may set, times in UTC."""
        return {
            "title": self.title.data,
            "event_type": self.event_type.data,
            "summary": self.summary.data,
            "format": self.format.data,
            "venue": self.venue.data or None,
            "address": self.address.data or None,
            "postcode": self.postcode.data or None,
            "joining_url": self.joining_url.data or None,
            "accessibility_info": self.accessibility_info.data or None,
            "audience": self.audience.data,
            "starts_at": self._utc(self.starts_at),
            "ends_at": self._utc(self.ends_at),
            "registration_opens_at": self._utc(self.registration_opens_at),
            "registration_closes_at": self._utc(self.registration_closes_at),
            "capacity": self.capacity.data,
            **({"space_id": int(self.space.data) if self.space.data else None} if self.space is not None else {}),
        }

    @property
    def region_id(self):
        return int(self.region.data) if self.region.data else None

    @property
    def term_ids(self):
        return list(self.topics.data or []) + list(self.elements.data or [])


class RegistrationForm(FlaskForm):
    """Book a place (or join the waiting list)."""

    access_needs = TextAreaField(
        "Access needs (optional)",
        filters=[strip],
        validators=[Length(max=2000, message="Access needs must be 2,000 characters or fewer")],
        description="Only the organisers see this. It is deleted 30 days after the event.",
    )
    show_on_list = BooleanField("Show my name and organisation on the attendee list other attendees see")


class ConfirmForm(FlaskForm):
    """A button that changes state (cancel a place, publish)."""


class CancelEventForm(FlaskForm):
    reason = area_field(
        "Reason for cancelling",
        "Enter the reason for cancelling",
        2000,
        description="Everyone registered receives this by email",
    )


RATINGS = [(5, "5 - Excellent"), (4, "4 - Good"), (3, "3 - Fair"), (2, "2 - Poor"), (1, "1 - Very poor")]
RELEVANCE = [(5, "5 - Very relevant"), (4, "4"), (3, "3"), (2, "2"), (1, "1 - Not relevant")]


class FeedbackForm(FlaskForm):
    overall = RadioField(
        "Overall, how would you rate the event?",
        coerce=int,
        choices=_choices(RATINGS),
        validators=[InputRequired("Choose a rating")],
    )
    relevance = RadioField(
        "How relevant was it to your work?",
        coerce=int,
        choices=_choices(RELEVANCE),
        validators=[InputRequired("Choose how relevant it was")],
    )
    would_recommend = RadioField(
        "Would you recommend it to a colleague?",
        choices=_choices([("yes", "Yes"), ("no", "No")]),
        validators=[InputRequired("Choose yes or no")],
    )
    what_worked = TextAreaField("What worked well?", filters=[strip], validators=[Length(max=3000)])
    to_improve = TextAreaField("What could be better?", filters=[strip], validators=[Length(max=3000)])


class EmailAttendeesForm(FlaskForm):
    subject = line_field("Subject", "Enter a subject", 150)
    message = area_field("Message", "Enter a message", 10000)


class PersonForm(FlaskForm):
    """Add an attendee or an organiser by email address."""

    email = line_field(
        "Email address",
        "Enter an email address",
        extra=[Email(message="Enter an email address in the correct format, like name@nhs.net")],
        field=EmailField,
    )


class MaterialForm(FlaskForm):
    title = line_field("Title", "Enter a title", 200)
    url = link_field("Link")
    upload = FileField("File", description="PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text or image")


class FilterForm(FlaskForm):
    """The list filters (GET, no CSRF). Unknown values fail validation and are ignored."""

    class Meta:
        csrf = False

    when = RadioField("When", choices=_choices([("upcoming", "Upcoming"), ("past", "Past")]), default="upcoming")
    type = SelectField("Type", choices=_choices([("", "Any type"), *EVENT_TYPES.items()]), default="")
    format = SelectField("Format", choices=_choices([("", "Any format"), *EVENT_FORMATS.items()]), default="")
    region = SelectField("Region", choices=[], default="")
    topic = SelectField("Topic", choices=[], default="")
    month = SelectField("Month", choices=[], default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = _choices([("", "Any region")] + [(r.slug, r.name) for r in regions()])
        self.topic.choices = _choices([("", "Any topic")] + [(t.slug, t.name) for t in terms("topic")])
        self.month.choices = _choices([("", "Any month"), *month_choices(self.month.data)])

    def filters(self):
        """Validate and return EventFilters. Unknown choices (old links, tampering) are dropped
        quietly, as no member can type them."""
        from app.events.services.queries import EventFilters

        self.validate()
        for field in (self.when, self.type, self.format, self.region, self.topic, self.month):
            if field.errors:
                field.errors = []
                field.data = field.default
        return EventFilters(
            when=self.when.data or "upcoming",
            event_type=self.type.data or None,
            format=self.format.data or None,
            region=self.region.data or None,
            topic=self.topic.data or None,
            month=parse_month(self.month.data) if self.month.data else None,
        )


MONTHS_BACK, MONTHS_AHEAD = 12, 12


def month_choices(chosen=None, today=None):
    """("2026-12", "December 2026") for the year before and the year after this London month, in
    order. A well-formed month outside that window (an old link, the month calendar's own links)
    is offered too, so the filter shows what the list holds."""
    today = today or datetime.now(LONDON).date()
    index = today.year * 12 + today.month - 1
    months = [date(n // 12, n % 12 + 1, 1) for n in range(index - MONTHS_BACK, index + MONTHS_AHEAD + 1)]
    extra = parse_month(chosen) if isinstance(chosen, str) else None
    if extra is not None and extra not in months:
        months = sorted([*months, extra])
    return [(f"{month:%Y-%m}", f"{month:%B %Y}") for month in months]


def parse_month(text):
    """'2026-12' -> date(2026, 12, 1), or None."""
    try:
        value = datetime.strptime(text or "", "%Y-%m")
    except ValueError:
        return None
    if not 2000 <= value.year <= 2100:
        return None
    return value.date()
