"""Threads and replies: posting, quoting, editing with history, deleting, helpful votes, accepted
answers, tags, linked items, the list orders and who may post where."""

import re

from sqlalchemy import func, select

from app.extensions import db
from app.spaces.models import HelpfulVote, Reply, ReplyRevision, Thread
from app.taxonomy.models import Term


def _term(slug):
    return db.session.scalar(select(Term).filter_by(vocabulary="topic", slug=slug))


def _reply_id(response):
    return int(re.search(r"#reply-(\d+)", response.headers["Location"]).group(1))


def test_a_space_member_starts_a_question_with_tags(client, auth, make_user, make_space):
    member = make_user(name="Asha Patel")
    make_space(name="Network", members=[member])
    auth.login(member)
    menopause = _term("menopause")
    response = client.post(
        "/spaces/network/threads/new",
        data={
            "kind": "question",
            "title": "Menopause policy for a hospice?",
            "body": "**Any** examples?",
            "topics": [str(menopause.id)],
        },
    )
    assert response.status_code == 302
    thread = db.session.scalar(select(Thread).filter_by(title="Menopause policy for a hospice?"))
    assert thread.kind == "question" and "<strong>Any</strong>" in thread.body_html
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Menopause policy for a hospice?" in page and "Menopause" in page and "Asha Patel" in page
    listing = client.get("/spaces/network").get_data(as_text=True)
    assert "Menopause policy for a hospice?" in listing and "0 replies" in listing
    assert "Menopause policy" in client.get("/spaces/network?tag=menopause").get_data(as_text=True)
    assert "Menopause policy" not in client.get("/spaces/network?tag=stigma").get_data(as_text=True)


def test_only_members_post_in_a_space_but_anyone_verified_asks_the_community(client, auth, make_user, make_space):
    outsider = make_user()
    make_space(name="Network")
    auth.login(outsider)
    assert client.get("/spaces/network/threads/new").status_code == 403
    response = client.post("/ask/new", data={"kind": "discussion", "title": "Hello all", "body": "Hi"})
    assert response.status_code == 302
    assert "Hello all" in client.get("/ask/").get_data(as_text=True)


def test_replying_quoting_editing_and_deleting(client, auth, make_user, make_space, make_thread):
    asker, helper = make_user(name="Asker Person"), make_user(name="Helper Person")
    space = make_space(name="Network", members=[asker, helper])
    thread = make_thread(space, asker)
    auth.login(helper)
    first = client.post(f"/threads/{thread.id}/replies", data={"body": "Try a menopause passport"})
    assert first.status_code == 302
    first_id = _reply_id(first)
    page = client.get(f"/threads/{thread.id}?quote={first_id}").get_data(as_text=True)
    assert "You are quoting Helper Person" in page
    second = client.post(f"/threads/{thread.id}/replies", data={"body": "And a policy", "quote": str(first_id)})
    second_id = _reply_id(second)
    assert db.session.get(Reply, second_id).quoted_reply_id == first_id
    assert "Helper Person wrote:" in client.get(f"/threads/{thread.id}").get_data(as_text=True)
    # Editing keeps the earlier text.
    assert client.get(f"/replies/{first_id}/edit").status_code == 200
    client.post(f"/replies/{first_id}/edit", data={"body": "Try a menopause passport and a clinic"})
    assert db.session.scalar(select(ReplyRevision.body_md).filter_by(reply_id=first_id)) == "Try a menopause passport"
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "edited" in page
    history = client.get(f"/replies/{first_id}/history").get_data(as_text=True)
    assert "Try a menopause passport</p>" in history and "and a clinic" in history
    # Deleting leaves a "Reply deleted" line in the thread, and the count drops.
    client.post(f"/replies/{second_id}/delete")
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Reply deleted" in page and "And a policy" not in page and "1 reply" in page
    # Others may not edit or delete it.
    auth.logout()
    auth.login(asker)
    assert client.get(f"/replies/{first_id}/edit").status_code == 403
    assert client.post(f"/replies/{first_id}/delete").status_code == 403


def test_helpful_votes_once_and_never_on_your_own(client, auth, make_user, make_space, make_thread):
    asker, helper, third = make_user(), make_user(), make_user()
    space = make_space(name="Network", members=[asker, helper, third])
    thread = make_thread(space, asker, replies=1, repliers=[helper])
    reply = db.session.scalar(select(Reply).filter_by(thread_id=thread.id))
    auth.login(helper)
    assert client.post(f"/replies/{reply.id}/helpful").status_code == 403
    auth.logout()
    for voter in (asker, third):
        auth.login(voter)
        client.post(f"/replies/{reply.id}/helpful")
        response = client.post(f"/replies/{reply.id}/helpful", follow_redirects=True)
        assert "already marked this reply as helpful" in response.get_data(as_text=True)
        auth.logout()
    db.session.refresh(reply)
    db.session.refresh(thread)
    assert reply.helpful_count == 2 and thread.helpful_count == 2
    assert db.session.scalar(select(func.count()).select_from(HelpfulVote)) == 2


