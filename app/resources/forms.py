"""Resource forms: details (with an optional first file) and a new version upload."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, URLField
from wtforms.validators import DataRequired, ValidationError

from app.formfields import MultiCheckboxField, line_field
from app.publishing.forms import (
    AdaptationMixin,
    TaggingMixin,
    change_summary_field,
    markdown_field,
    summary_field,
    title_field,
)
from app.resources.models import LICENCES, RESOURCE_TYPES, UPLOAD_TYPES
from app.taxonomy.services import term_choices

ACCEPTED = ", ".join(sorted({e.upper() for e in UPLOAD_TYPES} - {"JPEG"}))


def web_address(form, field):
    """Only http and https links (no javascript:, data: or file: addresses)."""
    value = field.data or ""
    if value and not (value.lower().startswith("https://") or value.lower().startswith("http://")):
        raise ValidationError("Enter a web address starting with https://")
    if value and (" " in value or "." not in value.split("//", 1)[-1].split("/", 1)[0]):
        raise ValidationError("Enter a web address in the correct format, like https://www.example.nhs.uk/toolkit")


def file_note_field(required):
    """The note stored with an uploaded file: required for a new version, optional with the first file."""
    return line_field(
        "What changed in this version" if required else "Note about this file (optional)",
        "Enter what changed in this version" if required else None,
        500,
        "Change note must be 500 characters or fewer",
    )


class ResourceForm(AdaptationMixin, TaggingMixin, FlaskForm):
    title = title_field()
    summary = summary_field()
    resource_type = SelectField(
        "Type of resource",
        choices=[("", "Select a type"), *RESOURCE_TYPES.items()],
        validators=[DataRequired(message="Select the type of resource")],
    )
    description = markdown_field("Description", "Enter a description")
    file = FileField("File", description=f"{ACCEPTED}. Up to the size limit shown on the page")
    file_note = file_note_field(required=False)
    external_url = line_field(
        "Link to the resource",
        max_length=500,
        too_long="Link must be 500 characters or fewer",
        description="For example a web page, app store page or video. Give a file, a link or both",
        extra=[web_address],
        field=URLField,
    )
    licence = SelectField(
        "Licence", choices=list(LICENCES.items()), validators=[DataRequired(message="Select a licence")]
    )
    reuse_terms = line_field(
        "Reuse terms",
        max_length=500,
        description="For example: free to adapt, please credit Leeds Teaching Hospitals OH service",
    )
    audience = line_field(
        "Audience",
        max_length=200,
        description="Who it is for, for example: line managers, wellbeing champions, all staff",
    )
    sectors = MultiCheckboxField("Sectors", coerce=int)
    change_summary = change_summary_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.load_vocabularies()
        self.sectors.choices = term_choices("sector")

    def values(self):
        """The validated input, field by field (the file is handled separately)."""
        return {
            "title": self.title.data,
            "summary": self.summary.data,
            "resource_type": self.resource_type.data,
            "description": self.description.data,
            "external_url": self.external_url.data or None,
            "licence": self.licence.data,
            "reuse_terms": self.reuse_terms.data or None,
            "audience": self.audience.data or None,
            "region_id": self.region.data,
            "visibility": self.visibility.data,
            "term_ids": [*self.tag_ids(), *self.sectors.data],
            "adapted_from": self.adapted_from.data or "",
            "change_summary": self.change_summary.data or "",
        }

    def fill_from(self, item):
        """Show an existing resource in the form (GET on the edit page)."""
        self.title.data, self.summary.data = item.title, item.summary
        self.resource_type.data, self.description.data = item.resource_type, item.description_md
        self.external_url.data, self.licence.data = item.external_url, item.licence
        self.reuse_terms.data, self.audience.data = item.reuse_terms, item.audience
        self.fill_tags(item)
        self.fill_adapted_from(item)
        self.sectors.data = [t.id for t in item.terms_of("sector")]


class VersionForm(FlaskForm):
    file = FileField("New file", description=f"{ACCEPTED}. Up to the size limit shown on the page")
    file_note = file_note_field(required=True)

    def validate_file(self, field):
        if not getattr(field.data, "filename", None):
            raise ValidationError("Select a file")
