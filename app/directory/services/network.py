"""Connections between members: request, accept, decline, remove; blocks stop requests."""

from flask import abort, url_for
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.auth.names import public_name
from app.directory.blocking import ensure_may_reach
from app.directory.models import Connection
from app.directory.services import DirectoryError
from app.extensions import db
from app.mail import link_to
from app.models_base import utcnow
from app.notifications import notify


def _between(a, b):
    return or_(
        and_(Connection.requester_id == a, Connection.recipient_id == b),
        and_(Connection.requester_id == b, Connection.recipient_id == a),
    )


def connection_between(a, b):
    """The connection row between two members in either direction, or None."""
    return db.session.scalar(select(Connection).where(_between(a, b)))


def are_connected(a, b):
    """True when the two members are accepted peers."""
    return db.session.scalar(select(Connection.id).where(_between(a, b), Connection.status == "accepted")) is not None


def request_connection(requester, profile):
    """Ask to connect with the owner of `profile`; emails them. Refused when blocked or repeated."""
    recipient_id = profile.user_id
    if recipient_id == requester.id:
        raise DirectoryError("You cannot connect with yourself")
    ensure_may_reach(requester.id, recipient_id)
    existing = connection_between(requester.id, recipient_id)
    if existing is not None:
        if existing.status == "accepted":
            raise DirectoryError("You are already connected")
        if existing.recipient_id == requester.id and existing.status == "pending":
            raise DirectoryError("This member has already asked to connect with you. Accept it under My network")
        raise DirectoryError("You have already asked to connect with this member")
    connection = Connection(requester=requester, recipient_id=recipient_id)
    db.session.add(connection)
    db.session.flush()
    recipient = db.session.get(User, recipient_id)
    notify(
        [recipient],
        "connection",
        f"connection-request:{connection.id}",
        f"{public_name(requester)} would like to connect on OHWB Exchange",
        url_for("directory.network"),
        actor=requester,
        email=(
            "directory_connection_request",
            {"requester": requester, "recipient": recipient, "link": link_to("directory.network")},
        ),
    )
    db.session.commit()
    return connection


def _incoming(user, connection_id):
    connection = db.session.get(Connection, connection_id)
    if connection is None or connection.recipient_id != user.id or connection.status != "pending":
        abort(404)
    return connection


def accept_connection(user, connection_id):
    """Accept a pending request addressed to `user`; 404 for anyone else's, 403 across a block.
    Emails the requester."""
    connection = _incoming(user, connection_id)
    ensure_may_reach(user.id, connection.requester_id)
    connection.status, connection.responded_at = "accepted", utcnow()
    notify(
        [connection.requester],
        "connection",
        f"connection-accepted:{connection.id}",
        f"{public_name(user)} accepted your connection request",
        url_for("directory.network"),
        actor=user,
        email=(
            "directory_connection_accepted",
            {"user": user, "requester": connection.requester, "link": link_to("directory.network")},
        ),
    )
    db.session.commit()
    return connection


def decline_connection(user, connection_id):
    """Decline a pending request; the requester is not told, and cannot ask again."""
    connection = _incoming(user, connection_id)
    connection.status, connection.responded_at = "declined", utcnow()
    db.session.commit()


def remove_connection(user, connection_id):
    """Either side ends an accepted connection (or withdraws its own pending request)."""
    connection = db.session.get(Connection, connection_id)
    if connection is None or user.id not in (connection.requester_id, connection.recipient_id):
        abort(404)
    if connection.status == "declined" or (connection.status == "pending" and connection.requester_id != user.id):
        abort(404)
    db.session.delete(connection)
    db.session.commit()


def network_of(user):
    """Accepted peers, incoming and outgoing pending requests, with the other member loaded."""
    rows = db.session.scalars(
        select(Connection)
        .options(selectinload(Connection.requester), selectinload(Connection.recipient))
        .where(
            or_(Connection.requester_id == user.id, Connection.recipient_id == user.id),
            Connection.status.in_(("pending", "accepted")),
        )
        .order_by(Connection.created_at.desc())
    ).all()
    peers = [c for c in rows if c.status == "accepted"]
    incoming = [c for c in rows if c.status == "pending" and c.recipient_id == user.id]
    outgoing = [c for c in rows if c.status == "pending" and c.requester_id == user.id]
    return peers, incoming, outgoing


def listed_slugs(user_ids):
    """{user_id: slug} for those of `user_ids` whose profiles are listed (one query)."""
    from app.directory.models import PractitionerProfile
    from app.directory.visibility import listed_condition

    if not user_ids:
        return {}
    rows = db.session.execute(
        select(PractitionerProfile.user_id, PractitionerProfile.slug).where(
            PractitionerProfile.user_id.in_(set(user_ids)), listed_condition()
        )
    )
    return dict(rows.all())


def network_page(user):
    """My network: peers, requests both ways, and links to the listed profiles among them."""
    connected, incoming, outgoing = network_of(user)
    others = [c.other(user.id).id for c in connected + incoming + outgoing]
    return {"connected": connected, "incoming": incoming, "outgoing": outgoing, "slugs": listed_slugs(others)}
