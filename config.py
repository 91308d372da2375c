"""Configuration classes; every setting can be overridden from the environment.

`create_app()` picks a class by the `FLASK_CONFIG` variable (development, testing, production).
Secrets only ever come from the environment (or, for development, a key generated once into
`instance/`), never from this file.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name):
    return [part.strip().lower() for part in os.environ.get(name, "").split(",") if part.strip()]


def normalise_database_url(url):
    """Make `postgres://` and `postgresql://` URLs use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _development_secret_key():
    """A random key kept in instance/ so development sessions survive restarts."""
    path = INSTANCE_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


class Config:
    """Settings shared by every runtime mode."""

    SERVICE_NAME = "OHWB Exchange"
    # The NHS.UK Frutiger font from its own origin (added to the CSP font-src); off: Arial, no request.
    NHS_FONTS = _env_bool("NHS_FONTS")
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'ohwb.db'}")
    )
    # pool_pre_ping: a connection the database dropped (a restart, a failover) is noticed and
    # replaced before use, so the app recovers by itself once the database answers again.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Seconds to wait for a PostgreSQL connection before the page says the service is unavailable
    # (503), rather than a request hanging on a database that does not answer.
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    # Search backend: "whoosh" (an index folder on disk) or "postgres" (tables in the database,
    # app/search/pg/). Empty: PostgreSQL when the database is PostgreSQL, else Whoosh.
    SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "")
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(BASE_DIR / "search_index"))
    # How long a request waits for the Whoosh writer lock before leaving changes queued.
    SEARCH_WRITER_TIMEOUT = float(os.environ.get("SEARCH_WRITER_TIMEOUT", "3.0"))
    # Each process applies changes a dead process left queued at most this often (seconds).
    SEARCH_POLL_SECONDS = float(os.environ.get("SEARCH_POLL_SECONDS", "1.0"))
    # Uploaded files. With several app servers this must be one folder they all share (an NFS
    # or similar mount); UPLOAD_DIR is accepted as another name for it.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_DIR") or os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    UPLOAD_MAX_MB = int(os.environ.get("UPLOAD_MAX_MB", "25"))
    DIRECTORY_PHOTO_MAX_MB = int(os.environ.get("DIRECTORY_PHOTO_MAX_MB", "5"))
    # Hard limits on reading the text inside an uploaded file for search. Each file is read in
    # a child process with this much address space, CPU time and wall-clock time; ZIP packages
    # (DOCX, PPTX, XLSX, ODF) are refused before parsing when they would unzip to more than
    # the size, a large part compresses more than the ratio, or they hold more files than the
    # count; PDFs when over the page count or the bytes of page content; any file when its
    # text is over the character count. Such a file stays stored and downloadable; its text is
    # not searchable and its owner is told why.
    EXTRACT_MEMORY_MB = int(os.environ.get("EXTRACT_MEMORY_MB", "512"))
    EXTRACT_CPU_SECONDS = int(os.environ.get("EXTRACT_CPU_SECONDS", "30"))
    EXTRACT_TIMEOUT_SECONDS = int(os.environ.get("EXTRACT_TIMEOUT_SECONDS", "60"))
    EXTRACT_MAX_UNZIPPED_MB = int(os.environ.get("EXTRACT_MAX_UNZIPPED_MB", "50"))
    EXTRACT_MAX_ZIP_RATIO = int(os.environ.get("EXTRACT_MAX_ZIP_RATIO", "100"))
    EXTRACT_MAX_ZIP_MEMBERS = int(os.environ.get("EXTRACT_MAX_ZIP_MEMBERS", "5000"))
    EXTRACT_MAX_PDF_PAGES = int(os.environ.get("EXTRACT_MAX_PDF_PAGES", "1000"))
    EXTRACT_MAX_PDF_CONTENT_MB = int(os.environ.get("EXTRACT_MAX_PDF_CONTENT_MB", "10"))
    EXTRACT_MAX_CHARS = int(os.environ.get("EXTRACT_MAX_CHARS", "500000"))
    OUTBOX_DIR = os.environ.get("OUTBOX_DIR", str(INSTANCE_DIR / "outbox"))

    # Email: SMTP when MAIL_SERVER is set, otherwise the log and .eml files in OUTBOX_DIR.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "OHWB Exchange <no-reply@ohwb.invalid>")

    # Public address used in emails (links must be absolute there).
    SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:5000")

    ALLOWED_EMAIL_DOMAINS = _env_list("ALLOWED_EMAIL_DOMAINS")
    EMAIL_TOKEN_MAX_AGE = int(os.environ.get("EMAIL_TOKEN_MAX_AGE", str(48 * 3600)))
    RESET_TOKEN_MAX_AGE = int(os.environ.get("RESET_TOKEN_MAX_AGE", str(3600)))
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a method name, not a password)
    PASSWORD_MIN_LENGTH = 10

    # Redis, when set, carries the background jobs (a `flask worker` process runs them) and is
    # the default store of the rate limits and the cache below, so app servers share them.
    # Unset: jobs run in the web process, limits and cache are per process (`make run`).
    REDIS_URL = os.environ.get("REDIS_URL") or None
    REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "2.0"))
    # Longest a job may run before the worker stops it (seconds).
    JOB_TIMEOUT = int(os.environ.get("JOB_TIMEOUT", "600"))
    # An abandoned job (its worker was killed) is put back on the queue by a worker's check of
    # the queue's registries, which runs this often (seconds); it is due JOB_TIMEOUT + 60 s after
    # its worker stopped answering.
    JOB_MAINTENANCE_SECONDS = int(os.environ.get("JOB_MAINTENANCE_SECONDS", "60"))
    # First delay before trying a refused email again; it doubles each time, to at most an hour.
    MAIL_RETRY_SECONDS = int(os.environ.get("MAIL_RETRY_SECONDS", "60"))
    # How long a run sending a message holds it before another run may send it (its sender died).
    MAIL_CLAIM_SECONDS = int(os.environ.get("MAIL_CLAIM_SECONDS", "600"))
    # "text" (default) or "json": one JSON object per log line, with the request id.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()

    # Unset: REDIS_URL when that is set, else memory:// (one count per process).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or None
    # If that Redis stops answering, count in each process's memory until it is back: limits
    # stay on (per process, so a little looser), sign-in never fails for want of Redis.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host/-Port/-Prefix.
    # 0 (the default) trusts none of those headers: any client could forge them. Behind one proxy,
    # set 1, or every request seems to come from the proxy and the per-address limits below become
    # one limit for the whole site.
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    EMAIL_RATE_LIMIT = os.environ.get("EMAIL_RATE_LIMIT", "5 per minute;20 per hour")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead, so long forms never expire mid-edit
    MAX_CONTENT_LENGTH = (UPLOAD_MAX_MB + 1) * 1024 * 1024

    ITEMS_PER_PAGE = 20

    # One cache (Flask-Caching) for the page chrome, vocabularies and acronyms: Redis, shared
    # by every worker, when CACHE_REDIS_URL (or else REDIS_URL) is set; otherwise one
    # in-memory cache per process.
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL") or None
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "ohwb:")
    CACHE_DEFAULT_TIMEOUT = int(os.environ.get("CACHE_DEFAULT_TIMEOUT", "3600"))
    # Whole pages kept per viewer until a table they show changes (app/pagecache.py); on
    # wherever the cache is shared (Redis).
    PAGE_CACHE = _env_bool("PAGE_CACHE", True)

    @classmethod
    def init_app(cls, app):
        """Hook for mode-specific checks once the app exists."""


class DevelopmentConfig(Config):
    """A laptop: SQLite in instance/, email to instance/outbox/, a key kept in instance/."""

    @classmethod
    def init_app(cls, app):
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = _development_secret_key()


class TestingConfig(Config):
    """The test suite; conftest.py points paths at temporary folders."""

    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = normalise_database_url(os.environ.get("TEST_DATABASE_URL", "sqlite:///:memory:"))
    # Cheap but real scrypt parameters keep the suite fast; production uses the defaults.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105
    SITE_URL = "http://localhost"
    MAIL_SERVER = None
    # No per-request outbox poll: page query counts must not depend on the clock. Tests of
    # the poll switch it on with SEARCH_POLL_SECONDS = 0.
    SEARCH_POLL_SECONDS = None


class ProductionConfig(Config):
    """One or more servers: PostgreSQL, SMTP, Redis-backed rate limits, secure cookies."""

    # Secure-only cookies (HTTPS). Only `make prod`, on plain http on one machine, turns this off.
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https"
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower()

    @classmethod
    def init_app(cls, app):
        """Refuse to start without the settings production cannot do without."""
        if not app.config.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set in the environment for production.")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
