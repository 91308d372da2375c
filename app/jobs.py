"""Background jobs: on Redis with RQ when REDIS_URL is set, in this process otherwise.

`enqueue(func, *args, **kwargs)` names a job by its function (a module-level function, or its
dotted path such as "app.search.index_service.drain_outbox"). With REDIS_URL set, the job goes
to the "ohwb" RQ queue and a `flask worker` process runs it, retrying with backoff when it
raises; without it (the embedded default, `make run`), or when Redis does not answer, the job
runs at once in this process, in its own app context and database session, as the work did
before there was a queue. Every job function is therefore idempotent and safe to run twice.

Periodic jobs (reminders, feedback requests, search alerts, retries of unsent email, a
safety-net drain of the search outbox) are declared with `periodic(...)` by the package that
owns them. `flask worker` schedules them with RQ's cron scheduler, and only one worker at a
time does so (a short-lived leader key in Redis), so two workers never double the schedule.
Without Redis, `flask jobs run-periodic` (from cron) runs each of them once.

Why RQ rather than Dramatiq or Celery: see README.md ("Background jobs").
"""

import importlib
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from app.extensions import db
from app.logs import job_context

log = logging.getLogger("ohwb.jobs")

QUEUE_NAME = "ohwb"
# Seconds between attempts of a job that raised; then it stays in RQ's failed registry.
RETRY_INTERVALS = (10, 30, 120, 600, 1800)
# After Redis failed to take a job, jobs run in this process for this long before trying it again.
REDIS_RETRY_SECONDS = 5
_LEADER_KEY = "ohwb:jobs:cron-leader"
_LEADER_SECONDS = 60


@dataclass(frozen=True)
class Periodic:
    """A job run on a schedule: every `interval` seconds, or at a `cron` expression (UTC)."""

    name: str
    path: str
    interval: int | None = None
    cron: str | None = None


_PERIODIC: dict[str, Periodic] = {}


def path_of(func):
    """The dotted import path of a job function (or the path itself, when given one)."""
    if isinstance(func, str):
        return func.replace(":", ".")
    if "<" in func.__qualname__ or "." in func.__qualname__:
        raise ValueError(f"{func!r} is not a module-level function, so a worker could not import it")
    return f"{func.__module__}.{func.__qualname__}"


def resolve(path):
    """The function a dotted path names."""
    module, _, name = path_of(path).rpartition(".")
    return getattr(importlib.import_module(module), name)


def periodic(name, func, interval=None, cron=None):
    """Declare a periodic job (idempotent: declaring the same name again replaces it)."""
    if (interval is None) == (cron is None):
        raise ValueError("A periodic job needs exactly one of interval or cron")
    _PERIODIC[name] = Periodic(name, path_of(func), interval, cron)


def periodic_jobs():
    return sorted(_PERIODIC.values(), key=lambda job: job.name)


# -- where jobs go ---------------------------------------------------------------------------


def redis_url(app=None):
    return (app or current_app).config.get("REDIS_URL") or None


def using_redis(app=None):
    return redis_url(app) is not None


def connection(app=None):
    """This app's Redis client for the queue (one per app, made on first use)."""
    app = app or current_app
    client = app.extensions.get("jobs_redis")
    if client is None:
        from redis import Redis

        timeout = app.config.get("REDIS_TIMEOUT", 2.0)
        client = Redis.from_url(redis_url(app), socket_connect_timeout=timeout, socket_timeout=timeout)
        app.extensions["jobs_redis"] = client
    return client


def queue(app=None):
    from rq import Queue

    return Queue(QUEUE_NAME, connection=connection(app))


