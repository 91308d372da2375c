"""Accounts: register, verify email, sign in and out, reset a forgotten password."""

from app.auth.routes import bp  # noqa: F401
