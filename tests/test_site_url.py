"""Links in emails point at SITE_URL, whatever host or port the request came in on.

Running the app on a second port or behind another host name needs only SITE_URL, no code change.
"""

import re
from pathlib import Path

from tests.auth.test_register import FORM
from tests.conftest import Mailbox

SITE = "https://exchange.example.org:8443"
OTHER = "http://127.0.0.1:5001"
LINK = re.compile(r"https?://\S+")
APP = Path(__file__).resolve().parent.parent / "app"
OWN_LINKS = re.compile(r"url_for\(|\brequest\.(host|url|base_url|url_root|host_url)\b")


def _links(mailbox):
    return [link for message in mailbox.messages for link in LINK.findall(Mailbox.body(message))]


def test_account_emails_link_to_site_url_not_the_request_host(make_app, make_user):
    app = make_app(SITE_URL=SITE + "/")  # a trailing slash is fine too
    client = app.test_client()
    with app.app_context():
        mailbox = Mailbox(app.config["OUTBOX_DIR"])
        client.post("/auth/register", data=FORM, base_url=OTHER)  # verification link
        client.post("/auth/register", data=FORM, base_url=OTHER)  # "already registered": sign-in and reset links
        make_user(email="reset@nhs.net")
        client.post("/auth/reset", data={"email": "reset@nhs.net"}, base_url=OTHER)
        links = _links(mailbox)
    assert len(links) >= 4
    assert all(link.startswith(SITE + "/") for link in links), links
    assert any(link.startswith(SITE + "/auth/verify/") for link in links)
    assert any(link.startswith(SITE + "/auth/reset/") for link in links)
    assert not any("127.0.0.1" in link or "//" in link[len(SITE) :] for link in links)


def test_a_link_from_the_email_opens_on_the_site(make_app):
    app = make_app(SITE_URL="http://localhost:5002")
    client = app.test_client()
    with app.app_context():
        mailbox = Mailbox(app.config["OUTBOX_DIR"])
        client.post("/auth/register", data=FORM, base_url=OTHER)
        link = LINK.search(Mailbox.body(mailbox.last())).group(0)
        assert link.startswith("http://localhost:5002/auth/verify/")
        assert client.get(link).status_code == 302  # the address works as given


def test_email_templates_take_their_links_from_link_to():
    """Emails get absolute links made by app.mail.link_to (SITE_URL); a template that builds its own
    with url_for would point at whatever host sent the request, or at none."""
    offenders = [
        str(path.relative_to(APP))
        for path in APP.rglob("templates/email/*")
        if OWN_LINKS.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
