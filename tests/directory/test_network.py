"""Connections: request, accept, decline, remove; My network shows peers with their email."""

from sqlalchemy import select

from app.directory.models import Connection
from app.extensions import db


def _request(client, auth, requester, profile):
    auth.login(requester)
    response = client.post(f"/directory/{profile.slug}/connect")
    auth.logout()
    return response


def test_request_accept_then_both_see_emails_and_either_removes(client, auth, make_user, make_profile, mailbox):
    recipient = make_user(email="recipient@nhs.net", name="Rita Recipient")
    profile = make_profile(user=recipient)
    requester = make_user(email="requester@nhs.net", name="Reg Requester")
    assert _request(client, auth, requester, profile).status_code == 302
    assert "Reg Requester would like to connect" in mailbox.last("recipient@nhs.net")["Subject"]
    connection = db.session.scalar(select(Connection))
    auth.login(requester)
    assert "You have asked to connect" in client.get(f"/directory/{profile.slug}").get_data(as_text=True)
    again = client.post(f"/directory/{profile.slug}/connect", follow_redirects=True)
    assert "already asked" in again.get_data(as_text=True)
    # Only the recipient may accept.
    assert client.post(f"/directory/connections/{connection.id}/accept").status_code == 404
    auth.logout()
    auth.login(recipient)
    network = client.get("/directory/network").get_data(as_text=True)
    assert "Reg Requester" in network and "requester@nhs.net" not in network
    assert client.post(f"/directory/connections/{connection.id}/accept").status_code == 302
    assert "accepted" in mailbox.last("requester@nhs.net")["Subject"]
    network = client.get("/directory/network").get_data(as_text=True)
    assert "requester@nhs.net" in network
    auth.logout()
    auth.login(requester)
    assert "recipient@nhs.net" in client.get("/directory/network").get_data(as_text=True)
    assert client.post(f"/directory/connections/{connection.id}/remove").status_code == 302
    assert db.session.scalar(select(Connection)) is None
    assert "recipient@nhs.net" not in client.get(f"/directory/{profile.slug}").get_data(as_text=True)


def test_decline_is_final_and_silent(client, auth, make_user, make_profile, mailbox):
    recipient = make_user(email="recipient@nhs.net")
    profile = make_profile(user=recipient)
    requester = make_user(email="requester@nhs.net")
    _request(client, auth, requester, profile)
    connection = db.session.scalar(select(Connection))
    auth.login(recipient)
    assert client.post(f"/directory/connections/{connection.id}/decline").status_code == 302
    assert client.post(f"/directory/connections/{connection.id}/accept").status_code == 404
    auth.logout()
    assert not mailbox.to("requester@nhs.net")
    auth.login(requester)
    assert "recipient@nhs.net" not in client.get("/directory/network").get_data(as_text=True)
    client.post(f"/directory/{profile.slug}/connect")
    db.session.refresh(connection)
    assert connection.status == "declined"
    # The requester cannot remove (and so reset) a declined request.
    assert client.post(f"/directory/connections/{connection.id}/remove").status_code == 404


def test_strangers_cannot_touch_a_connection(client, auth, make_user, make_profile):
    profile = make_profile()
    _request(client, auth, make_user(), profile)
    connection = db.session.scalar(select(Connection))
    auth.login(make_user())
    for action in ("accept", "decline", "remove"):
        assert client.post(f"/directory/connections/{connection.id}/{action}").status_code == 404
    assert client.get(f"/directory/connections/{connection.id}/accept").status_code == 405
    assert client.post("/directory/connections/999999/accept").status_code == 404


def test_cannot_connect_with_yourself_or_unlisted(client, auth, make_user, make_profile):
    mine = make_profile()
    other = make_profile(listed=False)
    auth.login(mine.user)
    assert client.post(f"/directory/{mine.slug}/connect").status_code == 404
    assert client.post(f"/directory/{other.slug}/connect").status_code == 404
    assert db.session.scalar(select(Connection)) is None


def test_anonymous_is_sent_to_sign_in(client, make_profile):
    profile = make_profile()
    for path in ("/directory/network", "/directory/mentoring", "/inbox/"):
        assert client.get(path).status_code == 302
    # "Peers for you" shows visitors what the directory offers instead (tests/directory/test_about_page.py).
    assert "How to join" in client.get("/directory/peers").get_data(as_text=True)
    assert client.post(f"/directory/{profile.slug}/connect").status_code == 302
    assert db.session.scalar(select(Connection)) is None


def test_huge_and_odd_ids_are_404_not_500(client, auth, make_user):
    auth.login(make_user())
    huge = "99999999999999999999"
    for path in (
        f"/directory/connections/{huge}/accept",
        f"/directory/mentoring/{huge}/end",
        f"/directory/members/{huge}/block",
        "/directory/connections/-1/accept",
    ):
        assert client.post(path).status_code == 404, path
    assert client.get(f"/inbox/{huge}").status_code == 404
    assert client.get("/directory/" + "x" * 3000).status_code == 404
    assert client.get("/directory/%E2%9C%93").status_code == 404
