"""The directory's part in getting started (app/auth/onboarding.py): a listed profile finishes
step 2, and topics chosen on the profile are one way to finish step 3."""

from sqlalchemy import exists, select

from app.auth.onboarding import StepCheck, register_step_check
from app.directory.models import PractitionerProfile, profile_specialism
from app.extensions import db


def has_listed_profile(user):
    """True once the member has a profile listed in the directory (no query: it loads with the account)."""
    profile = user.practitioner_profile
    return bool(profile and profile.listed)


def has_chosen_topics(user):
    """True once the member's profile names at least one topic they work on (one query)."""
    chosen = (
        select(profile_specialism.c.profile_id)
        .join(PractitionerProfile, PractitionerProfile.id == profile_specialism.c.profile_id)
        .where(PractitionerProfile.user_id == user.id)
    )
    return bool(db.session.scalar(select(exists(chosen))))


register_step_check(
    StepCheck(
        "profile", "directory.listed", "Create your profile and list it", "directory.edit_profile", has_listed_profile
    )
)
register_step_check(
    StepCheck(
        "connect",
        "directory.topics",
        "Choose the topics you work on in your profile",
        "directory.edit_profile",
        has_chosen_topics,
        order=10,
    )
)
