"""Migrations and models agree, and the vocabularies are seeded by them."""

import os
import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, select, text

from app import create_app
from app.extensions import db
from app.taxonomy.models import IntegratedCareSystem, Region, Term
from config import TestingConfig


def _diff(url):
    engine = create_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(context, db.metadata)
    engine.dispose()
    return diff


def _empty_database(tmp_path, database_url):
    """A brand-new empty database: a SQLite file, or a fresh schema in the PostgreSQL test database
    (the run's own schema may hold tables that tests create for themselves)."""
    if not os.environ.get("TEST_DATABASE_URL"):
        return f"sqlite:///{tmp_path / 'fresh.db'}", None
    schema = f"migcheck_{uuid.uuid4().hex[:8]}"
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    separator = "&" if "?" in database_url else "?"
    return f"{database_url}{separator}options=-csearch_path%3D{schema}", schema


def test_upgrade_on_an_empty_database_leaves_nothing_for_autogenerate(tmp_path, database_url):
    url, schema = _empty_database(tmp_path, database_url)
    try:
        overrides = {"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "ix")}
        app = create_app(TestingConfig, overrides=overrides)
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            db.engine.dispose()
        assert _diff(url) == []
    finally:
        if schema:
            engine = create_engine(database_url)
            with engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            engine.dispose()


def test_downgrade_to_base_and_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'round.db'}"
    app = create_app(
        TestingConfig, overrides={"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "ix")}
    )
    with app.app_context():
        from flask_migrate import downgrade, upgrade

        upgrade()
        downgrade(revision="base")
        upgrade()
        assert db.session.scalar(select(func.count()).select_from(Region)) == 7
        db.engine.dispose()


def test_vocabularies_are_seeded(app):
    def count(vocabulary):
        return db.session.scalar(select(func.count()).select_from(Term).where(Term.vocabulary == vocabulary))

    assert count("framework_element") == 7
    assert count("people_promise_theme") == 7
    assert count("wellbeing_area") == 4
    assert count("topic") == 20  # 0016 made the SEQOHS services topics and added three
    assert count("sector") == 11
    assert count("profession") == 12
    assert count("seqohs_service") == 6
    assert db.session.scalar(select(func.count()).select_from(Region)) == 7
    assert db.session.scalar(select(func.count()).select_from(IntegratedCareSystem)) == 42
    london = db.session.scalar(select(Region).where(Region.slug == "london"))
    assert [s.name for s in london.systems] == [
        "North Central London",
        "North East London",
        "North West London",
        "South East London",
        "South West London",
    ]
    assert all(s.valid_from.year == 2022 and s.valid_to is None for s in london.systems)


def test_taxonomy_services_respect_validity_dates(app):
    from datetime import date

    from app.taxonomy.services import systems, term_choices, vocabularies_changed

    sel = db.session.scalar(select(IntegratedCareSystem).where(IntegratedCareSystem.slug == "south-east-london"))
    sel.valid_to = date(2026, 3, 31)
    db.session.commit()
    vocabularies_changed()
    assert sel.slug in [s.slug for s in systems(on=date(2025, 1, 1))]
    assert sel.slug not in [s.slug for s in systems(on=date(2027, 1, 1))]
    assert len(term_choices("framework_element")) == 7
    sel.valid_to = None
    db.session.commit()
    vocabularies_changed()


def test_rows_left_pointing_at_missing_parents_are_settled_by_their_rules(tmp_path):
    """A SQLite database from before foreign keys were enforced gets each orphan's ON DELETE rule."""
    url = f"sqlite:///{tmp_path / 'orphans.db'}"
    app = create_app(
        TestingConfig, overrides={"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "ix")}
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(revision="0007")
        db.engine.dispose()
    engine = create_engine(url)  # a plain engine: foreign keys off, as SQLite had them
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO user_account (id, email, name, organisation, job_role, password_hash, role,"
                " session_token, is_active_account, created_at)"
                " VALUES (1, 'stays@nhs.net', 'Stays', 'Trust', 'Nurse', 'x', 'member', 't', 1, '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO comment (id, kind, object_id, author_id, body, body_html, created_at)"
                " VALUES (1, 'case_study', 1, 99, 'Kept', '<p>Kept</p>', '2026-01-01'),"
                " (2, 'case_study', 1, 1, 'Untouched', '<p>Untouched</p>', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO contact_message (id, sender_id, recipient_id, subject, body, created_at)"
                " VALUES (1, 99, 1, 'Gone', 'Gone', '2026-01-01'), (2, 1, 1, 'Stays', 'Stays', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO saved_search (id, user_id, name, query, facets, frequency, feed_token, created_at)"
                " VALUES (1, 99, 'Gone', 'q', '', 'never', 'token', '2026-01-01')"
            )
        )
        conn.execute(
            text("INSERT INTO saved_search_seen (saved_search_id, doc_key, seen_at) VALUES (1, 'x:1', '2026-01-01')")
        )
    engine.dispose()
    with app.app_context():
        upgrade()
        db.engine.dispose()
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        assert conn.execute(text("SELECT id, author_id FROM comment ORDER BY id")).all() == [(1, None), (2, 1)]
        # the surviving contact message moved into the inbox (0020) as the conversation with its id
        assert conn.execute(text("SELECT id FROM conversation")).scalars().all() == [2]
        assert conn.execute(text("SELECT count(*) FROM saved_search_seen")).scalar() == 0
    engine.dispose()
