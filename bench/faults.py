"""Fault checks for production mode (issue 14); results are summarised in docs/RELIABILITY.md.

Usage: .venv/bin/python bench/faults.py [CHECK ...] [--smtp-down SECONDS]
Checks: web-kill, job-kill, pg-restart, redis-down, smtp-down, uploads (default: all).

Each check runs the app as in production (gunicorn, FLASK_CONFIG=production, a `flask worker`)
on a throw-away PostgreSQL cluster (port 8432) and redis-server (port 8479) of its own, which it
may stop and restart; the machine's shared PostgreSQL and Redis are never touched. Email goes to
an SMTP server in this process. Each check prints what it did, its numbers and PASS or FAIL;
the exit status is 1 if any failed.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from fault_stack import OwnPostgres, OwnRedis  # noqa: E402

from tests.scaleout.cluster import (  # noqa: E402
    Browser,
    Cluster,
    Mailbox,
    add_people,
    case_study_form,
    connect,
    create_database,
    resource_form,
    term_ids,
    wait_for,
)

MEMBERS = [(f"member{n}@nhs.net", "member") for n in range(4)] + [("moderator@nhs.net", "moderator")]
UNAVAILABLE = "Sorry, the service is unavailable"
UPLOAD_REFUSED = "The file could not be saved because of a problem on our side. Try again later"


class Faults:
    """The throw-away servers shared by the checks, and one cluster per check on its own database."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.pg = OwnPostgres(self.workdir / "postgres").create()
        self.redis = OwnRedis().start()
        self.mail = Mailbox().start()
        self.cluster = None

    def start(self, name, web_workers=2, **settings):
        """A migrated database with members, one app server and one job worker."""
        self.stop_cluster()
        self.redis.flush()
        self.mail.messages.clear()
        database = create_database(self.pg.url, prefix=f"faults_{name.replace('-', '_')}")
        settings = {"LOGIN_RATE_LIMIT": "1000 per minute", "EMAIL_RATE_LIMIT": "1000 per minute", **settings}
        cluster = Cluster(self.workdir / name, database, self.redis.url, smtp_port=self.mail.port, **settings)
        cluster.migrate()
        add_people(database, cluster.env, MEMBERS)
        cluster.database = database
        cluster.a = cluster.start_web(workers=web_workers)
        cluster.start_worker()
        self.cluster = cluster
        return cluster

    def stop_cluster(self):
        if self.cluster is not None:
            self.cluster.stop()
            self.cluster = None

    def close(self):
        self.stop_cluster()
        self.mail.stop()
        self.redis.close()
        self.pg.close()


def scalar(database, query, *args):
    with connect(database) as conn:
        return conn.execute(query, args).fetchone()[0]


def column(database, query, *args):
    with connect(database) as conn:
        return {row[0] for row in conn.execute(query, args).fetchall()}


def register(browser, base, email):
    fields = {"name": "Fault Tester", "email": email, "organisation": "Test NHS Trust", "job_role": "OH nurse"}
    fields.update(password="fault-check-password-1", confirm="fault-check-password-1")  # noqa: S106
    return browser.submit(base + "/auth/register", fields).status


def search_is_clean(cluster, timeout=60):
    """Wait for the outbox to drain, then `flask search check`; (clean?, its last line)."""
    wait_for(lambda: scalar(cluster.database, "SELECT count(*) FROM search_outbox") == 0, timeout, interval=0.5)
    done = cluster.flask("search", "check", check=False)
    return done.returncode == 0, (done.stdout.strip().splitlines() or ["(no output)"])[-1]


def health_status(cluster):
    response = Browser().get(cluster.a + "/healthz")
    try:
        return json.loads(response.text)["status"]
    except (ValueError, KeyError):
        return f"HTTP {response.status}"


def report(name, ok, lines):
    print(f"\n== {name}: {'PASS' if ok else 'FAIL'}")
    for line in lines:
        print(f"   {line}")
    return ok


# -- the checks ------------------------------------------------------------------------------


