"""Jinja set-up: NHS.UK frontend templates on the loader path, shared filters and globals.

The page chrome (header, footer, navigation) lives in app/chrome.py, which builds on this.
"""

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import nhsuk_frontend_jinja
from jinja2 import BytecodeCache, ChainableUndefined, ChoiceLoader, FileSystemLoader

from app.formfields import error_items, field_error, mark_rendered

LONDON = ZoneInfo("Europe/London")


def to_london(value):
    """A datetime in Europe/London; naive values are taken as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LONDON)


def _time(value):
    text = value.strftime("%-I:%M%p").lower()
    return text.replace(":00", "") if text.endswith(":00am") or text.endswith(":00pm") else text


def format_datetime(value):
    """NHS.UK style: 'Tuesday 3 March 2026, 10am'."""
    local = to_london(value)
    if local is None:
        return ""
    return f"{local.strftime('%A')} {local.day} {local.strftime('%B %Y')}, {_time(local)}"


def format_date(value):
    """NHS.UK style: '3 March 2026' (dates and datetimes)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_london(value)
    return f"{value.day} {value.strftime('%B %Y')}"


def format_range(start, end):
    """'Tuesday 3 March 2026, 10am to 12:30pm' or across days with both dates."""
    s, e = to_london(start), to_london(end)
    if s.date() == e.date():
        return f"{format_datetime(s)} to {_time(e)}"
    return f"{format_datetime(s)} to {format_datetime(e)}"


class ProcessBytecodeCache(BytecodeCache):
    """Compiled templates shared by every app built in this process (keyed by source checksum).

    A production process builds one app, so this changes nothing there; the test suite builds
    an app per test and would otherwise recompile ~45 templates each time (about 0.7 s).
    """

    def __init__(self):
        self._store = {}

    def load_bytecode(self, bucket):
        code = self._store.get(bucket.key)
        if code is not None and bucket.checksum == code[0]:
            bucket.bytecode_from_string(code[1])

    def dump_bytecode(self, bucket):
        self._store[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())


_BYTECODE_CACHE = ProcessBytecodeCache()


def _autoescape(template_name):
    return not (template_name or "").endswith(".txt")


def init_templates(app):
    """Put the nhsuk-frontend-jinja templates on the loader path and register helpers."""
    nhsuk_root = Path(nhsuk_frontend_jinja.__file__).parent / "templates"
    # The NHS.UK macros (ported from Nunjucks) read optional nested params such as
    # params.search.input.placeholder, which needs chainable undefined values.
    app.jinja_options = {
        **app.jinja_options,
        "undefined": ChainableUndefined,
        "extensions": ["jinja2.ext.do"],
        # Escape everything but plain-text email bodies. Flask's default escapes only .html,
        # and the NHS.UK component templates end in .jinja: without this they would not escape.
        "autoescape": _autoescape,
        "bytecode_cache": _BYTECODE_CACHE,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(Path(app.root_path) / "templates")),
            FileSystemLoader([str(nhsuk_root), str(nhsuk_root / "nhsuk")]),
        ]
    )
    app.jinja_env.filters.update(
        london_datetime=format_datetime,
        london_date=format_date,
        london_range=format_range,
    )
    app.jinja_env.globals.update(
        error_items=error_items,
        field_error=field_error,
        mark_rendered=mark_rendered,
        service_name=app.config["SERVICE_NAME"],
        asset_path="/assets",
        # Features append template names here to add a section to the home page.
        home_sections=app.extensions.setdefault("home_sections", []),
        # ...and here a section of what is new for a signed-in member, which the home page leads with.
        member_home_sections=app.extensions.setdefault("member_home_sections", []),
    )
