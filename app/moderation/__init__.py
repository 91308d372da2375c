"""Moderation of case studies, resources and comments: moderators and admins only."""

from app.moderation.routes import bp  # noqa: F401
