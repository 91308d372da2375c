"""Signed, expiring, single-use tokens for email links.

Each token signs a fingerprint of the state it may change (the email being verified, the
current password hash); once that state changes the same link no longer works, so every
link is single-use without a table of used tokens. Every account link also signs the
account's credentials (`account_state`), so a password change or reset voids them all.
"""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.web import UserError

VERIFY = "verify-email"
RESET = "reset-password"
CHANGE_EMAIL = "change-email"


class TokenError(UserError):
    """The link is broken, expired or already used; `message` is safe to show."""


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"ohwb-{purpose}")


def fingerprint(value):
    """A short digest of a secret value, safe to put in a signed (but readable) token."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def account_state(user):
    """A fingerprint of the account's password and sign-in generation; both change with the password."""
    return fingerprint(f"{user.password_hash}:{user.session_token}")


def make_token(purpose, **payload):
    """Sign `payload` for `purpose`."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose, token, max_age):
    """Return the payload, or raise TokenError with a message for the user."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenError("This link has expired. Ask for a new one.") from exc
    except BadSignature as exc:
        raise TokenError("This link is not valid. Check you copied all of it, or ask for a new one.") from exc
