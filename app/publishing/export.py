"""The knowledge-base part of a member's data export, connected to `member_exporting`."""

from sqlalchemy import select

from app.comments.models import Comment
from app.extensions import db
from app.publishing.models import ReuseRecord, UsefulMark
from app.publishing.registry import types
from app.signals import member_exporting


def _when(value):
    return value.isoformat() if value else None


@member_exporting.connect
def member_content(user):
    """The member's items of every registered type, and their comments, useful marks and reuse records."""
    items = {}
    for publishable in types():
        model = publishable.model
        rows = db.session.scalars(select(model).where(model.author_id == user.id).order_by(model.id))
        items[publishable.export_key] = [
            {
                "title": i.title,
                "slug": i.slug,
                "status": i.status,
                "visibility": i.visibility,
                "created_at": _when(i.created_at),
            }
            for i in rows
        ]
    comments = db.session.scalars(select(Comment).where(Comment.author_id == user.id).order_by(Comment.id))
    items["comments"] = [
        {"on": f"{c.kind}:{c.object_id}", "body": c.body, "created_at": _when(c.created_at), "hidden": c.is_hidden}
        for c in comments
    ]
    marks = db.session.scalars(select(UsefulMark).where(UsefulMark.user_id == user.id).order_by(UsefulMark.id))
    items["useful_marks"] = [{"on": f"{m.kind}:{m.object_id}", "created_at": _when(m.created_at)} for m in marks]
    reuse = db.session.scalars(select(ReuseRecord).where(ReuseRecord.user_id == user.id).order_by(ReuseRecord.id))
    items["reuse_records"] = [
        {
            "on": f"{r.kind}:{r.object_id}",
            "organisation": r.organisation,
            "note": r.note,
            "created_at": _when(r.created_at),
        }
        for r in reuse
    ]
    return "knowledge_base", items
