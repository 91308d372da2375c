"""Accounts: register, verify email, sign in and out, reset a forgotten password."""

from app.auth.names import profile_url, public_name
from app.auth.onboarding import progress as onboarding_progress
from app.auth.routes import bp

# Every template shows other members through the one name rule.
bp.add_app_template_global(public_name, "public_name")
# ... and link to a member's profile only where a feature has one for them (None otherwise).
bp.add_app_template_global(profile_url, "profile_url")
# The account and home pages show a new member's getting-started steps (app/auth/onboarding.py).
bp.add_app_template_global(onboarding_progress, "onboarding_progress")
