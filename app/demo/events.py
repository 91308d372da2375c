"""Demo events: a year of NHS OHWB events around today, six months back and six ahead.

Past events have attendance and feedback; future ones have registrations, and the smaller
ones a waiting list. Deterministic (the rng is seeded) and idempotent (titles are the key).
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from app.auth.models import User
from app.content import render_markdown
from app.demo.auth import DEMO_DOMAIN
from app.demo.registry import DemoStep
from app.events.models import Event, EventFeedback, EventOrganiser, EventRegistration
from app.events.services.events import slugify
from app.extensions import db
from app.taxonomy.models import Region, Term
from app.templating import LONDON

# (title, type, format, hours, capacity, topic slugs, summary, venue)
SERIES = [
    (
        "Wellbeing fair",
        "wellbeing_fair",
        "in_person",
        5,
        200,
        ["financial-wellbeing", "musculoskeletal-health"],
        "Stalls, health checks and taster sessions for staff on every shift",
        "Main atrium",
    ),
    (
        "Theatre forum: speaking up about incivility",
        "theatre_forum",
        "in_person",
        3,
        40,
        ["violence-aggression-and-abuse"],
        "Actors replay a real ward scene; the audience steps in to change the ending",
        "Education centre",
    ),
    (
        "Schwartz round",
        "network_meeting",
        "hybrid",
        1,
        60,
        ["burnout-and-mental-health"],
        "A confidential space to talk about the emotional side of working in healthcare",
        "Boardroom",
    ),
    (
        "TRiM practitioner network",
        "network_meeting",
        "online",
        2,
        80,
        ["trauma-informed-care"],
        "Case discussion and peer support for trauma risk management practitioners",
        None,
    ),
    (
        "Menopause cafe",
        "network_meeting",
        "in_person",
        2,
        12,
        ["menopause"],
        "An informal conversation over tea for colleagues, managers and menopause champions",
        "Staff wellbeing hub",
    ),
    (
        "VAA summit: reducing violence, aggression and abuse",
        "conference",
        "hybrid",
        7,
        150,
        ["violence-aggression-and-abuse", "workplace-safety"],
        "Trusts share what cut incidents against staff: data, design and post-incident support",
        "Conference centre",
    ),
    (
        "Health and Wellbeing Guardians network",
        "network_meeting",
        "online",
        2,
        100,
        ["burnout-and-mental-health"],
        "Board-level guardians compare notes on the NHS Health and Wellbeing Framework",
        None,
    ),
    (
        "MSK self-referral for staff: lessons from early adopters",
        "webinar",
        "online",
        1,
        None,
        ["musculoskeletal-health"],
        "How fast-track physiotherapy cut sickness absence, with the numbers",
        None,
    ),
    (
        "Suicide postvention: supporting teams after a loss",
        "training",
        "in_person",
        6,
        25,
        ["suicide-prevention", "stigma"],
        "Practical training for OH and wellbeing leads on the first days and weeks",
        "Learning and development suite",
    ),
    (
        "Staff wellbeing recognition awards",
        "recognition_event",
        "in_person",
        3,
        120,
        ["equality-diversity-and-inclusion"],
        "Celebrating the teams and champions who made work better for colleagues",
        "Town hall",
    ),
    (
        "Sleep and fatigue on night shifts",
        "webinar",
        "online",
        1,
        None,
        ["sleep-and-fatigue"],
        "Evidence-based tips and rostering changes that help night workers",
        None,
    ),
    (
        "OH nurses practice forum",
        "network_meeting",
        "hybrid",
        2,
        30,
        ["burnout-and-mental-health"],
        "Peer learning for occupational health nurses, many of whom work solo",
        "OH department seminar room",
    ),
]
VENUE_TOWNS = ["Leeds", "Manchester", "Birmingham", "Cambridge", "London", "Brighton", "Exeter"]
VENUE_POSTCODES = ["LS1 3EX", "M13 9WL", "B15 2TH", "CB2 0QQ", "SE1 7EH", "BN2 5BE", "EX2 5DW"]  # hospital sites
COMMENTS_WORKED = [
    "Hearing real examples from other trusts",
    "Small groups",
    "Practical tools I can use on Monday",
    "Time to reflect with peers",
    "The lived-experience speaker",
    "",
]
COMMENTS_IMPROVE = ["More time for questions", "Share slides beforehand", "", "Run it again for night staff", ""]


def _topics():
    return {t.slug: t for t in db.session.scalars(select(Term).where(Term.vocabulary == "topic"))}


def plan(rng):
    """About 40 events from six months ago to six months ahead, each with a fixed shape."""
    today = date.today()
    items, used = [], set()
    for month_offset in range(-6, 7):
        year = today.year + (today.month - 1 + month_offset) // 12
        month = (today.month - 1 + month_offset) % 12 + 1
        for _ in range(3):
            series_index = rng.randrange(len(SERIES))
            day = rng.randint(2, 27)
            start_hour = rng.choice([9, 10, 13, 14, 18])
            region_index = rng.randrange(7)
            title = f"{SERIES[series_index][0]}: {date(year, month, 1):%B %Y}"
            if title in used:
                continue
            used.add(title)
            items.append(
                dict(
                    title=title,
                    series=series_index,
                    day=date(year, month, day),
                    hour=start_hour,
                    region=region_index,
                    fill=rng.random(),
                    seed=rng.randrange(1_000_000),
                )
            )
    return items


def _when(day, hour):
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON).astimezone(UTC)


def apply(item):
    """Create one event with registrations (and feedback when past) unless the title exists."""
    if db.session.scalar(select(Event.id).where(Event.title == item["title"])):
        return False
    import random

    rng = random.Random(item["seed"])  # noqa: S311 (demo data)
    title, kind, fmt, hours, capacity, topic_slugs, summary, venue = SERIES[item["series"]]
    regions = db.session.scalars(select(Region).order_by(Region.position)).all()
    region = regions[item["region"] % len(regions)]
    town = VENUE_TOWNS[item["region"] % len(VENUE_TOWNS)]
    starts = _when(item["day"], item["hour"])
    members = db.session.scalars(
        select(User).where(User.email.like(f"%@{DEMO_DOMAIN}"), User.email_verified_at.is_not(None)).order_by(User.id)
    ).all()
    moderator = next((u for u in members if u.role == "moderator"), None)
    topics = _topics()
    event = Event(
        slug=f"{slugify(item['title'])}-{item['day']:%Y-%m-%d}",
        title=item["title"],
        event_type=kind,
        summary=summary,
        description_md=f"{summary}.\n\n**Who should come:** OH and wellbeing staff, Health and Wellbeing Champions "
        f"and Guardians, and managers.\n\nHosted by the {region.name} OHWB network.",
        format=fmt,
        venue=venue if venue and fmt != "online" else None,
        address=f"{region.name} OHWB network host site, {town}" if fmt != "online" else None,
        postcode=VENUE_POSTCODES[item["region"] % len(VENUE_POSTCODES)] if fmt != "online" else None,
        joining_url="https://teams.example.nhs.uk/meet/ohwb-" + slugify(title)[:30] if fmt != "in_person" else None,
        accessibility_info="Step-free access, hearing loop, quiet room available. Tell us about any access needs."
        if fmt != "online"
        else "Live captions on. Slides sent beforehand on request.",
        audience="members" if kind == "network_meeting" and item["region"] % 3 == 0 else "public",
        region=region,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        capacity=capacity,
        status="published",
        created_by_id=moderator.id if moderator else None,
        terms=[topics[s] for s in topic_slugs if s in topics],
    )
    event.description_html = render_markdown(event.description_md)
    db.session.add(event)
    db.session.flush()
    if members and kind == "network_meeting":
        db.session.add(EventOrganiser(event_id=event.id, user_id=members[4 + item["region"] % 10].id))
    _registrations(event, members, item, rng)
    return True


def _registrations(event, members, item, rng):
    past = event.ends_at < datetime.now(UTC)
    room = event.capacity or 60
    wanted = int(room * (0.4 + item["fill"] * 0.5))
    if event.capacity and event.capacity <= 40 and item["fill"] > 0.35:
        wanted = event.capacity + 2 + int(item["fill"] * 6)  # popular small events fill up and queue
    wanted = min(len(members), wanted)
    chosen = rng.sample(members, wanted)
    confirmed = 0
    for position, user in enumerate(chosen, start=1):
        has_place = event.capacity is None or confirmed < event.capacity
        status = "confirmed" if has_place else ("waiting" if not past else "cancelled")
        if has_place and rng.random() < 0.06:
            status = "cancelled"
        registration = EventRegistration(
            event_id=event.id,
            user_id=user.id,
            status=status,
            position=position,
            show_on_attendee_list=rng.random() < 0.6,
            access_needs=rng.choice([None, None, None, "Step-free access", "Live captions", "Quiet space for breaks"])
            if not past or event.ends_at > datetime.now(UTC) - timedelta(days=30)
            else None,
            registered_at=event.starts_at - timedelta(days=rng.randint(3, 40)),
        )
        if status == "confirmed":
            confirmed += 1
            registration.confirmed_at = registration.registered_at
            if past:
                registration.attended = rng.random() < 0.85
        db.session.add(registration)
        if past and registration.attended and rng.random() < 0.55:
            db.session.add(
                EventFeedback(
                    event_id=event.id,
                    user_id=user.id,
                    overall=rng.choice([3, 4, 4, 5, 5, 5]),
                    relevance=rng.choice([3, 4, 4, 5, 5]),
                    would_recommend=rng.random() < 0.85,
                    what_worked=rng.choice(COMMENTS_WORKED),
                    to_improve=rng.choice(COMMENTS_IMPROVE),
                )
            )
    event.confirmed_count = confirmed
    event.position_counter = len(chosen)


STEP = DemoStep("events", plan, apply)
