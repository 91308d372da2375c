"""@mentions: resolved by public name when the post is saved, linked to the profile, recorded for
notifications and emailed after the commit; bounded, and never across a block."""

from sqlalchemy import func, select

from app.directory.models import Block, PractitionerProfile
from app.extensions import db
from app.spaces.models import Mention


def test_a_mention_links_the_profile_records_and_emails(client, auth, make_user, make_space, make_thread, mailbox):
    author = make_user(name="Asha Patel")
    named = make_user(name="Priya Shah", email="priya@nhs.net")
    db.session.add(PractitionerProfile(user_id=named.id, slug="priya-shah", display_name="Priya Shah", listed=True))
    space = make_space(name="Network", members=[author, named])
    thread = make_thread(space, author)
    auth.login(author)
    response = client.post(f"/threads/{thread.id}/replies", data={"body": "Ask @Priya Shah, she ran one. @Nobody"})
    assert response.status_code == 302
    mention = db.session.scalar(select(Mention))
    assert mention.mentioned_user_id == named.id and mention.reply_id is not None and mention.author_id == author.id
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert '<a class="app-mention" href="/directory/priya-shah">@Priya Shah</a>' in page
    message = mailbox.last("priya@nhs.net")
    assert "Asha Patel mentioned you" in message["Subject"]
    assert f"/threads/{thread.id}?reply={mention.reply_id}#reply-{mention.reply_id}" in mailbox.body(message)


def test_a_display_name_is_the_name_to_mention(client, auth, make_user, make_space, make_thread):
    author = make_user()
    named = make_user(name="Account Name")
    db.session.add(PractitionerProfile(user_id=named.id, slug="dr-jo", display_name="Dr Jo Bloggs", listed=False))
    space = make_space(name="Network", members=[author, named])
    thread = make_thread(space, author)
    auth.login(author)
    client.post(f"/threads/{thread.id}/replies", data={"body": "Thanks @Dr Jo Bloggs and @Account Name"})
    assert db.session.scalar(select(func.count()).select_from(Mention)) == 1
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert '<strong class="app-mention">@Dr Jo Bloggs</strong>' in page  # unlisted: no profile to link


def test_no_email_or_record_across_a_block_or_outside_a_private_space(
    client, auth, make_user, make_space, make_thread, mailbox
):
    author = make_user()
    blocked = make_user(name="Blocked Person", email="blocked@nhs.net")
    make_user(name="Outside Person", email="outside@nhs.net")
    db.session.add(Block(blocker_id=blocked.id, blocked_id=author.id))
    space = make_space(name="Secret", policy="private", members=[author, blocked])
    thread = make_thread(space, author)
    auth.login(author)
    client.post(f"/threads/{thread.id}/replies", data={"body": "@Blocked Person @Outside Person what do you think?"})
    assert db.session.scalar(select(func.count()).select_from(Mention)) == 0
    assert mailbox.to("blocked@nhs.net") == [] and mailbox.to("outside@nhs.net") == []


def test_ten_thousand_mentions_are_bounded(client, auth, make_user, make_space, make_thread, mailbox):
    from app.spaces import mentions

    author = make_user()
    people = [make_user(name=f"Person {chr(65 + n)}") for n in range(3)]
    space = make_space(name="Network", members=[author, *people])
    thread = make_thread(space, author)
    body = " ".join(["@Person A"] * 2 + ["@x"] * 10_000 + ["@Person B"])
    assert len(mentions._candidates(body)) == mentions.MAX_MENTIONS
    auth.login(author)
    response = client.post(f"/threads/{thread.id}/replies", data={"body": body[:10_000]})
    assert response.status_code == 302
    assert db.session.scalars(select(Mention.mentioned_user_id)).all() == [people[0].id]
    response = client.post(f"/threads/{thread.id}/replies", data={"body": body})
    assert response.status_code == 400 and "10,000 characters or fewer" in response.get_data(as_text=True)


def test_deleting_a_reply_takes_its_mentions_and_history_with_it(client, auth, make_user, make_space, make_thread):
    from app.spaces.models import Reply, ReplyRevision

    author, named = make_user(), make_user(name="Priya Shah")
    space = make_space(name="Network", members=[author, named])
    thread = make_thread(space, author)
    auth.login(author)
    client.post(f"/threads/{thread.id}/replies", data={"body": "Thanks @Priya Shah"})
    reply_id = db.session.scalar(select(Reply.id))
    client.post(f"/replies/{reply_id}/edit", data={"body": "Thanks again @Priya Shah"})
    assert db.session.scalar(select(func.count()).select_from(Mention)) == 1
    client.post(f"/replies/{reply_id}/delete")
    assert db.session.scalar(select(func.count()).select_from(Mention)) == 0
    assert db.session.scalar(select(func.count()).select_from(ReplyRevision)) == 0
    assert db.session.get(Reply, reply_id).body_md == ""
