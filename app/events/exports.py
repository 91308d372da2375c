"""The attendee CSV, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip
before one of those) would be run as a formula: such cells get a leading apostrophe, which
spreadsheets show as text. See OWASP "CSV Injection".

The body is streamed: a server reads it after the view's request (and its database session)
has ended, so the generator runs its own query when the first chunk is asked for and holds
nothing from the view but the event's id.
"""

import csv
import io

from app.auth.names import public_name
from app.events.services import queries
from app.templating import format_datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = [
    "Name",
    "Email",
    "Organisation",
    "Job role",
    "Status",
    "Waiting list position",
    "Registered",
    "Attended",
    "Access needs",
    "On attendee list",
]


def neutralise(value):
    """The cell as text that no spreadsheet will evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _row(registration, waiting_numbers):
    user = registration.user
    attended = {True: "Yes", False: "No", None: ""}[registration.attended]
    return [
        public_name(user) if user else "(deleted account)",
        user.email if user else "",
        user.organisation if user else "",
        user.job_role if user else "",
        registration.status,
        waiting_numbers.get(registration.id, ""),
        format_datetime(registration.registered_at),
        attended,
        registration.access_needs or "",
        "Yes" if registration.show_on_attendee_list else "No",
    ]


def attendee_csv(event_id):
    """Yield the event's attendee CSV in chunks (header first), neutralising every cell."""
    registrations = queries.all_attendees(event_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    waiting_numbers, waiting = {}, 0
    for registration in registrations:
        if registration.status == "waiting":
            waiting += 1
            waiting_numbers[registration.id] = waiting
        writer.writerow([neutralise(cell) for cell in _row(registration, waiting_numbers)])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