def web_kill(faults, seconds=45, every=4.0):
    """SIGKILL a gunicorn worker every `every` s while members register and post drafts (a
    worker takes 1-2 s to start on this machine, so killing faster only measures start-up)."""
    cluster = faults.start("web-kill", web_workers=3)
    ids, stop, results, kills = term_ids(cluster.database), threading.Event(), [], []

    def registrar(i):
        browser, n = Browser(), 0
        while not stop.is_set():
            email = f"reg{i}-{n}@nhs.net"
            results.append(("register", email, register(browser, cluster.a, email)))
            n += 1

    def poster(i):
        browser, n = Browser(), 0
        while not stop.is_set():
            if browser.sign_in(cluster.a, f"member{i}@nhs.net").status != 302:
                continue
            while not stop.is_set():
                title = f"Fault check {i} {n} clinic"
                results.append(
                    ("post", title, browser.submit(cluster.a + "/case-studies/new", case_study_form(title, ids)).status)
                )
                n += 1

    def killer():
        while not stop.wait(every):
            pids = cluster.web_workers(int(cluster.a.rsplit(":", 1)[1]))
            if pids:
                os.kill(random.choice(pids), signal.SIGKILL)  # noqa: S311
                kills.append(time.monotonic())

    threads = [
        threading.Thread(target=f, args=(i,)) for f, i in ((registrar, 0), (registrar, 1), (poster, 0), (poster, 1))
    ]
    threads.append(threading.Thread(target=killer))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    acked = {
        kind: {key for k, key, status in results if k == kind and status in (200, 302)} for kind in ("register", "post")
    }
    failed = Counter(status for _, _, status in results if status not in (200, 302))
    users = column(cluster.database, "SELECT email FROM user_account WHERE email LIKE 'reg%%'")
    posts = column(cluster.database, "SELECT title FROM case_study")
    mailed = column(cluster.database, "SELECT recipient FROM outgoing_email")
    lost = (acked["register"] - users) | (acked["post"] - posts)
    half_made = users - mailed  # an account without its verification email
    clean, check_line = search_is_clean(cluster)
    return report(
        "SIGKILL web workers during registrations and posts",
        not lost and not half_made and clean and kills,
        [
            f"{len(kills)} workers killed in {seconds} s; {len(results)} requests, failed: {dict(failed) or 'none'}",
            f"acknowledged: {len(acked['register'])} registrations, {len(acked['post'])} posts; "
            f"in the database: {len(users)} accounts, {len(posts)} posts",
            f"lost (acknowledged, not in the database): {len(lost)}; accounts without their email: {len(half_made)}",
            f"committed but the client saw an error: {len(users - acked['register']) + len(posts - acked['post'])}",
            f"search check: {check_line}",
        ],
    )


def job_kill(faults):
    """SIGKILL the job worker while it is sending an email; a new worker runs the job again."""
    from redis import Redis
    from rq import Queue
    from rq.job import Job
    from rq.registry import StartedJobRegistry

    # Shortened for the check (production: JOB_TIMEOUT 600, MAIL_CLAIM_SECONDS 600, maintenance 60).
    cluster = faults.start("job-kill", JOB_TIMEOUT=10, JOB_MAINTENANCE_SECONDS=5, MAIL_CLAIM_SECONDS=20)
    client = Redis.from_url(faults.redis.url)
    faults.mail.stall, faults.mail.stalled = 8, threading.Event()
    assert register(Browser(), cluster.a, "victim@nhs.net") == 200
    if not faults.mail.stalled.wait(30):
        return report("SIGKILL the job worker mid-job", False, ["the worker never started sending"])
    running = StartedJobRegistry(queue=Queue("ohwb", connection=client)).get_job_ids()
    cluster.workers[0].send_signal(signal.SIGKILL)
    killed = time.monotonic()
    faults.mail.stall = 0
    cluster.start_worker()  # as systemd's Restart=always would
    delivered = wait_for(lambda: faults.mail.about("Confirm"), timeout=240, interval=0.5)
    took = time.monotonic() - killed
    statuses = {}
    for job_id in running:
        job = Job.fetch(job_id.split(":")[0], connection=client)
        wait_for(lambda job=job: job.get_status(refresh=True) == "finished", timeout=120, interval=1)
        statuses[job.func_name] = str(job.get_status(refresh=True).value)
    time.sleep(5)
    sent = faults.mail.about("Confirm")
    rows = scalar(cluster.database, "SELECT count(*) FROM outgoing_email WHERE sent_at IS NOT NULL")
    ok = bool(delivered) and len(sent) == 1 and rows == 1 and all(s == "finished" for s in statuses.values())
    return report(
        "SIGKILL the job worker mid-job",
        ok,
        [
            f"job in hand when killed: {', '.join(f'{n}, then {s}' for n, s in statuses.items()) or 'none found'}",
            f"the email reached the mail server {took:.0f} s after the kill (by the first run after the claim "
            f"expired: the periodic email retry or the killed job's own retry); copies received: {len(sent)}",
            "settings shortened for the check: JOB_TIMEOUT=10, JOB_MAINTENANCE_SECONDS=5, MAIL_CLAIM_SECONDS=20",
        ],
    )


