"""Moderation of case studies, resources and comments: moderators and admins only."""

from flask import Blueprint

bp = Blueprint("moderation", __name__, template_folder="templates")

from app.moderation import routes  # noqa: E402,F401
