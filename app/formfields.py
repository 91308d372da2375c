"""Shared WTForms filters and fields used by every feature's forms."""

from wtforms import SelectMultipleField, widgets


def strip(value):
    """Trim surrounding whitespace from text input (None stays None)."""
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """A multi-choice field rendered as NHS.UK checkboxes by macros/form.html."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
