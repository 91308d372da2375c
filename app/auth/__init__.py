"""Accounts: register, verify email, sign in and out, reset a forgotten password."""

from app.auth.names import public_name
from app.auth.routes import bp

# Every template shows other members through the one name rule.
bp.add_app_template_global(public_name, "public_name")
