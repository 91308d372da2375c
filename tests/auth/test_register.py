"""Registration and email verification."""

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db

FORM = {
    "name": "Amara Okafor",
    "email": "Amara.Okafor@NHS.net ",
    "organisation": "Leeds Teaching Hospitals NHS Trust",
    "job_role": "OH nurse",
    "password": "a long enough password",
    "confirm": "a long enough password",
}


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def test_register_creates_unverified_member_and_emails_link(client, mailbox):
    response = client.post("/auth/register", data=FORM)
    assert response.status_code == 200 and "Check your email" in response.get_data(as_text=True)
    user = _user("amara.okafor@nhs.net")
    assert user is not None and user.role == "member" and not user.is_verified
    assert user.password_hash.startswith("scrypt:")
    assert "a long enough password" not in user.password_hash
    message = mailbox.last("amara.okafor@nhs.net")
    assert "Confirm your email address" in message["Subject"]
    assert "/auth/verify/" in mailbox.body(message)
    assert client.post("/auth/login", data={"email": user.email, "password": FORM["password"]}).status_code == 302
    page = client.get("/account/")
    assert "Confirm your email address" in page.get_data(as_text=True)


def test_verification_link_works_once(client, mailbox):
    client.post("/auth/register", data=FORM)
    link = mailbox.link(mailbox.last())
    assert client.get(link).status_code == 302
    assert _user("amara.okafor@nhs.net").is_verified
    again = client.get(link)
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)


def test_tampered_and_expired_verification_links_are_refused(make_app, mailbox):
    app = make_app(EMAIL_TOKEN_MAX_AGE=-1)
    client = app.test_client()
    with app.app_context():
        client.post("/auth/register", data=FORM)
        from tests.conftest import Mailbox

        link = Mailbox(app.config["OUTBOX_DIR"]).link(Mailbox(app.config["OUTBOX_DIR"]).last())
        expired = client.get(link)
        assert expired.status_code == 400 and "expired" in expired.get_data(as_text=True)
        tampered = client.get(link[:-3] + "abc")
        assert tampered.status_code == 400 and "not valid" in tampered.get_data(as_text=True)
        assert not _user("amara.okafor@nhs.net").is_verified


def test_existing_address_gets_the_same_answer_and_its_owner_an_email(client, make_user, mailbox):
    owner = make_user(email="amara.okafor@nhs.net", name="Amara Original")
    taken = client.post("/auth/register", data=FORM)
    fresh = client.post("/auth/register", data={**FORM, "email": "brand.new@nhs.net"})
    assert taken.status_code == fresh.status_code == 200
    strip = lambda r, e: r.get_data(as_text=True).replace(e, "EMAIL")  # noqa: E731
    assert strip(taken, "amara.okafor@nhs.net") == strip(fresh, "brand.new@nhs.net")
    assert "already exists" not in taken.get_data(as_text=True)
    assert db.session.query(User).count() == 2  # the owner and the new address, no duplicate
    kept = db.session.get(User, owner.id)
    assert kept.name == "Amara Original" and kept.check_password("correct horse battery")
    notice = mailbox.last("amara.okafor@nhs.net")
    assert "tried to create an OHWB Exchange account" in notice["Subject"]
    assert "/auth/reset" in mailbox.body(notice) and "/auth/verify/" not in mailbox.body(notice)


def test_registering_an_existing_address_does_not_sign_anyone_in(client, make_user):
    make_user(email="amara.okafor@nhs.net")
    client.post("/auth/register", data=FORM)
    assert client.get("/account/").status_code == 302


def test_missing_fields_show_nhs_error_pattern(client):
    response = client.post("/auth/register", data={"email": "not-an-email", "name": "Kept Value"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error: Create an account" in html
    assert "There is a problem" in html
    assert 'href="#organisation"' in html and "Enter your organisation" in html
    assert "Enter an email address in the correct format" in html
    assert 'value="Kept Value"' in html
    assert db.session.query(User).count() == 0


def test_weak_and_mismatched_passwords_are_refused(client):
    short = client.post("/auth/register", data={**FORM, "password": "short", "confirm": "short"})
    assert short.status_code == 400 and "10 characters or more" in short.get_data(as_text=True)
    mismatch = client.post("/auth/register", data={**FORM, "confirm": "something else entirely"})
    assert mismatch.status_code == 400 and "Passwords do not match" in mismatch.get_data(as_text=True)
    assert db.session.query(User).count() == 0


def test_allowed_email_domains_restrict_registration(make_app):
    app = make_app(ALLOWED_EMAIL_DOMAINS=["nhs.net"])
    client = app.test_client()
    with app.app_context():
        refused = client.post("/auth/register", data={**FORM, "email": "someone@gmail.com"})
        assert refused.status_code == 400
        assert "ending in @nhs.net" in refused.get_data(as_text=True)
        assert "@nhs.net" in client.get("/auth/register").get_data(as_text=True)
        accepted = client.post("/auth/register", data=FORM)
        assert accepted.status_code == 200
        subdomain = app.test_client().post("/auth/register", data={**FORM, "email": "x@wales.nhs.net"})
        assert subdomain.status_code == 200
        assert db.session.query(User).count() == 2


def test_script_in_name_is_escaped(client):
    client.post("/auth/register", data={**FORM, "name": "<script>alert(1)</script>"})
    client.post("/auth/login", data={"email": FORM["email"], "password": FORM["password"]})
    html = client.get("/account/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
