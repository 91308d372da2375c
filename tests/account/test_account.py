"""A member's own settings: details, password, email, export, delete."""

import json

from app.auth.models import User
from app.extensions import db


def test_account_pages_need_sign_in(client):
    for path in [
        "/account/",
        "/account/details",
        "/account/password",
        "/account/email",
        "/account/export",
        "/account/delete",
    ]:
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], path


def test_change_details(client, auth, make_user):
    user = make_user()
    auth.login(user)
    response = client.post(
        "/account/details", data={"name": "New Name", "organisation": "New Trust", "job_role": "OH physician"}
    )
    assert response.status_code == 302
    assert db.session.get(User, user.id).organisation == "New Trust"
    bad = client.post("/account/details", data={"name": "", "organisation": "X", "job_role": "Y"})
    assert bad.status_code == 400 and "Enter your full name" in bad.get_data(as_text=True)


def test_change_password_ends_other_sessions_but_keeps_this_one(app, make_user, mailbox):
    user = make_user()
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": "correct horse battery", "remember": "y"})
    remember_cookie = other.get_cookie("remember_token")
    assert remember_cookie is not None
    this = app.test_client()
    this.post("/auth/login", data={"email": user.email, "password": "correct horse battery"})
    response = this.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "password": "a new long password",
            "confirm": "a new long password",
        },
    )
    assert response.status_code == 302
    assert this.get("/account/").status_code == 200
    assert other.get("/account/").status_code == 302
    # A fresh browser that only has the old remember cookie is not signed in either.
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember_cookie.value)
    assert fresh.get("/account/").status_code == 302
    assert "password was changed" in mailbox.last(user.email)["Subject"]


def test_change_password_needs_the_current_one(client, auth, make_user):
    user = make_user()
    auth.login(user)
    response = client.post(
        "/account/password",
        data={"current_password": "wrong", "password": "a new long password", "confirm": "a new long password"},
    )
    assert response.status_code == 400 and "current password is not correct" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).check_password("correct horse battery")


def test_change_email_is_verified_again(client, auth, make_user, mailbox):
    user = make_user(email="old@nhs.net")
    auth.login(user)
    response = client.post("/account/email", data={"email": "New@NHS.net", "password": "correct horse battery"})
    assert response.status_code == 302
    assert db.session.get(User, user.id).email == "old@nhs.net"  # not until confirmed
    assert "being changed" in mailbox.last("old@nhs.net")["Subject"]
    link = mailbox.link(mailbox.last("new@nhs.net"))
    assert client.get(link).status_code == 302
    changed = db.session.get(User, user.id)
    assert changed.email == "new@nhs.net" and changed.is_verified
    assert client.get(link).status_code == 400  # single use


def test_change_email_to_a_taken_address_answers_as_usual_and_changes_nothing(client, auth, make_user, mailbox):
    make_user(email="taken@nhs.net")
    user = make_user(email="mine@nhs.net")
    auth.login(user)
    taken = client.post("/account/email", data={"email": "taken@nhs.net", "password": "correct horse battery"})
    free = client.post("/account/email", data={"email": "free@nhs.net", "password": "correct horse battery"})
    assert taken.status_code == free.status_code == 302
    notice = mailbox.last("taken@nhs.net")
    assert "tried to move" in notice["Subject"] and "/account/email/confirm/" not in mailbox.body(notice)
    assert db.session.get(User, user.id).email == "mine@nhs.net"
    wrong = client.post("/account/email", data={"email": "free@nhs.net", "password": "nope"})
    assert wrong.status_code == 400


def test_change_email_respects_allowed_domains(make_app, make_user):
    app = make_app(ALLOWED_EMAIL_DOMAINS=["nhs.net"])
    with app.app_context():
        user = make_user()
        client = app.test_client()
        client.post("/auth/login", data={"email": user.email, "password": "correct horse battery"})
        response = client.post("/account/email", data={"email": "me@gmail.com", "password": "correct horse battery"})
        assert response.status_code == 400 and "@nhs.net" in response.get_data(as_text=True)


def test_export_my_data(client, auth, make_user):
    user = make_user(name="Export Me")
    auth.login(user)
    response = client.get("/account/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["name"] == "Export Me" and data["account"]["email"] == user.email
    assert "password" not in response.get_data(as_text=True).lower()


def test_delete_account(client, auth, make_user):
    user = make_user()
    user_id = user.id
    auth.login(user)
    assert client.post("/account/delete", data={"password": "wrong"}).status_code == 400
    assert db.session.get(User, user_id) is not None
    assert client.post("/account/delete", data={"password": "correct horse battery"}).status_code == 302
    assert db.session.get(User, user_id) is None
    assert client.get("/account/").status_code == 302


def test_unverified_member_can_browse_but_not_post(app, client, auth, make_user):
    from flask_login import current_user

    from app.auth.decorators import verified_required

    @verified_required
    def post_something():
        return f"posted by {current_user.name}"

    app.add_url_rule("/_test/post", "test_post", post_something, methods=["GET", "POST"])
    auth.login(make_user(verified=False))
    assert client.get("/").status_code == 200
    refused = client.post("/_test/post")
    assert refused.status_code == 302 and refused.headers["Location"] == "/account/"
    client.post("/auth/logout")
    auth.login(make_user(verified=True, name="Verified"))
    assert client.post("/_test/post").get_data(as_text=True) == "posted by Verified"
