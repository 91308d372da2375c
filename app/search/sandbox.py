"""Run one file's text extraction in a child process with hard limits, and say what happened.

The web process (or the `flask search apply` worker) never parses an uploaded file itself:
it starts `readers.py` as a separate isolated Python (`-I`: no environment variables read, no
user site, the script's folder not on the path), with an empty environment so no secret is
inherited, a wall-clock timeout after which the child is killed, and the memory, CPU and size
limits from config that the child applies to itself before it opens the file. Whatever the
file does, the cost lands in the child and ends with it.
"""

import json
import signal
import subprocess
import sys
from dataclasses import dataclass, fields
from pathlib import Path

from flask import current_app

from app.search.readers import Limits

READER_SCRIPT = Path(__file__).with_name("readers.py")

# Config setting for each limit (documented in config.py and .env.example).
SETTINGS = {
    "memory_mb": "EXTRACT_MEMORY_MB",
    "cpu_seconds": "EXTRACT_CPU_SECONDS",
    "wall_seconds": "EXTRACT_TIMEOUT_SECONDS",
    "max_chars": "EXTRACT_MAX_CHARS",
    "max_unzipped_mb": "EXTRACT_MAX_UNZIPPED_MB",
    "max_zip_ratio": "EXTRACT_MAX_ZIP_RATIO",
    "max_zip_members": "EXTRACT_MAX_ZIP_MEMBERS",
    "max_pdf_pages": "EXTRACT_MAX_PDF_PAGES",
    "max_pdf_content_mb": "EXTRACT_MAX_PDF_CONTENT_MB",
}

# Why a file's text is not searchable, as the end of "The text of this file is not searchable: …".
REASONS = {
    "unzipped": "it expands to more than {max_unzipped_mb} MB when unzipped",
    "zip_ratio": "part of it expands to more than {max_zip_ratio} times its size when unzipped",
    "zip_members": "it is a package of more than {max_zip_members:,} files",
    "pdf_pages": "it has more than {max_pdf_pages:,} pages",
    "pdf_content": "its pages hold more than {max_pdf_content_mb} MB of layout instructions",
    "chars": "it holds more than {max_chars:,} characters of text",
    "memory": "reading it needed more than {memory_mb} MB of memory",
    "time": "reading it needed more than {cpu_seconds} seconds of processing",
    "timeout": "reading it took longer than {wall_seconds} seconds",
    "failed": "it could not be read (it may be damaged or protected by a password)",
}


@dataclass(frozen=True)
class Outcome:
    """What extraction produced: `status` is "ok", "limit" or "failed"; `reason` a sentence end."""

    status: str
    text: str = ""
    reason: str | None = None
    error: str | None = None


def limits_from_config(config=None):
    """The extraction limits set in the app's config (defaults for any setting not given)."""
    config = config if config is not None else current_app.config
    defaults = Limits()
    return Limits(**{f.name: int(config.get(SETTINGS[f.name], getattr(defaults, f.name))) for f in fields(Limits)})


def _limit(code, limits, error=None):
    return Outcome("limit", reason=REASONS[code].format(**vars(limits)), error=error or code)


def _failed(error):
    return Outcome("failed", reason=REASONS["failed"], error=error[:300])


def extract_confined(path, extension, limits):
    """Extract `path` (of type `extension`) in a confined child and return an Outcome."""
    command = [sys.executable, "-I", "-B", str(READER_SCRIPT), str(path), extension, json.dumps(vars(limits))]
    try:
        child = subprocess.run(  # noqa: S603 (our own script; the file path is an argument, not a shell)
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={},
            cwd="/",
            timeout=limits.wall_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed and reaped the child
        return _limit("timeout", limits)
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return _limit("time", limits, f"killed by signal {-child.returncode}")
    try:
        result = json.loads(child.stdout)
    except ValueError:
        return _failed(f"reader exited with status {child.returncode} and no result")
    if not isinstance(result, dict):
        return _failed("reader answered something unexpected")
    if isinstance(result.get("text"), str):
        return Outcome("ok", text=result["text"])
    if result.get("limit") in REASONS:
        return _limit(result["limit"], limits)
    return _failed(str(result.get("error") or "reader gave no reason"))
