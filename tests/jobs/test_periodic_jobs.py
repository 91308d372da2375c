"""The worker's schedule end to end: its cron tick enqueues the due periodic jobs, the worker
runs them, and what they send goes out once, however often the schedule fires."""

from datetime import timedelta

from app import jobs
from app.auth.models import utcnow
from tests.events.conftest import make_event, register  # noqa: F401  (event fixtures)


def test_event_reminders_go_out_once_through_the_queue(queued, work, make_user, make_event, register, mailbox):  # noqa: F811
    user = make_user()
    register(make_event(title="Theatre forum", starts_at=utcnow() + timedelta(minutes=50)), user)
    scheduler = jobs.make_cron(queued, name="only")

    assert "event-reminders" in jobs.cron_tick(queued, scheduler)
    work()  # the reminders job queues the email; the deliver job it enqueues sends it
    for _ in range(2):  # the schedule fires again (a second worker, a restart)
        jobs.enqueue("app.events.services.notifications.send_reminders")
        work()

    reminders = [m for m in mailbox.to(user.email) if m["Subject"].startswith("Reminder: Theatre forum")]
    assert len(reminders) == 1
    assert jobs.queue_depth() == 0
    queue = jobs.queue()
    assert queue.failed_job_registry.count == 0 and queue.scheduled_job_registry.count == 0  # every job ran clean


def test_every_interval_job_runs_clean_in_the_worker(queued, work):
    due = jobs.cron_tick(queued, jobs.make_cron(queued, name="only"))
    assert {"email-retry", "event-reminders", "search-alerts", "search-drain", "search-extract"} <= set(due)
    work()
    queue = jobs.queue()
    assert queue.count == 0 and queue.failed_job_registry.count == 0 and queue.scheduled_job_registry.count == 0


def test_every_periodic_job_runs_clean_in_the_worker(queued, work):
    for job in jobs.periodic_jobs():  # the cron-scheduled ones too (purges, weekly reminders)
        jobs.enqueue(job.path)
    work()
    queue = jobs.queue()
    assert queue.count == 0 and queue.failed_job_registry.count == 0 and queue.scheduled_job_registry.count == 0
