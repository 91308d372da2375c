"""The resource library: toolkits, guides, templates and more, with versions and reuse."""

from flask import Blueprint

bp = Blueprint("resources", __name__, template_folder="templates")

from app.resources import routes, searchable  # noqa: E402,F401
