"""Case studies: members describe what they did and what changed, with impact measures."""

from flask import Blueprint

bp = Blueprint("case_studies", __name__, template_folder="templates")

from app.case_studies import routes, routes_coauthors, searchable  # noqa: E402,F401
