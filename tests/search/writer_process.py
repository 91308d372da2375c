"""Run as a separate OS process by the search tests: commit probes through the real app.

    python -m tests.search.writer_process DB_URL INDEX_DIR PREFIX COUNT [die-after-commit]

With "die-after-commit" the process kills itself the moment its first commit returns from
the database, before the index is touched.
"""

import os
import sys

from sqlalchemy import event
from sqlalchemy.orm import Session

from app import create_app
from app.extensions import db
from config import TestingConfig
from tests.search.probe import Probe, install


def main(url, index_dir, prefix, count, mode=""):
    app = create_app(TestingConfig, overrides={"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": index_dir})
    with app.app_context():
        install()
        if mode == "die-after-commit":
            event.listen(Session, "after_commit", lambda session: os._exit(9), insert=True)
        for n in range(int(count)):
            db.session.add(Probe(title=f"{prefix} item {n}", body=f"written by {prefix}"))
            db.session.commit()


if __name__ == "__main__":
    main(*sys.argv[1:])
