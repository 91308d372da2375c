"""Text inside uploaded files (PDF, DOCX, PPTX, XLSX, ODT/ODS/ODP, TXT, CSV), for the index.

A content type's `to_document` calls `attachment_text(stored_name, sha256)` for each file.
Text is cached by the file's SHA-256, so a rebuild does not read files again. Extraction
never runs inside the request that uploaded the file: there the object is indexed at once
without the file's text, a job is recorded, and a background thread (or `flask search
apply`, or the next process) extracts the text and re-indexes the object. A file that
cannot be read is logged and indexed without its text; the item itself is unaffected.
"""

import contextlib
import contextvars
import csv
import hashlib
import io
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

log = logging.getLogger("ohwb.search")
MAX_CHARS = 500_000
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
    text, error = "", None
    try:
        text = extract_file(path)[:MAX_CHARS]
    except Exception as exc:  # any parser failure: log it, index the item without the file's text
        error = f"{type(exc).__name__}: {exc}"[:300]
        log.warning("Could not extract text from %s: %s", path.name, error)
    row = db.session.get(ExtractedText, sha256)
    if row is None:
        db.session.add(ExtractedText(sha256=sha256, text=text, error=error, extracted_at=utcnow()))
        db.session.flush()
    return text


def extract_file(path):
    """Plain text of one file, chosen by its extension."""
    extension = path.suffix.lower().lstrip(".")
    reader = READERS.get(extension)
    if reader is None:
        return ""
    return reader(path)


def _pdf(path):
    from pypdf import PdfReader

    pages = PdfReader(str(path)).pages
    return "\n\n".join((page.extract_text() or "") for page in pages)


def _docx(path):
    import docx

    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _pptx(path):
    from pptx import Presentation

    parts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def _xlsx(path):
    from openpyxl import load_workbook

    workbook = load_workbook(str(path), read_only=True, data_only=True)
    parts = []
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value is not None]
                if cells:
                    parts.append(" ".join(cells))
    finally:
        workbook.close()
    return "\n".join(parts)


def _opendocument(path):
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    document = load(str(path))
    return "\n".join(teletype.extractText(node) for kind in (H, P) for node in document.getElementsByType(kind))


def _decode(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def _txt(path):
    return _decode(path.read_bytes()[: MAX_CHARS * 4])


def _csv(path):
    text = _txt(path)
    rows = csv.reader(io.StringIO(text))
    return "\n".join(" ".join(cell for cell in row if cell) for row in rows)


READERS = {
    "pdf": _pdf,
    "docx": _docx,
    "pptx": _pptx,
    "xlsx": _xlsx,
    "odt": _opendocument,
    "ods": _opendocument,
    "odp": _opendocument,
    "txt": _txt,
    "csv": _csv,
}


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
