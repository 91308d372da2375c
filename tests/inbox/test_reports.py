"""Reporting a conversation: moderators see that conversation, and only reported ones; they can
dismiss the report or close the conversation for everyone in it."""

from sqlalchemy import select

from app.extensions import db
from app.inbox.models import Conversation


def test_moderators_see_only_reported_conversations(client, auth, make_user, make_profile, start):
    recipient = make_user()
    profile = make_profile(user=recipient)
    second = make_profile()
    sender = make_user()
    reported = start(sender, profile, subject="Unwelcome offer")
    private = start(sender, second, subject="Private matter")
    moderator = make_user(role="moderator")
    auth.login(moderator)
    assert "Unwelcome offer" not in client.get("/inbox/reports").get_data(as_text=True)
    assert client.get(f"/inbox/reports/{reported.id}").status_code == 404
    auth.logout()

    auth.login(recipient)
    form = client.get(f"/inbox/{reported.id}/report")
    assert form.status_code == 200 and "cannot see any other conversation" in form.get_data(as_text=True)
    missing = client.post(f"/inbox/{reported.id}/report", data={})
    assert missing.status_code == 400 and "Select why" in missing.get_data(as_text=True)
    done = client.post(f"/inbox/{reported.id}/report", data={"reason": "spam", "details": "Selling courses"})
    assert done.status_code == 302
    assert "has been reported" in client.get(f"/inbox/{reported.id}").get_data(as_text=True)
    assert client.get("/inbox/reports").status_code == 403
    auth.logout()

    auth.login(moderator)
    listing = client.get("/inbox/reports").get_data(as_text=True)
    assert "Unwelcome offer" in listing and "Private matter" not in listing
    page = client.get(f"/inbox/reports/{reported.id}").get_data(as_text=True)
    assert "Could we talk" in page and "Selling courses" in page
    assert client.get(f"/inbox/reports/{private.id}").status_code == 404
    assert client.get(f"/inbox/{reported.id}").status_code == 404  # not a member: only the report page
    bad = client.post(f"/inbox/reports/{reported.id}", data={"action": "explode"})
    assert bad.status_code == 400
    assert client.post(f"/inbox/reports/{reported.id}", data={"action": "hide"}).status_code == 302
    assert client.post(f"/inbox/reports/{reported.id}", data={"action": "dismiss"}).status_code == 404
    assert "Unwelcome offer" in client.get("/inbox/reports?status=hidden").get_data(as_text=True)
    assert "Unwelcome offer" not in client.get("/inbox/reports").get_data(as_text=True)
    auth.logout()

    auth.login(sender)
    page = client.get(f"/inbox/{reported.id}").get_data(as_text=True)
    assert "closed this conversation" in page and "Could we talk" not in page
    refused = client.post(f"/inbox/{reported.id}", data={"body": "Last word"})
    assert refused.status_code == 403
    assert "Closed by a moderator" in client.get("/inbox/").get_data(as_text=True)


def test_a_dismissed_report_can_be_made_again(client, auth, make_user, make_profile, start):
    recipient = make_user()
    conversation = start(make_user(), make_profile(user=recipient))
    auth.login(recipient)
    client.post(f"/inbox/{conversation.id}/report", data={"reason": "harassment"})
    auth.logout()
    auth.login(make_user(role="admin"))
    assert client.post(f"/inbox/reports/{conversation.id}", data={"action": "dismiss"}).status_code == 302
    auth.logout()
    auth.login(recipient)
    assert client.post(f"/inbox/{conversation.id}", data={"body": "Still talking"}).status_code == 302
    client.post(f"/inbox/{conversation.id}/report", data={"reason": "other", "details": "It went on"})
    found = db.session.scalar(select(Conversation))
    db.session.refresh(found)
    assert found.report_status == "open" and found.report_details == "It went on"