def test_the_asker_accepts_an_answer_shown_under_the_question(client, auth, make_user, make_space, make_thread):
    asker, helper = make_user(), make_user()
    space = make_space(name="Network", members=[asker, helper])
    thread = make_thread(space, asker, replies=2, repliers=[helper])
    reply = db.session.scalars(select(Reply).filter_by(thread_id=thread.id).order_by(Reply.id)).all()[1]
    auth.login(helper)
    assert client.post(f"/replies/{reply.id}/accept").status_code == 403
    auth.logout()
    auth.login(asker)
    client.post(f"/replies/{reply.id}/accept")
    db.session.refresh(thread)
    assert thread.accepted_reply_id == reply.id
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    accepted = page.index("Accepted answer")
    assert accepted < page.index('id="replies"') and "Reply number 2" in page[accepted : page.index('id="replies"')]
    listing = client.get("/spaces/network").get_data(as_text=True)
    assert "Answered" in listing
    assert thread.title not in client.get("/spaces/network?sort=unanswered").get_data(as_text=True)


def test_a_space_manager_may_accept_too(client, auth, make_user, make_space, make_thread):
    manager, asker, helper = make_user(), make_user(), make_user()
    space = make_space(name="Network", managers=[manager], members=[asker, helper])
    thread = make_thread(space, asker, replies=1, repliers=[helper])
    reply_id = db.session.scalar(select(Reply.id).filter_by(thread_id=thread.id))
    auth.login(manager)
    client.post(f"/replies/{reply_id}/accept")
    db.session.refresh(thread)
    assert thread.accepted_reply_id == reply_id


def test_list_orders(client, auth, make_user, make_space, make_thread):
    member = make_user()
    space = make_space(name="Network", members=[member])
    make_thread(space, member, title="Quiet question")
    busy = make_thread(space, member, title="Busy discussion", kind="discussion", replies=3)
    busy.helpful_count = 5
    db.session.commit()
    auth.login(member)
    unanswered = client.get("/spaces/network?sort=unanswered").get_data(as_text=True)
    assert "Quiet question" in unanswered and "Busy discussion" not in unanswered
    helpful = client.get("/spaces/network?sort=helpful").get_data(as_text=True)
    assert helpful.index("Busy discussion") < helpful.index("Quiet question")
    newest = client.get("/spaces/network?sort=newest").get_data(as_text=True)
    assert newest.index("Busy discussion") < newest.index("Quiet question")
    assert client.get("/spaces/network?sort=%00bogus&page=abc").status_code == 200


def test_linked_items_show_as_cards_and_bad_links_are_refused(client, auth, make_user):
    from tests.world import _case_study

    member = make_user()
    study = _case_study("menopause-passport", member, "published")
    db.session.add(study)
    db.session.commit()
    auth.login(member)
    response = client.post(
        "/ask/new",
        data={"kind": "question", "title": "Passports", "body": "See this", "links": "https://example.org/evil"},
    )
    assert response.status_code == 400 and "is not a case study, resource or event" in response.get_data(as_text=True)
    response = client.post(
        "/ask/new",
        data={
            "kind": "question",
            "title": "Passports",
            "body": "See this",
            "links": "http://localhost/case-studies/menopause-passport\n/case-studies/menopause-passport",
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Case study menopause-passport" in page and "Linked from OHWB Exchange" in page


def test_a_locked_thread_takes_no_replies(client, auth, make_user, make_space, make_thread):
    manager, member = make_user(), make_user()
    space = make_space(name="Network", managers=[manager], members=[member])
    thread = make_thread(space, member, locked=True)
    auth.login(member)
    assert client.post(f"/threads/{thread.id}/replies", data={"body": "Hello"}).status_code == 403
    assert "This thread is locked" in client.get(f"/threads/{thread.id}").get_data(as_text=True)


def test_a_deleted_authors_posts_stay_as_a_former_members(client, auth, make_user, make_space, make_thread):
    from tests.conftest import DEFAULT_PASSWORD

    leaver, stayer = make_user(name="Leaving Person"), make_user()
    space = make_space(name="Network", members=[leaver, stayer])
    thread = make_thread(space, leaver, replies=1)
    auth.login(leaver)
    client.post("/account/delete", data={"password": DEFAULT_PASSWORD})
    auth.login(stayer)
    client.get("/spaces/")  # the sign-in messages are shown (and gone) here
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Former member" in page and "Leaving Person" not in page and "Reply number 1" in page


def test_after_replying_the_member_lands_on_the_page_with_their_reply(client, auth, make_user, make_space, make_thread):
    member, other = make_user(), make_user()
    space = make_space(name="Network", members=[member, other])
    thread = make_thread(space, member, replies=25, repliers=[other])
    auth.login(member)
    response = client.post(f"/threads/{thread.id}/replies", data={"body": "The twenty-sixth"})
    reply_id = _reply_id(response)
    assert response.headers["Location"].endswith(f"/threads/{thread.id}?page=2#reply-{reply_id}")
    assert "The twenty-sixth" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_tag_filter_says_which_tag(client, auth, make_user, make_space, make_thread):
    member = make_user()
    space = make_space(name="Network", members=[member])
    thread = make_thread(space, member, title="Sleep rotas")
    thread.terms = [_term("sleep-and-fatigue") or _term("menopause")]
    db.session.commit()
    auth.login(member)
    untagged = client.get("/spaces/network").get_data(as_text=True)
    assert "1 thread</p>" in untagged and "tagged" not in untagged
    slug = thread.terms[0].slug
    tagged = client.get(f"/spaces/network?tag={slug}").get_data(as_text=True)
    assert f"1 thread tagged {thread.terms[0].name}" in tagged
    assert "tagged" not in client.get("/ask/").get_data(as_text=True)
