"""Blocks and reports of profiles to moderators (messages moved to the inbox: tests/inbox)."""

from sqlalchemy import select

from app.directory.models import ProfileReport
from app.extensions import db


def test_block_and_unblock_errors(client, auth, make_user):
    me = make_user()
    auth.login(me)
    assert client.post(f"/directory/members/{me.id}/block").status_code == 404
    assert client.post("/directory/members/999999/block").status_code == 404
    assert client.post("/directory/members/999999/unblock").status_code == 404
    assert client.get("/directory/blocked").status_code == 200


def test_report_reaches_moderators_who_can_unlist(client, auth, make_user, make_profile, mailbox):
    owner = make_user(email="owner@nhs.net")
    profile = make_profile(user=owner, display_name="Reported Person")
    reporter = make_user()
    auth.login(reporter)
    assert client.get(f"/directory/{profile.slug}/report").status_code == 200
    missing = client.post(f"/directory/{profile.slug}/report", data={})
    assert missing.status_code == 400 and "Select why" in missing.get_data(as_text=True)
    assert (
        client.post(f"/directory/{profile.slug}/report", data={"reason": "spam", "details": "Adverts"}).status_code
        == 302
    )
    assert client.get("/directory/reports").status_code == 403
    report = db.session.scalar(select(ProfileReport))
    assert client.post(f"/directory/reports/{report.id}", data={"action": "unlist"}).status_code == 403
    auth.logout()
    auth.login(make_user(role="moderator"))
    page = client.get("/directory/reports").get_data(as_text=True)
    assert "Reported Person" in page and "Adverts" in page
    assert client.post(f"/directory/reports/{report.id}", data={"action": "unlist"}).status_code == 302
    db.session.refresh(profile)
    assert profile.listed is False
    assert "unlisted" in mailbox.last("owner@nhs.net")["Subject"]
    assert client.post(f"/directory/reports/{report.id}", data={"action": "dismiss"}).status_code == 404
    auth.logout()
    auth.login(reporter)
    assert client.get(f"/directory/{profile.slug}").status_code == 404


def test_cannot_report_own_profile(client, auth, make_profile):
    profile = make_profile()
    auth.login(profile.user)
    assert client.post(f"/directory/{profile.slug}/report", data={"reason": "spam"}).status_code == 404
