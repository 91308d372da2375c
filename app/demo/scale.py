"""`flask seed demo --scale N`: the demo grown to N items of each type, for load tests (issue 15).

Case studies, resources, events, discussion threads and directory profiles (each with a member
account) are added by copying the demo's own rows, with a new title naming another organisation
and year, dates spread over the last two years (events over two years around today), and the
same tags, measures and links. Rows are written with bulk INSERTs (a few thousand a statement),
then the search index is rebuilt once. Deterministic and idempotent: copy number k of a type is
always made from the same demo row with the same changes, and a type that already has N rows
gets nothing more.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import click
from sqlalchemy import func, insert, select

from app.demo.auth import DEMO_DOMAIN, FIRST_NAMES, LAST_NAMES, ORGANISATIONS
from app.extensions import db
from app.publishing.services import slugify
from app.spaces.services.threads import recount_space

BATCH = 2_000
PLACES = [org.replace(" NHS Foundation Trust", "").replace(" NHS Trust", "") for org in ORGANISATIONS]


@dataclass(frozen=True)
class Copies:
    """How to copy one type: its table, the rows hanging off it, columns to clear or reset."""

    table: str
    children: tuple = ()  # (table, foreign-key column) copied with each row
    clear: dict = field(default_factory=dict)  # column -> value on every copy
    titled: bool = True  # has a title (and a slug, if the table has one) to vary
    days_back: int = 730  # dates move back by up to this many days
    days_ahead: int = 0  # ... or forward by up to this many (events)


TYPES = [
    Copies(
        "case_study",
        (
            ("case_study_term", "case_study_id"),
            ("case_study_impact_measure", "case_study_id"),
            ("case_study_resource", "case_study_id"),
        ),
        {"adapted_from_id": None},
    ),
    Copies("resource", (("resource_term", "resource_id"),), {"adapted_from_id": None}),
    Copies(
        "event",
        (("event_term", "event_id"),),
        {"confirmed_count": 0, "position_counter": 0, "sequence": 0},
        days_back=365,
        days_ahead=365,
    ),
    Copies(
        "thread",
        (("thread_term", "thread_id"),),
        {"accepted_reply_id": None, "merged_into_id": None, "reply_count": 0, "helpful_count": 0, "view_count": 0},
    ),
    Copies(
        "practitioner_profile",
        tuple(
            (name, "profile_id")
            for name in ("profile_profession", "profile_specialism", "profile_held_role", "profile_mentoring_topic")
        ),
        titled=False,
    ),
]


def scale_demo(count):
    """Grow each type to `count` rows; True when anything was added (the index then needs a rebuild)."""
    added = False
    for copies in TYPES:
        table = db.metadata.tables[copies.table]
        have = db.session.scalar(select(func.count()).select_from(table))
        if have >= count:
            click.echo(f"  {copies.table}: {have} rows already, none added")
            continue
        made = _copy(copies, table, have, count)
        click.echo(f"  {copies.table}: {made} added, {have + made} in all")
        added = added or made > 0
    db.session.commit()
    return added


def _copy(copies, table, have, count):
    sources = [dict(row) for row in db.session.execute(select(table).order_by(table.c.id)).mappings()]
    children = {
        name: _rows_by(db.metadata.tables[name], fk, [row["id"] for row in sources]) for name, fk in copies.children
    }
    next_id = db.session.scalar(select(func.max(table.c.id))) + 1
    accounts = _accounts([row["user_id"] for row in sources]) if copies.table == "practitioner_profile" else {}
    rows, child_rows, users = [], {name: [] for name in children}, []
    for k in range(have, count):
        rng = random.Random(f"{copies.table}:{k}")  # noqa: S311 (demo data)
        source = sources[k % len(sources)]
        row = _varied(copies, source, k, rng, next_id + k - have)
        if copies.table == "practitioner_profile":
            users.append(_member(row, k, rng, accounts))
        rows.append(row)
        for name, fk in copies.children:
            for child in children[name].get(source["id"], ()):
                copy = {key: value for key, value in child.items() if key != "id"}
                copy[fk] = row["id"]
                child_rows[name].append(copy)
    if users:
        user_table = db.metadata.tables["user_account"]
        first = db.session.scalar(select(func.max(user_table.c.id))) + 1
        for n, (user, row) in enumerate(zip(users, rows, strict=True)):
            user["id"] = row["user_id"] = first + n
        _insert(user_table, users)
    _insert(table, rows)
    for name, copied in child_rows.items():
        _insert(db.metadata.tables[name], copied)
    if copies.table == "thread":
        for space_id in {row["space_id"] for row in rows} - {None}:
            recount_space(space_id)
    return len(rows)


def _accounts(ids):
    users = db.metadata.tables["user_account"]
    return {row["id"]: dict(row) for row in db.session.execute(select(users).where(users.c.id.in_(ids))).mappings()}


def _rows_by(table, fk, ids):
    found = {}
    for row in db.session.execute(select(table).where(table.c[fk].in_(ids))).mappings():
        found.setdefault(row[fk], []).append(dict(row))
    return found


def _varied(copies, source, k, rng, new_id):
    """Copy `k` of `source`: a new id, title and slug, dates moved together, counters reset."""
    row = {**source, **copies.clear, "id": new_id}
    shift = timedelta(days=rng.randint(-copies.days_back, copies.days_ahead), minutes=rng.randrange(1440))
    for key, value in row.items():
        if isinstance(value, datetime):
            row[key] = value + shift
        elif isinstance(value, date) and key != "review_due":
            row[key] = value + timedelta(days=shift.days)
    if copies.titled:  # events name their month already; other copies say where and when
        year = "" if copies.days_ahead else f" {(row.get('created_at') or datetime(2026, 1, 1)).year}"
        row["title"] = f"{source['title'][:150]}: {rng.choice(PLACES)}{year}"
    if "slug" in row:
        row["slug"] = f"{slugify(row.get('title') or source['slug'])[:100]}-s{k}"
    return row


def _member(profile, k, rng, accounts):
    """The account behind copied profile `k`, with a name of its own (the profile shows it)."""
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    profile["display_name"] = name
    return {
        **accounts[profile["user_id"]],
        "name": name,
        "email": f"scale.{k}@{DEMO_DOMAIN}",
        "role": "member",
        "session_token": f"{rng.getrandbits(128):032x}",
        "last_login_at": None,
    }


def _insert(table, rows):
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[start : start + BATCH])
    if rows and db.engine.dialect.name == "postgresql" and "id" in table.c:
        highest = select(func.max(table.c.id)).scalar_subquery()
        db.session.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"), highest)))
