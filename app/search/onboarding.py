"""Search's part in getting started (app/auth/onboarding.py): saving a search follows a topic,
one way to finish step 3 ("Follow a few topics or join a space")."""

from sqlalchemy import exists, select

from app.auth.onboarding import StepCheck, register_step_check
from app.extensions import db
from app.search.models import SavedSearch


def has_saved_search(user):
    """True once the member has saved a search, so new matches reach them (one query)."""
    return bool(db.session.scalar(select(exists().where(SavedSearch.user_id == user.id))))


register_step_check(
    StepCheck(
        "connect",
        "search.saved_search",
        "Search for a topic and save the search",
        "search.results",
        has_saved_search,
        order=20,
    )
)