def pg_restart(faults, down=5, after=15):
    """Stop PostgreSQL for `down` s under load, start it again; time until pages are served again."""
    cluster = faults.start("pg-restart")
    ids, stop, timeline = term_ids(cluster.database), threading.Event(), []

    def reader(path):
        browser = Browser()
        while not stop.is_set():
            response = browser.get(cluster.a + path)
            timeline.append((time.monotonic(), path, response.status, UNAVAILABLE in response.text))

    def poster():
        browser, n = Browser(), 0
        while not stop.is_set():
            if browser.sign_in(cluster.a, "member0@nhs.net").status != 302:
                time.sleep(0.2)
                continue
            title = f"Restart check {n} clinic"
            response = browser.submit(cluster.a + "/case-studies/new", case_study_form(title, ids))
            timeline.append((time.monotonic(), "post " + title, response.status, UNAVAILABLE in response.text))
            n += 1

    threads = [threading.Thread(target=reader, args=(p,)) for p in ("/case-studies/", "/search?q=clinic", "/")]
    threads.append(threading.Thread(target=poster))
    for thread in threads:
        thread.start()
    time.sleep(3)
    stopped = time.monotonic()
    faults.pg.stop("fast")
    time.sleep(down)
    faults.pg.start()
    back = time.monotonic()
    time.sleep(after)
    stop.set()
    for thread in threads:
        thread.join()
    during = [(status, page) for t, _, status, page in timeline if stopped <= t <= back]
    after_back = [(t, status) for t, _, status, _ in timeline if t > back]
    failing_after = [t for t, status in after_back if status != 200 and status != 302]
    recovered = (max(failing_after) - back) if failing_after else 0.0
    statuses = Counter(status for status, _ in during)
    styled = all(page for status, page in during if status == 503)
    acked = {path[5:] for _, path, status, _ in timeline if path.startswith("post ") and status == 302}
    lost = acked - column(cluster.database, "SELECT title FROM case_study")
    ok = 500 not in statuses and styled and recovered <= 10 and not lost and cluster.workers[0].poll() is None
    return report(
        "PostgreSQL restart under load",
        ok,
        [
            f"database down {back - stopped:.1f} s; answers while down: {dict(statuses)} (503s with the NHS page: {styled})",
            f"last failed request {recovered:.2f} s after the database answered again (target: within 10 s)",
            f"requests after it came back: {len(after_back)}, failed: {len(failing_after)}; posts acknowledged {len(acked)}, lost {len(lost)}",
            f"job worker still running: {cluster.workers[0].poll() is None}",
        ],
    )


