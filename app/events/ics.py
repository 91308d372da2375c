"""iCalendar (RFC 5545) documents for one event, a member's registrations and the public feed.

Times are written in UTC (the `Z` form), which every calendar client converts to local time,
so no VTIMEZONE is needed. The UID never changes; SEQUENCE rises with every published change;
a cancelled event is sent with STATUS:CANCELLED so clients strike it out, and the cancellation
email carries an iTIP cancellation (METHOD:CANCEL, RFC 5546) that removes the entry from the
registrant's calendar. `add_links` gives "add to Google Calendar / Outlook" addresses built from
the same facts, for people who would rather not download a file. Text from members
passes through app.text first: a content line may hold no control character, and a title
with a line break would otherwise stop the whole file being written.
"""

from datetime import UTC
from email.utils import parseaddr
from urllib.parse import urlencode

import icalendar
from flask import current_app

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


def _calendar(name, method="PUBLISH"):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", one_line(name))
    return cal


def calendar(events, name, joining_ids=()):
    """A VCALENDAR of `events` as bytes; events whose id is in `joining_ids` include the link."""
    cal = _calendar(name)
    joining_ids = set(joining_ids)
    for event in events:
        cal.add_component(vevent(event, joining=event.id in joining_ids))
    return cal.to_ical()


def event_calendar(event, joining=False):
    """The .ics for one event."""
    return calendar([event], event.title, joining_ids={event.id} if joining else ())


def cancellation(event, attendee_email):
    """The iTIP cancellation sent to one registrant: METHOD:CANCEL, the event's own UID and its
    raised SEQUENCE, so calendar clients remove the entry the confirmation put there."""
    cal = _calendar(event.title, method="CANCEL")
    item = vevent(event)
    sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    organiser = icalendar.vCalAddress(f"mailto:{sender[1]}")
    organiser.params["cn"] = icalendar.vText(one_line(sender[0] or "OHWB Exchange"))
    item.add("organizer", organiser)
    item.add("attendee", icalendar.vCalAddress(f"mailto:{one_line(attendee_email)}"))
    cal.add_component(item)
    return cal.to_ical()


CANCEL_TYPE = "text/calendar; method=CANCEL"


def _stamp(value):
    return _utc(value).strftime("%Y%m%dT%H%M%SZ")


def add_links(event):
    """[(label, address)] that open the event, already filled in, in Google Calendar and in
    Outlook (NHSmail and Microsoft 365 work accounts, and Outlook.com). The joining link is left
    out: these addresses are on the event page, which people without a place can see too."""
    title = one_line(event.title)
    details = f"{one_line(event.summary or '')}\n\nDetails: {event_url(event)}".strip()
    location = _location(event)
    google = {"action": "TEMPLATE", "text": title, "dates": f"{_stamp(event.starts_at)}/{_stamp(event.ends_at)}"}
    google |= {"details": details, "location": location}
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": _utc(event.starts_at).replace(microsecond=0).isoformat(),
        "enddt": _utc(event.ends_at).replace(microsecond=0).isoformat(),
        "body": details,
        "location": location,
    }
    return [
        ("Google Calendar", "https://calendar.google.com/calendar/render?" + urlencode(google)),
        (
            "Outlook (NHSmail, Microsoft 365)",
            "https://outlook.office.com/calendar/deeplink/compose?" + urlencode(outlook),
        ),
        ("Outlook.com", "https://outlook.live.com/calendar/deeplink/compose?" + urlencode(outlook)),
    ]
