"""A member's own settings: details, password, email, data export and deletion."""

from app.account.routes import bp  # noqa: F401
