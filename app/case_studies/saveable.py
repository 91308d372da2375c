"""Members can save published case studies for later (their Saved page)."""

from flask import url_for

from app.case_studies.models import CaseStudy
from app.saved.registry import SaveableKind, SavedView, register

register(
    SaveableKind.for_model(
        "case_study",
        "Case study",
        "Case studies",
        CaseStudy,
        shown_to=lambda item, user: item.status in ("published", "archived") and item.can_view(user),
        view=lambda item: SavedView(item.title, url_for("case_studies.detail", slug=item.slug), item.summary),
    )
)
