"""The Whoosh index: where it lives, its schema, and opening it safely from many processes."""

import logging
import os

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema

log = logging.getLogger("ohwb.search")


def build_schema():
    """The document shape shared by every content type."""
    return Schema(
        key=ID(stored=True, unique=True),
        kind=ID(stored=True),
        title=TEXT(stored=True),
        body=TEXT,
        url=STORED,
    )


class SearchService:
    """Owns the index directory; created empty on first use."""

    def __init__(self):
        self.directory = None

    def init_app(self, app):
        self.directory = app.config["SEARCH_INDEX_DIR"]
        app.extensions["search"] = self

    def open_index(self):
        """Open the index, creating an empty one the first time."""
        os.makedirs(self.directory, exist_ok=True)
        if whoosh_index.exists_in(self.directory):
            return whoosh_index.open_dir(self.directory)
        return whoosh_index.create_in(self.directory, build_schema())

    def ping(self):
        """True when the index can be opened and read."""
        try:
            ix = self.open_index()
            with ix.searcher() as searcher:
                searcher.doc_count()
            return True
        except Exception:  # any storage failure means "not healthy"; the reason goes to the log
            log.exception("Search index did not answer")
            return False
