"""Accounts: register, verify email, sign in and out, reset a forgotten password."""

from flask import Blueprint

from app.auth.names import public_name

bp = Blueprint("auth", __name__, template_folder="templates")
# Every template shows other members through the one name rule.
bp.add_app_template_global(public_name, "public_name")

from app.auth import routes  # noqa: E402,F401
