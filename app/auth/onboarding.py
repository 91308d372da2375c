"""Getting started: the three steps that lead a new member in, and the seam features finish them through.

1. Confirm your email address (the account knows this itself).
2. Create your profile and list it in the directory.
3. Follow a few topics or join a space.

Steps 2 and 3 are finished by things that belong to features, so a feature registers a
`StepCheck` from its own package, for example the directory's:

    register_step_check(StepCheck("profile", "directory.listed", "Create your profile and list it",
                                  "directory.edit_profile", has_listed_profile))

A step is done when any of its checks is; a step no feature has registered a check for is not
shown. Each check costs at most one small query, and none runs before the email is confirmed
(the later steps need a verified account) or after the member has hidden the finished steps.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import g, url_for

from app.extensions import db
from app.models_base import utcnow
from app.web import UserError


@dataclass(frozen=True)
class Step:
    """One step: its key, the task name shown and a line saying why it helps."""

    key: str
    title: str
    hint: str


STEPS = (
    Step("verify", "Confirm your email address", "Open the link we emailed you. Then you can post and see members."),
    Step(
        "profile",
        "Create your profile and list it in the directory",
        "Peers in your region and specialism can then find you and ask for support.",
    ),
    Step(
        "connect",
        "Follow a few topics or join a space",
        "Hear about new case studies, resources and discussions on what you work on.",
    ),
)


@dataclass(frozen=True)
class StepCheck:
    """One way to finish step `step`: `done(user)` says whether the member has; `action` is the
    link text and `endpoint` the page where they do it."""

    step: str
    key: str
    action: str
    endpoint: str
    done: Callable
    order: int = 100


_CHECKS: dict[str, StepCheck] = {}


def register_step_check(check):
    """Add (or replace, by key) a way to finish a step."""
    if check.step not in {step.key for step in STEPS[1:]}:
        raise ValueError(f"unknown onboarding step {check.step!r}")
    _CHECKS[check.key] = check
    return check


def unregister_step_check(key):
    """Remove a check (tests add small ones and take them away again)."""
    return _CHECKS.pop(key, None)


def checks_for(step_key):
    """The registered checks of a step, in their order."""
    return sorted((c for c in _CHECKS.values() if c.step == step_key), key=lambda c: (c.order, c.key))


@dataclass
class StepState:
    """A step as this member stands: "done", "todo" or "blocked" (cannot start yet), and the ways to do it."""

    step: Step
    status: str
    ways: list = field(default_factory=list)  # (link text, href)

    @property
    def done(self):
        return self.status == "done"


@dataclass
class Progress:
    """Where a member is with getting started."""

    steps: list
    dismissed: bool

    @property
    def done_count(self):
        return sum(1 for state in self.steps if state.done)

    @property
    def total(self):
        return len(self.steps)

    @property
    def complete(self):
        return self.done_count == self.total

    @property
    def show(self):
        """Shown until the member hides the finished steps."""
        return not self.dismissed

    @property
    def next_step(self):
        """The first step not done yet, or None."""
        return next((state for state in self.steps if not state.done), None)


def progress(user):
    """The member's progress through the steps (memoised for the request; at most one query a check)."""
    memo = g.setdefault("_onboarding", {})
    if user.id not in memo:
        memo[user.id] = _progress(user)
    return memo[user.id]


def _progress(user):
    dismissed = user.onboarding_dismissed_at is not None
    verified = user.is_verified
    states = [StepState(STEPS[0], "done" if verified else "todo")]
    for step in STEPS[1:]:
        checks = checks_for(step.key)
        if not checks:
            continue
        ways = [(check.action, url_for(check.endpoint)) for check in checks]
        if not verified:
            states.append(StepState(step, "blocked"))
        elif dismissed:
            states.append(StepState(step, "done", ways))  # hidden once finished: no need to ask again
        else:
            done = any(check.done(user) for check in checks)
            states.append(StepState(step, "done" if done else "todo", ways))
    return Progress(states, dismissed)


def dismiss(user):
    """Hide the finished steps from the account and home pages; refused until every step is done."""
    if not progress(user).complete:
        raise UserError("Finish the getting started steps before you hide them")
    if user.onboarding_dismissed_at is None:
        user.onboarding_dismissed_at = utcnow()
        db.session.commit()
    g.pop("_onboarding", None)
