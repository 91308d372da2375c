"""Shared WTForms filters and field factories used by every feature's forms."""

import itertools
import re

from wtforms import FloatField, IntegerField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, InputRequired, Length, Optional

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
            raise ValueError(f"Enter {noun(self)} as a whole number, like 12")
        self.data = int(text)


NUMBER_SHAPE = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15})(?:\.[0-9]{1,6})?|[+-]?\.[0-9]{1,6}")


class NumberField(FloatField):
    """A decimal number typed in plain ASCII digits ("4.2", "-3", "1,250.5"), with the field's own
    sentence when it is not one ("Enter the baseline as a number, like 4.2").

    WTForms' FloatField takes "nan", "1e308" and "٣", and says "Not a valid float value." otherwise.
    """

    def __init__(self, label=None, validators=None, invalid=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        """Parse the submitted text, or record the field's sentence."""
        if not valuelist:
            return
        text = valuelist[0].strip() if isinstance(valuelist[0], str) else valuelist[0]
        if text in (None, ""):
            self.data = None
            return
        if not isinstance(text, str) or not NUMBER_SHAPE.fullmatch(text):
            self.data = None
            raise ValueError(self.invalid or f"Enter {noun(self)} as a number, like 4.2")
        self.data = float(text.replace(",", ""))


# ---------------------------------------------------------------------------------------------
# Error messages: every one a sentence about its own field, once, in the order of the page.
#
# Forms give their own messages where they can. Whatever WTForms or Flask-WTF would still say in
# their default English ("Not a valid float value.", "Field cannot be longer than 200
# characters.", "Not a valid choice."…) is turned here into a sentence naming the field, and a
# FieldList or FormField (whose errors are lists of dicts) is shown through its own fields.
# The form macros (templates/macros/form.html) use nothing else.
# ---------------------------------------------------------------------------------------------

CHOICE_KINDS = {"SelectField", "QuerySelectField", "RadioField", "SelectMultipleField", "MultiCheckboxField"}
DATE_WORDS = {"date": "a real date", "datetime": "a real date and time", "time": "a real time", "week": "a real week"}
_render_order = itertools.count()


def label_text(field):
    """The field's label without any "(optional)" or other bracketed note, as written."""
    text = re.sub(r"\s*\([^)]*\)", "", str(getattr(field.label, "text", "") or field.name)).strip()
    return text or field.name.replace("_", " ").capitalize()


def noun(field):
    """The label as it reads inside a sentence: "Enter the baseline…", "Select your sector…"."""
    text = label_text(field)
    words = text.split(" ")
    proper = any(word[:1].isupper() and word != "I" for word in words[1:])  # "Integrated Care System" stays as written
    if len(words[0]) > 1 and words[0][1:].islower() and not proper:  # and so do "NHS…", "ICS", "URL"
        text = text[0].lower() + text[1:]
    if text.split(" ", 1)[0].lower() in {"your", "the", "a", "an", "who", "what", "how", "when", "where", "which"}:
        return text
    return f"the {text}"


def _capital(text):
    return text[0].upper() + text[1:] if text else text


def _number(text):
    try:
        return f"{int(float(text)):,}" if float(text).is_integer() else text
    except ValueError:
        return text


def _required(field):
    kind = field.type
    if kind in ("FileField", "MultipleFileField"):
        return "Select a file to upload"
    if kind in CHOICE_KINDS:
        return f"Select {noun(field)}"
    if kind == "BooleanField":
        return f"Tick to confirm: {label_text(field).lower()}"
    return f"Enter {noun(field)}"


def _own_required_message(field):
    """The message a field's own DataRequired/InputRequired gives, if it was given one."""
    for validator in getattr(field, "validators", ()):
        if isinstance(validator, (DataRequired, InputRequired)) and validator.message:
            return str(validator.message)
    return None


def _choice(field):
    """A value that is not one of the choices (only a tampered or stale form sends one)."""
    own = _own_required_message(field)
    if own:
        return own
    if label_text(field).endswith("?"):
        return f"Choose an answer from the options shown for: {label_text(field)}"
    return f"Choose {noun(field)} from the options shown"


def _not_a_value(field, kind):
    if kind in ("float", "decimal"):
        return f"Enter {noun(field)} as a number, like 4.2"
    if kind == "integer":
        return f"Enter {noun(field)} as a whole number, like 12"
    return f"{_capital(noun(field))} must be {DATE_WORDS.get(kind, 'a real date')}"


# (pattern of a WTForms / Flask-WTF default message, the sentence for a field) in the order tried
DEFAULT_MESSAGES = [
    (re.compile(r"This field is required\.?|File is required\.?"), lambda f, m: _required(f)),
    (
        re.compile(r"Not a valid (float|decimal|integer|date|datetime|time|week) value\.?"),
        lambda f, m: _not_a_value(f, m[1]),
    ),
    (
        re.compile(r"Field cannot be longer than (\d+) characters?\.?"),
        lambda f, m: f"{_capital(label_text(f))} must be {_number(m[1])} characters or fewer",
    ),
    (
        re.compile(r"Field must be at least (\d+) characters? long\.?"),
        lambda f, m: f"{_capital(label_text(f))} must be {_number(m[1])} characters or more",
    ),
    (
        re.compile(r"Field must be (?:between|exactly) (\d+)(?: and (\d+))? characters? long\.?"),
        lambda f, m: (
            f"{_capital(label_text(f))} must be {_number(m[1])}"
            + (f" to {_number(m[2])}" if m[2] else "")
            + " characters long"
        ),
    ),
    (
        re.compile(r"Number must be between (\S+) and (\S+)\.?"),
        lambda f, m: f"{_capital(label_text(f))} must be a number from {_number(m[1])} to {_number(m[2])}",
    ),
    (
        re.compile(r"Number must be at least (\S+?)\.?"),
        lambda f, m: f"{_capital(label_text(f))} must be {_number(m[1])} or more",
    ),
    (
        re.compile(r"Number must be at most (\S+?)\.?"),
        lambda f, m: f"{_capital(label_text(f))} must be {_number(m[1])} or less",
    ),
    (
        re.compile(r"Date must be .*"),
        lambda f, m: f"{_capital(noun(f))} must be {DATE_WORDS['date']} in the range allowed",
    ),
    (
        re.compile(r"Invalid email address\.?"),
        lambda f, m: "Enter an email address in the correct format, like name@nhs.net",
    ),
    (re.compile(r"Invalid URL\.?"), lambda f, m: "Enter a web address in the correct format, like https://www.nhs.uk"),
    (re.compile(r"Field must be equal to .*"), lambda f, m: f"{_capital(label_text(f))} does not match"),
    (
        re.compile(
            r"Not a valid choice\.?|Invalid Choice: could not coerce\.?|'.*' is not a valid choices? for this field\.?"
            r"|Invalid choice\(s\): .*|Choices cannot be None\.?|Invalid value, (?:must|can't) be .*"
        ),
        lambda f, m: _choice(f),
    ),
    (
        re.compile(r"File does not have an approved extension.*|File must be .* bytes\.?"),
        lambda f, m: f"The selected file must be a type and size allowed for {noun(f).removeprefix('the ')}",
    ),
    (
        re.compile(
            r"The CSRF (?:token|session token) (?:is missing|is invalid|has expired)\.?|The CSRF tokens do not match\.?"
        ),
        lambda f, m: "This form timed out. Try again: nothing you entered has been saved",
    ),
    (
        re.compile(r"This field (?:cannot be edited|is disabled and cannot have a value)\.?|Invalid input\.?"),
        lambda f, m: f"Check {noun(f)}",
    ),
]


def sentence(field, message):
    """`message` as a sentence about `field`: WTForms' default English becomes the field's own words."""
    text = str(message).strip()
    for pattern, build in DEFAULT_MESSAGES:
        match = pattern.fullmatch(text)
        if match:
            return build(field, match)
    return text


def leaf_fields(field):
    """The fields a user fills in: a FieldList or FormField stands for the fields inside it."""
    if field.type == "FieldList":
        for entry in field:
            yield from leaf_fields(entry)
    elif field.type == "FormField":
        for inner in field:
            yield from leaf_fields(inner)
    else:
        yield field


def _own_messages(field):
    """A field's own messages: strings only (a FieldList also holds its entries' error dicts)."""
    errors = field.errors
    if isinstance(errors, dict):
        errors = errors.get(None, [])  # a FormField's own errors are under the key None
    return [message for message in errors or () if isinstance(message, str)]


def field_error(field):
    """The one sentence to show beside `field`, or None."""
    messages = _own_messages(field)
    return sentence(field, messages[0]) if messages else None


def mark_rendered(field):
    """Note that the page shows `field` here, so the error summary can follow the page's order."""
    field.render_position = next(_render_order)
    return ""


def error_items(form):
    """The error summary: [{"text", "href"}], the form's own errors first, then one sentence per
    field in the order the page shows the fields (else the form's order), each sentence once."""
    found = []
    for position, top in enumerate(form):
        for field in (top, *(leaf for leaf in leaf_fields(top) if leaf is not top)):
            text = field_error(field)
            if text:
                order = getattr(field, "render_position", None)
                found.append((order is None, order or 0, position, text, f"#{field.id}"))
    found.sort(key=lambda row: row[:3])
    items, seen = [], set()
    for text, href in [(str(m), "#maincontent") for m in getattr(form, "form_errors", ())] + [
        (row[3], row[4]) for row in found
    ]:
        if text not in seen:
            seen.add(text)
            items.append({"text": text, "href": href})
    return items
