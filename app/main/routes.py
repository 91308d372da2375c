"""Home, static information pages and the health check."""

from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory
from sqlalchemy import text

from app import jobs
from app.extensions import db
from app.pagecache import cached_page
from app.search import search

bp = Blueprint("main", __name__, template_folder="templates")


@bp.route("/")
@cached_page()
def index():
    """Home: the search box and what is new. Features add their sections through `home_sections`."""
    return render_template("main/index.html")


@bp.route("/assets/<path:filename>")
def nhsuk_assets(filename):
    """NHS.UK frontend images and manifest; its compiled CSS refers to them under /assets/."""
    return send_from_directory(Path(current_app.static_folder) / "nhsuk" / "assets", filename, max_age=86400)


@bp.route("/accessibility")
def accessibility():
    """Accessibility statement."""
    return render_template("main/accessibility.html")


@bp.route("/privacy")
def privacy():
    """Privacy notice."""
    return render_template("main/privacy.html")


@bp.route("/healthz")
def healthz():
    """JSON for load balancers and monitoring: the database, the search index and backend, Redis
    and the job queue. 200 while pages can be served (Redis down only degrades: jobs then run
    in the web process); 503 when the database or the search index does not answer. It names
    no host, address or setting."""
    database, index = _database_ok(), search.ping()
    redis_state, queue = _queue_state()
    healthy = database and index
    checks = {"database": _word(database), "search_index": _word(index)}
    if redis_state is not None:
        checks["redis"] = redis_state
    # Degraded (still serving): Redis is down, or jobs wait and no worker is there to run them.
    stalled = bool(queue.get("depth")) and queue.get("workers") == 0
    status = "unavailable" if not healthy else ("degraded" if redis_state == "failing" or stalled else "ok")
    body = {
        "status": status,
        "checks": checks,
        "search_backend": search.backend_name,
        "queue": {"backend": "redis" if jobs.using_redis() else "in-process", **queue},
    }
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _word(ok):
    return "ok" if ok else "failing"


def _queue_state():
    """Redis's state ("ok", "failing", or None when not configured) and the queue's numbers."""
    if not jobs.using_redis():
        return None, {"depth": 0}
    try:
        return "ok", {"depth": jobs.queue_depth(), "workers": jobs.worker_count()}
    except Exception:  # any Redis failure means "failing"; the reason goes to the log
        current_app.logger.warning("Health check: Redis did not answer", exc_info=True)
        return "failing", {"depth": None, "workers": None}


def _database_ok():
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver failure means "not healthy"; the reason goes to the log
        db.session.rollback()
        current_app.logger.exception("Health check: database did not answer")
        return False
