"""Readers that turn one uploaded file into plain text, run in a confined child process.

`app.search.sandbox` starts this file as a script (`python -I -B readers.py PATH EXT LIMITS`),
never inside the web process. The child first caps its own address space, CPU time and file
writes, then checks the file against the size limits before any parser opens it:

- ZIP packages (DOCX, PPTX, XLSX, ODF): member count, the sum of the uncompressed sizes the
  package declares (Python's zipfile never inflates a member past its declared size, so the
  sum bounds what every parser here can unpack) and each large member's compression ratio;
- PDF: the number of pages and the bytes of page content the text extractor would walk
  (a stream shared by many pages counts once per page, as it is parsed once per page);
- every format: the number of characters of text.

It prints one JSON object: {"text": ...}, {"limit": CODE} or {"error": MESSAGE}. It imports
nothing from the app, so a parser crash or exhaustion stays in the child.
"""

import csv
import io
import json
import logging
import resource
import sys
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
# Members smaller than this are never refused for their ratio: a tiny part of a real
# package (an empty style sheet, padding) may compress very well and costs nothing.
RATIO_FLOOR_BYTES = MB


@dataclass(frozen=True)
class Limits:
    """The hard limits for one extraction; sandbox.limits_from_config builds them from config."""

    memory_mb: int = 512
    cpu_seconds: int = 30
    wall_seconds: int = 60
    max_chars: int = 500_000
    max_unzipped_mb: int = 50
    max_zip_ratio: int = 100
    max_zip_members: int = 5000
    max_pdf_pages: int = 1000
    max_pdf_content_mb: int = 10


class LimitExceeded(Exception):
    """The file is over one of the limits; `code` names which (see sandbox.REASONS)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def check_zip(path, limits):
    """Refuse a ZIP package whose declared contents are too many, too big or too compressed."""
    with zipfile.ZipFile(path) as package:
        members = package.infolist()
    if len(members) > limits.max_zip_members:
        raise LimitExceeded("zip_members")
    if sum(member.file_size for member in members) > limits.max_unzipped_mb * MB:
        raise LimitExceeded("unzipped")
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > limits.max_zip_ratio * max(
            member.compress_size, 1
        ):
            raise LimitExceeded("zip_ratio")


def _pdf(path, limits):
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject

    reader = PdfReader(str(path))
    # Count first, parse second: the page count and the content are cheap to measure, and
    # refusing before any page is parsed keeps a refused file cheap.
    budget, pages = limits.max_pdf_content_mb * MB, []
    for page in reader.pages:
        if len(pages) == limits.max_pdf_pages:
            raise LimitExceeded("pdf_pages")
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        streams = contents if isinstance(contents, ArrayObject) else [contents] if contents is not None else []
        budget -= sum(len(stream.get_object().get_data()) for stream in streams)
        if budget < 0:
            raise LimitExceeded("pdf_content")
        pages.append(page)
    parts, chars = [], 0
    for page in pages:
        text = page.extract_text() or ""
        chars += len(text)
        if chars > limits.max_chars:
            raise LimitExceeded("chars")
        parts.append(text)
    return "\n\n".join(parts)


def _docx(path, limits):
    import docx

    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _pptx(path, limits):
    from pptx import Presentation

    parts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def _xlsx(path, limits):
    from openpyxl import load_workbook

    workbook = load_workbook(str(path), read_only=True, data_only=True)
    parts, chars = [], 0
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                line = " ".join(str(value) for value in row if value is not None)
                if line:
                    chars += len(line)
                    if chars > limits.max_chars:
                        raise LimitExceeded("chars")
                    parts.append(line)
    finally:
        workbook.close()
    return "\n".join(parts)


def _opendocument(path, limits):
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


def _txt(path, limits):
    # No encoding here spends more than four bytes on a character, so more bytes than that
    # is over the limit without decoding anything.
    with open(path, "rb") as handle:
        data = handle.read(limits.max_chars * 4 + 1)
    if len(data) > limits.max_chars * 4:
        raise LimitExceeded("chars")
    return _decode(data)


def _csv(path, limits):
    rows = csv.reader(io.StringIO(_txt(path, limits)))
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
ZIP_FORMATS = {"docx", "pptx", "xlsx", "odt", "ods", "odp"}


def read(path, extension, limits):
    """Plain text of one file within `limits`; raises LimitExceeded or the parser's error."""
    reader = READERS.get(extension)
    if reader is None:
        return ""
    if extension in ZIP_FORMATS:
        check_zip(path, limits)
    text = reader(path, limits)
    if len(text) > limits.max_chars:
        raise LimitExceeded("chars")
    return text


def confine(limits):
    """Cap this process: address space, CPU seconds (SIGXCPU, then SIGKILL) and no file writes."""
    for name, value in vars(limits).items():
        # A zero or negative setting would wrap to "unlimited" in setrlimit, or mean nothing.
        if not isinstance(value, int) or value <= 0:
            raise ValueError(f"{name} must be a positive whole number, not {value!r}")
    memory = limits.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _peak_address_space():
    """The most address space this process has held, in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _result(path, extension, limits):
    """The JSON-ready answer for one file, read under `limits`."""
    try:
        confine(limits)
    except (ValueError, OSError) as exc:  # fail closed: never parse a file without the limits
        return {"error": f"could not apply the limits: {exc}"[:300]}
    try:
        return {"text": read(path, extension, limits)}
    except LimitExceeded as exc:
        return {"limit": exc.code}
    except MemoryError:
        return {"limit": "memory"}
    except Exception as exc:  # any parser failure is reported, not raised: the parent logs it
        # Parsers written in C report a refused allocation in their own words ("failed to map
        # segment", "unknown error"); a failure close to the address-space cap is the cap.
        if _peak_address_space() >= limits.memory_mb * MB * 3 // 4:
            return {"limit": "memory"}
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}


def main(argv):
    """Entry point of the child: read argv, confine, extract, print one JSON object."""
    path, extension, limits = Path(argv[1]), argv[2], Limits(**json.loads(argv[3]))
    logging.disable(logging.CRITICAL)  # parsers' warnings about odd files are not our output
    warnings.simplefilter("ignore")
    sys.stdout.buffer.write(json.dumps(_result(path, extension, limits)).encode("ascii"))
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv)
