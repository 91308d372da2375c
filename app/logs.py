"""Log lines: plain text on a laptop, one JSON object per line in production (LOG_FORMAT=json).

Every request gets an id: the caller's X-Request-ID when it is a plain token (a load balancer
or reverse proxy usually sets one), a new random one otherwise. It is echoed in the response's
X-Request-ID header and carried by every log line written while the request runs (and a
job's id by every line written while a background job runs), so one
request can be followed across the proxy's, the app's and the database's logs. In JSON mode
each request also writes one summary line (method, path, status, duration; never the query
string, which can hold personal data or tokens).
"""

import contextlib
import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from flask import g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")
_PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
access_log = logging.getLogger("ohwb.request")
_JOB_ID = contextvars.ContextVar("log_job_id", default=None)


@contextlib.contextmanager
def job_context(job_id):
    """Log lines written while a background job runs carry its id (as `job_id`)."""
    token = _JOB_ID.set(job_id)
    try:
        yield
    finally:
        _JOB_ID.reset(token)


def current_request_id():
    """The id of the request being served, or None outside a request."""
    if has_request_context():
        return g.get("request_id")
    return None


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request_id, exception."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            entry["request_id"] = request_id
        job_id = _JOB_ID.get()
        if job_id:
            entry["job_id"] = job_id
        for key in ("method", "path", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def init_logging(app):
    """Log to stderr at INFO (so emails written to the outbox show up in the console); in JSON
    when LOG_FORMAT=json; and give every request an id."""
    json_lines = app.config.get("LOG_FORMAT", "text") == "json"
    root = logging.getLogger()
    if json_lines:
        if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
            for handler in list(root.handlers):
                if type(handler) is logging.StreamHandler:  # basicConfig's; pytest's stay as they are
                    root.removeHandler(handler)
            handler = logging.StreamHandler()
            handler.setFormatter(JsonFormatter())
            root.addHandler(handler)
        root.setLevel(logging.INFO)
    elif not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format=_PLAIN_FORMAT)
    app.logger.setLevel(logging.INFO)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    app.before_request(_start_request)
    app.after_request(_finish_request)
    app.extensions["json_logs"] = json_lines


def _start_request():
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if _VALID_ID.match(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish_request(response):
    request_id = g.get("request_id")
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    from flask import current_app

    if current_app.extensions.get("json_logs") and request.endpoint not in ("static", "main.nhsuk_assets"):
        started = g.get("request_started")
        duration = round((time.perf_counter() - started) * 1000, 1) if started else None
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration,
            },
        )
    return response
