"""The kinds of notification, what members call them, and how they are emailed by default."""

from dataclasses import dataclass

MODES = (
    ("immediately", "Email me straight away"),
    ("daily", "In a daily digest"),
    ("weekly", "In a weekly digest"),
    ("off", "Do not email me (still shown under Notifications)"),
)
MODE_NAMES = tuple(mode for mode, _ in MODES)
AUTO_FOLLOW = "auto_follow"


@dataclass(frozen=True)
class NotificationType:
    key: str
    label: str
    default: str


TYPES = (
    NotificationType("message", "New private messages", "immediately"),
    NotificationType("waitlist", "A place came free for you on an event's waiting list", "immediately"),
    NotificationType("mention", "Someone mentions you in a discussion", "immediately"),
    NotificationType("reply", "Replies in threads you follow", "daily"),
    NotificationType("answer_accepted", "Your answer is accepted", "immediately"),
    NotificationType("comment", "Comments on your case studies and resources", "immediately"),
    NotificationType("item_status", "Your case study or resource is published or returned", "immediately"),
    NotificationType("event_changed", "An event you booked changes or is cancelled", "immediately"),
    NotificationType("connection", "Connection and mentoring requests and their answers", "immediately"),
    NotificationType("join_request", "Requests to join your spaces, and the answer to yours", "immediately"),
    NotificationType("new_content", "New threads, case studies, resources and events in what you follow", "weekly"),
)
BY_KEY = {t.key: t for t in TYPES}


def default_mode(type_key):
    return BY_KEY[type_key].default if type_key in BY_KEY else "off"
