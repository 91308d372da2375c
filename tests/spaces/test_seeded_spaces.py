"""Migration 0015 seeds the spaces every real site starts with, once, leaving existing ones alone."""

from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db
from config import TestingConfig


def _app(tmp_path):
    url = f"sqlite:///{tmp_path / 'seeded.db'}"
    overrides = {"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "ix")}
    return create_app(TestingConfig, overrides=overrides), url


def _rows(url, sql):
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    engine.dispose()
    return rows


def test_starter_spaces_are_seeded_with_one_network_per_region(tmp_path):
    app, url = _app(tmp_path)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    names = [name for (name,) in _rows(url, "SELECT name FROM space ORDER BY id")]
    assert names[0] == "Solo OHWB practitioners"
    assert "South West OHWB network" in names and "London OHWB network" in names
    assert {"Health and Wellbeing Guardians", "TRiM practitioners", "Menopause champions"} <= set(names)
    assert "OH nurses in primary and social care" in names
    assert len(names) == 5 + 7  # five themed spaces and the seven NHS England regions
    networks = _rows(url, "SELECT s.name, r.name FROM space s JOIN region r ON r.id = s.region_id")
    assert len(networks) == 7 and all(space == f"{region} OHWB network" for space, region in networks)
    tags = _rows(
        url,
        "SELECT t.vocabulary, t.name FROM space s JOIN space_term st ON st.space_id = s.id "
        "JOIN taxonomy_term t ON t.id = st.term_id WHERE s.slug = 'solo-ohwb-practitioners'",
    )
    assert ("audience", "Solo practitioners") in tags
    policies = dict(_rows(url, "SELECT slug, join_policy FROM space"))
    assert "private" not in policies.values() and policies["trim-practitioners"] == "request"


def test_a_space_that_exists_already_is_left_alone_and_downgrade_keeps_content(tmp_path):
    app, url = _app(tmp_path)
    with app.app_context():
        from flask_migrate import downgrade, upgrade

        upgrade(revision="0014")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO space (slug, name, purpose, description_md, description_html, join_policy, "
                    "created_at, member_count, thread_count) VALUES ('menopause-champions', 'Our champions', "
                    "'Ours', '', '', 'private', '2026-01-01 00:00:00', 0, 0)"
                )
            )
        upgrade()
        downgrade(revision="0014")
        upgrade()
        db.engine.dispose()
    rows = _rows(url, "SELECT name, join_policy FROM space WHERE slug = 'menopause-champions'")
    assert rows == [("Our champions", "private")]
    assert len(_rows(url, "SELECT id FROM space")) == 12
    assert len(_rows(url, "SELECT id FROM taxonomy_term WHERE vocabulary = 'audience'")) == 1
