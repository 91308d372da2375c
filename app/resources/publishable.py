"""Resources join the shared publishing lifecycle (feed, home page, comments, moderation)."""

from app.publishing.registry import PublishableType, register
from app.resources.models import Resource

register(PublishableType(model=Resource, home_meta="type_label"))
