"""inbox and saved items: private conversations replace contact messages; saved items

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-29 16:25:35.269386

Each contact message becomes a conversation between its sender and recipient, with the same id
(so /directory/messages/<id> links in emails already sent lead to /inbox/<id>), its message and,
where there was one, the reply as a second message. Both members have read it; the sender shares
their email address in it when the recipient had replied, since the old rule had shown it then.
Old messages were plain text, so their HTML is the escaped text in paragraphs.

Downgrade puts every two-member conversation back as a contact message (its first message, and
the other member's first answer as the reply); conversations of three or more, and any later
messages, have no place in the old table. Saved items go with their table.
"""

import html

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

contact_message = sa.table(
    "contact_message",
    sa.column("id", sa.Integer),
    sa.column("sender_id", sa.Integer),
    sa.column("recipient_id", sa.Integer),
    sa.column("subject", sa.String),
    sa.column("body", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("reply_body", sa.Text),
    sa.column("replied_at", sa.DateTime(timezone=True)),
)
conversation = sa.table(
    "conversation",
    sa.column("id", sa.Integer),
    sa.column("subject", sa.String),
    sa.column("created_by_id", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("last_message_at", sa.DateTime(timezone=True)),
    sa.column("report_details", sa.Text),
)
member = sa.table(
    "conversation_member",
    sa.column("id", sa.Integer),
    sa.column("conversation_id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("joined_at", sa.DateTime(timezone=True)),
    sa.column("last_read_at", sa.DateTime(timezone=True)),
    sa.column("last_message_at", sa.DateTime(timezone=True)),
    sa.column("share_email", sa.Boolean),
)
message = sa.table(
    "conversation_message",
    sa.column("id", sa.Integer),
    sa.column("conversation_id", sa.Integer),
    sa.column("author_id", sa.Integer),
    sa.column("body", sa.Text),
    sa.column("body_html", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
BATCH = 500


def _plain_html(text):
    """Plain text as escaped HTML paragraphs, its line breaks kept."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>\n") + "</p>" for p in paragraphs)


RESET_SEQUENCE = {
    "conversation": "SELECT setval(pg_get_serial_sequence('conversation', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM conversation",
    "contact_message": "SELECT setval(pg_get_serial_sequence('contact_message', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM contact_message",
}


def _reset_sequence(bind, table):
    """After rows with explicit ids, PostgreSQL's id sequence must start above them."""
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(RESET_SEQUENCE[table])


def _move_contact_messages(bind):
    """Each contact message (and its reply) becomes a two-member conversation with the same id."""
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(contact_message).where(contact_message.c.id > last_id).order_by(contact_message.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        last_id = rows[-1].id
        conversations, members, messages = [], [], []
        for row in rows:
            last = row.replied_at or row.created_at
            conversations.append(
                dict(
                    id=row.id,
                    subject=row.subject,
                    created_by_id=row.sender_id,
                    created_at=row.created_at,
                    last_message_at=last,
                    report_details="",
                )
            )
            for user_id in dict.fromkeys((row.sender_id, row.recipient_id)):
                members.append(
                    dict(
                        conversation_id=row.id,
                        user_id=user_id,
                        joined_at=row.created_at,
                        last_read_at=last,
                        last_message_at=last,
                        share_email=user_id == row.sender_id and row.replied_at is not None,
                    )
                )
            messages.append(
                dict(
                    conversation_id=row.id,
                    author_id=row.sender_id,
                    body=row.body,
                    body_html=_plain_html(row.body),
                    created_at=row.created_at,
                )
            )
            if row.replied_at is not None and row.reply_body is not None:
                messages.append(
                    dict(
                        conversation_id=row.id,
                        author_id=row.recipient_id,
                        body=row.reply_body,
                        body_html=_plain_html(row.reply_body),
                        created_at=row.replied_at,
                    )
                )
        op.bulk_insert(conversation, conversations)
        op.bulk_insert(member, members)
        op.bulk_insert(message, messages)
    _reset_sequence(bind, "conversation")


def upgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=150), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("report_status", sa.String(length=10), nullable=True),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.Column("report_reason", sa.String(length=20), nullable=True),
        sa.Column("report_details", sa.Text(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_conversation_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"],
            ["user_account.id"],
            name=op.f("fk_conversation_reported_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["user_account.id"],
            name=op.f("fk_conversation_resolved_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation")),
    )
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.create_index("ix_conversation_creator_created", ["created_by_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_conversation_report_status"), ["report_status"], unique=False)

    op.create_table(
        "saved_item",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_saved_item_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_item")),
        sa.UniqueConstraint("user_id", "kind", "object_id", name=op.f("uq_saved_item_user_id_kind_object_id")),
    )
    with op.batch_alter_table("saved_item", schema=None) as batch_op:
        batch_op.create_index("ix_saved_item_user_created", ["user_id", "created_at"], unique=False)

    op.create_table(
        "conversation_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("share_email", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_conversation_member_conversation_id_conversation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_conversation_member_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_member")),
        sa.UniqueConstraint("conversation_id", "user_id", name=op.f("uq_conversation_member_conversation_id_user_id")),
    )
    with op.batch_alter_table("conversation_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversation_member_conversation_id"), ["conversation_id"], unique=False)
        batch_op.create_index("ix_conversation_member_inbox", ["user_id", "left_at", "last_message_at"], unique=False)

    op.create_table(
        "conversation_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_conversation_message_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_conversation_message_conversation_id_conversation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_message")),
    )
    with op.batch_alter_table("conversation_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversation_message_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            "ix_conversation_message_conversation_created", ["conversation_id", "created_at"], unique=False
        )

    _move_contact_messages(op.get_bind())

    with op.batch_alter_table("contact_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_message_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_contact_message_sender_created"))

    op.drop_table("contact_message")
    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "contact_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=150), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reply_body", sa.Text(), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["user_account.id"],
            name=op.f("fk_contact_message_recipient_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["user_account.id"],
            name=op.f("fk_contact_message_sender_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_message")),
    )
    with op.batch_alter_table("contact_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_message_sender_created"), ["sender_id", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contact_message_recipient_id"), ["recipient_id"], unique=False)

    _restore_contact_messages(op.get_bind())

    with op.batch_alter_table("conversation_message", schema=None) as batch_op:
        batch_op.drop_index("ix_conversation_message_conversation_created")
        batch_op.drop_index(batch_op.f("ix_conversation_message_author_id"))

    op.drop_table("conversation_message")
    with op.batch_alter_table("conversation_member", schema=None) as batch_op:
        batch_op.drop_index("ix_conversation_member_inbox")
        batch_op.drop_index(batch_op.f("ix_conversation_member_conversation_id"))

    op.drop_table("conversation_member")
    with op.batch_alter_table("saved_item", schema=None) as batch_op:
        batch_op.drop_index("ix_saved_item_user_created")

    op.drop_table("saved_item")
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversation_report_status"))
        batch_op.drop_index("ix_conversation_creator_created")

    op.drop_table("conversation")
    # ### end Alembic commands ###


def _restore_contact_messages(bind):
    """Two-member conversations back into contact_message: the first message, and the other
    member's first message after it as the reply."""
    counts = (
        sa.select(member.c.conversation_id)
        .group_by(member.c.conversation_id)
        .having(sa.func.count(member.c.id) == 2)
        .subquery()
    )
    restored = []
    for (conversation_id,) in bind.execute(sa.select(counts.c.conversation_id).order_by(counts.c.conversation_id)):
        users = set(
            bind.execute(sa.select(member.c.user_id).where(member.c.conversation_id == conversation_id)).scalars()
        )
        subject = bind.execute(sa.select(conversation.c.subject).where(conversation.c.id == conversation_id)).scalar()
        posts = bind.execute(
            sa.select(message.c.author_id, message.c.body, message.c.created_at)
            .where(message.c.conversation_id == conversation_id, message.c.author_id.in_(users))
            .order_by(message.c.created_at, message.c.id)
        ).all()
        if not posts:
            continue
        first = posts[0]
        recipient = next(iter(users - {first.author_id}))
        reply = next((p for p in posts[1:] if p.author_id == recipient), None)
        restored.append(
            dict(
                id=conversation_id,
                sender_id=first.author_id,
                recipient_id=recipient,
                subject=subject,
                body=first.body,
                created_at=first.created_at,
                reply_body=reply.body if reply else None,
                replied_at=reply.created_at if reply else None,
            )
        )
    if restored:
        op.bulk_insert(contact_message, restored)
    _reset_sequence(bind, "contact_message")
