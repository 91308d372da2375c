"""Mentoring: a member offering it sets topics and a maximum; others ask; the mentor decides."""

from flask import abort, url_for
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.auth.names import public_name
from app.directory.blocking import ensure_may_reach
from app.directory.models import MentoringPair, PractitionerProfile
from app.directory.services import DirectoryError
from app.extensions import db
from app.mail import link_to
from app.models_base import utcnow
from app.notifications import notify


def active_count(mentor_id):
    """How many mentees the mentor has now."""
    return db.session.scalar(
        select(func.count(MentoringPair.id)).where(
            MentoringPair.mentor_id == mentor_id, MentoringPair.status == "active"
        )
    )


def request_mentoring(mentee, profile, message):
    """Ask the owner of `profile` to mentor `mentee`; emails the mentor."""
    if profile.user_id == mentee.id:
        raise DirectoryError("You cannot ask yourself to be your mentor", field="message")
    ensure_may_reach(mentee.id, profile.user_id, field="message")
    if not profile.offers_mentoring:
        raise DirectoryError("This member is not offering mentoring", field="message")
    open_pair = db.session.scalar(
        select(MentoringPair.id).where(
            MentoringPair.mentor_id == profile.user_id,
            MentoringPair.mentee_id == mentee.id,
            MentoringPair.status.in_(("pending", "active")),
        )
    )
    if open_pair is not None:
        raise DirectoryError("You have already asked this member to mentor you", field="message")
    if active_count(profile.user_id) >= profile.max_mentees:
        raise DirectoryError("This mentor has no places free at the moment", field="message")
    pair = MentoringPair(mentor_id=profile.user_id, mentee=mentee, message=message or "")
    db.session.add(pair)
    db.session.flush()
    mentor = db.session.get(User, profile.user_id)
    notify(
        [mentor],
        "connection",
        f"mentoring-request:{pair.id}",
        f"{public_name(mentee)} has asked you to be their mentor",
        url_for("directory.mentoring"),
        actor=mentee,
        email=(
            "directory_mentoring_request",
            {"mentee": mentee, "mentor": mentor, "message": message, "link": link_to("directory.mentoring")},
        ),
    )
    db.session.commit()
    return pair


def _as_mentor(user, pair_id, status):
    pair = db.session.get(MentoringPair, pair_id)
    if pair is None or pair.mentor_id != user.id or pair.status != status:
        abort(404)
    return pair


def accept_mentee(user, pair_id):
    """Accept a pending request while places remain; emails the mentee."""
    from app.directory.services.profiles import own_profile

    pair = _as_mentor(user, pair_id, "pending")
    ensure_may_reach(user.id, pair.mentee_id)
    profile = own_profile(user)
    limit = profile.max_mentees if profile is not None and profile.offers_mentoring else 0
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    if active_count(user.id) >= limit:
        raise DirectoryError(
            f"You already mentor {limit} people, your maximum. Raise it on your profile or end a pair first"
        )
    pair.status, pair.responded_at = "active", utcnow()
    notify(
        [pair.mentee],
        "connection",
        f"mentoring-accepted:{pair.id}",
        f"{public_name(user)} has agreed to mentor you",
        url_for("directory.mentoring"),
        actor=user,
        email=(
            "directory_mentoring_accepted",
            {"mentor": user, "mentee": pair.mentee, "link": link_to("directory.mentoring")},
        ),
    )
    db.session.commit()
    return pair


def decline_mentee(user, pair_id):
    """Decline a pending request."""
    pair = _as_mentor(user, pair_id, "pending")
    pair.status, pair.responded_at = "declined", utcnow()
    db.session.commit()


def end_pair(user, pair_id):
    """Either side ends an active pair, or the mentee withdraws a pending request."""
    pair = db.session.get(MentoringPair, pair_id)
    if pair is None or user.id not in (pair.mentor_id, pair.mentee_id):
        abort(404)
    if pair.status == "active" or (pair.status == "pending" and pair.mentee_id == user.id):
        pair.status, pair.ended_at = "ended", utcnow()
        db.session.commit()
        return pair
    abort(404)


def pairs_of(user):
    """The member's pending and active pairs on both sides, others loaded in the same queries."""
    rows = db.session.scalars(
        select(MentoringPair)
        .options(selectinload(MentoringPair.mentor), selectinload(MentoringPair.mentee))
        .where(
            or_(MentoringPair.mentor_id == user.id, MentoringPair.mentee_id == user.id),
            MentoringPair.status.in_(("pending", "active")),
        )
        .order_by(MentoringPair.created_at.desc())
    ).all()
    return {
        "requests": [p for p in rows if p.mentor_id == user.id and p.status == "pending"],
        "mentees": [p for p in rows if p.mentor_id == user.id and p.status == "active"],
        "mentors": [p for p in rows if p.mentee_id == user.id and p.status == "active"],
        "asked": [p for p in rows if p.mentee_id == user.id and p.status == "pending"],
    }


def mentoring_page(user):
    """The mentoring page: pairs on both sides, places used, and links to listed profiles."""
    from app.directory.services.network import listed_slugs

    pairs = pairs_of(user)
    people = [p.mentor_id for p in pairs["mentors"] + pairs["asked"]]
    people += [p.mentee_id for p in pairs["mentees"] + pairs["requests"]]
    mine = db.session.scalar(select(PractitionerProfile).where(PractitionerProfile.user_id == user.id))
    return {"pairs": pairs, "mine": mine, "places": active_count(user.id), "slugs": listed_slugs(people)}
