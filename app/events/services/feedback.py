"""The post-event survey: one response per attendee, and the aggregates organisers read.
Responses outlive accounts (anonymised), so the numbers stay."""

from sqlalchemy import Integer, case, func, select
from sqlalchemy.exc import IntegrityError

from app.events.models import CONFIRMED, EventFeedback, EventRegistration
from app.events.services import EventError
from app.extensions import db

COMMENTS_SHOWN = 200


def feedback_state(event, user):
    """'open', or why this member cannot answer: 'not_ended', 'not_attendee', 'answered'."""
    if not event.has_ended() or event.is_cancelled:
        return "not_ended"
    registration = db.session.scalar(
        select(EventRegistration).where(EventRegistration.event_id == event.id, EventRegistration.user_id == user.id)
    )
    if registration is None or registration.status != CONFIRMED or registration.attended is False:
        return "not_attendee"
    answered = db.session.scalar(
        select(EventFeedback.id).where(EventFeedback.event_id == event.id, EventFeedback.user_id == user.id)
    )
    return "answered" if answered else "open"


STATE_MESSAGES = {
    "not_ended": "Feedback opens when the event has finished",
    "not_attendee": "Only people who attended this event can give feedback",
    "answered": "You have already given feedback on this event. Thank you",
}


def submit_feedback(event, user, overall, relevance, would_recommend, what_worked, to_improve):
    """Store one attendee's answers; a second response is refused."""
    state = feedback_state(event, user)
    if state != "open":
        raise EventError(STATE_MESSAGES[state], status=403 if state == "not_attendee" else 400)
    db.session.add(
        EventFeedback(
            event_id=event.id,
            user_id=user.id,
            overall=overall,
            relevance=relevance,
            would_recommend=would_recommend,
            what_worked=what_worked or "",
            to_improve=to_improve or "",
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise EventError(STATE_MESSAGES["answered"]) from None


def _aggregates():
    return (
        func.count(EventFeedback.id),
        func.avg(EventFeedback.overall),
        func.avg(EventFeedback.relevance),
        func.sum(case((EventFeedback.would_recommend, 1), else_=0).cast(Integer)),
    )


def _summary(row):
    count, overall, relevance, recommend = row
    count = count or 0
    return {
        "responses": count,
        "overall": round(float(overall), 1) if overall is not None else None,
        "relevance": round(float(relevance), 1) if relevance is not None else None,
        "recommend_percent": round(100 * (recommend or 0) / count) if count else None,
    }


def feedback_summary(event):
    """Counts, average ratings, % who would recommend, and the latest comments."""
    summary = _summary(db.session.execute(select(*_aggregates()).where(EventFeedback.event_id == event.id)).one())
    distribution = dict(
        db.session.execute(
            select(EventFeedback.overall, func.count())
            .where(EventFeedback.event_id == event.id)
            .group_by(EventFeedback.overall)
        ).all()
    )
    summary["distribution"] = [(score, distribution.get(score, 0)) for score in range(5, 0, -1)]
    summary["comments"] = db.session.execute(
        select(EventFeedback.what_worked, EventFeedback.to_improve)
        .where(EventFeedback.event_id == event.id)
        .where((EventFeedback.what_worked != "") | (EventFeedback.to_improve != ""))
        .order_by(EventFeedback.id.desc())
        .limit(COMMENTS_SHOWN)
    ).all()
    return summary
