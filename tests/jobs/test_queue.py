"""The job queue: on Redis with REDIS_URL (a worker runs the job), in this process without it
(or when Redis is down), and periodic jobs scheduled by one worker only."""

from pathlib import Path

from app import create_app, jobs
from config import TestingConfig
from tests.jobs.conftest import REDIS_URL


def record(path, text):
    """A job whose effect a test can see: it appends a line to a file."""
    with open(path, "a") as handle:
        handle.write(text + "\n")


def lines(path):
    path = Path(path)
    return path.read_text().splitlines() if path.exists() else []


def test_a_job_waits_on_redis_until_a_worker_runs_it(queued, work, tmp_path):
    target = tmp_path / "done.txt"
    job = jobs.enqueue(record, str(target), "ran")
    assert job is not None and job.func_name == "tests.jobs.test_queue.record"
    assert lines(target) == [] and jobs.queue_depth() == 1

    work()

    assert lines(target) == ["ran"]
    assert jobs.queue_depth() == 0


def test_a_job_is_named_by_its_path_too(queued, work, tmp_path):
    target = tmp_path / "done.txt"
    jobs.enqueue("tests.jobs.test_queue:record", str(target), "by path")
    work()
    assert lines(target) == ["by path"]


def test_without_redis_the_job_runs_at_once_in_this_process(app, tmp_path):
    target = tmp_path / "done.txt"
    assert jobs.enqueue(record, str(target), "here") is None
    assert lines(target) == ["here"]
    assert jobs.queue_depth() == 0


def test_with_redis_down_the_job_runs_here_instead_of_being_lost(app, tmp_path, caplog):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    target = tmp_path / "done.txt"
    assert jobs.enqueue(record, str(target), "fallback") is None
    assert lines(target) == ["fallback"]
    assert "The job queue did not answer" in caplog.text


def test_after_redis_failed_jobs_run_here_at_once_then_redis_is_tried_again(queued, tmp_path, monkeypatch):
    target = tmp_path / "done.txt"
    queued.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    jobs.enqueue(record, str(target), "first")
    queued.extensions.pop("jobs_redis")  # the client for the dead address
    queued.config["REDIS_URL"] = REDIS_URL  # Redis answers again
    assert jobs.enqueue(record, str(target), "second") is None  # not even tried: Redis just failed
    assert lines(target) == ["first", "second"] and jobs.queue_depth() == 0
    monkeypatch.setattr(jobs, "REDIS_RETRY_SECONDS", 0)
    queued.extensions["jobs_redis_down_until"] = 0
    assert jobs.enqueue(record, str(target), "third") is not None  # Redis is back: queued again


def test_a_failing_job_in_this_process_is_logged_not_raised(app, caplog):
    assert jobs.run_now(app, record, ("/nonexistent-folder/x/y.txt", "no")) is False
    assert "Job tests.jobs.test_queue.record failed" in caplog.text


def test_a_failing_job_on_the_queue_is_kept_for_a_retry(queued, work):
    job = jobs.enqueue(record, "/nonexistent-folder/x/y.txt", "no")
    work()
    job.refresh()
    assert job.retries_left == len(jobs.RETRY_INTERVALS) - 1
    assert job.get_status() == "scheduled"  # back on the queue after its first backoff


def test_periodic_jobs_are_declared_by_their_owners():
    names = {job.name for job in jobs.periodic_jobs()}
    assert {"email-retry", "search-drain", "search-extract", "search-alerts"} <= names
    assert {"event-reminders", "event-feedback-requests", "event-purge-personal-data"} <= names
    assert {"content-review-reminders", "email-purge-sent"} <= names
    for job in jobs.periodic_jobs():
        assert callable(jobs.resolve(job.path))


def test_one_worker_schedules_the_periodic_jobs_and_a_second_stands_by(queued):
    first, second = jobs.make_cron(queued, name="first"), jobs.make_cron(queued, name="second")
    every = {job.name for job in jobs.periodic_jobs() if job.interval}

    assert set(jobs.cron_tick(queued, first)) == every  # interval jobs are due at once
    assert jobs.cron_tick(queued, second) == []
    assert jobs.queue_depth() == len(every)
    assert jobs.cron_tick(queued, first) == []  # not due again yet


