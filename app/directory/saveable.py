"""Members can save listed profiles for later (their Saved page), showing only what the owner shares."""

from flask import url_for

from app.auth.access import can_see_members_content
from app.directory.models import PractitionerProfile
from app.directory.visibility import is_reachable
from app.saved.registry import SaveableKind, SavedView, register


def _view(profile):
    about = [getattr(profile, f) for f in ("job_title", "organisation") if profile.shows(f) and getattr(profile, f)]
    return SavedView(profile.display_name, url_for("directory.profile", slug=profile.slug), ", ".join(about))


register(
    SaveableKind.for_model(
        "profile",
        "Profile",
        "Profiles",
        PractitionerProfile,
        shown_to=lambda profile, user: (
            can_see_members_content(user) and profile.user_id != user.id and is_reachable(profile, user)
        ),
        view=_view,
    )
)
