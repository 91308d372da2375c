"""Site-wide pages: home, accessibility statement, privacy notice, health check, errors."""

from app.main.routes import bp  # noqa: F401