def enqueue(func, *args, job_id=None, **kwargs):
    """Run `func(*args, **kwargs)` in the background: on the queue, or now in this process.

    Returns the RQ job, or None when the job ran in this process. Never raises because the
    queue is down: the job then runs here instead, so nothing waits on a dead Redis.
    """
    from redis.exceptions import RedisError
    from rq import Retry

    app = current_app._get_current_object()
    path = path_of(func)
    if using_redis(app) and time.monotonic() >= app.extensions.get("jobs_redis_down_until", 0):
        try:
            return queue(app).enqueue(
                path,
                args=args,
                kwargs=kwargs,
                job_id=job_id,
                retry=Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS)),
                job_timeout=app.config.get("JOB_TIMEOUT", 600),
                result_ttl=300,
                failure_ttl=7 * 24 * 3600,
            )
        except RedisError:
            log.warning("The job queue did not answer; running %s in this process", path, exc_info=True)
            # For a few seconds, do not wait on a dead Redis again: run jobs here at once.
            app.extensions["jobs_redis_down_until"] = time.monotonic() + REDIS_RETRY_SECONDS
    run_now(app, path, args, kwargs)
    return None


def run_now(app, func, args=(), kwargs=None):
    """Run a job in this process, in its own app context and session; True when it succeeded.

    A failure is logged, never raised: the job's own records (an unsent email row, an outbox
    row) keep what it did not finish, and a later run finishes it.
    """
    path = path_of(func)
    with app.app_context():
        try:
            resolve(path)(*args, **(kwargs or {}))
            return True
        except Exception:  # the job's records stay for its next run; the reason goes to the log
            log.exception("Job %s failed", path)
            db.session.rollback()
            return False
        finally:
            db.session.remove()


def queue_depth(app=None):
    """How many jobs wait on the queue (0 in the embedded mode, where nothing waits)."""
    if not using_redis(app):
        return 0
    return queue(app).count


def worker_count(app=None):
    """How many workers listen on the queue now (RQ's registry of live workers)."""
    from rq import Worker

    return Worker.count(queue=queue(app))


# -- the worker ------------------------------------------------------------------------------


def make_worker(app, name=None):
    """An RQ worker that runs each job in its own app context and database session.

    It is RQ's SimpleWorker (jobs run in the worker process, not a fork per job): a fork would
    inherit the parent's database connections, and the one heavy job, reading the text of an
    uploaded file, already runs in a confined child process of its own.
    """
    from rq import SimpleWorker

    class AppWorker(SimpleWorker):
        asked_to_stop = False  # by SIGTERM or SIGINT, as opposed to RQ quitting on a lost Redis

        def request_stop(self, signum, frame):
            self.asked_to_stop = True
            return super().request_stop(signum, frame)

        def execute_job(self, job, queue):
            with app.app_context(), job_context(job.id):
                try:
                    return super().execute_job(job, queue)
                finally:
                    db.session.remove()

    name = name or f"{socket.gethostname()}.{os.getpid()}.{uuid.uuid4().hex[:6]}"
    maintenance = app.config.get("JOB_MAINTENANCE_SECONDS", 60)
    return AppWorker([queue(app)], connection=connection(app), name=name, maintenance_interval=maintenance)


def make_cron(app, name=None):
    """RQ's cron scheduler with every declared periodic job registered."""
    from rq.cron import CronScheduler

    scheduler = CronScheduler(connection=connection(app), name=name or "")
    for job in periodic_jobs():
        scheduler.register(resolve(job.path), QUEUE_NAME, interval=job.interval, cron=job.cron, name=job.name)
    return scheduler


def _lead(client, name):
    """True while this scheduler holds (or takes) the leader key: one scheduler at a time."""
    if client.set(_LEADER_KEY, name, nx=True, ex=_LEADER_SECONDS):
        return True
    holder = client.get(_LEADER_KEY)
    if holder is not None and holder.decode() == name:
        client.expire(_LEADER_KEY, _LEADER_SECONDS)
        return True
    return False


def cron_tick(app, scheduler):
    """Enqueue the periodic jobs that are due, if this scheduler leads; returns their names."""
    if not _lead(connection(app), scheduler.name):
        return []
    return [job.name for job in scheduler.enqueue_jobs()]


def _cron_loop(app, scheduler, stop):
    from redis.exceptions import RedisError

    while not stop.is_set():
        try:
            cron_tick(app, scheduler)
            wait = min(max(scheduler.calculate_sleep_interval(), 1), _LEADER_SECONDS / 3)
        except RedisError:
            log.warning("The job queue did not answer; periodic jobs wait", exc_info=True)
            wait = 5
        stop.wait(wait)


