"""Events in the site search: drafts and cancelled events are left out; members-only events
are visible to members only, and a private space's events to its members only; facets
include upcoming/past."""

from sqlalchemy import select

from app.auth.spaces import space_ref
from app.content import plain_text
from app.events.models import Event
from app.extensions import db
from app.models_base import utcnow
from app.search import SearchableType, SearchDocument, register


def _visibility(event):
    """A private space's events are for its members; otherwise the event's audience decides."""
    space = space_ref(event.space_id)
    if space is not None and space.is_private:
        return space.visibility
    if event.space_id is not None and space is None:
        return None  # its space is unknown (not yet registered): found by no one
    return "public" if event.audience == "public" else "members"


def event_document(event):
    """The search document for an event, or None when it must not be found."""
    if event.status != "published":
        return None
    visibility = _visibility(event)
    if visibility is None:
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
        visibility=visibility,
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
