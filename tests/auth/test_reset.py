"""Forgotten password: the answer never reveals an account; links are single-use."""

from app.auth.models import User
from app.extensions import db

NEW = {"password": "a brand new password", "confirm": "a brand new password"}


def test_reset_answer_is_the_same_for_known_and_unknown_addresses(client, make_user, mailbox):
    user = make_user()
    known = client.post("/auth/reset", data={"email": user.email})
    unknown = client.post("/auth/reset", data={"email": "nobody@nhs.net"})
    assert known.status_code == unknown.status_code == 200
    strip = lambda r, e: r.get_data(as_text=True).replace(e, "EMAIL")  # noqa: E731
    assert strip(known, user.email) == strip(unknown, "nobody@nhs.net")
    assert len(mailbox.to(user.email)) == 1
    assert mailbox.to("nobody@nhs.net") == []


def test_reset_link_sets_a_new_password_once(client, auth, make_user, mailbox):
    user = make_user()
    client.post("/auth/reset", data={"email": user.email})
    link = mailbox.link(mailbox.last(user.email))
    assert client.get(link).status_code == 200
    assert client.post(link, data=NEW).status_code == 302
    assert auth.login(user, password="correct horse battery").status_code == 400
    assert auth.login(user, password="a brand new password").status_code == 302
    reused = client.post(link, data={"password": "yet another password", "confirm": "yet another password"})
    assert reused.status_code == 400 and "already been used" in reused.get_data(as_text=True)
    assert "password was changed" in mailbox.last(user.email)["Subject"]


def test_reset_ends_other_sessions(app, make_user, mailbox):
    user = make_user()
    other_device = app.test_client()
    other_device.post("/auth/login", data={"email": user.email, "password": "correct horse battery", "remember": "y"})
    assert other_device.get("/account/").status_code == 200
    client = app.test_client()
    client.post("/auth/reset", data={"email": user.email})
    client.post(mailbox.link(mailbox.last(user.email)), data=NEW)
    assert other_device.get("/account/").status_code == 302


def test_reset_verifies_an_unverified_address(client, make_user, mailbox):
    user = make_user(verified=False)
    client.post("/auth/reset", data={"email": user.email})
    client.post(mailbox.link(mailbox.last(user.email)), data=NEW)
    assert db.session.get(User, user.id).is_verified


def test_bad_reset_links_and_bad_passwords(client, make_user, mailbox):
    assert client.get("/auth/reset/not-a-token").status_code == 400
    user = make_user()
    client.post("/auth/reset", data={"email": user.email})
    link = mailbox.link(mailbox.last(user.email))
    short = client.post(link, data={"password": "short", "confirm": "short"})
    assert short.status_code == 400 and "10 characters or more" in short.get_data(as_text=True)


def test_expired_reset_link(make_app, make_user):
    app = make_app(RESET_TOKEN_MAX_AGE=-1)
    with app.app_context():
        user = make_user()
        client = app.test_client()
        client.post("/auth/reset", data={"email": user.email})
        from tests.conftest import Mailbox

        box = Mailbox(app.config["OUTBOX_DIR"])
        response = client.get(box.link(box.last(user.email)))
        assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
