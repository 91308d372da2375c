"""Comments on published case studies and resources: add, edit and delete your own; moderators hide."""

from flask import Blueprint

bp = Blueprint("comments", __name__, template_folder="templates")

from app.comments import routes  # noqa: E402,F401
