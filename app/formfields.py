"""Shared WTForms filters and fields used by every feature's forms."""

from wtforms import SelectMultipleField, widgets

from app.text import one_line, plain_lines


def strip(value):
    """The filter for text areas: line breaks as "\\n", no control characters, trimmed (None stays None)."""
    return plain_lines(value).strip() if isinstance(value, str) else value


def single_line(value):
    """The filter for every one-line form field (titles, names, subjects…); None stays None."""
    return one_line(value) if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """A multi-choice field rendered as NHS.UK checkboxes by macros/form.html."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
