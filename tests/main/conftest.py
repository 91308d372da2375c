"""Content factories for the page-cache tests, which look at case studies and threads."""

from tests.kb.conftest import make_case_study  # noqa: F401 (fixture)
from tests.spaces.conftest import make_space, make_thread  # noqa: F401 (fixtures)
