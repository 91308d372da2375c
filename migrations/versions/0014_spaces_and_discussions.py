"""spaces and discussions: spaces, memberships, threads, replies, votes, mentions, reads, reports

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 15:45:38.381514

`thread.accepted_reply_id` and `reply.thread_id` point at each other. SQLite accepts a foreign
key to a table that does not exist yet, so there it is written with the table; PostgreSQL
gets it as a separate constraint once `reply` exists.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ACCEPTED_FK = "fk_thread_accepted_reply_id_reply"


def upgrade():
    op.create_table(
        "space",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("description_md", sa.Text(), nullable=False),
        sa.Column("description_html", sa.Text(), nullable=False),
        sa.Column("join_policy", sa.String(length=10), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("member_count", sa.Integer(), nullable=False),
        sa.Column("thread_count", sa.Integer(), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_space_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_space_region_id_region"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_space")),
        sa.UniqueConstraint("slug", name=op.f("uq_space_slug")),
    )
    with op.batch_alter_table("space", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_space_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_space_join_policy"), ["join_policy"], unique=False)
        batch_op.create_index(batch_op.f("ix_space_last_activity_at"), ["last_activity_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_space_region_id"), ["region_id"], unique=False)

    op.create_table(
        "space_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("space_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["user_account.id"],
            name=op.f("fk_space_member_invited_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["space_id"], ["space.id"], name=op.f("fk_space_member_space_id_space"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_space_member_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_space_member")),
        sa.UniqueConstraint("space_id", "user_id", name=op.f("uq_space_member_space_id_user_id")),
    )
    with op.batch_alter_table("space_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_space_member_user_id"), ["user_id"], unique=False)

    op.create_table(
        "space_term",
        sa.Column("space_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["space_id"], ["space.id"], name=op.f("fk_space_term_space_id_space"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["taxonomy_term.id"], name=op.f("fk_space_term_term_id_taxonomy_term"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("space_id", "term_id", name=op.f("pk_space_term")),
    )
    with op.batch_alter_table("space_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_space_term_term_id"), ["term_id"], unique=False)

    sqlite = op.get_bind().dialect.name == "sqlite"
    accepted = (
        [sa.ForeignKeyConstraint(["accepted_reply_id"], ["reply.id"], name=ACCEPTED_FK, ondelete="SET NULL")]
        if sqlite
        else []
    )
    op.create_table(
        "thread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("space_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hide_reason", sa.String(length=500), nullable=True),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.Column("awaiting_moderation", sa.Boolean(), nullable=False),
        sa.Column("accepted_reply_id", sa.Integer(), nullable=True),
        sa.Column("reply_count", sa.Integer(), nullable=False),
        sa.Column("view_count", sa.Integer(), nullable=False),
        sa.Column("helpful_count", sa.Integer(), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_thread_author_id_user_account"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by_id"], ["user_account.id"], name=op.f("fk_thread_hidden_by_id_user_account"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["thread.id"], name=op.f("fk_thread_merged_into_id_thread"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["space_id"], ["space.id"], name=op.f("fk_thread_space_id_space"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thread")),
        *accepted,
    )
    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_thread_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_thread_awaiting_moderation"), ["awaiting_moderation"], unique=False)
        batch_op.create_index(batch_op.f("ix_thread_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_thread_last_activity_at"), ["last_activity_at"], unique=False)
        batch_op.create_index("ix_thread_space_activity", ["space_id", "last_activity_at"], unique=False)

    op.create_table(
        "reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("quoted_reply_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hide_reason", sa.String(length=500), nullable=True),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.Column("awaiting_moderation", sa.Boolean(), nullable=False),
        sa.Column("helpful_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_reply_author_id_user_account"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by_id"], ["user_account.id"], name=op.f("fk_reply_hidden_by_id_user_account"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["quoted_reply_id"], ["reply.id"], name=op.f("fk_reply_quoted_reply_id_reply"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["thread.id"], name=op.f("fk_reply_thread_id_thread"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply")),
    )
    with op.batch_alter_table("reply", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reply_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reply_awaiting_moderation"), ["awaiting_moderation"], unique=False)
        batch_op.create_index("ix_reply_thread_id_id", ["thread_id", "id"], unique=False)
    if not sqlite:
        op.create_foreign_key(ACCEPTED_FK, "thread", "reply", ["accepted_reply_id"], ["id"], ondelete="SET NULL")

    op.create_table(
        "thread_link",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["thread.id"], name=op.f("fk_thread_link_thread_id_thread"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thread_link")),
        sa.UniqueConstraint("thread_id", "kind", "object_id", name=op.f("uq_thread_link_thread_id_kind_object_id")),
    )
    with op.batch_alter_table("thread_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_thread_link_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "thread_read",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("last_read_reply_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["thread.id"], name=op.f("fk_thread_read_thread_id_thread"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_thread_read_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "thread_id", name=op.f("pk_thread_read")),
    )
    with op.batch_alter_table("thread_read", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_thread_read_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "thread_term",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["term_id"], ["taxonomy_term.id"], name=op.f("fk_thread_term_term_id_taxonomy_term"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["thread.id"], name=op.f("fk_thread_term_thread_id_thread"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("thread_id", "term_id", name=op.f("pk_thread_term")),
    )
    with op.batch_alter_table("thread_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_thread_term_term_id"), ["term_id"], unique=False)

    op.create_table(
        "discussion_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("details", sa.String(length=1000), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["reply_id"], ["reply.id"], name=op.f("fk_discussion_report_reply_id_reply"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["user_account.id"],
            name=op.f("fk_discussion_report_reporter_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["user_account.id"],
            name=op.f("fk_discussion_report_resolved_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["thread.id"], name=op.f("fk_discussion_report_thread_id_thread"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussion_report")),
    )
    with op.batch_alter_table("discussion_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_discussion_report_reply_id"), ["reply_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_discussion_report_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_discussion_report_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "helpful_vote",
        sa.Column("reply_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reply_id"], ["reply.id"], name=op.f("fk_helpful_vote_reply_id_reply"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_helpful_vote_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("reply_id", "user_id", name=op.f("pk_helpful_vote")),
    )
    with op.batch_alter_table("helpful_vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_helpful_vote_user_id"), ["user_id"], unique=False)

    op.create_table(
        "mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("mentioned_user_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("emailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_mention_author_id_user_account"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["mentioned_user_id"],
            ["user_account.id"],
            name=op.f("fk_mention_mentioned_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["reply_id"], ["reply.id"], name=op.f("fk_mention_reply_id_reply"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["thread.id"], name=op.f("fk_mention_thread_id_thread"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mention")),
    )
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mention_mentioned_user_id"), ["mentioned_user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mention_reply_id"), ["reply_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mention_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "reply_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reply_id"], ["reply.id"], name=op.f("fk_reply_revision_reply_id_reply"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply_revision")),
    )
    with op.batch_alter_table("reply_revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reply_revision_reply_id"), ["reply_id"], unique=False)


def downgrade():
    with op.batch_alter_table("reply_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reply_revision_reply_id"))

    op.drop_table("reply_revision")
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mention_thread_id"))
        batch_op.drop_index(batch_op.f("ix_mention_reply_id"))
        batch_op.drop_index(batch_op.f("ix_mention_mentioned_user_id"))

    op.drop_table("mention")
    with op.batch_alter_table("helpful_vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_helpful_vote_user_id"))

    op.drop_table("helpful_vote")
    with op.batch_alter_table("discussion_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_discussion_report_thread_id"))
        batch_op.drop_index(batch_op.f("ix_discussion_report_status"))
        batch_op.drop_index(batch_op.f("ix_discussion_report_reply_id"))

    op.drop_table("discussion_report")
    with op.batch_alter_table("thread_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_term_term_id"))

    op.drop_table("thread_term")
    with op.batch_alter_table("thread_read", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_read_thread_id"))

    op.drop_table("thread_read")
    with op.batch_alter_table("thread_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_link_thread_id"))

    op.drop_table("thread_link")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(ACCEPTED_FK, "thread", type_="foreignkey")
    with op.batch_alter_table("reply", schema=None) as batch_op:
        batch_op.drop_index("ix_reply_thread_id_id")
        batch_op.drop_index(batch_op.f("ix_reply_awaiting_moderation"))
        batch_op.drop_index(batch_op.f("ix_reply_author_id"))

    op.drop_table("reply")
    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.drop_index("ix_thread_space_activity")
        batch_op.drop_index(batch_op.f("ix_thread_last_activity_at"))
        batch_op.drop_index(batch_op.f("ix_thread_created_at"))
        batch_op.drop_index(batch_op.f("ix_thread_awaiting_moderation"))
        batch_op.drop_index(batch_op.f("ix_thread_author_id"))

    op.drop_table("thread")
    with op.batch_alter_table("space_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_space_term_term_id"))

    op.drop_table("space_term")
    with op.batch_alter_table("space_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_space_member_user_id"))

    op.drop_table("space_member")
    with op.batch_alter_table("space", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_space_region_id"))
        batch_op.drop_index(batch_op.f("ix_space_last_activity_at"))
        batch_op.drop_index(batch_op.f("ix_space_join_policy"))
        batch_op.drop_index(batch_op.f("ix_space_created_by_id"))

    op.drop_table("space")