def test_worker_command_without_redis_explains_itself(runner):
    result = runner.invoke(args=["worker"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output


def test_run_periodic_runs_each_job_once_here(runner):
    result = runner.invoke(args=["jobs", "run-periodic", "email-retry", "search-drain"])
    assert result.exit_code == 0, result.output
    assert "email-retry: done" in result.output and "search-drain: done" in result.output


def test_run_periodic_refuses_an_unknown_name(runner):
    result = runner.invoke(args=["jobs", "run-periodic", "no-such-job"])
    assert result.exit_code != 0 and "No periodic job called no-such-job" in result.output


def test_jobs_list_names_the_schedule(runner):
    result = runner.invoke(args=["jobs", "list"])
    assert "event-reminders" in result.output and "jobs run in the web process" in result.output


def test_redis_url_is_the_default_store_of_limits_and_cache(tmp_path):
    url = "redis://127.0.0.1:6379/13"
    paths = {"SEARCH_INDEX_DIR": str(tmp_path / "ix"), "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    shared = create_app(TestingConfig, overrides={"REDIS_URL": url, **paths})
    assert shared.config["RATELIMIT_STORAGE_URI"] == url and shared.config["CACHE_REDIS_URL"] == url
    assert shared.config["CACHE_TYPE"] == "RedisCache"
    own = create_app(
        TestingConfig,
        overrides={"REDIS_URL": url, "RATELIMIT_STORAGE_URI": "memory://", "CACHE_REDIS_URL": "", **paths},
    )
    assert own.config["RATELIMIT_STORAGE_URI"] == "memory://"
    alone = create_app(TestingConfig, overrides=paths)
    assert alone.config["RATELIMIT_STORAGE_URI"] == "memory://" and not alone.config["CACHE_REDIS_URL"]


def test_worker_command_runs_the_queue(queued, tmp_path):
    target = tmp_path / "done.txt"
    jobs.enqueue(record, str(target), "from the command")
    result = queued.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert "Worker for queue 'ohwb'" in result.output and "event-reminders" in result.output
    assert lines(target) == ["from the command"] and jobs.queue_depth() == 0


def test_rate_limits_fall_back_to_memory_when_redis_is_down(make_app, make_user):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0", RATELIMIT_STORAGE_URI=None, LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        user = make_user()
        client = app.test_client()
        statuses = [
            client.post("/auth/login", data={"email": user.email, "password": "wrong password!"}).status_code
            for _ in range(5)
        ]
    assert statuses == [400, 400, 400, 429, 429]  # still limited, per process, while Redis is away


def test_pages_are_served_from_the_database_when_the_cache_redis_is_down(make_app, caplog):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0", REDIS_TIMEOUT=0.5)
    with app.app_context():
        response = app.test_client().get("/")
    assert response.status_code == 200 and "OHWB Exchange" in response.get_data(as_text=True)
    assert "The cache did not answer" in caplog.text


def test_a_worker_started_while_redis_is_down_waits_for_it(queued, monkeypatch, caplog):
    from redis import Redis

    answering = jobs.connection(queued)
    queued.extensions["jobs_redis"] = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    naps = []

    def nap(seconds):
        naps.append(seconds)
        if len(naps) == 2:
            queued.extensions["jobs_redis"] = answering  # Redis is back

    monkeypatch.setattr(jobs.time, "sleep", nap)
    jobs.wait_for_redis(queued)
    assert naps == [1, 2]
    assert caplog.text.count("the worker waits for it") == 2


def test_a_worker_that_lost_redis_starts_again_until_asked_to_stop(queued, monkeypatch, caplog):
    from redis.exceptions import ConnectionError as RedisConnectionError

    made = []

    class Worker:
        name = "fake"

        def __init__(self):
            made.append(self)
            # RQ's work() returns when Redis stops answering; the third worker is asked to stop.
            self.asked_to_stop = len(made) == 3

        def work(self, **options):
            if len(made) == 2:  # RQ's clean-up on the way out failed on the dead Redis
                raise RedisConnectionError("Connection refused")
            return False

    monkeypatch.setattr(jobs, "make_worker", lambda app: Worker())
    monkeypatch.setattr(jobs.time, "sleep", lambda seconds: None)
    jobs.run_worker(queued, with_cron=False)
    assert len(made) == 3
    assert caplog.text.count("the worker waits for it and starts again") == 2


def test_a_worker_asked_to_stop_while_it_waits_for_redis_stops(queued, monkeypatch):
    from rq.exceptions import StopRequested

    made = []

    class Worker:
        name, asked_to_stop = "fake", False

        def __init__(self):
            made.append(self)

        def work(self, **options):
            return False  # Redis stopped answering

    def stop_requested(seconds):
        raise StopRequested()  # what RQ's SIGTERM handler, still installed, raises

    monkeypatch.setattr(jobs, "make_worker", lambda app: Worker())
    monkeypatch.setattr(jobs.time, "sleep", stop_requested)
    jobs.run_worker(queued, with_cron=False)
    assert len(made) == 1
