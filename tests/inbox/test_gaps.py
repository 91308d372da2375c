"""Gaps found against issue 12: an old link to a page past the end of a conversation or of the
inbox shows the newest page (and marks as read only what was shown), and a conversation whose
report a moderator dismissed can be reported again from its page."""

from tests.inbox.conftest import add_messages


def test_a_page_past_the_end_of_a_conversation_shows_the_newest_messages_with_their_markers(
    client, auth, make_user, make_profile, start
):
    recipient = make_user()
    conversation = start(make_user(), make_profile(user=recipient))
    add_messages(conversation, 25)
    auth.login(recipient)
    page = client.get(f"/inbox/{conversation.id}?page=99").get_data(as_text=True)
    assert "More 24" in page and "Earlier messages" in page and "Send reply" in page
    assert '<strong class="nhsuk-tag nhsuk-tag--blue">New</strong>' in page
    assert "Inbox (1 new)" not in client.get("/inbox/").get_data(as_text=True)  # read: it was shown


def test_an_inbox_page_past_the_end_shows_the_last_page(client, auth, make_user, make_profile, start):
    recipient = make_user()
    start(make_user(), make_profile(user=recipient), subject="Only conversation")
    auth.login(recipient)
    page = client.get("/inbox/?page=7").get_data(as_text=True)
    assert "Only conversation" in page and "You have no conversations yet" not in page


def test_a_dismissed_report_can_be_made_again_from_the_conversation_page(client, auth, make_user, make_profile, start):
    recipient = make_user()
    conversation = start(make_user(), make_profile(user=recipient))
    link = "Report this conversation to moderators"
    auth.login(recipient)
    assert link in client.get(f"/inbox/{conversation.id}").get_data(as_text=True)
    client.post(f"/inbox/{conversation.id}/report", data={"reason": "spam"})
    reported = client.get(f"/inbox/{conversation.id}").get_data(as_text=True)
    assert link not in reported and "has been reported" in reported
    auth.logout()
    auth.login(make_user(role="moderator"))
    assert client.post(f"/inbox/reports/{conversation.id}", data={"action": "dismiss"}).status_code == 302
    auth.logout()
    auth.login(recipient)
    page = client.get(f"/inbox/{conversation.id}").get_data(as_text=True)
    assert link in page and "has been reported" not in page
