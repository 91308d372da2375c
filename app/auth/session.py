"""Flask-Login wiring: loading users from the session and remember cookies."""

from flask import flash, redirect, request, url_for

from app.extensions import db, login_manager
from app.routing import parse_id


def init_login(app):
    """Bind Flask-Login with this project's user loader and sign-in page."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(user_id):
    """Accept an id only while its session token is current (password changes rotate it)."""
    from app.auth.models import User

    ident, _, token = (user_id or "").partition(":")
    user_id = parse_id(ident)
    if user_id is None or not token:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_token != token or not user.is_active:
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    """Send anonymous visitors to sign in, remembering a same-site return path."""
    from app.security import safe_next

    flash(login_manager.login_message, "info")
    return redirect(url_for("auth.login", next=safe_next(request.full_path.rstrip("?"))))
