"""events in spaces, recommended resources, and the spaces every site starts with

Adds `event.space_id` (an event may belong to a space), the `space_recommendation` table
(what a space's managers recommend), the "audience" vocabulary with its one term "Solo
practitioners" (which tags spaces meant for solo practitioners, for "spaces for you"), and
seeds the spaces a real site starts with: "Solo OHWB practitioners", one network per NHS
England region (from the region table), "Health and Wellbeing Guardians", "TRiM
practitioners", "Menopause champions" and "OH nurses in primary and social care". A space
whose slug exists already is left as it is, and so are its tags.

The data is written here, not imported from app code, so this migration always inserts the
same rows.

Revision ID: 0015
Revises: 0014
"""

import re
from datetime import UTC, date, datetime
from html import escape

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

SOLO_TERM = {"vocabulary": "audience", "slug": "solo-practitioners", "name": "Solo practitioners"}

# (slug, name, purpose, description, join policy, [(vocabulary, term slug)])
SPACES = [
    (
        "solo-ohwb-practitioners",
        "Solo OHWB practitioners",
        "For people who are the only occupational health or wellbeing practitioner in their organisation.",
        "A place to share the load when there is no team down the corridor: policies, second opinions, "
        "cover arrangements and how others have made the case for more support.",
        "open",
        [("audience", "solo-practitioners"), ("framework_element", "professional-wellbeing-support")],
    ),
    (
        "health-and-wellbeing-guardians",
        "Health and Wellbeing Guardians",
        "For board-level Health and Wellbeing Guardians and the people who support them.",
        "Compare board reports, share how you use the Guardian principles and the data that convinced your board.",
        "request",
        [("held_role", "health-and-wellbeing-guardian"), ("framework_element", "managers-and-leaders")],
    ),
    (
        "trim-practitioners",
        "TRiM practitioners",
        "For trauma risk management (TRiM) practitioners and coordinators.",
        "Peer support, supervision arrangements and practical questions about running TRiM after traumatic incidents.",
        "request",
        [("topic", "trauma-informed-care"), ("topic", "burnout-and-mental-health")],
    ),
    (
        "menopause-champions",
        "Menopause champions",
        "For menopause champions, leads and the OH teams who work with them.",
        "Policies that worked, adjustments that helped, cafes and training: what menopause support "
        "looks like in practice.",
        "open",
        [("topic", "menopause")],
    ),
    (
        "oh-nurses-in-primary-and-social-care",
        "OH nurses in primary and social care",
        "For occupational health nurses supporting general practice, community and social care staff.",
        "Small employers, many sites and little budget: share what works for occupational health outside hospitals.",
        "open",
        [("profession", "oh-nurse"), ("sector", "primary-care"), ("sector", "social-care")],
    ),
]

space = sa.table(
    "space",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
    sa.column("purpose", sa.String),
    sa.column("description_md", sa.Text),
    sa.column("description_html", sa.Text),
    sa.column("join_policy", sa.String),
    sa.column("region_id", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("member_count", sa.Integer),
    sa.column("thread_count", sa.Integer),
)
space_term = sa.table("space_term", sa.column("space_id", sa.Integer), sa.column("term_id", sa.Integer))
term = sa.table(
    "taxonomy_term",
    sa.column("id", sa.Integer),
    sa.column("vocabulary", sa.String),
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
    sa.column("position", sa.Integer),
    sa.column("valid_from", sa.Date),
)
region = sa.table("region", sa.column("id", sa.Integer), sa.column("slug", sa.String), sa.column("name", sa.String))


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _region_spaces(bind):
    """One network per NHS England region, tagged with its region."""
    rows = bind.execute(sa.select(region.c.id, region.c.slug, region.c.name).order_by(region.c.id)).all()
    return [
        (
            f"{slug}-ohwb-network",
            f"{name} OHWB network",
            f"The occupational health and wellbeing network for {name}.",
            f"Meet colleagues across {name}: forums, shared training, mutual aid and regional news.",
            "open",
            [],
            region_id,
        )
        for region_id, slug, name in rows
    ]


def seeded_spaces(bind):
    """Every seeded space as (slug, name, purpose, description, policy, tags, region id)."""
    themed = [(*row, None) for row in SPACES]
    return themed[:1] + _region_spaces(bind) + themed[1:]


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("space_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_event_space_id"), ["space_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_event_space_id_space"), "space", ["space_id"], ["id"], ondelete="SET NULL"
        )

    op.create_table(
        "space_recommendation",
        sa.Column("space_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["user_account.id"],
            name=op.f("fk_space_recommendation_added_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["space_id"], ["space.id"], name=op.f("fk_space_recommendation_space_id_space"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_space_recommendation")),
        sa.UniqueConstraint(
            "space_id", "kind", "object_id", name=op.f("uq_space_recommendation_space_id_kind_object_id")
        ),
    )
    with op.batch_alter_table("space_recommendation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_space_recommendation_space_id"), ["space_id"], unique=False)

    bind = op.get_bind()
    if (
        bind.scalar(sa.select(term.c.id).where(term.c.vocabulary == "audience", term.c.slug == SOLO_TERM["slug"]))
        is None
    ):
        op.bulk_insert(term, [dict(SOLO_TERM, position=0, valid_from=date(2022, 7, 1))])
    terms = {(v, s): i for i, v, s in bind.execute(sa.select(term.c.id, term.c.vocabulary, term.c.slug)).all()}
    existing = set(bind.scalars(sa.select(space.c.slug)).all())
    now = datetime.now(UTC)
    for slug, name, purpose, description, policy, tags, region_id in seeded_spaces(bind):
        if slug in existing:
            continue
        bind.execute(
            space.insert().values(
                slug=slug,
                name=name,
                purpose=purpose,
                description_md=description,
                description_html=f"<p>{escape(description)}</p>",
                join_policy=policy,
                region_id=region_id,
                created_at=now,
                member_count=0,
                thread_count=0,
            )
        )
        space_id = bind.scalar(sa.select(space.c.id).where(space.c.slug == slug))
        tag_ids = [terms[tag] for tag in tags if tag in terms]
        if tag_ids:
            op.bulk_insert(space_term, [{"space_id": space_id, "term_id": term_id} for term_id in tag_ids])


def downgrade():
    # The seeded spaces stay (members may have joined and written in them); only what this
    # revision's schema adds goes. The audience term goes with its tags.
    bind = op.get_bind()
    solo = bind.scalar(sa.select(term.c.id).where(term.c.vocabulary == "audience", term.c.slug == SOLO_TERM["slug"]))
    if solo is not None:
        op.execute(space_term.delete().where(space_term.c.term_id == solo))
        op.execute(term.delete().where(term.c.id == solo))
    with op.batch_alter_table("space_recommendation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_space_recommendation_space_id"))
    op.drop_table("space_recommendation")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_event_space_id_space"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_event_space_id"))
        batch_op.drop_column("space_id")
