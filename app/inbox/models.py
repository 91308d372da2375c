"""Private conversations between members: the conversation, who is in it, and its messages.

A member's own place in a conversation (`ConversationMember`) carries what differs per member:
when they last read it, when a message last reached them (so "new" and the header count are one
indexed comparison), whether they left, and whether they share their email address in it.
A conversation may be reported to moderators, who then see that conversation and no other.
"""

from datetime import UTC

from app.extensions import db
from app.models_base import created_column, user_fk

REPORT_REASONS = (
    ("harassment", "Harassment or bullying"),
    ("inappropriate", "Offensive or inappropriate content"),
    ("spam", "Advertising or spam"),
    ("other", "Something else"),
)


class Conversation(db.Model):
    """A private conversation; `report_status` is None until a member reports it."""

    __tablename__ = "conversation"
    __table_args__ = (db.Index("ix_conversation_creator_created", "created_by_id", "created_at"),)

    id = db.Column(db.Integer, primary_key=True)
    subject = db.Column(db.String(150), nullable=False)
    created_by_id = user_fk(index=False)
    created_at = created_column()
    last_message_at = created_column()
    # Reporting: open -> dismissed (nothing wrong) or hidden (closed by a moderator for everyone).
    report_status = db.Column(db.String(10), nullable=True, index=True)
    reported_by_id = user_fk(index=False)
    report_reason = db.Column(db.String(20), nullable=True)
    report_details = db.Column(db.Text, nullable=False, default="")
    reported_at = db.Column(db.DateTime(timezone=True), nullable=True)
    resolved_by_id = user_fk(index=False)
    resolved_at = db.Column(db.DateTime(timezone=True), nullable=True)

    created_by = db.relationship("User", foreign_keys=[created_by_id])
    reported_by = db.relationship("User", foreign_keys=[reported_by_id])
    members = db.relationship(
        "ConversationMember", back_populates="conversation", order_by="ConversationMember.id", lazy="selectin"
    )

    @property
    def hidden(self):
        """True once a moderator has closed the conversation."""
        return self.report_status == "hidden"

    def member(self, user_id):
        """The member row of `user_id` (left or not), or None."""
        return next((m for m in self.members if m.user_id == user_id), None)

    def others(self, user_id):
        """The members still in the conversation other than `user_id`."""
        return [m for m in self.members if m.user_id != user_id and m.left_at is None]


class ConversationMember(db.Model):
    """One member's place in a conversation."""

    __tablename__ = "conversation_member"
    __table_args__ = (
        db.UniqueConstraint("conversation_id", "user_id"),
        db.Index("ix_conversation_member_inbox", "user_id", "left_at", "last_message_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    conversation_id = db.Column(
        db.Integer, db.ForeignKey("conversation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id = user_fk(ondelete="CASCADE", nullable=False, index=False)
    joined_at = created_column()
    last_read_at = db.Column(db.DateTime(timezone=True), nullable=True)
    # The last message that reached this member (not their own, not from someone across a block).
    last_message_at = db.Column(db.DateTime(timezone=True), nullable=True)
    left_at = db.Column(db.DateTime(timezone=True), nullable=True)
    share_email = db.Column(db.Boolean, nullable=False, default=False)

    conversation = db.relationship("Conversation", back_populates="members")
    user = db.relationship("User", lazy="joined", innerjoin=True)

    @property
    def unread(self):
        """True when a message reached this member after they last read the conversation."""
        if self.last_message_at is None:
            return False
        return self.last_read_at is None or aware(self.last_message_at) > aware(self.last_read_at)


class Message(db.Model):
    """One message: Markdown source and its sanitised HTML; the author may since have been deleted."""

    __tablename__ = "conversation_message"
    __table_args__ = (db.Index("ix_conversation_message_conversation_created", "conversation_id", "created_at"),)

    id = db.Column(db.Integer, primary_key=True)
    conversation_id = db.Column(db.Integer, db.ForeignKey("conversation.id", ondelete="CASCADE"), nullable=False)
    author_id = user_fk()
    body = db.Column(db.Text, nullable=False)
    body_html = db.Column(db.Text, nullable=False)
    created_at = created_column()

    author = db.relationship("User")
    conversation = db.relationship("Conversation")


def aware(moment):
    """SQLite hands back naive datetimes; they are UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
