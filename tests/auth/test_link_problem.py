"""A broken, expired or used email link offers the next step for that kind of link."""

from sqlalchemy import select

from app.auth import tokens
from app.auth.models import User
from app.extensions import db
from tests.auth.test_register import FORM


def _text(response):
    return response.get_data(as_text=True)


def _registered(client, mailbox):
    client.post("/auth/register", data=FORM)
    return mailbox.link(mailbox.last()), db.session.scalar(select(User).where(User.email == "amara.okafor@nhs.net"))


def test_a_used_verification_link_offers_sign_in_not_a_password_reset(client, mailbox):
    link, _user = _registered(client, mailbox)
    assert client.get(link).status_code == 302
    again = client.get(link)
    html = _text(again)
    assert again.status_code == 400
    assert "already been used" in html
    assert "Sign in to get a new confirmation email" in html
    assert 'href="/auth/login?next=/account/"' in html
    assert "password reset" not in html


def test_an_unconfirmed_member_with_an_old_link_can_ask_for_a_new_one(make_app):
    app = make_app(EMAIL_TOKEN_MAX_AGE=-1)  # every verification link has expired
    client = app.test_client()
    with app.app_context():
        from tests.conftest import Mailbox

        mailbox = Mailbox(app.config["OUTBOX_DIR"])
        link, user = _registered(client, mailbox)
        client.post("/auth/login", data={"email": user.email, "password": FORM["password"]})
        response = client.get(link)
        html = _text(response)
        assert response.status_code == 400 and "expired" in html
        assert "Send a new confirmation email" in html and 'action="/auth/resend-verification"' in html
        assert "password reset" not in html
        sent = len(mailbox.to(user.email))
        assert client.post("/auth/resend-verification").status_code == 302
        assert len(mailbox.to(user.email)) == sent + 1
        assert "Confirm your email address" in mailbox.last(user.email)["Subject"]


def test_a_confirmed_member_with_a_used_link_is_told_there_is_nothing_to_do(client, auth, mailbox):
    link, user = _registered(client, mailbox)
    client.get(link)
    auth.login(user.email, FORM["password"])
    html = _text(client.get(link))
    assert "nothing more to do" in html and "Go to your account" in html
    assert "Send a new confirmation email" not in html and "password reset" not in html


def test_a_bad_reset_link_offers_a_new_reset_link(client):
    response = client.get("/auth/reset/not-a-token")
    html = _text(response)
    assert response.status_code == 400
    assert "Ask for a new password reset link" in html and "confirmation email" not in html


def test_a_bad_email_change_link_offers_to_change_the_address_again(client, make_user):
    user = make_user()
    token = tokens.make_token(tokens.CHANGE_EMAIL, uid=user.id, email="new@nhs.net", state="stale")
    response = client.get(f"/account/email/confirm/{token}")
    html = _text(response)
    assert response.status_code == 400
    assert "Change your email address again" in html
    assert "password reset" not in html and "confirmation email" not in html
