"""Safe uploads: an allowlist of types, content that must match its extension, size limits,
random names outside static, and no file left behind when the transaction rolls back (nor
one removed before the row that pointed at it is gone for good).

Signatures are checked directly (PDF, PNG and JPEG magic numbers; the internal layout of
OOXML and OpenDocument zip packages; text that decodes and has no NUL bytes), which is
stricter than guessing a type from the first bytes: an HTML page renamed .pdf, or a zip
renamed .docx, is refused.

UPLOAD_FOLDER (or UPLOAD_DIR) must be one folder every app server and the worker share. A file
is written under a temporary name in that folder and renamed into place (os.replace, atomic
within one file system) only once it is complete and checked, so no server ever sees half a
file. A folder that is full, read-only or missing gives the uploader a clear message and
leaves nothing behind: no temporary file and, since the caller rolls back, no record.
"""

import errno
import hashlib
import logging
import os
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_file
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.web import UserError

log = logging.getLogger("ohwb.uploads")
_NEW_FILES = "uploaded_files"
STORAGE_FAILED = "The file could not be saved because of a problem on our side. Try again later"
_DOOMED_FILES = "files_to_delete_after_commit"


class UploadError(UserError):
    """The file was refused; `message` is safe to show next to the file field."""


def _storage_failed(error):
    """The upload folder could not take the file (full, read-only, gone): log why, tell the
    uploader plainly (their file was fine), answer 503."""
    reason = {errno.ENOSPC: "full", errno.EDQUOT: "over quota", errno.EROFS: "read-only"}.get(error.errno, "unusable")
    log.error("Upload folder is %s; a file was not saved: %s", reason, error)
    return UploadError(STORAGE_FAILED, status=503)


def _magic(*prefixes):
    return lambda head, path: any(head.startswith(p) for p in prefixes)


# The signature checks run in the web process, so they read only a package's directory and
# a few bytes of one member: a ZIP whose directory is bigger than any real document's (a few
# kilobytes) is refused before it is parsed, and an ODF "mimetype" member is never inflated
# past its first bytes (a crafted one can unzip to gigabytes).
MAX_DIRECTORY_BYTES = 1024 * 1024
_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"


def _directory_size(path):
    """Bytes of the ZIP's central directory, as its end record declares (None if unusable)."""
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        handle.seek(max(0, handle.tell() - 65_557))  # the end record plus its longest comment
        tail = handle.read()
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < 22 or tail[max(0, at - 20) : at].startswith(_ZIP64_LOCATOR):
        return None  # no end record, or ZIP64 (whose sizes no document package needs)
    return int.from_bytes(tail[at + 12 : at + 16], "little")


def _package(path):
    """An open ZipFile for a plausible document package, or None."""
    size = _directory_size(path)
    if size is None or size > MAX_DIRECTORY_BYTES or not zipfile.is_zipfile(path):
        return None
    return zipfile.ZipFile(path)


def _ooxml(folder):
    def check(head, path):
        package = _package(path)
        if package is None:
            return False
        with package:
            names = package.namelist()
        return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)

    return check


def _opendocument(mimetype):
    def check(head, path):
        package = _package(path)
        if package is None:
            return False
        with package:
            try:
                with package.open("mimetype") as member:
                    declared = member.read(len(mimetype) + 64)
            except KeyError:
                return False
        return declared.decode("ascii", "replace").strip() == mimetype

    return check


def _text(head, path):
    data = Path(path).read_bytes()
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


