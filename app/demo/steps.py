"""Demo steps in the order they must run (people before what they write)."""

from app.auth import demo as auth_demo
from app.directory import demo as directory_demo

STEPS = [
    auth_demo.STEP,
    *directory_demo.STEPS,
]
