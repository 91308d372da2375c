"""Event use cases, split by concern. Each public function owns its single commit.

- events: create, edit, publish, cancel, organisers, materials
- registration: register, cancel, waiting-list promotion, organiser add/remove, attendance
- notifications: reminders, feedback requests, messages to attendees, purging personal data
- feedback: the post-event survey and its aggregates
- queries: listings, the month calendar and counts for pages (read only)
"""

from app.web import UserError


class EventError(UserError):
    """A user-caused problem; `message` is shown in the page, next to `field` when given."""


class AlreadyRegistered(EventError):
    """The member already holds a place or a waiting-list entry (a second click of "Book", say)."""
