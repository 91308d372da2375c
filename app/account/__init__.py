"""A member's own settings: details, password, email, data export and deletion."""

from flask import Blueprint

bp = Blueprint("account", __name__, template_folder="templates")

from app.account import routes  # noqa: E402,F401
