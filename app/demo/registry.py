"""What a demo-data step is. Each feature's step lives in app/demo/<feature>.py, listed in order in steps.py."""

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoStep:
    """One feature's demo data: `plan(rng)` lists work items, `apply(item)` writes one."""

    name: str
    plan: Callable
    apply: Callable


def rng_for(name):
    """A random generator seeded from the step name, so each step is reproducible alone."""
    return random.Random(zlib.crc32(name.encode()) ^ 2026)
