"""`make prod-migrate` creates the production database when it is missing (deploy/create_database.py)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgresql://postgres@127.0.0.1:5432"


def _server_answers():
    try:
        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


def run(url):
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "deploy/create_database.py"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_creates_the_database_once():
    if not _server_answers():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    name = f"ohwb_deploytest_{uuid.uuid4().hex[:8]}"
    try:
        first, second = run(f"{SERVER}/{name}"), run(f"{SERVER}/{name}")
        assert first.returncode == 0 and f"Created the database {name}." in first.stdout
        assert second.returncode == 0 and second.stdout == ""
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_an_unreachable_server_is_explained():
    done = run("postgresql://postgres@127.0.0.1:1/ohwb")
    assert done.returncode == 1 and "did not answer" in done.stderr and "make prod-migrate" in done.stderr


def test_sqlite_needs_nothing():
    assert run("sqlite:////tmp/ohwb-never-made.db").returncode == 0
