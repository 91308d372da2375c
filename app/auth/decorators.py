"""Route guards: signed in and verified, moderator, admin."""

from functools import wraps

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from app.auth.access import can_see_members_content
from app.extensions import login_manager


def verified_required(view):
    """Signed in with a verified email; unverified members are told how to verify."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not can_see_members_content(current_user):
            flash("Verify your email address before you post. We can send the link again.", "warning")
            return redirect(url_for("account.index"))
        return view(*args, **kwargs)

    return wrapped


def role_required(*roles):
    """Signed in with one of `roles` (admin always passes); 403 otherwise."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role != "admin" and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


moderator_required = role_required("moderator")
admin_required = role_required("admin")
