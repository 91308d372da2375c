"""Demo directory: extra practitioners, about 160 profiles across every region and ICS,
a range of privacy choices, and connections and mentoring pairs between them.

Three steps, run after the accounts step: people, profiles, network. Each is
deterministic (the rng is seeded by the step name) and idempotent (natural keys).
"""

from sqlalchemy import and_, or_, select

from app.auth.models import User, utcnow
from app.content import render_markdown
from app.demo import auth as auth_demo
from app.demo.registry import DemoStep
from app.directory.models import VISIBLE_FIELDS, Connection, MentoringPair, PractitionerProfile
from app.directory.services.profiles import slugify, unique_slug
from app.extensions import db
from app.taxonomy.services import systems, terms

EXTRA_PEOPLE = 100
FIRST = ["Ada", "Bilal", "Ciara", "Dev", "Esme", "Fraser", "Gita", "Harvey", "Ifeoma", "Jonah", "Kiran", "Lowri"]
FIRST += [
    "Marek",
    "Niamh",
    "Olu",
    "Petra",
    "Quentin",
    "Rosa",
    "Siddharth",
    "Tamsin",
    "Ulla",
    "Vikram",
    "Wren",
    "Xander",
]
LAST = ["Abbott", "Bhatt", "Coleman", "Doherty", "Ellis", "Farouk", "Gallagher", "Hussain", "Iqbal", "Jenkins"]
LAST += ["Kowalski", "Lloyd", "Mensah", "Nowak", "O'Brien", "Pritchard", "Quinn", "Rahman", "Sutherland", "Tran"]
# Where solo practitioners work, with the sector slug each belongs to.
ORGANISATIONS = [
    ("Solo OH service, {ics} GP Federation", "primary-care"),
    ("{ics} Community Health Services", "community"),
    ("{ics} Integrated Care Board", "icb-system"),
    ("University Hospitals of {ics}", "acute"),
    ("{ics} Mental Health NHS Trust", "mental-health"),
    ("{ics} Care Homes Partnership", "social-care"),
    ("{ics} Hospice", "hospice"),
    ("{ics} Carers' Trust", "voluntary-and-charity"),
    ("{ics} Independent Treatment Centre", "independent-provider"),
]
# The sector of each demo account's organisation (see app/demo/auth.py); acute otherwise.
ORGANISATION_SECTORS = {
    "North West Ambulance Service NHS Trust": "ambulance",
    "Oxford Health NHS Foundation Trust": "mental-health",
    "Cornwall Partnership NHS Foundation Trust": "community",
    "Sussex Community NHS Foundation Trust": "community",
    "Norfolk and Suffolk NHS Foundation Trust": "mental-health",
    "NHS South East London ICB": "icb-system",
    "Lincolnshire Community Health Services NHS Trust": "community",
    "Bradford District Care NHS Foundation Trust": "mental-health",
    "Hertfordshire Partnership University NHS Foundation Trust": "mental-health",
    "Greenwood Primary Care Network": "primary-care",
    "NHS England": "other",
    "OHWB Exchange": "other",
}
# The profession that goes with each demo job title, so filtering by profession finds them.
JOB_PROFESSIONS = {
    "Occupational health nurse": "oh-nurse",
    "OH clinical lead": "oh-nurse",
    "Consultant occupational physician": "oh-physician",
    "OH physiotherapist": "oh-physiotherapist",
    "OH technician": "oh-technician",
    "OH service manager": "oh-manager-administrator",
    "Staff psychologist": "psychologist",
    "Counselling psychologist": "counsellor-psychological-therapist",
    "Psychological wellbeing practitioner": "psychological-wellbeing-practitioner",
    "Health and wellbeing lead": "wellbeing-lead-practitioner",
    "Wellbeing practitioner": "wellbeing-lead-practitioner",
    "Ergonomist": "ergonomist",
}
NURSE = "Occupational health nurse"
# Most solo OH services are run by a nurse; nurses are the largest OH profession overall.
SOLO_NURSE_SHARE, NURSE_SHARE = 0.6, 0.2
BIO = (
    "I work in occupational health and wellbeing in {ics}. My main interests are {topics}.\n\n"
    "{solo}Happy to share what has worked for us and to learn from peers."
)


def plan_people(rng):
    """Extra members beyond the accounts step, so the directory has over 150 profiles."""
    return auth_demo.draw_members(rng, EXTRA_PEOPLE, FIRST, LAST, surname_key=slugify)


