"""Saved-items fixtures: one of each saveable kind (from the features' own factories)."""

from tests.directory.conftest import make_profile  # noqa: F401
from tests.events.conftest import make_event  # noqa: F401
from tests.kb.conftest import make_case_study, make_resource  # noqa: F401
from tests.spaces.conftest import make_space, make_thread  # noqa: F401
