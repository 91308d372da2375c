"""Production mode as separate processes on this machine, for the scale-out test and bench/faults.py.

`Cluster` runs app servers (gunicorn, FLASK_CONFIG=production) and job workers (`flask worker`)
on one PostgreSQL database and one Redis database, with one upload folder, one search index
folder and one SECRET_KEY, as several servers behind a load balancer would. `Browser` is a
cookie-keeping HTTP client that reads each form's CSRF token, so it goes through the same
checks a member's browser does. `Mailbox` is an SMTP server (aiosmtpd) that keeps what it gets.
"""

import asyncio
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from email import message_from_bytes
from email.policy import default as default_policy
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "scale-out-password-2026"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def free_port(low=8400, high=8499):
    """A loopback port in this helper's range (84xx) that nothing listens on."""
    for port in range(low, high + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port between {low} and {high}")


def wait_for(check, timeout, interval=0.05):
    """Call `check` until it returns something true; that value, or None after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


# -- the database ----------------------------------------------------------------------------


def create_database(server_url, prefix="faults_scaleout"):
    """A new empty database on the server of `server_url`; its URL (postgresql+psycopg://…)."""
    url = make_url(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**_server(url), autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)


def drop_database(database_url):
    url = make_url(database_url)
    with psycopg.connect(**_server(url), autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(url.database)))


def _server(url):
    params = {"host": url.host or "127.0.0.1", "port": url.port or 5432, "user": url.username, "dbname": "postgres"}
    if url.password:
        params["password"] = url.password
    return params


def connect(database_url):
    """A plain psycopg connection (autocommit) to read what the servers wrote."""
    url = make_url(database_url)
    return psycopg.connect(**{**_server(url), "dbname": url.database}, autocommit=True, connect_timeout=5)


def add_people(database_url, env, people):
    """Verified accounts with PASSWORD, written through the app's own models."""
    from app import create_app
    from app.auth.models import User
    from app.extensions import db
    from app.models_base import utcnow
    from config import TestingConfig

    app = create_app(
        TestingConfig,
        overrides={
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": env["SEARCH_INDEX_DIR"],
            "UPLOAD_FOLDER": env["UPLOAD_DIR"],
            "OUTBOX_DIR": env["OUTBOX_DIR"],
        },
    )
    with app.app_context():
        for email, role in people:
            user = User(email=email, name=re.sub(r"@.*", "", email).title(), organisation="Test NHS Trust")
            user.job_role, user.role, user.email_verified_at = "OH nurse", role, utcnow()
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
        db.engine.dispose()


def term_ids(database_url):
    """Ids of a sector, region, topic and framework element, for the case study form."""
    with connect(database_url) as conn:

        def one(query, *args):
            return str(conn.execute(query, args).fetchone()[0])

        return {
            "sector": one("SELECT id FROM taxonomy_term WHERE vocabulary = 'sector' AND slug = 'acute'"),
            "region": one("SELECT id FROM region WHERE slug = 'london'"),
            "topics": [one("SELECT id FROM taxonomy_term WHERE vocabulary = 'topic' AND slug = 'menopause'")],
            "elements": [
                one(
                    "SELECT id FROM taxonomy_term WHERE vocabulary = 'framework_element' AND slug = %s",
                    "managers-and-leaders",
                )
            ],
        }


def case_study_form(title, ids, **fields):
    """What the new case study form sends, with vocabulary ids from `term_ids`."""
    return {
        "title": title,
        "summary": "Night porters got a clinic at 3 am and stayed in work.",
        "context": "Porters on nights could not reach daytime occupational health.",
        "approach": "A nurse-led clinic once a week at 3 am.",
        "outcomes": "Absence fell by a third.",
        "organisation": "Test NHS Trust",
        "ics": "None",
        "visibility": "public",
        "measures-0-metric": "Sickness absence",
        "measures-0-baseline": "6",
        "measures-0-result": "4",
        **ids,
        **fields,
    }


def resource_form(title, ids):
    """What the new resource form sends (the file goes separately), with ids from `term_ids`."""
    return {
        "title": title,
        "summary": "A passport staff fill in once and share with any manager.",
        "resource_type": "template",
        "description": "Use it in one-to-ones.",
        "licence": "adapt-credit",
        "reuse_terms": "Free to adapt with credit",
        "audience": "Line managers",
        "visibility": "members",
        "region": "None",
        "topics": ids["topics"],
        "sectors": [ids["sector"]],
    }


# -- processes -------------------------------------------------------------------------------


class Cluster:
    """App servers and job workers sharing one database, Redis, upload folder and index folder."""

    def __init__(self, workdir, database_url, redis_url, smtp_port=None, **settings):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "FLASK_CONFIG": "production",
            "SECRET_KEY": "scale-out-" + uuid.uuid4().hex * 2,
            "SESSION_COOKIE_SECURE": "0",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "UPLOAD_DIR": str(self.workdir / "uploads"),
            "SEARCH_INDEX_DIR": str(self.workdir / "search_index"),
            "OUTBOX_DIR": str(self.workdir / "outbox"),
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
        }
        if smtp_port:
            self.env.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_port))
        self.env.update({key: str(value) for key, value in settings.items()})
        self.env.pop("TEST_DATABASE_URL", None)
        self.web = {}  # port -> Popen
        self.workers = []

    def flask(self, *args, check=True, timeout=120):
        """Run a `flask --app wsgi …` command with the cluster's settings; its CompletedProcess."""
        done = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def migrate(self):
        self.flask("db", "upgrade")
        self.flask("search", "reindex")  # makes the index folder before several processes open it

    def _log(self, name):
        return open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 (the process owns it)

    def start_web(self, port=None, workers=2, timeout=30):
        """A gunicorn app server; returns its base URL once /healthz answers."""
        port = port or free_port()
        log = self._log(f"web-{port}")
        self.web[port] = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "30"]
            # No control socket: its default path is one per user, which every gunicorn on the machine would share.
            + ["--graceful-timeout", "5", "--no-control-socket", "wsgi:app"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        if not wait_for(lambda: _answers(base + "/healthz"), timeout, interval=0.2):
            raise RuntimeError(f"The app server on port {port} did not start; see {self.workdir}/web-{port}.log")
        return base

    def start_worker(self, *args):
        log = self._log(f"worker-{len(self.workers)}")
        process = subprocess.Popen(
            [str(BIN / "flask"), "--app", "wsgi", "worker", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its group holds RQ's scheduler child too, for stop()
        )
        self.workers.append(process)
        return process

    def web_workers(self, port):
        """The pids of the gunicorn workers (children of the master) of the server on `port`."""
        master = self.web[port].pid
        children = Path(f"/proc/{master}/task/{master}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self):
        """Stop every process this cluster started, with its children (a worker's RQ scheduler
        outlives a worker killed by a fault check): each was started in a process group of its own."""
        processes = [*self.web.values(), *self.workers]
        for process in processes:
            _signal_group(process, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
            _signal_group(process, signal.SIGKILL)
            process.wait()
        self.web.clear()
        self.workers.clear()


def _signal_group(process, signum):
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass  # the group is gone already


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback, http only)
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


# -- HTTP ------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.text = status, headers, body

    @property
    def location(self):
        return self.headers.get("Location", "")


class Browser:
    """One visitor: a cookie jar shared across servers (as behind a load balancer), no redirects
    followed, and the CSRF token read from the page a form is on."""

    def __init__(self, timeout=15):
        self.timeout = timeout
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect)

    def request(self, url, data=None, files=None):
        """GET, or POST `data` (and `files`: {field: (filename, bytes)}); status 0 when the
        connection failed or was cut (a killed server process)."""
        headers, body = {}, None
        if files:
            boundary = uuid.uuid4().hex
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            body = _multipart(boundary, data or {}, files)
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 (loopback)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return Response(response.status, response.headers, response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read().decode("utf-8", "replace"))
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            return Response(0, {}, f"{type(error).__name__}: {error}")

    def get(self, url):
        return self.request(url)

    def submit(self, url, data, form_page=None, files=None):
        """POST `data` to `url` with the CSRF token from `form_page` (default: `url` itself);
        status 0 when the form page itself could not be fetched."""
        page = self.get(form_page or url)
        match = _CSRF.search(page.text)
        if not match:
            if page.status != 200:
                return page
            raise AssertionError(f"No CSRF token on {form_page or url}")
        return self.request(url, {**data, "csrf_token": match.group(1) or match.group(2)}, files=files)

    def sign_in(self, base, email, password=PASSWORD):
        return self.submit(base + "/auth/login", {"email": email, "password": password})


def _multipart(boundary, data, files):
    parts = []
    for name, values in data.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


# -- email -----------------------------------------------------------------------------------


class Mailbox:
    """An SMTP server on a loopback port that keeps every message it accepts. `stall` seconds
    makes it wait before accepting a recipient (`stalled` is set then), to catch a sender mid-send."""

    def __init__(self, port=None):
        self.messages = []
        self.port = port or free_port()
        self.controller = None
        self.stall = 0
        self.stalled = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's hook)
        if self.stall:
            self.stalled.set()
            await asyncio.sleep(self.stall)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def about(self, words):
        return [m for m in self.messages if words in str(m["Subject"])]