def redis_down(faults):
    """Kill Redis under a running worker: pages, search, sign-in and publishing go on; jobs run in
    the web process; the worker waits for Redis and takes the queue up again."""
    from redis import Redis
    from rq import Queue, Worker

    cluster = faults.start("redis-down", LOGIN_RATE_LIMIT="5 per minute", REDIS_TIMEOUT=1)
    client = Redis.from_url(faults.redis.url)
    wait_for(lambda: Worker.count(queue=Queue("ohwb", connection=client)) > 0, timeout=60, interval=0.5)
    client.close()
    ids = term_ids(cluster.database)
    paths = ("/", "/case-studies/", "/search?q=clinic")
    before = timed_pages(cluster, paths)
    faults.redis.stop()
    first, then = timed_pages(cluster, paths), timed_pages(cluster, paths)
    author, moderator = Browser(), Browser()
    signed_in = [
        author.sign_in(cluster.a, "member0@nhs.net").status,
        moderator.sign_in(cluster.a, "moderator@nhs.net").status,
    ]
    title = "Redis outage clinic for porters"
    created = author.submit(cluster.a + "/case-studies/new", case_study_form(title, ids))
    slug = created.location.rstrip("/").rsplit("/", 1)[-1]
    author.submit(cluster.a + f"/case-studies/{slug}/submit", {}, form_page=cluster.a + f"/case-studies/{slug}")
    item = scalar(cluster.database, "SELECT id FROM case_study WHERE slug = %s", slug)
    publish = cluster.a + f"/moderation/case_study/{item}/publish"
    published = moderator.submit(publish, {}, form_page=publish).status
    found = wait_for(lambda: title in Browser().get(cluster.a + "/search?q=outage").text, timeout=5)
    mailed = wait_for(lambda: faults.mail.about("has been published"), timeout=10)
    health = health_status(cluster)
    guesses = [Browser().sign_in(cluster.a, "member1@nhs.net", "wrong-password!").status for _ in range(14)]
    worker_log = cluster.workdir / "worker-0.log"
    faults.redis.start()
    again = time.monotonic()
    healthy = wait_for(lambda: health_status(cluster) == "ok", timeout=60, interval=1)
    healthy_after = time.monotonic() - again
    time.sleep(6)  # past the web process's 5 s pause before it queues on Redis again
    register(Browser(), cluster.a, "after-redis@nhs.net")
    queued_mail = wait_for(lambda: faults.mail.about("Confirm"), timeout=60, interval=0.5)
    by_worker = "app.mail.deliver" in worker_log.read_text()
    unsent = scalar(cluster.database, "SELECT count(*) FROM outgoing_email WHERE sent_at IS NULL")
    clean, check_line = search_is_clean(cluster)
    alive = cluster.workers[0].poll() is None
    ok = {s for s, _ in first.values()} | {s for s, _ in then.values()} == {200} and signed_in == [302, 302]
    ok = ok and published == 302 and found and mailed and 429 in guesses and healthy and queued_mail
    ok = ok and by_worker and alive and unsent == 0 and clean
    return report(
        "Redis down",
        ok,
        [
            f"pages (status, seconds) with Redis: {before}",
            f"the same with Redis down, first time: {first}; again: {then}; health: {health}",
            f"sign-ins {signed_in}; published {published}; found by search: {bool(found)}; publish email sent in-process: {bool(mailed)}",
            f"14 wrong sign-ins (limit 5 a minute, counted per process while Redis is away): {dict(Counter(guesses))}",
            f"Redis back: health ok after {healthy_after:.1f} s; worker still running: {alive}; "
            f"next email sent by the worker: {bool(queued_mail) and by_worker}",
            f"unsent email: {unsent}; search check: {check_line}",
        ],
    )


def timed_pages(cluster, paths):
    timings = {}
    for path in paths:
        started = time.monotonic()
        status = Browser().get(cluster.a + path).status
        timings[path] = (status, round(time.monotonic() - started, 2))
    return timings


