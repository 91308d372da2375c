"""Comments on published items of every publishable type: add, edit and delete your own; moderators hide."""

from app.comments.routes import bp  # noqa: F401
