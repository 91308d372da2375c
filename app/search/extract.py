"""Text inside uploaded files (PDF, DOCX, PPTX, XLSX, ODT/ODS/ODP, TXT, CSV), for the index.

A content type's `to_document` calls `attachment_text(stored_name, sha256)` for each file.
Text is cached by the file's SHA-256, so a rebuild does not read files again. Extraction
never runs inside the request that uploaded the file: there the object is indexed at once
without the file's text, a job is recorded, and a background thread (or `flask search
apply`, or the next process) extracts the text and re-indexes the object.

Extraction itself never runs in this process either: sandbox.py runs readers.py in a child
with hard limits on memory, CPU, time, unzipped size, PDF pages and text length. A file over
a limit, or one that cannot be read, is logged and indexed without its text; the outcome is
cached with the hash, so its owner is told why (`attachment_notice`) and the item itself is
unaffected.
"""

import contextlib
import contextvars
import hashlib
import logging
import threading

from flask import has_request_context
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.content.uploads import stored_path
from app.extensions import db
from app.models_base import utcnow
from app.search.models import ExtractedText, ExtractionJob
from app.search.outbox import queue_change
from app.search.readers import READERS
from app.search.sandbox import Outcome, extract_confined, limits_from_config

log = logging.getLogger("ohwb.search")
_CURRENT = contextvars.ContextVar("search_current_object", default=None)


@contextlib.contextmanager
def current_object(kind, object_id):
    """Which object is being indexed, so a deferred extraction knows what to re-index."""
    token = _CURRENT.set((kind, object_id))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 256), b""):
            digest.update(chunk)
    return digest.hexdigest()


def attachment_text(stored_name, sha256=None):
    """The text of a stored upload ("" when unreadable or not extracted yet)."""
    path = stored_path(stored_name)
    if sha256 is None:
        try:
            sha256 = file_sha256(path)
        except OSError:
            log.warning("Uploaded file %s is missing; indexed without its text", stored_name)
            return ""
    cached = db.session.get(ExtractedText, sha256)
    if cached is not None:
        return cached.text
    target = _CURRENT.get()
    if has_request_context() and target is not None:
        _record_job(target, stored_name, sha256)
        return ""
    return _extract_and_cache(path, sha256)


def _record_job(target, stored_name, sha256):
    kind, object_id = target
    exists = db.session.scalar(select(ExtractionJob.id).filter_by(kind=kind, object_id=object_id, sha256=sha256))
    if exists is None:
        db.session.add(ExtractionJob(kind=kind, object_id=object_id, stored_name=stored_name, sha256=sha256))
        db.session.flush()


def _extract_and_cache(path, sha256):
    outcome = extract_file(path)
    if outcome.status != "ok":
        log.warning("Could not extract text from %s (%s): %s", path.name, outcome.status, outcome.error)
    row = db.session.get(ExtractedText, sha256)
    if row is None:
        row = ExtractedText(
            sha256=sha256,
            text=outcome.text,
            status=outcome.status,
            reason=outcome.reason,
            error=outcome.error,
            extracted_at=utcnow(),
        )
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:  # another thread or process saved this file's outcome first: keep theirs
            saved = db.session.get(ExtractedText, sha256, populate_existing=True)
            return saved.text if saved is not None else outcome.text
    return row.text


def extract_file(path, limits=None):
    """Extract one file's text in a confined child process; returns a sandbox.Outcome."""
    extension = path.suffix.lower().lstrip(".")
    if extension not in READERS:
        return Outcome("ok")
    return extract_confined(path, extension, limits or limits_from_config())


def attachment_notice(sha256):
    """Why a stored file's text is not searchable, as a sentence; None if it is (or not known yet)."""
    row = db.session.get(ExtractedText, sha256) if sha256 else None
    if row is None or row.status == "ok":
        return None
    return f"The text of this file is not searchable: {row.reason}."


def forget_unread():
    """Drop the cached outcome of every file whose text was not indexed; returns how many.

    The next indexing of their items reads them again under the limits then in force (after
    an operator raises a limit, or when a file timed out on a busy server). The caller commits.
    """
    return db.session.execute(delete(ExtractedText).where(ExtractedText.status != "ok")).rowcount


def run_jobs(app, limit=100):
    """Extract the text of files waiting for it and queue their objects for re-indexing."""
    done = 0
    with app.app_context():
        jobs = db.session.scalars(select(ExtractionJob).order_by(ExtractionJob.id).limit(limit)).all()
        for job in jobs:
            kind, object_id, name, sha256, job_id = job.kind, job.object_id, job.stored_name, job.sha256, job.id
            if db.session.get(ExtractedText, sha256) is None:
                _extract_and_cache(stored_path(name), sha256)
            queue_change(db.session, kind, object_id)
            db.session.execute(delete(ExtractionJob).where(ExtractionJob.id == job_id))
            try:
                db.session.commit()  # the outbox row's commit triggers the re-index
            except IntegrityError:
                # Another process extracted the same file at the same moment: its row stands.
                db.session.rollback()
                queue_change(db.session, kind, object_id)
                db.session.execute(delete(ExtractionJob).where(ExtractionJob.id == job_id))
                db.session.commit()
            done += 1
    return done


class ExtractionWorker:
    """One background thread per process that empties the job table, then stops."""

    def __init__(self):
        self._thread = None
        self._wake = False
        self._lock = threading.Lock()

    def kick(self, app):
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                self._wake = True
                return
            self._wake = False
            self._thread = threading.Thread(target=self._run, args=(app,), name="search-extract", daemon=True)
            self._thread.start()

    def _run(self, app):
        while True:
            try:
                done = run_jobs(app)
            except Exception:  # a broken database must not kill the process; the next kick retries
                log.exception("Text extraction jobs failed")
                return
            with self._lock:
                if not done and not self._wake:
                    self._thread = None
                    return
                self._wake = False

    def join(self, timeout=30):
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


def pending_jobs():
    return db.session.scalar(select(ExtractionJob.id).limit(1)) is not None
