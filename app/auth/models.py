"""Accounts: who someone is, how they sign in, and what role they hold."""

import secrets

from flask import current_app
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models_base import created_column
from app.models_base import utcnow as utcnow  # the clock, re-exported for modules that take it from here

ROLES = ("member", "moderator", "admin")


def new_session_token():
    """A random value that identifies the current 'generation' of a user's sign-ins."""
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    """A registered person. The public practitioner profile is separate (directory)."""

    __tablename__ = "user_account"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    organisation = db.Column(db.String(200), nullable=False)
    job_role = db.Column(db.String(120), nullable=False)
    password_hash = db.Column(db.String(256), nullable=False)
    role = db.Column(db.String(20), nullable=False, default="member")
    email_verified_at = db.Column(db.DateTime(timezone=True), nullable=True)
    # Rotated on password change: sessions and remember cookies carrying the old one stop working.
    session_token = db.Column(db.String(32), nullable=False, default=new_session_token)
    is_active_account = db.Column(db.Boolean, nullable=False, default=True)
    created_at = created_column()
    last_login_at = db.Column(db.DateTime(timezone=True), nullable=True)
    # When the member hid their finished "Get started" steps (app/auth/onboarding.py).
    onboarding_dismissed_at = db.Column(db.DateTime(timezone=True), nullable=True)

    def __repr__(self):
        return f"<User {self.id} {self.email}>"

    # Flask-Login: the id in the session includes the session token (see app/auth/session.py).
    def get_id(self):
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self):
        return self.is_active_account

    def set_password(self, password):
        """Hash with scrypt (a memory-hard KDF) and end every other sign-in."""
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])
        self.session_token = new_session_token()

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @property
    def is_verified(self):
        return self.email_verified_at is not None

    @property
    def can_post(self):
        """Only verified accounts may create content; unverified ones can browse."""
        return self.is_verified and self.is_active

    @property
    def is_moderator(self):
        return self.role in ("moderator", "admin")
