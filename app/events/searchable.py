"""Events in the site search: drafts and cancelled events are left out; members-only events
are visible to members only; facets include upcoming/past."""

from sqlalchemy import select

from app.content import plain_text
from app.events.models import Event
from app.extensions import db
from app.models_base import utcnow
from app.search import SearchableType, SearchDocument, register


def event_document(event):
    """The search document for an event, or None when it must not be found."""
    if event.status != "published":
        return None
    upcoming = not event.has_ended(utcnow())
    # "type" is the registered label ("Event"); upcoming/past comes from `date` and `upcoming`.
    facets = {
        "event_type": [event.type_label],
        "format": [event.format_label],
        "when": ["Upcoming" if upcoming else "Past"],
        "topic": [t.name for t in event.terms if t.vocabulary == "topic"],
        "element": [t.name for t in event.terms if t.vocabulary == "framework_element"],
        "region": [event.region.name] if event.region else [],
    }
    body = " ".join(
        part
        for part in (plain_text(event.description_html), event.venue, event.address, event.accessibility_info)
        if part
    )
    return SearchDocument(
        title=event.title,
        url=f"/events/{event.slug}",
        summary=event.summary,
        body=body,
        visibility="public" if event.audience == "public" else "members",
        facets=facets,
        date=event.starts_at,
        upcoming=upcoming,
    )


def all_events():
    """Every event that may be searchable, for reindexing."""
    return db.session.scalars(select(Event).where(Event.status == "published")).all()


register(
    SearchableType(
        kind="event", label="Event", model=Event, to_document=event_document, all_objects=all_events, role="event"
    )
)
