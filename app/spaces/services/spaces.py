"""Space use cases: create and edit a space, join, leave, requests, invitations and managers.

Each public function owns its commit; emails go after it (app.mail.queue_email). Member counts
are recounted in one UPDATE whenever a membership changes, so they never drift.
"""

import re
import unicodedata

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.auth.access import can_see_members_content, reach_refusal
from app.auth.models import User
from app.auth.names import find_by_public_names, public_name
from app.content import render_markdown
from app.extensions import db
from app.mail import link_to, queue_email
from app.models_base import utcnow
from app.spaces import notify
from app.spaces.access import membership
from app.spaces.models import Space, SpaceMember
from app.taxonomy.models import Region, Term
from app.web import UserError

TAG_VOCABULARIES = ("topic", "framework_element", "people_promise_theme")
RESERVED_SLUGS = {"new", "moderation", "reports"}  # addresses of pages under /spaces/


def slugify(text):
    """A URL slug from `text`: ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:70] or "space"


def _unique_slug(name):
    base = slugify(name)
    taken = set(db.session.scalars(select(Space.slug).where(Space.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


def recount_members(space_id):
    """Set the space's member count from its active memberships (one UPDATE)."""
    active = (
        select(func.count())
        .select_from(SpaceMember)
        .where(SpaceMember.space_id == space_id, SpaceMember.status == "active")
        .scalar_subquery()
    )
    db.session.execute(update(Space).where(Space.id == space_id).values(member_count=active))


def _apply(space, fields):
    space.name = fields["name"]
    space.purpose = fields["purpose"]
    space.description_md = fields.get("description") or ""
    space.description_html = render_markdown(space.description_md)
    space.join_policy = fields["join_policy"]
    region_id = fields.get("region_id")
    space.region_id = region_id if region_id and db.session.get(Region, region_id) else None
    term_ids = list(fields.get("term_ids") or [])[:30]
    space.terms = (
        db.session.scalars(select(Term).where(Term.id.in_(term_ids), Term.vocabulary.in_(TAG_VOCABULARIES))).all()
        if term_ids
        else []
    )


def create_space(user, fields):
    """Create a space; its creator is its first manager."""
    if db.session.scalar(select(Space.id).where(func.lower(Space.name) == fields["name"].lower())):
        raise UserError("A space with this name already exists. Choose another name", field="name")
    space = Space(slug=_unique_slug(fields["name"]), created_by_id=user.id, last_activity_at=utcnow())
    _apply(space, fields)
    db.session.add(space)
    db.session.flush()
    db.session.add(SpaceMember(space_id=space.id, user_id=user.id, role="manager", status="active"))
    db.session.flush()
    recount_members(space.id)
    db.session.commit()
    return space


def edit_space(space, fields):
    """Change a space's name, purpose, description, policy and tags."""
    clash = select(Space.id).where(func.lower(Space.name) == fields["name"].lower(), Space.id != space.id)
    if db.session.scalar(clash):
        raise UserError("A space with this name already exists. Choose another name", field="name")
    _apply(space, fields)
    db.session.commit()


def _managers(space):
    stmt = (
        select(User)
        .join(SpaceMember, SpaceMember.user_id == User.id)
        .where(SpaceMember.space_id == space.id, SpaceMember.role == "manager", SpaceMember.status == "active")
        .order_by(User.id)
        .limit(20)
    )
    return db.session.scalars(stmt).all()


def join(space, user):
    """Join an open space, or ask to join one on request (managers are emailed). Private spaces
    take only invited members, who accept here."""
    row = membership(space, user)
    if row is not None and row.status == "active":
        raise UserError("You are already a member of this space")
    if row is not None and row.status == "pending":
        raise UserError("You have already asked to join. A manager of the space will reply")
    if row is not None and row.status == "invited":
        row.status, row.responded_at = "active", utcnow()
        outcome = "joined"
    elif space.join_policy == "open":
        db.session.add(SpaceMember(space_id=space.id, user_id=user.id, status="active"))
        outcome = "joined"
    elif space.join_policy == "request":
        db.session.add(SpaceMember(space_id=space.id, user_id=user.id, status="pending"))
        outcome = "requested"
    else:
        raise UserError("This space is by invitation only", status=403)
    try:
        db.session.flush()
    except IntegrityError:  # a second click raced the first
        db.session.rollback()
        raise UserError("You are already a member of this space") from None
    if outcome == "requested":
        request_id = membership(space, user).id
        notify.join_requested(space, user, [m for m in _managers(space) if m.id != user.id], request_id)
    recount_members(space.id)
    db.session.commit()
    return outcome


