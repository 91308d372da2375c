"""Demo steps in the order they must run (people before what they write)."""

from app.auth import demo as auth_demo
from app.events import demo as events_demo

STEPS = [
    auth_demo.STEP,
    events_demo.STEP,
]
