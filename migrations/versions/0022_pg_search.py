"""The PostgreSQL search backend's tables: search_document (weighted tsvectors, facets) and
search_term (words for did-you-mean).

On PostgreSQL the pg_trgm extension is created first, `tsv` is a tsvector and `facets` a
text[], both with GIN indexes, and the words get a trigram index. On SQLite the same tables
are made with plain types and ordinary indexes (nothing PostgreSQL-specific): they stay
empty there, as the Whoosh backend serves search.

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "search_document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(80), nullable=False, unique=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("attachment_labels", sa.JSON(), nullable=False),
        sa.Column("visibility", sa.String(210), nullable=False),
        sa.Column("facets", ARRAY(sa.Text()) if postgres else sa.JSON(), nullable=False),
        sa.Column("date", sa.DateTime(), nullable=True),
        sa.Column("has_when", sa.Boolean(), nullable=False),
        sa.Column("adapted_from", sa.String(80), nullable=True),
        sa.Column("digest", sa.String(40), nullable=False),
        sa.Column("tsv", TSVECTOR() if postgres else sa.Text(), nullable=True),
        sa.Column("head_tsv", TSVECTOR() if postgres else sa.Text(), nullable=True),
    )
    gin = {"postgresql_using": "gin"} if postgres else {}
    op.create_index("ix_search_document_tsv", "search_document", ["tsv"], **gin)
    op.create_index("ix_search_document_head_tsv", "search_document", ["head_tsv"], **gin)
    op.create_index("ix_search_document_facets", "search_document", ["facets"], **gin)
    op.create_index("ix_search_document_visibility", "search_document", ["visibility"])
    op.create_index("ix_search_document_adapted_from", "search_document", ["adapted_from"])
    op.create_index("ix_search_document_date", "search_document", ["date"])
    op.create_table("search_term", sa.Column("word", sa.String(100), primary_key=True))
    if postgres:
        # The operator class named with the extension's schema: it may be installed in another
        # schema than the one on this connection's search_path (public, usually).
        schema = op.get_bind().scalar(
            sa.text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
        )
        op.execute(f"CREATE INDEX ix_search_term_trgm ON search_term USING gin (word {schema}.gin_trgm_ops)")
    else:
        op.create_index("ix_search_term_trgm", "search_term", ["word"])


def downgrade():
    op.drop_table("search_term")
    op.drop_table("search_document")