def leave(space, user):
    """Leave a space (or withdraw a request or decline an invitation). The last manager stays."""
    row = membership(space, user)
    if row is None:
        raise UserError("You are not a member of this space")
    if row.is_manager:
        others = select(func.count()).where(
            SpaceMember.space_id == space.id,
            SpaceMember.role == "manager",
            SpaceMember.status == "active",
            SpaceMember.id != row.id,
        )
        if not db.session.scalar(others):
            raise UserError("You are the only manager. Appoint another manager before you leave")
    db.session.delete(row)
    db.session.flush()
    recount_members(space.id)
    db.session.commit()


def _row_or_error(space, member_id, statuses):
    row = db.session.get(SpaceMember, member_id)
    if row is None or row.space_id != space.id or row.status not in statuses:
        raise UserError("That member is not in this space", status=404)
    return row


def decide_request(space, member_id, approve):
    """Approve or refuse a request to join; the requester is told either way."""
    row = _row_or_error(space, member_id, ("pending",))
    user = row.user
    notify.join_decided(space, user, approve, row.id)
    if approve:
        row.status, row.responded_at = "active", utcnow()
    else:
        db.session.delete(row)
    db.session.flush()
    recount_members(space.id)
    db.session.commit()
    return user


def remove_member(space, member_id, actor):
    """Take a member (or an invitation) out of the space; managers cannot remove themselves here."""
    row = _row_or_error(space, member_id, ("active", "invited", "pending"))
    if row.user_id == actor.id:
        raise UserError("Use “Leave this space” to leave it yourself")
    user = row.user
    db.session.delete(row)
    db.session.flush()
    recount_members(space.id)
    db.session.commit()
    return user


def set_role(space, member_id, role):
    """Appoint an active member as a manager, or make a manager an ordinary member again."""
    row = _row_or_error(space, member_id, ("active",))
    if role == "member" and row.role == "manager":
        others = select(func.count()).where(
            SpaceMember.space_id == space.id,
            SpaceMember.role == "manager",
            SpaceMember.status == "active",
            SpaceMember.id != row.id,
        )
        if not db.session.scalar(others):
            raise UserError("A space needs at least one manager")
    row.role = role
    db.session.commit()
    return row.user


def find_member(who):
    """The verified, active account named by `who`: an email address or an exact public name."""
    who = (who or "").strip()
    if "@" in who:
        user = db.session.scalar(select(User).where(func.lower(User.email) == who.lower()))
    else:
        by_account = db.session.scalars(select(User).where(func.lower(User.name) == who.lower()).limit(5)).all()
        user = find_by_public_names({who.lower()}, by_account).get(who.lower())
    if user is None or not can_see_members_content(user):
        raise UserError(
            "No member has that name or email address. Check the spelling, or ask them to join OHWB Exchange first",
            field="who",
        )
    return user


def invite(space, actor, who):
    """Invite a member by public name or email; they are emailed and accept by joining."""
    user = find_member(who)
    row = membership(space, user)
    if row is not None and row.status == "active":
        raise UserError(f"{public_name(user)} is already a member of this space", field="who")
    if row is not None and row.status == "invited":
        raise UserError(f"{public_name(user)} has already been invited", field="who")
    if reach_refusal(actor.id, user.id) is not None:
        raise UserError("You cannot invite this member", field="who", status=403)
    if row is not None:  # they had asked to join: the invitation answers the request
        row.status, row.responded_at = "active", utcnow()
    else:
        db.session.add(SpaceMember(space_id=space.id, user_id=user.id, status="invited", invited_by_id=actor.id))
    queue_email(
        user.email,
        f"{public_name(actor)} invited you to join {space.name}",
        "space_invitation",
        space=space,
        inviter=actor,
        already_member=row is not None,
        link=link_to("spaces.detail", slug=space.slug),
    )
    db.session.flush()
    recount_members(space.id)
    db.session.commit()
    return user


def members_page(space, status, page, per_page=50):
    """One page of the space's members with `status`, managers first."""
    stmt = (
        select(SpaceMember)
        .where(SpaceMember.space_id == space.id, SpaceMember.status == status)
        .options(db.joinedload(SpaceMember.user))
        .order_by((SpaceMember.role == "manager").desc(), SpaceMember.created_at, SpaceMember.id)
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def count_by_status(space):
    """{status: count} of the space's memberships (one query)."""
    stmt = select(SpaceMember.status, func.count()).where(SpaceMember.space_id == space.id).group_by(SpaceMember.status)
    return dict(db.session.execute(stmt).all())
