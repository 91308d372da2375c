"""Home, static information pages and the health check."""

from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory
from sqlalchemy import text

from app.extensions import db
from app.search import search

bp = Blueprint("main", __name__, template_folder="templates")


@bp.route("/")
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
    """200 with JSON when the database and the search index answer, 503 when either does not."""
    checks = {"database": _database_ok(), "search_index": search.ping()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {k: "ok" if v else "failing" for k, v in checks.items()},
    }
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _database_ok():
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver failure means "not healthy"; the reason goes to the log
        db.session.rollback()
        current_app.logger.exception("Health check: database did not answer")
        return False
