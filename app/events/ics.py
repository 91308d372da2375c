"""iCalendar (RFC 5545) documents for one event, a member's registrations and the public feed.

Times are written in UTC (the `Z` form), which every calendar client converts to local time,
so no VTIMEZONE is needed. The UID never changes; SEQUENCE rises with every published change;
a cancelled event is sent with STATUS:CANCELLED so clients strike it out. Text from members
passes through app.text first: a content line may hold no control character, and a title
with a line break would otherwise stop the whole file being written.
"""

from datetime import UTC

import icalendar

from app.content import plain_text
from app.mail import site_url
from app.models_base import utcnow
from app.text import one_line, plain_lines

PRODID = "-//OHWB Exchange//Events//EN"


def event_url(event):
    """The event page as an absolute address (emails and calendars need the host)."""
    return site_url(f"/events/{event.slug}")


def _utc(value):
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _location(event):
    parts = [event.where] if event.where else []
    if event.format in ("online", "hybrid"):
        parts.append("Online")
    return one_line(", ".join(parts))


def vevent(event, joining=False):
    """One VEVENT; the joining link only goes into calendars of confirmed registrants."""
    item = icalendar.Event()
    item.add("uid", event.uid)
    item.add("dtstamp", utcnow().replace(microsecond=0))
    item.add("dtstart", _utc(event.starts_at).replace(microsecond=0))
    item.add("dtend", _utc(event.ends_at).replace(microsecond=0))
    item.add("sequence", event.sequence or 0)
    item.add("summary", one_line(event.title))
    item.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    if event.updated_at:
        item.add("last-modified", _utc(event.updated_at).replace(microsecond=0))
    url = event_url(event)
    item.add("url", url)
    description = [event.summary or plain_text(event.description_html)[:500]]
    if event.status == "cancelled" and event.cancel_reason:
        description.insert(0, f"Cancelled: {event.cancel_reason}")
    if joining and event.joining_url and event.status != "cancelled":
        description.append(f"Join online: {event.joining_url}")
    description.append(f"Details: {url}")
    item.add("description", plain_lines("\n\n".join(part for part in description if part)))
    location = _location(event)
    if location:
        item.add("location", location)
    return item


def calendar(events, name, joining_ids=()):
    """A VCALENDAR of `events` as bytes; events whose id is in `joining_ids` include the link."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(name))
    joining_ids = set(joining_ids)
    for event in events:
        cal.add_component(vevent(event, joining=event.id in joining_ids))
    return cal.to_ical()


def event_calendar(event, joining=False):
    """The .ics for one event."""
    return calendar([event], event.title, joining_ids={event.id} if joining else ())
