"""Error pages in the site layout. Outside debug mode no stack trace reaches the browser."""

from flask import request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db
from app.web import render_error


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
