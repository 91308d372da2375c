"""Error pages in the site layout. Outside debug mode no stack trace reaches the browser."""

from flask import current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db

MESSAGES = {
    400: (
        "There is a problem with your request",
        "The page could not understand what was sent. Go back and try again.",
    ),
    403: (
        "You do not have permission to see this page",
        "If you think you should, contact a moderator or sign in with another account.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
    ),
    405: ("That action is not allowed here", "Go back and try again from the page's own buttons and links."),
    413: ("The file is too large", None),
    429: (
        "Too many attempts",
        "You have tried this too many times in a short time. Wait a few minutes, then try again.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you entered on this page has been saved.",
    ),
}


def render_error(status, detail=None):
    """The error page for `status`, with an optional specific explanation."""
    title, text = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    if status == 413 and detail is None:
        detail = f"Files can be up to {current_app.config['UPLOAD_MAX_MB']} MB. Choose a smaller file and try again."
    wants_json = request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/")
    if wants_json:
        return {"error": title, "detail": detail or text, "status": status}, status
    return render_template("errors/error.html", status=status, title=title, text=detail or text), status


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

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if app.debug and not app.testing:
            raise error
        return render_error(InternalServerError.code)
