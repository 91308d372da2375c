"""Case studies: members describe what they did and what changed, with impact measures."""

from app.case_studies import publishable, routes_coauthors, saveable, searchable  # noqa: F401
from app.case_studies.routes import bp  # noqa: F401
