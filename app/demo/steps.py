"""Demo steps in the order they must run (people before what they write)."""

from app.auth import demo as auth_demo
from app.case_studies import demo as case_studies_demo
from app.directory import demo as directory_demo
from app.events import demo as events_demo
from app.publishing import demo as knowledge_demo
from app.resources import demo as resources_demo

STEPS = [
    auth_demo.STEP,
    *directory_demo.STEPS,
    resources_demo.STEP,
    case_studies_demo.STEP,
    knowledge_demo.STEP,
    events_demo.STEP,
]
