"""Shared WTForms filters and field factories used by every feature's forms."""

import re

from wtforms import IntegerField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length, Optional

from app.text import one_line, plain_lines


def strip(value):
    """The filter for text areas: line breaks as "\\n", no control characters, trimmed (None stays None)."""
    return plain_lines(value).strip() if isinstance(value, str) else value


def single_line(value):
    """The filter for every one-line form field (titles, names, subjects…); None stays None."""
    return one_line(value) if isinstance(value, str) else value


def text_validators(required=None, max_length=None, too_long=None, extra=()):
    """Required (with the message to show) or optional, then a length bound, then any extra checks."""
    validators = [DataRequired(message=required)] if required else [Optional()]
    if max_length:
        validators.append(Length(max=max_length, message=too_long))
    return [*validators, *extra]


def line_field(label, required=None, max_length=None, too_long=None, *, description="", extra=(), field=StringField):
    """A one-line text field: folded to one line, required or optional, bounded in length."""
    return field(
        label,
        description=description,
        filters=[single_line],
        validators=text_validators(required, max_length, too_long, extra),
    )


def area_field(label, required=None, max_length=None, too_long=None, *, description=""):
    """A multi-line text area: tidied line breaks, required or optional, bounded in length."""
    return TextAreaField(
        label, description=description, filters=[strip], validators=text_validators(required, max_length, too_long)
    )


class MultiCheckboxField(SelectMultipleField):
    """A multi-choice field rendered as NHS.UK checkboxes by macros/form.html."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class WholeNumberField(IntegerField):
    """An IntegerField that takes only plain ASCII digits, at most eighteen of them.

    WTForms' own field accepts '٣' and 400-digit numbers, which NumberRange then cannot compare
    (OverflowError, a 500); here anything else is the field's "Enter a whole number" error.
    """

    def process_formdata(self, valuelist):
        """Parse the submitted text, or record a clear error."""
        if not valuelist:
            return
        text = valuelist[0].strip() if isinstance(valuelist[0], str) else valuelist[0]
        if text in (None, ""):
            self.data = None
            return
        if not isinstance(text, str) or not re.fullmatch(r"[0-9]{1,18}", text):
            self.data = None
            raise ValueError(self.gettext("Enter a whole number, like 12"))
        self.data = int(text)