def plan_profiles(rng):
    """One profile per verified demo member except the admin, spread over every ICS."""
    users = db.session.scalars(
        select(User)
        .where(User.email.like(f"%@{auth_demo.DEMO_DOMAIN}"), User.email_verified_at.is_not(None), User.role != "admin")
        .order_by(User.email)
    ).all()
    all_systems = systems()
    professions = {t.slug: t for t in terms("profession")}
    sectors = {t.slug: t for t in terms("sector")}
    roles, topics = terms("held_role"), terms("topic")
    items = []
    for n, user in enumerate(users):
        system = all_systems[n % len(all_systems)]  # round-robin: every ICS, so every region
        chosen = rng.sample(topics, rng.randint(1, 5))
        solo = rng.random() < 0.25
        offers = rng.random() < 0.2
        hidden = [field for field in VISIBLE_FIELDS if rng.random() < 0.12]
        job_title = NURSE if rng.random() < (SOLO_NURSE_SHARE if solo else NURSE_SHARE) else user.job_role
        if solo:
            organisation, sector = rng.choice(ORGANISATIONS)
            organisation = organisation.format(ics=system.name)
        else:
            organisation = user.organisation
            sector = ORGANISATION_SECTORS.get(organisation, "acute")
        profession = professions[JOB_PROFESSIONS.get(job_title, "other")]
        items.append(
            dict(
                email=user.email,
                display_name=user.name,
                job_title=job_title,
                organisation=organisation,
                ics_id=system.id,
                region_id=system.region_id,
                sector_id=sectors[sector].id,
                professions=[profession.id],
                specialisms=[t.id for t in chosen],
                roles=[t.id for t in rng.sample(roles, rng.choice((0, 0, 1)))],
                bio=BIO.format(
                    ics=system.name,
                    topics=", ".join(t.name.lower() for t in chosen),
                    solo="I am the only OH practitioner in my organisation. " if solo else "",
                ),
                is_solo=solo,
                open_peer_support=solo or rng.random() < 0.3,
                offers_mentoring=offers,
                max_mentees=rng.randint(1, 4) if offers else 0,
                mentoring_topics=[t.id for t in chosen[:2]] if offers else [],
                seeks_mentoring=not offers and rng.random() < 0.2,
                open_visits=rng.random() < 0.3,
                open_collaboration=rng.random() < 0.5,
                listed=rng.random() < 0.9,
                hidden=hidden,
            )
        )
    return items


def apply_profile(item):
    """Create one profile unless the member has one."""
    user = db.session.scalar(select(User).where(User.email == item["email"]))
    if user is None or db.session.scalar(select(PractitionerProfile.id).where(PractitionerProfile.user_id == user.id)):
        return False
    from app.taxonomy.models import Term

    def pick(ids):
        return db.session.scalars(select(Term).where(Term.id.in_(ids))).all() if ids else []

    profile = PractitionerProfile(
        user=user,
        slug=unique_slug(item["display_name"]),
        display_name=item["display_name"],
        job_title=item["job_title"],
        organisation=item["organisation"],
        ics_id=item["ics_id"],
        region_id=item["region_id"],
        sector_id=item["sector_id"],
        bio_markdown=item["bio"],
        bio_html=render_markdown(item["bio"]),
        listed=item["listed"],
        **{k: item[k] for k in ("is_solo", "open_peer_support", "offers_mentoring", "seeks_mentoring")},
        **{k: item[k] for k in ("open_visits", "open_collaboration", "max_mentees")},
    )
    profile.professions = pick(item["professions"])
    profile.specialisms = pick(item["specialisms"])
    profile.roles = pick(item["roles"])
    profile.mentoring_topics = pick(item["mentoring_topics"])
    for field in item["hidden"]:
        setattr(profile, f"{field}_visibility", "hidden")
    db.session.add(profile)
    db.session.flush()  # the next item's slug check sees this one
    return True


def plan_network(rng):
    """Connections (mostly accepted, some pending) and mentoring pairs between listed profiles."""
    rows = db.session.execute(
        select(PractitionerProfile.user_id, PractitionerProfile.offers_mentoring, PractitionerProfile.max_mentees)
        .where(PractitionerProfile.listed.is_(True))
        .order_by(PractitionerProfile.slug)
    ).all()
    ids = [row.user_id for row in rows]
    items, pairs = [], set()
    demo_member = db.session.scalar(select(User.id).where(User.email == f"member@{auth_demo.DEMO_DOMAIN}"))
    while len(items) < 140 and len(ids) > 1:
        a, b = rng.sample(ids, 2)
        if (a, b) in pairs or (b, a) in pairs:
            continue
        pairs.add((a, b))
        items.append(dict(kind="connection", a=a, b=b, status="accepted" if rng.random() < 0.8 else "pending"))
    if demo_member:
        for other in rng.sample([i for i in ids if i != demo_member], 6):
            items.append(dict(kind="connection", a=other, b=demo_member, status=rng.choice(("accepted", "pending"))))
    for mentor in [row for row in rows if row.offers_mentoring]:
        for mentee in rng.sample([i for i in ids if i != mentor.user_id], rng.randint(0, mentor.max_mentees)):
            items.append(dict(kind="mentoring", mentor=mentor.user_id, mentee=mentee, status="active"))
    return items


def apply_network(item):
    """Create one connection or mentoring pair unless it is there already."""
    if item["kind"] == "connection":
        a, b = item["a"], item["b"]
        exists = select(Connection.id).where(
            or_(
                and_(Connection.requester_id == a, Connection.recipient_id == b),
                and_(Connection.requester_id == b, Connection.recipient_id == a),
            )
        )
        if db.session.scalar(exists):
            return False
        accepted = item["status"] == "accepted"
        db.session.add(
            Connection(
                requester_id=a, recipient_id=b, status=item["status"], responded_at=utcnow() if accepted else None
            )
        )
    else:
        keys = dict(mentor_id=item["mentor"], mentee_id=item["mentee"])
        fields = dict(status="active", message="I would value help building our service.", responded_at=utcnow())
        return _add_once(MentoringPair, keys, fields)
    db.session.flush()
    return True


def _add_once(model, keys, fields):
    """Add one row unless a row with the same keys is there already (False then)."""
    if db.session.scalar(select(model.id).filter_by(**keys)):
        return False
    db.session.add(model(**keys, **fields))
    db.session.flush()
    return True


PEOPLE_STEP = DemoStep("directory-people", plan_people, auth_demo.apply)
PROFILES_STEP = DemoStep("directory-profiles", plan_profiles, apply_profile)
NETWORK_STEP = DemoStep("directory-network", plan_network, apply_network)
STEPS = [PEOPLE_STEP, PROFILES_STEP, NETWORK_STEP]
