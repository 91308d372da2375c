"""Rebuilding `search_document`: a new table filled by COPY, indexed, then swapped in.

Filling the live table row by row kept its GIN indexes up to date at every insert, and one
statement per document waited for PostgreSQL before Python built the next. Here:

- the rows stream into a fresh table with COPY (through a temporary view whose trigger makes
  the weighted tsvectors), so PostgreSQL turns text into tsvectors on one core while Python
  builds the next documents on the other;
- the indexes, the live table's own definitions, are created once the rows are in (a GIN
  index built in one pass costs a fraction of one kept up to date row by row);
- the new table replaces the live one in a moment: searches read the old rows until then and
  wait at most LOCK_WAIT for the exchange (if a long search holds the table, the exchange
  steps back and tries again, rather than make every later search queue behind it).

It all happens in one transaction on a connection of its own, holding the writer's lock, so
a failure leaves the live table as it was, and changes committed meanwhile wait in the
outbox and are applied to the new table right after (search.reindex applies them).
"""

import json

from psycopg import errors

from app.extensions import db
from app.search import indexer
from app.search.pg.writer import CONFIG, LOCK_KEY, facet_values, spelling_words, tsvector_text
from app.search.registry import TYPES

LIVE, BUILD = "search_document", "search_document_build"
LOCK_WAIT = "500ms"  # the longest a search waits for the exchange
SWAP_TRIES = 40
COLUMNS = (
    "key, kind, object_id, url, title, summary, body, attachments, attachment_labels, visibility, facets, date, "
    "has_when, adapted_from, digest"
)
NEW_COLUMNS = ", ".join(f"NEW.{name.strip()}" for name in COLUMNS.split(","))
# Builds the view COPY writes to: the stored columns plus the four weighted texts (title A,
# summary B, labels/facets/acronyms C, body and files D); its trigger inserts the real row.
_LOADER = [
    f"""CREATE TEMPORARY VIEW search_document_load AS
        SELECT {COLUMNS}, ''::text AS a, ''::text AS b, ''::text AS c, ''::text AS d FROM {BUILD}""",
    f"""CREATE FUNCTION pg_temp.search_document_load() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE head tsvector := setweight(to_tsvector('{CONFIG}', NEW.a), 'A')
            || setweight(to_tsvector('{CONFIG}', NEW.b), 'B');
        BEGIN
            INSERT INTO {BUILD} ({COLUMNS}, head_tsv, tsv) VALUES ({NEW_COLUMNS}, head,
                head || setweight(to_tsvector('{CONFIG}', NEW.c), 'C') || to_tsvector('{CONFIG}', NEW.d));
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER search_document_load INSTEAD OF INSERT ON search_document_load
        FOR EACH ROW EXECUTE FUNCTION pg_temp.search_document_load()""",
]


def copy_row(object_id, fields):
    """One document as the loading view's columns (COLUMNS, then the four weighted texts)."""
    return (
        fields["key"],
        fields["kind"],
        object_id,
        fields.get("url") or "",
        fields["title"],
        fields["summary"],
        fields["body"],
        fields["attachments"],
        json.dumps(fields["attachment_labels"]),
        fields["visibility"],
        facet_values(fields),
        fields.get("date"),
        fields["has_when"] == "yes",
        fields.get("adapted_from"),
        fields["digest"],
        tsvector_text(fields["title"]),
        tsvector_text(fields["summary"]),
        tsvector_text(fields["also"]),
        tsvector_text(f"{fields['body']}\n{fields['attachments']}"),
    )


def _documents(progress):
    """(rows for COPY, words for did-you-mean) of everything registered, read a page at a time."""
    from app.search.extract import current_object

    words = set()

    def rows():
        for searchable in list(TYPES.values()):
            for obj in indexer._chunked(searchable):
                with current_object(searchable.kind, obj.id):
                    fields = indexer.build_fields(searchable, obj)
                if fields is not None:
                    words.update(spelling_words(fields))
                    yield copy_row(obj.id, fields)
                if progress:
                    progress(1)

    return rows(), words


def _live_indexes(cursor):
    """[(name, definition, constraint type "p"/"u" or None)] of the live table's indexes."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef, c.contype FROM pg_indexes i
           LEFT JOIN pg_constraint c ON c.conname = i.indexname AND c.conrelid = %s::regclass
           WHERE i.schemaname = current_schema() AND i.tablename = %s ORDER BY i.indexname""",
        (LIVE, LIVE),
    )
    return cursor.fetchall()


def _build_name(name):
    return f"{name[:50]}_build"


def _swap(cursor, indexes):
    """Drop the live table and give the new one its name, its indexes' names and constraints,
    waiting at most LOCK_WAIT at a time for searches to let go of the live table."""
    for attempt in range(SWAP_TRIES):
        cursor.execute("SAVEPOINT swap")
        try:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
            cursor.execute(f"LOCK TABLE {LIVE} IN ACCESS EXCLUSIVE MODE")
            break
        except errors.LockNotAvailable:
            cursor.execute("ROLLBACK TO SAVEPOINT swap")
            if attempt == SWAP_TRIES - 1:
                raise
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", (LIVE,))
    sequence = cursor.fetchone()[0]
    if sequence:
        cursor.execute(f"ALTER SEQUENCE {sequence} OWNED BY {BUILD}.id")
    cursor.execute(f"DROP TABLE {LIVE}")
    cursor.execute(f"ALTER TABLE {BUILD} RENAME TO {LIVE}")
    for name, _, constraint in indexes:
        if constraint == "p":
            cursor.execute(f"ALTER TABLE {LIVE} ADD CONSTRAINT {name} PRIMARY KEY USING INDEX {_build_name(name)}")
        elif constraint == "u":
            cursor.execute(f"ALTER TABLE {LIVE} ADD CONSTRAINT {name} UNIQUE USING INDEX {_build_name(name)}")
        else:
            cursor.execute(f"ALTER INDEX {_build_name(name)} RENAME TO {name}")


def rebuild(progress=None):
    """Build every document into a new table and swap it in; returns how many were written."""
    connection = db.engine.connect()
    try:
        raw = connection.connection.driver_connection  # psycopg 3, for COPY
        with raw.transaction(), raw.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute(f"DROP TABLE IF EXISTS {BUILD}")
            cursor.execute(
                f"CREATE TABLE {BUILD} (LIKE {LIVE} INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING COMPRESSION)"
            )
            for statement in _LOADER:
                cursor.execute(statement)
            rows, words = _documents(progress)
            written = 0
            with cursor.copy(f"COPY search_document_load ({COLUMNS}, a, b, c, d) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
                    written += 1
            db.session.commit()  # ends this thread's reading transaction: it must not hold the live table
            cursor.execute("DROP VIEW search_document_load")
            cursor.execute("DROP FUNCTION pg_temp.search_document_load()")
            indexes = _live_indexes(cursor)
            cursor.execute("SELECT current_schema()")
            live = f"{cursor.fetchone()[0]}.{LIVE}"  # as the index definitions name it
            for name, definition, _ in indexes:  # "CREATE INDEX <name> ON <live> USING ..."
                head, _, tail = definition.partition(f" ON {live} ")
                cursor.execute(f"{head.replace(name, _build_name(name), 1)} ON {BUILD} {tail}")
            cursor.execute(f"ANALYZE {BUILD}")
            _swap(cursor, indexes)
            cursor.execute("DELETE FROM search_term")
            cursor.execute(
                "INSERT INTO search_term (word) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING", (sorted(words),)
            )
        return written
    finally:
        connection.close()
