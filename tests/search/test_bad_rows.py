"""Search alerts reach every member even when one saved search's name holds a line break or fails."""

from datetime import timedelta

import pytest
from sqlalchemy import select

import app.search.member_searches as services
from app.auth.models import utcnow
from app.extensions import db
from app.search.member_searches import send_alerts
from app.search.models import SavedSearch
from tests.search.test_saved import save
from tests.test_single_line import SEPARATORS, plant_or_skip


def _two_saved_searches(probes, client, auth, make_user):
    probes("Menopause cafe")
    first, second = make_user(), make_user()
    for user, name in ((first, "First search"), (second, "Second search")):
        auth.login(user)
        assert save(client, name=name).status_code == 302
        auth.logout()
    probes("Menopause passport")
    return first, second


@pytest.mark.parametrize("separator", SEPARATORS)
def test_alerts_carry_on_past_a_name_with_a_line_break(separator, probes, client, auth, make_user, mailbox):
    plant_or_skip(separator)
    first, second = _two_saved_searches(probes, client, auth, make_user)
    bad = db.session.scalar(select(SavedSearch).where(SavedSearch.user_id == first.id))
    bad.name = f"First{separator}search"
    first.name = f"Ann{separator}Lee"
    db.session.commit()
    later = utcnow() + timedelta(days=1)
    assert send_alerts(now=later) == {"checked": 2, "emailed": 2, "failed": 0}
    assert mailbox.last(first.email)["Subject"] == "New on OHWB Exchange for your search: First search"
    assert "Menopause passport" in mailbox.body(mailbox.last(second.email))


def test_a_failing_alert_is_counted_and_the_rest_still_go(
    monkeypatch, probes, client, auth, make_user, mailbox, runner
):
    first, second = _two_saved_searches(probes, client, auth, make_user)
    real = services.queue_email

    def queue(to, subject, template, **kwargs):
        if subject.endswith("First search"):
            raise RuntimeError("a row this job cannot handle")
        return real(to, subject, template, **kwargs)

    monkeypatch.setattr(services, "queue_email", queue)
    monkeypatch.setattr(services, "utcnow", lambda: utcnow() + timedelta(days=1))
    result = runner.invoke(args=["search", "send-alerts"])
    assert result.exit_code == 0 and "emailed 1; 1 failed" in result.output
    assert mailbox.to(first.email) == [] and "Second search" in mailbox.last(second.email)["Subject"]
    monkeypatch.setattr(services, "queue_email", real)  # mended: the missed member hears next run
    assert "emailed 1; 0 failed" in runner.invoke(args=["search", "send-alerts"]).output
    assert "First search" in mailbox.last(first.email)["Subject"] and len(mailbox.to(second.email)) == 1
