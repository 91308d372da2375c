"""Directory forms: parse and validate only. Choices come from the vocabulary tables."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from app.directory.models import VISIBILITY_CHOICES, VISIBLE_FIELDS
from app.directory.services.reports import REPORT_REASONS
from app.formfields import MultiCheckboxField, WholeNumberField, area_field, line_field
from app.taxonomy.services import regions, systems, term_choices

MAX_MENTEES = 10


def options(pairs):
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def _optional_id(value):
    """0 for "not given"; a non-number becomes -1, which the choices check refuses."""
    try:
        return int(value) if value not in (None, "") else 0
    except (TypeError, ValueError):
        return -1


class ProfileForm(FlaskForm):
    display_name = line_field(
        "Display name",
        "Enter the name to show in the directory",
        120,
        description="The name other members see. It can differ from your account name.",
    )
    job_title = line_field("Job title", max_length=120)
    organisation = line_field("Organisation", max_length=200)
    sector_id = SelectField("Sector", coerce=_optional_id, validate_choice=True)
    region_id = SelectField("NHS England region", coerce=_optional_id, validate_choice=True)
    ics_id = SelectField(
        "Integrated Care System", coerce=_optional_id, validate_choice=True, description="Choosing one sets the region."
    )
    professions = MultiCheckboxField("Professions", coerce=int)
    specialisms = MultiCheckboxField("Specialisms", coerce=int)
    roles = MultiCheckboxField("Roles you hold", coerce=int)
    bio = area_field(
        "About me", max_length=5000, description="What you do and what you can help with. You can use Markdown."
    )
    photo = FileField("Photo", description="A JPG, PNG or WebP image up to 5 MB. We remove location and camera data.")
    remove_photo = BooleanField("Remove my photo")
    is_solo = BooleanField("I work as a solo practitioner in my organisation")
    open_peer_support = BooleanField("I am open to peer support")
    open_visits = BooleanField("I am open to visits and shadowing")
    open_collaboration = BooleanField("I am open to collaboration")
    seeks_mentoring = BooleanField("I am looking for a mentor")
    offers_mentoring = BooleanField("I offer mentoring")
    mentoring_topics = MultiCheckboxField("Topics I mentor in", coerce=int)
    max_mentees = WholeNumberField(
        "Most mentees at one time",
        validators=[Optional(), NumberRange(min=1, max=MAX_MENTEES, message=f"Enter a number from 1 to {MAX_MENTEES}")],
    )
    listed = BooleanField("List my profile in the directory", description="Off by default. Unlisting hides it at once.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        none = [(0, "Not given")]
        self.sector_id.choices = options(none + term_choices("sector"))
        self.region_id.choices = options(none + [(r.id, r.name) for r in regions()])
        self.ics_id.choices = options(none + [(s.id, f"{s.name} ({s.region.name})") for s in systems()])
        self.professions.choices = options(term_choices("profession"))
        # Specialisms are the topics content and events are tagged with: one list for all of them.
        topics = options(term_choices("topic"))
        self.specialisms.choices = topics
        self.mentoring_topics.choices = topics
        self.roles.choices = options(term_choices("held_role"))

    def validate_max_mentees(self, field):
        if self.offers_mentoring.data and not field.data:
            raise ValidationError("Enter how many mentees you can take at one time")

    def data_for_service(self):
        """The validated values, by name, for services.profiles.save_profile."""
        names = (
            "display_name job_title organisation sector_id region_id ics_id professions specialisms roles "
            "is_solo open_peer_support open_visits open_collaboration seeks_mentoring offers_mentoring "
            "mentoring_topics max_mentees listed"
        ).split()
        data = {name: getattr(self, name).data for name in names}
        data["bio"] = self.bio.data
        data["visibility"] = {name: self[f"vis_{name}"].data for name in VISIBLE_FIELDS}
        return data


# One "who can see this" radio per optional field, added to the class once.
for _name, _label in VISIBLE_FIELDS.items():
    setattr(
        ProfileForm,
        f"vis_{_name}",
        RadioField(f"Who can see your {_label.lower()}", choices=options(VISIBILITY_CHOICES), default="members"),
    )


class ReportForm(FlaskForm):
    reason = RadioField(
        "Why are you reporting this profile?",
        choices=options(REPORT_REASONS),
        validators=[InputRequired(message="Select why you are reporting this profile")],
    )
    details = area_field("More detail (optional)", max_length=2000)


class MentoringRequestForm(FlaskForm):
    message = area_field("What would you like help with?", "Say what you would like help with", 2000)


class ResolveReportForm(FlaskForm):
    action = RadioField(
        "Decision",
        choices=options((("dismiss", "Dismiss the report"), ("unlist", "Unlist the profile and tell its owner"))),
        validators=[InputRequired(message="Select a decision")],
    )
