"""Application factory: builds a configured OHWB Exchange app from small register_* steps."""

import os

from flask import Flask

from config import CONFIGS, INSTANCE_DIR


def create_app(config_class=None, overrides=None):
    """Build the app for `config_class` (default: the `FLASK_CONFIG` environment variable)."""
    if config_class is None:
        config_class = CONFIGS[os.environ.get("FLASK_CONFIG", "development")]
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=False)
    app.config.from_object(config_class)
    if overrides:
        app.config.update(overrides)
    config_class.init_app(app)
    app.config["MAX_CONTENT_LENGTH"] = (app.config["UPLOAD_MAX_MB"] + 1) * 1024 * 1024

    register_shared_state(app)
    register_logging(app)
    register_proxy(app)
    register_templates(app)  # first: extensions touch app.jinja_env, which fixes its options
    register_extensions(app)
    register_routing(app)  # before blueprints: their rules use the converters
    register_blueprints(app)
    register_page_cache(app)  # after every other before_request hook (rate limits, logs) is in place
    register_errorhandlers(app)
    register_security_headers(app)
    register_commands(app)
    return app


def register_proxy(app):
    """Behind TRUSTED_PROXY_COUNT reverse proxies, take the client's address, scheme, host and
    mount point from the headers those proxies set (Werkzeug's ProxyFix); with 0, ignore them."""
    count = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if count < 0:
        raise RuntimeError("TRUSTED_PROXY_COUNT must be 0 or more")
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count, x_prefix=count)


def register_logging(app):
    """Log to stderr at INFO (JSON lines when LOG_FORMAT=json), with an id for every request."""
    from app.logs import init_logging

    init_logging(app)


def register_shared_state(app):
    """With REDIS_URL set, rate limits and the cache live in that Redis too, unless their own
    settings say otherwise, so every app server counts and caches in one place."""
    redis_url = app.config.get("REDIS_URL")
    app.config["RATELIMIT_STORAGE_URI"] = app.config.get("RATELIMIT_STORAGE_URI") or redis_url or "memory://"
    app.config["CACHE_REDIS_URL"] = app.config.get("CACHE_REDIS_URL") or redis_url


def register_extensions(app):
    """Bind the unbound extension instances in app.extensions to this app."""
    from app import models  # noqa: F401  (every model must be imported before Alembic looks)
    from app.auth.session import init_login
    from app.cache import init_cache
    from app.extensions import csrf, db, enforce_foreign_keys, limiter, migrate
    from app.mail import mailer
    from app.search import search

    _connect_timeout(app)
    db.init_app(app)
    init_cache(app)
    with app.app_context():
        for engine in db.engines.values():
            enforce_foreign_keys(engine)
    migrate.init_app(
        app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    init_login(app)
    mailer.init_app(app)
    search.init_app(app)


def _connect_timeout(app):
    """PostgreSQL connections give up after DATABASE_CONNECT_TIMEOUT seconds (SQLite has none)."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        connect_args = {"connect_timeout": app.config["DATABASE_CONNECT_TIMEOUT"], **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}


def register_templates(app):
    """Make the NHS.UK frontend templates loadable; add the shared helpers and the page chrome."""
    from app.chrome import init_chrome
    from app.templating import init_templates

    init_templates(app)
    init_chrome(app)


def register_routing(app):
    """URL converters shared by every blueprint (`<id:...>` for database ids)."""
    from app.routing import init_routing

    init_routing(app)


def register_blueprints(app):
    """Attach one blueprint per feature, at the prefixes of the URL map in DESIGN.md."""
    from app.account import bp as account_bp
    from app.auth import bp as auth_bp
    from app.case_studies import bp as case_studies_bp
    from app.comments import bp as comments_bp
    from app.directory import bp as directory_bp
    from app.events import bp as events_bp
    from app.events import calendar_bp
    from app.following import bp as following_bp
    from app.inbox import bp as inbox_bp
    from app.main import bp as main_bp
    from app.moderation import bp as moderation_bp
    from app.notifications import bp as notifications_bp
    from app.publishing import bp as publishing_bp
    from app.resources import bp as resources_bp
    from app.saved import bp as saved_bp
    from app.search import bp as search_bp
    from app.spaces import bp as spaces_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(account_bp, url_prefix="/account")
    app.register_blueprint(case_studies_bp, url_prefix="/case-studies")
    app.register_blueprint(resources_bp, url_prefix="/resources")
    app.register_blueprint(comments_bp, url_prefix="/comments")
    app.register_blueprint(moderation_bp, url_prefix="/moderation")
    app.register_blueprint(publishing_bp, url_prefix="/feeds")
    app.register_blueprint(events_bp, url_prefix="/events")
    app.register_blueprint(calendar_bp)
    app.register_blueprint(directory_bp, url_prefix="/directory")
    app.register_blueprint(inbox_bp, url_prefix="/inbox")
    app.register_blueprint(search_bp)
    app.register_blueprint(saved_bp, url_prefix="/saved")
    app.register_blueprint(following_bp, url_prefix="/following")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(spaces_bp)  # /spaces/, /ask/, /threads/, /replies/


def register_page_cache(app):
    """Serve pages seen before by the same viewer, while nothing they show has changed."""
    from app.pagecache import init_page_cache

    init_page_cache(app)


def register_errorhandlers(app):
    """Friendly error pages in the site layout; no stack trace leaves the server."""
    from app.main.errors import init_errors

    init_errors(app)


def register_security_headers(app):
    """CSP, nosniff, referrer and framing headers on every response."""
    from app.security import init_security_headers

    init_security_headers(app)


def register_commands(app):
    """CLI: `flask users …`, `flask seed demo`, `flask search …`, `flask worker`, `flask jobs …`, `flask notify …`."""
    from app.auth.cli import users_cli
    from app.demo.cli import seed_cli
    from app.jobs import jobs_cli, worker_command
    from app.notifications.cli import notify_cli
    from app.publishing.cli import content_cli
    from app.search.cli import search_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(notify_cli)
