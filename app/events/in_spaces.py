"""The events feature's answer to "which events are coming up in this space?" for the space page
(app.auth.spaces.upcoming_space_events), so the spaces feature needs no import of events."""

from app.auth.spaces import SpaceEvent, register_space_events
from app.events.services.queries import upcoming_in_space


@register_space_events
def space_events(space_id, user, limit):
    """The space's next published events `user` may see, as SpaceEvents, soonest first."""
    return [
        SpaceEvent(
            title=event.title,
            url=f"/events/{event.slug}",
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            summary=event.summary,
            format_label=event.format_label,
        )
        for event in upcoming_in_space(space_id, user, limit)
    ]
