"""The resource library: toolkits, guides, templates and more, with versions and reuse."""

from app.resources import publishable, saveable, searchable  # noqa: F401
from app.resources.routes import bp  # noqa: F401
