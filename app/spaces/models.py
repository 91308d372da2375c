"""Spaces (communities of interest and networks) and their discussions: threads and replies.

A thread with no space belongs to the site-wide "Ask the community" area. Content outlives the
account that wrote it (author columns are SET NULL and the page shows "Former member"); what
is only about one member (memberships, votes, read markers, mentions of them) goes with them.
Counters (`reply_count`, `helpful_count`, `member_count`, `thread_count`) are denormalised for
the lists and kept by the services with single UPDATE statements, never read-modify-write.
"""

from app.extensions import db
from app.models_base import ItemRef, created_column, user_fk

JOIN_POLICIES = {
    "open": "Open: any verified member can join",
    "request": "On request: managers approve each member",
    "private": "Private: by invitation only, hidden from everyone else",
}
THREAD_KINDS = {"question": "Question", "discussion": "Discussion"}
MEMBER_ROLES = ("member", "manager")
MEMBER_STATUSES = ("active", "pending", "invited")
REPORT_REASONS = {
    "spam": "Spam or advertising",
    "abuse": "Abusive or unkind",
    "confidential": "Shares confidential or identifiable information",
    "misinformation": "Misleading or unsafe advice",
    "other": "Something else",
}


def _term_table(name, parent):
    """An association table between `parent` rows and vocabulary terms."""
    return db.Table(
        name,
        db.Column(f"{parent}_id", db.Integer, db.ForeignKey(f"{parent}.id", ondelete="CASCADE"), primary_key=True),
        db.Column(
            "term_id", db.Integer, db.ForeignKey("taxonomy_term.id", ondelete="CASCADE"), primary_key=True, index=True
        ),
    )


space_term = _term_table("space_term", "space")
thread_term = _term_table("thread_term", "thread")


class Space(db.Model):
    """A community of interest or a network, with a join policy and its own managers."""

    __tablename__ = "space"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    purpose = db.Column(db.String(300), nullable=False)
    description_md = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default="")
    join_policy = db.Column(db.String(10), nullable=False, default="open", index=True)
    region_id = db.Column(db.Integer, db.ForeignKey("region.id", ondelete="SET NULL"), nullable=True, index=True)
    created_by_id = user_fk()
    created_at = created_column()
    member_count = db.Column(db.Integer, nullable=False, default=0)
    thread_count = db.Column(db.Integer, nullable=False, default=0)
    last_activity_at = db.Column(db.DateTime(timezone=True), nullable=True, index=True)

    region = db.relationship("Region")
    created_by = db.relationship("User", foreign_keys=[created_by_id])
    terms = db.relationship("Term", secondary=space_term, order_by="Term.position")

    kind = "space"

    @property
    def is_private(self):
        return self.join_policy == "private"

    def __repr__(self):
        return f"<Space {self.slug}>"


class SpaceMember(db.Model):
    """A member's place in a space: active, waiting for approval (pending) or invited."""

    __tablename__ = "space_member"
    __table_args__ = (db.UniqueConstraint("space_id", "user_id"),)

    id = db.Column(db.Integer, primary_key=True)
    space_id = db.Column(db.Integer, db.ForeignKey("space.id", ondelete="CASCADE"), nullable=False)
    user_id = user_fk(ondelete="CASCADE", nullable=False)
    role = db.Column(db.String(10), nullable=False, default="member")
    status = db.Column(db.String(10), nullable=False, default="active")
    invited_by_id = user_fk(index=False)
    created_at = created_column()
    responded_at = db.Column(db.DateTime(timezone=True), nullable=True)

    space = db.relationship("Space")
    user = db.relationship("User", foreign_keys=[user_id])
    invited_by = db.relationship("User", foreign_keys=[invited_by_id])

    @property
    def is_manager(self):
        return self.status == "active" and self.role == "manager"


class Thread(db.Model):
    """A question or a discussion, in a space or (space None) in "Ask the community"."""

    __tablename__ = "thread"
    __table_args__ = (db.Index("ix_thread_space_activity", "space_id", "last_activity_at"),)

    id = db.Column(db.Integer, primary_key=True)
    space_id = db.Column(db.Integer, db.ForeignKey("space.id", ondelete="CASCADE"), nullable=True)
    kind = db.Column(db.String(12), nullable=False, default="discussion")
    title = db.Column(db.String(200), nullable=False)
    body_md = db.Column(db.Text, nullable=False)
    body_html = db.Column(db.Text, nullable=False)
    author_id = user_fk()
    created_at = created_column(index=True)
    edited_at = db.Column(db.DateTime(timezone=True), nullable=True)
    pinned = db.Column(db.Boolean, nullable=False, default=False)
    locked = db.Column(db.Boolean, nullable=False, default=False)
    hidden_at = db.Column(db.DateTime(timezone=True), nullable=True)
    hide_reason = db.Column(db.String(500), nullable=True)
    hidden_by_id = user_fk(index=False)
    awaiting_moderation = db.Column(db.Boolean, nullable=False, default=False, index=True)
    accepted_reply_id = db.Column(
        db.Integer,
        db.ForeignKey("reply.id", ondelete="SET NULL", use_alter=True, name="fk_thread_accepted_reply_id_reply"),
        nullable=True,
    )
    reply_count = db.Column(db.Integer, nullable=False, default=0)
    view_count = db.Column(db.Integer, nullable=False, default=0)
    helpful_count = db.Column(db.Integer, nullable=False, default=0)
    last_activity_at = db.Column(db.DateTime(timezone=True), nullable=False, index=True)
    merged_into_id = db.Column(db.Integer, db.ForeignKey("thread.id", ondelete="SET NULL"), nullable=True)

    space = db.relationship("Space")
    author = db.relationship("User", foreign_keys=[author_id])
    hidden_by = db.relationship("User", foreign_keys=[hidden_by_id])
    terms = db.relationship("Term", secondary=thread_term, order_by="Term.position")
    links = db.relationship(
        "ThreadLink", order_by="ThreadLink.position", cascade="all, delete-orphan", back_populates="thread"
    )
    accepted_reply = db.relationship("Reply", foreign_keys=[accepted_reply_id], post_update=True)
    merged_into = db.relationship("Thread", remote_side=[id])

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_question(self):
        return self.kind == "question"

    @property
    def is_answered(self):
        return self.accepted_reply_id is not None

    def __repr__(self):
        return f"<Thread {self.id} {self.title!r}>"


