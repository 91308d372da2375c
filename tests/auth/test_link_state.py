"""Emailed account links die with a password change or reset (issue 9, item 3)."""

from app.auth.models import User
from app.extensions import db

NEW = {"password": "a brand new password", "confirm": "a brand new password"}
CHANGE = {"current_password": "correct horse battery", **NEW}


def _request_email_change(client, auth, user, mailbox, new="moved@nhs.net"):
    auth.login(user)
    assert client.post("/account/email", data={"email": new, "password": "correct horse battery"}).status_code == 302
    return mailbox.link(mailbox.last(new))


def _reset(client, user, mailbox):
    client.post("/auth/reset", data={"email": user.email})
    assert client.post(mailbox.link(mailbox.last(user.email)), data=NEW).status_code == 302


def test_email_change_link_dies_when_the_password_changes(client, auth, make_user, mailbox):
    user = make_user(email="kept@nhs.net")
    link = _request_email_change(client, auth, user, mailbox)
    assert client.post("/account/password", data=CHANGE).status_code == 302
    response = client.get(link)
    assert response.status_code == 400
    assert "no longer valid" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).email == "kept@nhs.net"


def test_email_change_link_dies_when_the_password_is_reset(app, client, auth, make_user, mailbox):
    user = make_user(email="kept@nhs.net")
    link = _request_email_change(client, auth, user, mailbox)
    _reset(app.test_client(), user, mailbox)
    assert client.get(link).status_code == 400
    assert db.session.get(User, user.id).email == "kept@nhs.net"


def test_email_change_asked_for_after_the_password_change_still_works(client, auth, make_user, mailbox):
    user = make_user(email="kept@nhs.net")
    _request_email_change(client, auth, user, mailbox)
    client.post("/account/password", data=CHANGE)
    fresh = client.post("/account/email", data={"email": "moved@nhs.net", "password": NEW["password"]})
    assert fresh.status_code == 302
    assert client.get(mailbox.link(mailbox.last("moved@nhs.net"))).status_code == 302
    assert db.session.get(User, user.id).email == "moved@nhs.net"


def test_verification_link_dies_when_the_password_changes(client, auth, make_user, mailbox):
    user = make_user(verified=False)
    auth.login(user)
    client.post("/auth/resend-verification")
    link = mailbox.link(mailbox.last(user.email))
    assert client.post("/account/password", data=CHANGE).status_code == 302
    response = client.get(link)
    assert response.status_code == 400 and "not valid any more" in response.get_data(as_text=True)
    assert not db.session.get(User, user.id).is_verified


def test_verification_link_dies_when_the_password_is_reset(client, auth, make_user, mailbox):
    user = make_user(verified=False)
    auth.login(user)
    client.post("/auth/resend-verification")
    link = mailbox.link(mailbox.last(user.email))
    auth.logout()
    _reset(client, user, mailbox)
    response = client.get(link)
    assert response.status_code == 400 and "not valid any more" in response.get_data(as_text=True)