def smtp_down(faults, down=30, people=10):
    """Stop the mail server for `down` s while members register; every email arrives once afterwards."""
    cluster = faults.start("smtp-down", MAIL_RETRY_SECONDS=5)  # production: 60
    faults.mail.stop()
    started = time.monotonic()
    emails = [f"smtp{n}@nhs.net" for n in range(people)]
    statuses = [register(Browser(), cluster.a, email) for email in emails]
    time.sleep(max(0, down - (time.monotonic() - started)))
    faults.mail.start()
    back = time.monotonic()

    def received():
        got = Counter(str(m["To"]) for m in faults.mail.messages)
        return got if set(emails) <= set(got) else None

    arrived = wait_for(received, timeout=300, interval=1)
    took = time.monotonic() - back
    time.sleep(10)
    got = Counter(str(m["To"]) for m in faults.mail.messages)
    attempts = scalar(cluster.database, "SELECT max(attempts) FROM outgoing_email")
    ok = statuses == [200] * people and bool(arrived) and all(got[e] == 1 for e in emails)
    return report(
        "SMTP down",
        ok,
        [
            f"mail server down {back - started:.0f} s while {people} members registered (pages: {Counter(statuses)})",
            f"all {people} emails delivered {took:.0f} s after it came back; copies per address: {sorted(set(got.values()))}",
            f"most tries for one message: {attempts + 1} (MAIL_RETRY_SECONDS=5 for the check; production 60)",
        ],
    )


def uploads(faults):
    """Upload folder full (a 64 kB tmpfs), then read-only: a clear message, no record, no file."""
    if os.geteuid() != 0:
        return report("Upload folder full or read-only", False, ["needs root to mount a small tmpfs"])
    folder = faults.workdir / "small-uploads"
    folder.mkdir(exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], check=True)
    try:
        cluster = faults.start("uploads", UPLOAD_DIR=str(folder))
        ids, browser = term_ids(cluster.database), Browser()
        browser.sign_in(cluster.a, "member0@nhs.net")
        fields = resource_form("Passport template", ids)
        results = {}
        for case, content in (("full", b"staff wellbeing notes\n" * 20_000), ("read-only", b"staff wellbeing notes\n")):
            if case == "read-only":
                subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
            response = browser.submit(cluster.a + "/resources/new", fields, files={"file": ("notes.txt", content)})
            results[case] = (response.status, UPLOAD_REFUSED in response.text, sorted(p.name for p in folder.iterdir()))
        records = scalar(cluster.database, "SELECT count(*) FROM resource")
    finally:
        faults.stop_cluster()
        subprocess.run(["umount", str(folder)], check=False)
    ok = all(status in (400, 503) and said and not files for status, said, files in results.values()) and records == 0
    lines = [
        f"{case}: HTTP {s}, message shown: {said}, files left: {files or 'none'}"
        for case, (s, said, files) in results.items()
    ]
    return report("Upload folder full or read-only", ok, [*lines, f"resource records: {records}"])


CHECKS = {
    "web-kill": web_kill,
    "job-kill": job_kill,
    "pg-restart": pg_restart,
    "redis-down": redis_down,
    "smtp-down": smtp_down,
    "uploads": uploads,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checks", nargs="*", metavar="CHECK", help=", ".join(CHECKS))
    parser.add_argument("--smtp-down", type=int, default=30, help="seconds the mail server is down (issue: 300)")
    args = parser.parse_args()
    unknown = set(args.checks) - set(CHECKS)
    if unknown:
        parser.error(f"no check called {', '.join(sorted(unknown))}; known: {', '.join(CHECKS)}")
    workdir = Path(tempfile.mkdtemp(prefix="ohwb-faults-"))
    workdir.chmod(0o755)  # PostgreSQL runs as its own user and must reach its folder inside
    print(
        f"Fault checks on {os.uname().nodename}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    faults = Faults(workdir)
    results = {}
    try:
        for name in args.checks or CHECKS:
            started = time.monotonic()
            try:
                kwargs = {"down": args.smtp_down} if name == "smtp-down" else {}
                results[name] = bool(CHECKS[name](faults, **kwargs))
            except Exception as error:  # one broken check must not hide the others' results
                results[name] = report(name, False, [f"{type(error).__name__}: {error}", f"logs: {workdir / name}"])
            finally:
                faults.stop_cluster()
            print(f"   ({time.monotonic() - started:.0f} s)")
    finally:
        faults.close()
    print("\n" + ", ".join(f"{name}: {'PASS' if ok else 'FAIL'}" for name, ok in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
