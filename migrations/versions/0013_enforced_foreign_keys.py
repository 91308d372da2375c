"""foreign keys enforced on SQLite: settle rows left pointing at missing parents

Revision ID: 0013
Revises: 0007
Create Date: 2026-11-29 13:40:00.000000

Every foreign key already carries its ON DELETE rule in the schema (0004-0007), but SQLite
applied none of them until the app turned its foreign-key pragma on. A SQLite database made
before that may hold rows whose parent is gone; with enforcement on, any later update of such
a row would fail. This applies to each of them the rule its foreign key states: CASCADE (or a
required column) deletes the row, otherwise the reference is set to NULL. It repeats until
nothing is left, since deleting a row can orphan its own children. PostgreSQL always enforced
the rules, so there is nothing to settle there.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def _settle(bind, table, rowid, fkid):
    """Apply foreign key `fkid` of `table`'s ON DELETE rule to the row `rowid`."""
    # foreign_key_list rows: id, seq, table, from, to, on_update, on_delete, match
    parts = [row for row in bind.exec_driver_sql(f"PRAGMA foreign_key_list({_quote(table)})") if row[0] == fkid]
    columns = [row[3] for row in parts]
    on_delete = parts[0][6].upper()
    # table_info rows: cid, name, type, notnull, default, pk
    required = {row[1] for row in bind.exec_driver_sql(f"PRAGMA table_info({_quote(table)})") if row[3] or row[5]}
    rows = sa.table(table, sa.column("rowid"), *(sa.column(column) for column in columns))
    if on_delete == "CASCADE" or required.intersection(columns):
        bind.execute(sa.delete(rows).where(rows.c.rowid == rowid))
    else:
        bind.execute(sa.update(rows).where(rows.c.rowid == rowid).values(dict.fromkeys(columns)))


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    while True:
        # foreign_key_check rows: table, rowid, parent table, foreign key id
        violations = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
        if not violations:
            return
        for table, rowid, _parent, fkid in violations:
            _settle(bind, table, rowid, fkid)


def downgrade():
    # The rows settled here pointed at nothing; there is no earlier state worth restoring.
    pass
