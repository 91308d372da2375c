"""The spaces' part in getting started (app/auth/onboarding.py): joining a space is one way to
finish step 3 ("Follow a few topics or join a space"). A request still waiting for a manager or
an invitation not yet accepted does not count: the member is not in the space yet."""

from sqlalchemy import exists, select

from app.auth.onboarding import StepCheck, register_step_check
from app.extensions import db
from app.spaces.models import SpaceMember


def has_joined_a_space(user):
    """True once the member is an active member of at least one space (one query)."""
    joined = exists().where(SpaceMember.user_id == user.id, SpaceMember.status == "active")
    return bool(db.session.scalar(select(joined)))


register_step_check(StepCheck("connect", "spaces.joined", "Join a space", "spaces.index", has_joined_a_space, order=30))