ODF = "application/vnd.oasis.opendocument."
OOXML = "application/vnd.openxmlformats-officedocument."
FILE_TYPES = {
    "pdf": ("application/pdf", _magic(b"%PDF-")),
    "docx": (OOXML + "wordprocessingml.document", _ooxml("word/")),
    "xlsx": (OOXML + "spreadsheetml.sheet", _ooxml("xl/")),
    "pptx": (OOXML + "presentationml.presentation", _ooxml("ppt/")),
    "odt": (ODF + "text", _opendocument(ODF + "text")),
    "ods": (ODF + "spreadsheet", _opendocument(ODF + "spreadsheet")),
    "odp": (ODF + "presentation", _opendocument(ODF + "presentation")),
    "csv": ("text/csv", _text),
    "txt": ("text/plain", _text),
    "png": ("image/png", _magic(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", _magic(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", _magic(b"\xff\xd8\xff")),
}


@dataclass
class StoredFile:
    """A saved upload: `name` is the random file name under UPLOAD_FOLDER."""

    name: str
    original_name: str
    mimetype: str
    size: int
    sha256: str
    extension: str


def upload_folder():
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _extension(filename):
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def store_upload(file_storage, allowed=None, max_mb=None):
    """Validate and save an uploaded file, returning a StoredFile. Raises UploadError.

    The file is deleted again if the current database transaction rolls back.
    """
    from app.extensions import db

    allowed = set(allowed or FILE_TYPES)
    original = os.path.basename((file_storage.filename or "").replace("\\", "/")).strip()
    if not original:
        raise UploadError("Select a file")
    extension = _extension(original)
    if extension not in allowed or extension not in FILE_TYPES:
        listed = ", ".join(sorted(e.upper() for e in allowed if e != "jpeg"))
        raise UploadError(f"The selected file must be a {listed}")
    limit = (max_mb or current_app.config["UPLOAD_MAX_MB"]) * 1024 * 1024
    try:
        folder = upload_folder()
    except OSError as error:
        raise _storage_failed(error) from None
    name = f"{uuid.uuid4().hex}.{extension}"
    path = folder / name
    partial = folder / f".{name}.part"  # same folder, so the rename below is atomic
    digest, size = hashlib.sha256(), 0
    try:
        with open(partial, "xb") as out:
            for chunk in iter(lambda: file_storage.stream.read(1024 * 256), b""):
                size += len(chunk)
                if size > limit:
                    raise UploadError(f"The selected file must be smaller than {limit // (1024 * 1024)} MB")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())  # on disk before it has its name: a crash leaves a .part file, never half a file
        if size == 0:
            raise UploadError("The selected file is empty")
        mimetype, check = FILE_TYPES[extension]
        with open(partial, "rb") as handle:
            head = handle.read(16)
        if not check(head, partial):
            raise UploadError(f"The selected file is not a real {extension.upper()} file. Check the file and try again")
        os.replace(partial, path)
    except OSError as error:
        _discard(partial)
        raise _storage_failed(error) from None
    except BaseException:
        _discard(partial)
        raise
    if db.session().get_transaction() is None:
        db.session.begin()  # so a later rollback or close has a transaction whose end we see
    db.session.info.setdefault(_NEW_FILES, []).append(path)
    return StoredFile(name, original[:255], mimetype, size, digest.hexdigest(), extension)


def _discard(path):
    try:
        path.unlink(missing_ok=True)
    except OSError:  # a read-only folder cannot have held it anyway
        log.warning("Could not remove %s", path)


def delete_stored(name):
    """Remove a stored file (after the row pointing at it is deleted and committed)."""
    (upload_folder() / os.path.basename(name)).unlink(missing_ok=True)


def delete_stored_after_commit(name):
    """Remove a stored file once the current transaction commits; keep it if it rolls back."""
    from app.extensions import db

    session = db.session()
    if session.get_transaction() is None:
        session.begin()  # so the commit that removes the row is the one we hear about
    session.info.setdefault(_DOOMED_FILES, []).append(stored_path(name))


def stored_path(name):
    return upload_folder() / os.path.basename(name)


def send_stored_file(name, download_name, mimetype):
    """Send a stored file as an attachment with its real type and nosniff."""
    response = send_file(
        stored_path(name), mimetype=mimetype, as_attachment=True, download_name=download_name, max_age=0
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@event.listens_for(Session, "after_commit")
def _keep_files(session):
    if session.in_nested_transaction():
        return  # a savepoint released, not the commit: the outer transaction decides
    session.info.pop(_NEW_FILES, None)
    for path in session.info.pop(_DOOMED_FILES, None) or ():
        Path(path).unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _remove_files(session, transaction):
    """Rolled back or closed without a commit: the rows never existed, so neither do the files;
    and the rows whose files were to go still exist, so their files stay."""
    if transaction.parent is not None:
        return
    session.info.pop(_DOOMED_FILES, None)
    for path in session.info.pop(_NEW_FILES, None) or ():
        Path(path).unlink(missing_ok=True)
