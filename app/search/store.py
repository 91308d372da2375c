"""Where the index lives on disk, and opening it cheaply and safely from many processes.

SEARCH_INDEX_DIR holds one folder per build ("gen-<stamp>") and a small CURRENT file naming
the live one. A rebuild writes a new folder and replaces CURRENT atomically (os.replace),
so readers keep answering from the old folder until they notice the switch.

Each process opens the index once and keeps its searcher; before a search it only checks
(cheaply: one small file read and one directory listing) whether the pointer or the index
generation changed, and refreshes then.
"""

import logging
import os
import shutil
import threading
import time
import weakref

from whoosh import index as whoosh_index
from whoosh.index import LockError

from app.search.analysis import build_schema

log = logging.getLogger("ohwb.search")
POINTER = "CURRENT"


class WriterBusy(Exception):
    """Another process holds the index writer for longer than we were willing to wait."""


def _add_new_fields(writer):
    """Give an index built before a field was added to the schema that field (empty until its
    documents are written again), so a new facet needs no rebuild to start working."""
    for name, field in build_schema().items():
        if name not in writer.schema:
            writer.add_field(name, field)


class IndexStore:
    """The live index of one SEARCH_INDEX_DIR, opened lazily and shared by a process."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        self._lock = threading.RLock()
        self._name = None
        self._ix = None
        self._searcher = None
        # Values computed from one searcher (facet bitsets), dropped with the searcher.
        self._derived = weakref.WeakKeyDictionary()

    # -- locating generations ---------------------------------------------------------
    def current_name(self):
        """The folder name of the live index, creating a first empty one if there is none."""
        try:
            with open(os.path.join(self.root, POINTER), encoding="ascii") as handle:
                name = handle.read().strip()
            # The folder of the index already open is known to be valid: skip listing it.
            if name and (name == self._name or whoosh_index.exists_in(os.path.join(self.root, name))):
                return name
        except FileNotFoundError:
            pass
        return self._create_first()

    def _create_first(self):
        os.makedirs(self.root, exist_ok=True)
        name = self.new_generation()
        # Another process may have created one meanwhile: the pointer decides, ours is dropped.
        if not self._point_to(name, only_if_missing=True):
            shutil.rmtree(os.path.join(self.root, name), ignore_errors=True)
            with open(os.path.join(self.root, POINTER), encoding="ascii") as handle:
                return handle.read().strip()
        return name

    def new_generation(self):
        """Create an empty index in a new folder and return its name (not yet live)."""
        os.makedirs(self.root, exist_ok=True)
        name = f"gen-{time.time_ns()}-{os.getpid()}"
        path = os.path.join(self.root, name)
        os.makedirs(path)
        whoosh_index.create_in(path, build_schema())
        return name

    def _point_to(self, name, only_if_missing=False):
        pointer = os.path.join(self.root, POINTER)
        temp = f"{pointer}.{os.getpid()}.{threading.get_ident()}.tmp"
        with open(temp, "w", encoding="ascii") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        if only_if_missing:
            try:
                os.link(temp, pointer)  # atomic "create if absent"
            except FileExistsError:
                return False
            finally:
                os.unlink(temp)
            return True
        os.replace(temp, pointer)
        return True

    def swap_to(self, name):
        """Make `name` the live index and delete generations older than the previous one."""
        previous = self.current_name()
        self._point_to(name)
        for entry in os.listdir(self.root):
            # Keep the previous build: other processes may still be reading it for a moment.
            if entry.startswith("gen-") and entry not in (name, previous):
                shutil.rmtree(os.path.join(self.root, entry), ignore_errors=True)

    def open(self, name):
        return whoosh_index.open_dir(os.path.join(self.root, name))

    # -- the shared index and searcher ------------------------------------------------
    def index(self):
        """The live Index object, reopened if the pointer moved."""
        with self._lock:
            name = self.current_name()
            if name != self._name or self._ix is None:
                # The old searcher is not closed here: another thread may still be using it;
                # it closes its files when the last reference goes.
                self._ix, self._name, self._searcher = self.open(name), name, None
            return self._ix

    def searcher(self):
        """A searcher over the latest committed state; reused while nothing changed."""
        with self._lock:
            ix = self.index()
            if self._searcher is None:
                self._searcher = ix.searcher()
            elif not self._searcher.up_to_date():
                # A new searcher, not refresh(): Whoosh's refresh reuses a segment's reader
                # even when only its deletions changed (deleted documents would still match)
                # and fails outright on an empty index. The old one is left to the garbage
                # collector, since a request in another thread may still be reading it.
                self._searcher = ix.searcher()
            return self._searcher

    def derived(self, searcher, build):
        """The values derived from `searcher`, made by `build()` on first use; valid while it lives."""
        with self._lock:
            values = self._derived.get(searcher)
            if values is None:
                values = self._derived[searcher] = build()
            return values

    def writer(self, timeout):
        """A writer on the live index, waiting up to `timeout` seconds for the lock.

        Raises WriterBusy instead of Whoosh's LockError. After the lock is taken the
        pointer is checked again, so a writer never lands in a build that was just replaced.
        """
        for _ in range(3):
            name = self.current_name()
            ix = self.open(name)
            try:
                writer = ix.writer(timeout=timeout, delay=0.02)
            except LockError as error:
                raise WriterBusy(str(error)) from error
            if self.current_name() == name:
                _add_new_fields(writer)
                return writer
            writer.cancel()
        raise WriterBusy("the index was replaced three times while waiting")

    def close(self):
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._ix = self._searcher = self._name = None
