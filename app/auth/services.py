"""Account use cases. Each function owns its commit; emails go out after it."""

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth import tokens
from app.auth.models import User
from app.extensions import db
from app.mail import link_to, queue_email
from app.models_base import utcnow
from app.web import UserError

# Compared against when no account matches, so a miss costs as long as a hit.
_DUMMY_HASH = None


class AccountError(UserError):
    """A use case refused; `message` is safe to show and `field` names the form field."""


def find_by_email(email):
    """The account with this email address (case-insensitive), or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))


def _queue_verification(user):
    token = tokens.make_token(tokens.VERIFY, uid=user.id, email=user.email, state=tokens.account_state(user))
    queue_email(
        user.email,
        "Confirm your email address for OHWB Exchange",
        "verify_email",
        user=user,
        link=link_to("auth.verify", token=token),
    )


def register_user(name, email, password, organisation, job_role):
    """Create an unverified member and email the verification link.

    An address that already has an account gets no second account and no error the form
    could show (that would reveal who is a member): its owner is emailed instead, and the
    caller answers exactly as for a new account. Returns the new account, or None.
    """
    existing = find_by_email(email)
    if existing is not None:
        _hash_like_a_new_account(password)
        _queue_already_registered(existing)
        db.session.commit()
        return None
    user = User(name=name, email=email, organisation=organisation, job_role=job_role, role="member")
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.flush()
        _queue_verification(user)
        db.session.commit()
    except IntegrityError:  # the same address registered at the same moment
        db.session.rollback()
        existing = find_by_email(email)
        if existing is not None:
            _queue_already_registered(existing)
            db.session.commit()
        return None
    return user


def _hash_like_a_new_account(password):
    """Spend the time a new account's password hash takes, so timing does not tell the two apart."""
    generate_password_hash(password or "", method=current_app.config["PASSWORD_HASH_METHOD"])


def _queue_already_registered(user):
    queue_email(
        user.email,
        "Someone tried to create an OHWB Exchange account with your email address",
        "already_registered",
        user=user,
        sign_in=link_to("auth.login"),
        reset=link_to("auth.reset_request"),
    )


def resend_verification(user):
    """Send the verification link again (no-op once verified)."""
    if user.is_verified:
        return
    _queue_verification(user)
    db.session.commit()


def verify_email(token):
    """Mark the address verified; the same link cannot be used again."""
    payload = tokens.read_token(tokens.VERIFY, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email") or tokens.account_state(user) != payload.get("state"):
        raise tokens.TokenError("This link is not valid any more. Ask for a new one from your account page.")
    if user.is_verified:
        raise tokens.TokenError("This link has already been used. Your email address is verified.")
    user.email_verified_at = utcnow()
    db.session.commit()
    return user


def authenticate(email, password):
    """The active account with these credentials, or None (timing does not reveal which part failed)."""
    global _DUMMY_HASH
    user = find_by_email(email)
    if user is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = generate_password_hash("dummy", method=current_app.config["PASSWORD_HASH_METHOD"])
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not user.check_password(password or "") or not user.is_active:
        return None
    return user


def record_login(user):
    user.last_login_at = utcnow()
    db.session.commit()


def request_password_reset(email):
    """Email a reset link if the account exists; the caller says the same thing either way."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    token = tokens.make_token(tokens.RESET, uid=user.id, pw=tokens.fingerprint(user.password_hash))
    queue_email(
        user.email,
        "Reset your OHWB Exchange password",
        "reset_password",
        user=user,
        link=link_to("auth.reset_password", token=token),
        minutes=current_app.config["RESET_TOKEN_MAX_AGE"] // 60,
    )
    db.session.commit()


def user_for_reset(token):
    """The account a reset link belongs to, while the link is unused and in date."""
    payload = tokens.read_token(tokens.RESET, token, current_app.config["RESET_TOKEN_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or tokens.fingerprint(user.password_hash) != payload.get("pw"):
        raise tokens.TokenError("This link has already been used or is no longer valid. Ask for a new one.")
    return user


def reset_password(token, new_password):
    """Set a new password from a reset link; ends every existing sign-in."""
    user = user_for_reset(token)
    user.set_password(new_password)
    if not user.is_verified:
        user.email_verified_at = utcnow()  # they proved they read this inbox
    queue_email(user.email, "Your OHWB Exchange password was changed", "password_changed", user=user)
    db.session.commit()
    return user
