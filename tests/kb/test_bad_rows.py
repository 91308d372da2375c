"""Review reminders reach every author even when one item's title holds a line break or fails."""

from datetime import date, timedelta

import pytest

import app.mail
from app.extensions import db
from tests.test_single_line import SEPARATORS, plant_or_skip, plantable

OVERDUE = date.today() - timedelta(days=10)


@pytest.mark.parametrize("separator", ["\r\n", "\u2028", "\x85", "\x00"])
def test_review_reminders_carry_on_past_a_title_with_a_line_break(
    separator, runner, make_user, make_case_study, make_resource, mailbox
):
    plant_or_skip(separator)
    first, second = make_user(), make_user()
    bad = make_case_study(author=first, title="Old story", review_due=OVERDUE)
    make_resource(author=second, title="Old tool", review_due=OVERDUE)
    bad.title = f"Old{separator}story"
    db.session.commit()
    result = runner.invoke(args=["content", "review-reminders"])
    assert result.exit_code == 0 and "Sent 2 review reminders; 0 failed" in result.output
    assert mailbox.last(first.email)["Subject"] == "Please review your case study: Old story"
    assert mailbox.last(second.email)["Subject"] == "Please review your resource: Old tool"


def test_a_failing_review_reminder_is_counted_and_retried_next_time(
    monkeypatch, runner, make_user, make_case_study, mailbox
):
    first, second = make_user(), make_user()
    make_case_study(author=first, title="Broken story", review_due=OVERDUE - timedelta(days=5))
    make_case_study(author=second, title="Fine story", review_due=OVERDUE)
    real = app.mail.build_email

    def build(to, subject, template, **kwargs):
        if "Broken" in subject:
            raise RuntimeError("a row this job cannot handle")
        return real(to, subject, template, **kwargs)

    monkeypatch.setattr(app.mail, "build_email", build)
    result = runner.invoke(args=["content", "review-reminders"])
    assert "Sent 1 review reminder; 1 failed" in result.output
    assert mailbox.to(first.email) == [] and "Fine story" in mailbox.last(second.email)["Subject"]
    monkeypatch.undo()
    again = runner.invoke(args=["content", "review-reminders"])
    assert "Sent 1 review reminder; 0 failed" in again.output
    assert "Broken story" in mailbox.last(first.email)["Subject"] and len(mailbox.to(second.email)) == 1


def test_every_separator_is_folded_out_of_the_reminder_subject(runner, make_user, make_case_study, mailbox):
    author = make_user()
    separators = plantable(SEPARATORS)
    for n, separator in enumerate(separators):
        item = make_case_study(author=author, title=f"Story {n}", review_due=OVERDUE)
        item.title = f"Story{separator}{n}"
    db.session.commit()
    result = runner.invoke(args=["content", "review-reminders"])
    assert f"Sent {len(separators)} review reminders; 0 failed" in result.output
    subjects = sorted(m["Subject"] for m in mailbox.to(author.email))
    assert subjects == sorted(f"Please review your case study: Story {n}" for n in range(len(separators)))
