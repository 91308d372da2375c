"""Case studies join the shared publishing lifecycle (feed, home page, comments, moderation)."""

from app.case_studies.models import CaseStudy
from app.publishing.registry import PublishableType, register

register(PublishableType(model=CaseStudy, home_meta="organisation"))
