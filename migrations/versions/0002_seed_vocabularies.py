"""Seed the vocabularies: framework elements, People Promise themes, topics, sectors,
professions, SEQOHS services, roles, the 7 NHS England regions and the 42 ICSs.

The data is written here, not imported from app code, so this migration always inserts the
same rows. Later vocabulary changes (an ICS merger, a new profession) are new migrations that
close entries with valid_to and add new ones.

Revision ID: 0002
Revises: 0001
"""

import re
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

VALID_FROM = date(2022, 7, 1)  # ICSs became statutory on 1 July 2022

TERMS = {
    "framework_element": [
        "Improving personal health and wellbeing",
        "Relationships",
        "Fulfilment at work",
        "Managers and leaders",
        "Environment",
        "Data insights",
        "Professional wellbeing support",
    ],
    "people_promise_theme": [
        "We are compassionate and inclusive",
        "We are recognised and rewarded",
        "We each have a voice that counts",
        "We are safe and healthy",
        "We are always learning",
        "We work flexibly",
        "We are a team",
    ],
    "wellbeing_area": [
        "Leading with compassion",
        "Managing collaboratively",
        "Team-working effectively",
        "Belonging for, and by, all",
    ],
    "topic": [
        ("Violence, aggression and abuse", "VAA"),
        ("Burnout and mental health", None),
        ("Menopause", None),
        ("Musculoskeletal health", "MSK"),
        ("Suicide prevention", None),
        ("Stigma", None),
        ("Workplace safety", None),
        ("Equality, diversity and inclusion", "EDI"),
        ("Trauma-informed care", None),
        ("Financial wellbeing", None),
        ("Sleep and fatigue", None),
    ],
    "sector": [
        "Acute",
        "Mental health",
        "Community",
        "Ambulance",
        "Primary care",
        "Social care",
        "ICB/system",
        "Other",
    ],
    "profession": [
        "OH physician",
        "OH nurse",
        "OH technician",
        "OH physiotherapist",
        "Occupational therapist",
        "Psychologist",
        "Counsellor/psychological therapist",
        ("Psychological wellbeing practitioner", "PWP"),
        "Wellbeing lead/practitioner",
        "Ergonomist",
        "OH manager/administrator",
        "Other",
    ],
    "seqohs_service": [
        "Prevention",
        "Timely intervention",
        "Rehabilitation",
        "Health assessment for work",
        "Promotion of health and wellbeing",
        "Teaching and training",
    ],
    "held_role": [
        "Health and Wellbeing Guardian",
        "Health and Wellbeing Champion",
        "OHWB lead",
    ],
}

REGIONS = {
    "North East and Yorkshire": [
        "Humber and North Yorkshire",
        "North East and North Cumbria",
        "South Yorkshire",
        "West Yorkshire",
    ],
    "North West": ["Cheshire and Merseyside", "Greater Manchester", "Lancashire and South Cumbria"],
    "Midlands": [
        "Birmingham and Solihull",
        "Black Country",
        "Coventry and Warwickshire",
        "Derby and Derbyshire",
        "Herefordshire and Worcestershire",
        "Leicester, Leicestershire and Rutland",
        "Lincolnshire",
        "Northamptonshire",
        "Nottingham and Nottinghamshire",
        "Shropshire, Telford and Wrekin",
        "Staffordshire and Stoke-on-Trent",
    ],
    "East of England": [
        "Bedfordshire, Luton and Milton Keynes",
        "Cambridgeshire and Peterborough",
        "Hertfordshire and West Essex",
        "Mid and South Essex",
        "Norfolk and Waveney",
        "Suffolk and North East Essex",
    ],
    "London": [
        "North Central London",
        "North East London",
        "North West London",
        "South East London",
        "South West London",
    ],
    "South East": [
        "Buckinghamshire, Oxfordshire and Berkshire West",
        "Frimley",
        "Hampshire and Isle of Wight",
        "Kent and Medway",
        "Surrey Heartlands",
        "Sussex",
    ],
    "South West": [
        "Bath and North East Somerset, Swindon and Wiltshire",
        "Bristol, North Somerset and South Gloucestershire",
        "Cornwall and the Isles of Scilly",
        "Devon",
        "Dorset",
        "Gloucestershire",
        "Somerset",
    ],
}


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


term = sa.table(
    "taxonomy_term",
    sa.column("vocabulary", sa.String),
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
    sa.column("abbreviation", sa.String),
    sa.column("position", sa.Integer),
    sa.column("valid_from", sa.Date),
)
region = sa.table(
    "region",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
    sa.column("position", sa.Integer),
    sa.column("valid_from", sa.Date),
)
ics = sa.table(
    "ics",
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
    sa.column("region_id", sa.Integer),
    sa.column("valid_from", sa.Date),
)


def upgrade():
    rows = []
    for vocabulary, entries in TERMS.items():
        for position, entry in enumerate(entries):
            name, abbreviation = entry if isinstance(entry, tuple) else (entry, None)
            rows.append(
                dict(
                    vocabulary=vocabulary,
                    slug=slugify(name),
                    name=name,
                    abbreviation=abbreviation,
                    position=position,
                    valid_from=VALID_FROM,
                )
            )
    op.bulk_insert(term, rows)

    region_rows = [
        dict(slug=slugify(name), name=name, position=position, valid_from=VALID_FROM)
        for position, name in enumerate(REGIONS)
    ]
    op.bulk_insert(region, region_rows)
    # Look the ids up rather than choosing them, so PostgreSQL sequences stay in step.
    ids = dict(op.get_bind().execute(sa.select(region.c.slug, region.c.id)).all())
    ics_rows = [
        dict(slug=slugify(name), name=name, region_id=ids[slugify(region_name)], valid_from=VALID_FROM)
        for region_name, systems in REGIONS.items()
        for name in systems
    ]
    op.bulk_insert(ics, ics_rows)


def downgrade():
    op.execute(ics.delete())
    op.execute(region.delete())
    op.execute(term.delete())
