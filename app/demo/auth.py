"""Demo accounts: an admin, two moderators and members across NHS organisations.

Every demo account signs in with the password in DEMO_PASSWORD (development data only).
"""

from sqlalchemy import select

from app.auth.models import User, utcnow
from app.demo.registry import DemoStep
from app.extensions import db

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (documented demo data, never production)
DEMO_DOMAIN = "ohwb-demo.example"

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Deepak",
    "Eilidh",
    "Femi",
    "Grace",
    "Hassan",
    "Isla",
    "Jamal",
    "Katie",
    "Liam",
    "Mei",
    "Nadia",
    "Owen",
    "Priya",
    "Rhys",
    "Sana",
    "Tom",
    "Uma",
    "Victoria",
    "Wei",
    "Yasmin",
    "Zoe",
    "Aidan",
    "Bethan",
    "Callum",
    "Divya",
    "Ewan",
    "Farah",
]
LAST_NAMES = [
    "Okafor",
    "Hughes",
    "Patel",
    "Murray",
    "Campbell",
    "Adeyemi",
    "Khan",
    "Evans",
    "Chen",
    "Roberts",
    "Wilson",
    "Singh",
    "Taylor",
    "Begum",
    "Jones",
    "Ahmed",
    "Walker",
    "Davies",
    "Thompson",
    "Ali",
]
ORGANISATIONS = [
    "Leeds Teaching Hospitals NHS Trust",
    "Guy's and St Thomas' NHS Foundation Trust",
    "Manchester University NHS Foundation Trust",
    "North West Ambulance Service NHS Trust",
    "Oxford Health NHS Foundation Trust",
    "Cornwall Partnership NHS Foundation Trust",
    "Sussex Community NHS Foundation Trust",
    "Norfolk and Suffolk NHS Foundation Trust",
    "University Hospitals Birmingham NHS Foundation Trust",
    "NHS South East London ICB",
    "Newcastle upon Tyne Hospitals NHS Foundation Trust",
    "Somerset NHS Foundation Trust",
    "Lincolnshire Community Health Services NHS Trust",
    "Bradford District Care NHS Foundation Trust",
    "Hertfordshire Partnership University NHS Foundation Trust",
    "Greenwood Primary Care Network",
]
JOB_ROLES = [
    "Occupational health nurse",
    "Consultant occupational physician",
    "Health and wellbeing lead",
    "OH physiotherapist",
    "Staff psychologist",
    "Wellbeing practitioner",
    "OH technician",
    "Health and Wellbeing Guardian",
    "Health and Wellbeing Champion",
    "OH service manager",
    "Psychological wellbeing practitioner",
    "Ergonomist",
    "Counselling psychologist",
]

FIXED = [
    ("admin", "Alex Morgan", "admin", "OHWB Exchange", "Platform administrator"),
    ("moderator", "Sam Patel", "moderator", "NHS England", "Community moderator"),
    ("moderator2", "Jo Fraser", "moderator", "Leeds Teaching Hospitals NHS Trust", "OH clinical lead"),
    ("member", "Priya Shah", "member", "Guy's and St Thomas' NHS Foundation Trust", "Occupational health nurse"),
]
MEMBER_COUNT = 60


def plan(rng):
    """The fixed accounts, then members with deterministic names and organisations."""
    people = [dict(local=loc, name=n, role=r, organisation=o, job_role=j) for loc, n, r, o, j in FIXED]
    return people + draw_members(
        rng, MEMBER_COUNT, FIRST_NAMES, LAST_NAMES, seen={p["local"] for p in people}, unverified_share=0.08
    )


def draw_members(rng, count, first_names, last_names, seen=(), surname_key=str, unverified_share=0.0):
    """`count` members with names drawn from the lists, none sharing an address with `seen` or each other."""
    people, seen = [], set(seen)
    while len(people) < count:
        first, last = rng.choice(first_names), rng.choice(last_names)
        local = f"{first}.{surname_key(last)}".lower()
        if local in seen:
            continue
        seen.add(local)
        person = dict(
            local=local,
            name=f"{first} {last}",
            role="member",
            organisation=rng.choice(ORGANISATIONS),
            job_role=rng.choice(JOB_ROLES),
        )
        if unverified_share:
            person["unverified"] = rng.random() < unverified_share
        people.append(person)
    return people


_hash_cache = {}


def apply(person):
    """Create one account unless its email is already taken."""
    email = f"{person['local']}@{DEMO_DOMAIN}"
    if db.session.scalar(select(User.id).where(User.email == email)):
        return False
    user = User(
        email=email,
        name=person["name"],
        role=person["role"],
        organisation=person["organisation"],
        job_role=person["job_role"],
    )
    if "hash" not in _hash_cache:  # one scrypt run for all demo accounts keeps seeding quick
        user.set_password(DEMO_PASSWORD)
        _hash_cache["hash"] = user.password_hash
    user.password_hash = _hash_cache["hash"]
    user.email_verified_at = None if person.get("unverified") else utcnow()
    db.session.add(user)
    return True


STEP = DemoStep("accounts", plan, apply)
