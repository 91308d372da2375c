"""Error pages in the site layout. Outside debug mode no stack trace reaches the browser."""

from flask import g, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from app.extensions import db, login_manager
from app.web import render_error

# Seconds a client (or a load balancer) is asked to wait after the database did not answer.
RETRY_AFTER_SECONDS = 10


def database_unreachable(error):
    """True for a failure to reach the database (refused, dropped, restarted, timed out), as
    opposed to a query the database answered with an error."""
    if getattr(error, "connection_invalidated", False):
        return True
    if not isinstance(error, OperationalError):
        return False
    if type(error.orig).__module__.startswith("sqlite3"):
        # SQLite reports a missing table as an OperationalError too: only a busy or missing file counts.
        return any(words in str(error.orig) for words in ("locked", "unable to open"))
    return True


def init_errors(app):
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400, "This form has expired or was sent from another site. Go back, reload the page and try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code and error.code < 400:
            return error
        return render_error(error.code or 500, getattr(error, "description_for_user", None))

    @app.errorhandler(DBAPIError)
    def database_error(error):
        if not database_unreachable(error):
            return unexpected_error(error)
        _forget_session()
        # A warning, not a stack trace: the cause is outside the app, and the engine's
        # pre-ping reconnects by itself once the database answers again.
        app.logger.warning("Database unreachable on %s %s: %s", request.method, request.path, error.orig)
        return render_unavailable()

    def render_unavailable():
        # Shown as to a visitor who is not signed in: knowing who is signed in needs the database.
        g._login_user = login_manager.anonymous_user()
        body, status = render_error(ServiceUnavailable.code)
        return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if app.debug and not app.testing:
            raise error
        return render_error(InternalServerError.code)


def _forget_session():
    """Drop the session's work; its connection is dead, so even a rollback may fail."""
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.invalidate()
