"""Migration 0016: one topic list. Profiles' SEQOHS specialisms become topics (nothing lost), new
topics and sectors appear, the directory filter by topic finds a migrated profile, and the
downgrade puts everything back. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL."""

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from werkzeug.datastructures import MultiDict

from app import create_app
from app.extensions import db
from config import TestingConfig
from tests.test_migrations import _empty_database

REVISION = "0016"
PROFILE_COLUMNS = {
    "id": 1,
    "user_id": 1,
    "slug": "sue-seqohs",
    "listed": True,
    "display_name": "Sue Seqohs",
    "job_title": "OH nurse",
    "organisation": "Cornish Hospice",
    "bio_markdown": "",
    "bio_html": "",
    "is_solo": True,
    "open_peer_support": True,
    "offers_mentoring": True,
    "seeks_mentoring": False,
    "open_visits": False,
    "open_collaboration": False,
    "max_mentees": 2,
    "created_at": "2026-01-01 00:00:00",
    "updated_at": "2026-01-01 00:00:00",
    **{
        f"{field}_visibility": "members"
        for field in "job_title organisation sector region ics professions specialisms roles bio photo".split()
    },
}


def _previous_revision():
    """The revision 0016 follows (the chain may be re-ordered when branches merge)."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parents[2] / "migrations"))
    return ScriptDirectory.from_config(config).get_revision(REVISION).down_revision


def _term_id(conn, vocabulary, slug):
    query = text("SELECT id FROM taxonomy_term WHERE vocabulary = :v AND slug = :s")
    return conn.execute(query, {"v": vocabulary, "s": slug}).scalar_one()


def _tags(conn, table):
    query = text(
        f"SELECT t.vocabulary, t.slug FROM {table} x JOIN taxonomy_term t ON t.id = x.term_id"  # noqa: S608
        " WHERE x.profile_id = 1 ORDER BY t.vocabulary, t.slug"
    )
    return [tuple(row) for row in conn.execute(query)]


def _add_member_with_seqohs_specialisms(conn):
    conn.execute(
        text(
            "INSERT INTO user_account (id, email, name, organisation, job_role, password_hash, role,"
            " session_token, is_active_account, created_at)"
            " VALUES (1, 'sue@nhs.net', 'Sue', 'Hospice', 'Nurse', 'x', 'member', 't', :yes, '2026-01-01')"
        ),
        {"yes": True},
    )
    columns = ", ".join(PROFILE_COLUMNS)
    values = ", ".join(f":{name}" for name in PROFILE_COLUMNS)
    conn.execute(text(f"INSERT INTO practitioner_profile ({columns}) VALUES ({values})"), PROFILE_COLUMNS)  # noqa: S608
    for table, vocabulary, slug in [
        ("profile_specialism", "seqohs_service", "prevention"),
        ("profile_specialism", "seqohs_service", "health-assessment-for-work"),
        ("profile_specialism", "topic", "menopause"),
        ("profile_mentoring_topic", "seqohs_service", "teaching-and-training"),
    ]:
        conn.execute(
            text(f"INSERT INTO {table} (profile_id, term_id) VALUES (1, :t)"),  # noqa: S608
            {"t": _term_id(conn, vocabulary, slug)},
        )


def test_specialisms_move_to_topics_and_back(tmp_path, database_url):
    url, schema = _empty_database(tmp_path, database_url)
    before = _previous_revision()
    try:
        app = create_app(
            TestingConfig, overrides={"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "ix")}
        )
        with app.app_context():
            from flask_migrate import downgrade, upgrade

            upgrade(revision=before)
            with db.engine.begin() as conn:
                _add_member_with_seqohs_specialisms(conn)
            upgrade(revision=REVISION)
            with db.engine.begin() as conn:
                assert _tags(conn, "profile_specialism") == [
                    ("topic", "health-assessment-for-work"),
                    ("topic", "menopause"),
                    ("topic", "prevention-and-health-surveillance"),
                ]
                assert _tags(conn, "profile_mentoring_topic") == [("topic", "teaching-and-training")]
                closed = text(
                    "SELECT count(*) FROM taxonomy_term WHERE vocabulary = 'seqohs_service' AND valid_to IS NULL"
                )
                assert conn.execute(closed).scalar() == 0
                queued = text("SELECT object_id FROM search_outbox WHERE kind = 'practitioner'")
                assert 1 in conn.execute(queued).scalars().all()
                names = conn.execute(
                    text("SELECT name FROM taxonomy_term WHERE vocabulary = 'topic' ORDER BY position")
                ).scalars()
                names = list(names)
                assert names == sorted(names, key=str.lower) and len(names) == 20
                assert {"Vaccination", "Infection prevention and control", "Sickness absence"} <= set(names)
                sectors = text("SELECT slug FROM taxonomy_term WHERE vocabulary = 'sector' ORDER BY position")
                assert conn.execute(sectors).scalars().all()[-4:] == [
                    "hospice",
                    "voluntary-and-charity",
                    "independent-provider",
                    "other",
                ]

            # The directory filter by topic finds the profile whose specialism was migrated (the models
            # are those of the newest revision, so the schema goes all the way up first).
            upgrade()
            from app.directory.services import finder
            from app.taxonomy.services import vocabularies_changed

            vocabularies_changed()
            with app.test_request_context():
                for args in (
                    {"topic": "prevention-and-health-surveillance"},
                    {"specialism": "health-assessment-for-work"},
                ):
                    found = finder.find(MultiDict(args))
                    assert [view["display_name"] for view in found.items] == ["Sue Seqohs"], args
                assert finder.find(MultiDict({"topic": "vaccination"})).total == 0
            db.session.remove()

            with db.engine.begin() as conn:  # a member picks the new sector and topic before a downgrade
                conn.execute(
                    text("UPDATE practitioner_profile SET sector_id = :s"), {"s": _term_id(conn, "sector", "hospice")}
                )
                conn.execute(
                    text("INSERT INTO profile_specialism (profile_id, term_id) VALUES (1, :t)"),
                    {"t": _term_id(conn, "topic", "vaccination")},
                )
            downgrade(revision=before)
            with db.engine.begin() as conn:
                assert _tags(conn, "profile_specialism") == [
                    ("seqohs_service", "health-assessment-for-work"),
                    ("seqohs_service", "prevention"),
                    ("topic", "menopause"),
                ]
                assert _tags(conn, "profile_mentoring_topic") == [("seqohs_service", "teaching-and-training")]
                sector = text("SELECT t.slug FROM practitioner_profile p JOIN taxonomy_term t ON t.id = p.sector_id")
                assert conn.execute(sector).scalar() == "other"
                counts = text("SELECT vocabulary, count(*) FROM taxonomy_term GROUP BY vocabulary")
                counts = dict(conn.execute(counts).all())
                assert (counts["topic"], counts["sector"], counts["seqohs_service"]) == (11, 8, 6)
            upgrade(revision=REVISION)  # and up again cleanly
            db.engine.dispose()
    finally:
        if schema:
            engine = create_engine(database_url)
            with engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            engine.dispose()