def wait_for_redis(app):
    """Return once Redis answers, trying again after 1, 2, 4 … 30 s: a worker started while Redis
    is down (a reboot, a failover) waits for it rather than exiting."""
    from redis.exceptions import RedisError

    delay = 1
    while True:
        try:
            connection(app).ping()
            return
        except RedisError as error:
            log.warning("The job queue did not answer (%s); the worker waits for it, next try in %d s", error, delay)
        time.sleep(delay)
        delay = min(delay * 2, 30)


def run_worker(app, burst=False, with_cron=True):
    """Process jobs until stopped (or, with `burst`, until the queue is empty)."""
    from redis.exceptions import RedisError
    from rq.exceptions import StopRequested

    wait_for_redis(app)
    worker = make_worker(app)
    stop = threading.Event()
    thread = None
    if with_cron and not burst:
        scheduler = make_cron(app, name=worker.name)
        thread = threading.Thread(target=_cron_loop, args=(app, scheduler, stop), name="ohwb-cron", daemon=True)
        thread.start()
    try:
        while True:
            try:
                # with_scheduler: RQ's own scheduler moves retried jobs back onto the queue when due.
                worker.work(burst=burst, with_scheduler=True, logging_level="INFO")
            except RedisError:  # RQ's own clean-up on the way out can fail on the dead Redis too
                if burst or worker.asked_to_stop:
                    raise
            else:
                if burst or worker.asked_to_stop:
                    break
            # RQ quits when Redis stops answering; this worker waits for it and starts again.
            log.warning("The job queue stopped answering; the worker waits for it and starts again")
            try:
                time.sleep(1)
                wait_for_redis(app)
            except StopRequested:  # SIGTERM while waiting: RQ's handler is still in place
                break
            worker = make_worker(app)
    finally:
        stop.set()
        if thread is not None:
            thread.join(timeout=5)
    return worker


# -- commands --------------------------------------------------------------------------------


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop.")
@click.option("--no-cron", is_flag=True, help="Do not schedule the periodic jobs from this worker.")
@with_appcontext
def worker_command(burst, no_cron):
    """Run background jobs from Redis (REDIS_URL) and schedule the periodic ones."""
    app = current_app._get_current_object()
    if not using_redis(app):
        raise click.UsageError(
            "REDIS_URL is not set, so jobs run inside the web process and no worker is needed. "
            "Run `flask jobs run-periodic` from cron for the periodic jobs."
        )
    click.echo(f"Worker for queue {QUEUE_NAME!r}; periodic jobs: " + ", ".join(j.name for j in periodic_jobs()))
    run_worker(app, burst=burst, with_cron=not no_cron)


jobs_cli = AppGroup("jobs", help="Background jobs: the periodic ones and the queue.")


@jobs_cli.command("run-periodic")
@click.argument("names", nargs=-1)
def run_periodic_command(names):
    """Run every periodic job (or those NAMED) once, here: for cron without a worker."""
    app = current_app._get_current_object()
    known = {job.name: job for job in periodic_jobs()}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise click.BadParameter(f"No periodic job called {', '.join(unknown)}. Known: {', '.join(known)}")
    failed = 0
    for name in names or known:
        ok = run_now(app, known[name].path)
        failed += not ok
        click.echo(f"{name}: {'done' if ok else 'failed (see the log)'}")
    if failed:
        raise SystemExit(1)


@jobs_cli.command("list")
def list_command():
    """The periodic jobs and their schedules, and how many jobs wait on the queue."""
    for job in periodic_jobs():
        when = f"every {job.interval} s" if job.interval else f"cron {job.cron!r}"
        click.echo(f"{job.name}: {job.path} ({when})")
    if using_redis():
        click.echo(f"Waiting on the queue: {queue_depth()}")
    else:
        click.echo("REDIS_URL is not set: jobs run in the web process.")
