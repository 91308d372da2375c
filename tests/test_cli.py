"""Command-line tools: users and demo data."""

from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db


def test_create_admin(runner):
    result = runner.invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "Boss@NHS.net",
            "--name",
            "Boss",
            "--password",
            "a long admin password",
        ]
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "boss@nhs.net"))
    assert admin.role == "admin" and admin.is_verified and admin.check_password("a long admin password")


def test_create_admin_refuses_short_password(runner):
    result = runner.invoke(args=["users", "create-admin", "--email", "b@nhs.net", "--name", "B", "--password", "short"])
    assert result.exit_code != 0 and "10 characters" in result.output


def test_set_role(runner, make_user):
    user = make_user()
    assert runner.invoke(args=["users", "set-role", user.email, "moderator"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(User, user.id).role == "moderator"
    assert runner.invoke(args=["users", "set-role", "nobody@nhs.net", "admin"]).exit_code != 0


def test_seed_demo_is_deterministic_and_idempotent(runner):
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    emails = sorted(db.session.scalars(select(User.email)).all())
    count = len(emails)
    assert count >= 60
    assert "admin@ohwb-demo.example" in emails
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0 and "0 created" in second.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == count
    roles = set(db.session.scalars(select(User.role)).all())
    assert roles == {"member", "moderator", "admin"}
