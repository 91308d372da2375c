"""Demo steps in the order they must run (people before what they write)."""

from app.demo import auth as auth_demo
from app.demo import case_studies as case_studies_demo
from app.demo import directory as directory_demo
from app.demo import discussions as discussions_demo
from app.demo import events as events_demo
from app.demo import following as following_demo
from app.demo import inbox as inbox_demo
from app.demo import publishing as knowledge_demo
from app.demo import resources as resources_demo
from app.demo import spaces as spaces_demo

STEPS = [
    auth_demo.STEP,
    *directory_demo.STEPS,
    resources_demo.STEP,
    case_studies_demo.STEP,
    knowledge_demo.STEP,
    events_demo.STEP,
    spaces_demo.STEP,
    discussions_demo.STEP,
    inbox_demo.STEP,  # it saves items the steps above made
    following_demo.STEP,  # last: it follows and tells about what the steps above made
]