class ThreadLink(ItemRef, db.Model):
    """A case study, resource or event the thread points to, shown as a card (kind + id)."""

    __tablename__ = "thread_link"
    __table_args__ = (db.UniqueConstraint("thread_id", "kind", "object_id"),)

    thread_id = db.Column(db.Integer, db.ForeignKey("thread.id", ondelete="CASCADE"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)

    thread = db.relationship("Thread", back_populates="links")


class Reply(db.Model):
    """A reply in a thread. Deleting one's own keeps the row as "reply deleted"."""

    __tablename__ = "reply"
    __table_args__ = (db.Index("ix_reply_thread_id_id", "thread_id", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    thread_id = db.Column(db.Integer, db.ForeignKey("thread.id", ondelete="CASCADE"), nullable=False)
    author_id = user_fk()
    body_md = db.Column(db.Text, nullable=False)
    body_html = db.Column(db.Text, nullable=False)
    quoted_reply_id = db.Column(db.Integer, db.ForeignKey("reply.id", ondelete="SET NULL"), nullable=True)
    created_at = created_column()
    edited_at = db.Column(db.DateTime(timezone=True), nullable=True)
    deleted_at = db.Column(db.DateTime(timezone=True), nullable=True)
    hidden_at = db.Column(db.DateTime(timezone=True), nullable=True)
    hide_reason = db.Column(db.String(500), nullable=True)
    hidden_by_id = user_fk(index=False)
    awaiting_moderation = db.Column(db.Boolean, nullable=False, default=False, index=True)
    helpful_count = db.Column(db.Integer, nullable=False, default=0)

    thread = db.relationship("Thread", foreign_keys=[thread_id])
    author = db.relationship("User", foreign_keys=[author_id])
    quoted = db.relationship("Reply", remote_side=[id])

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class ReplyRevision(db.Model):
    """The text a reply had before an edit: the edit history."""

    __tablename__ = "reply_revision"

    id = db.Column(db.Integer, primary_key=True)
    reply_id = db.Column(db.Integer, db.ForeignKey("reply.id", ondelete="CASCADE"), nullable=False, index=True)
    body_md = db.Column(db.Text, nullable=False)
    body_html = db.Column(db.Text, nullable=False)
    written_at = db.Column(db.DateTime(timezone=True), nullable=False)
    created_at = created_column()


class HelpfulVote(db.Model):
    """One member found one reply helpful (at most once; never their own)."""

    __tablename__ = "helpful_vote"

    reply_id = db.Column(db.Integer, db.ForeignKey("reply.id", ondelete="CASCADE"), primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at = created_column()


class Mention(db.Model):
    """A member named with @ in a thread or a reply; the notifications feature reads these."""

    __tablename__ = "mention"

    id = db.Column(db.Integer, primary_key=True)
    thread_id = db.Column(db.Integer, db.ForeignKey("thread.id", ondelete="CASCADE"), nullable=False, index=True)
    reply_id = db.Column(db.Integer, db.ForeignKey("reply.id", ondelete="CASCADE"), nullable=True, index=True)
    mentioned_user_id = user_fk(ondelete="CASCADE", nullable=False)
    author_id = user_fk(index=False)
    created_at = created_column()
    emailed_at = db.Column(db.DateTime(timezone=True), nullable=True)

    thread = db.relationship("Thread")
    reply = db.relationship("Reply")
    mentioned_user = db.relationship("User", foreign_keys=[mentioned_user_id])
    author = db.relationship("User", foreign_keys=[author_id])


class ThreadRead(db.Model):
    """How far a member has read a thread, for "N new" and opening at the first unread reply."""

    __tablename__ = "thread_read"

    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    thread_id = db.Column(db.Integer, db.ForeignKey("thread.id", ondelete="CASCADE"), primary_key=True, index=True)
    last_read_reply_id = db.Column(db.Integer, nullable=False, default=0)
    read_at = created_column()


class Report(db.Model):
    """A member's report of a thread or a reply (reply_id set), for moderators and managers."""

    __tablename__ = "discussion_report"

    id = db.Column(db.Integer, primary_key=True)
    thread_id = db.Column(db.Integer, db.ForeignKey("thread.id", ondelete="CASCADE"), nullable=False, index=True)
    reply_id = db.Column(db.Integer, db.ForeignKey("reply.id", ondelete="CASCADE"), nullable=True, index=True)
    reporter_id = user_fk(index=False)
    reason = db.Column(db.String(20), nullable=False)
    details = db.Column(db.String(1000), nullable=False, default="")
    status = db.Column(db.String(10), nullable=False, default="open", index=True)
    created_at = created_column()
    resolved_by_id = user_fk(index=False)
    resolved_at = db.Column(db.DateTime(timezone=True), nullable=True)

    thread = db.relationship("Thread")
    reply = db.relationship("Reply")
    reporter = db.relationship("User", foreign_keys=[reporter_id])
