"""Threads in the site search: the "Discussion" type, replies and the accepted answer in the
document, the "Questions" facet, hidden/waiting/merged threads left out, the index following
replies, answers, hiding and moves, and a private space's threads only for its members."""

# ruff: noqa: F811  (the fixtures imported below are parameters of the tests)
from sqlalchemy import select

from app.auth.access import viewer_groups
from app.auth.models import utcnow
from app.extensions import db
from app.search import search
from app.search.engine import SearchRequest
from app.spaces.models import Reply, Thread
from tests.search.conftest import find  # noqa: F401  (fixture)
from tests.spaces.extras_fixtures import make_space, world  # noqa: F401  (fixtures)


def add_thread(space=None, title="Menopause policy for a small hospice?", body="Has anyone got one?", **fields):
    thread = Thread(
        space_id=space.id if space else None,
        kind=fields.pop("kind", "question"),
        title=title,
        body_md=body,
        body_html=f"<p>{body}</p>",
        last_activity_at=utcnow(),
        **fields,
    )
    db.session.add(thread)
    db.session.commit()
    return thread


def add_reply(thread, body, **fields):
    reply = Reply(thread_id=thread.id, body_md=body, body_html=f"<p>{body}</p>", **fields)
    db.session.add(reply)
    db.session.commit()
    return reply


def stored(thread):
    """The stored fields of a thread's index document, or None."""
    return search.stored(f"thread:{thread.id}")


def found(text, user=None, **filters):
    request = SearchRequest(
        text=text,
        member=user is not None,
        groups=viewer_groups(user) if user is not None else frozenset(),
        filters={k: [v] for k, v in filters.items()},
    )
    return search.query(request)


def test_thread_is_a_discussion_with_its_replies_in_its_document(app, world):
    thread = add_thread(world.open)
    add_reply(thread, "We adapted the Leeds passport for our hospice")
    document = stored(thread)
    assert document["kind"] == "thread" and document["url"] == f"/threads/{thread.id}"
    assert document["visibility"] == "members" and "Leeds passport" in document["body"]
    assert document["f_state"] == "Not yet answered"
    page = found("passport", world.member)
    assert [hit.title for hit in page.hits] == ["Menopause policy for a small hospice?"]
    assert page.hits[0].label == "Discussion"
    assert ("type", "Type") == page.facets[0][:2] and page.facets[0][2][0].value == "Discussion"
    assert found("passport").hits == []  # discussions are members' content


def test_accepted_answer_is_part_of_the_document_and_answered_state_is_a_facet(app, world):
    thread = add_thread(world.open)
    add_thread(world.open, title="Unanswered menopause question")
    answer = add_reply(thread, "Try the Bradford template, it worked for us")
    thread.accepted_reply_id = answer.id
    db.session.commit()
    document = stored(thread)
    assert "Accepted answer: Try the Bradford template" in document["body"] and document["f_state"] == "Answered"
    titles = [hit.title for hit in found("menopause", world.member, state="Answered").hits]
    assert titles == ["Menopause policy for a small hospice?"]
    page = found("menopause", world.member)
    states = {param: values for param, _, values in page.facets}["state"]
    assert {(v.value, v.count) for v in states} == {("Answered", 1), ("Not yet answered", 1)}


def test_hidden_waiting_and_merged_threads_are_not_indexed(app, world):
    thread = add_thread(world.open, title="Burnout rota")
    assert stored(thread) is not None
    thread.hidden_at = utcnow()
    db.session.commit()
    assert stored(thread) is None
    add_thread(world.open, title="Burnout waiting", awaiting_moderation=True)
    target = add_thread(world.open, title="Burnout main thread")
    duplicate = add_thread(world.open, title="Burnout duplicate")
    duplicate.merged_into_id = target.id
    db.session.commit()
    assert [hit.title for hit in found("burnout", world.moderator).hits] == ["Burnout main thread"]


def test_replies_edits_deletion_and_hiding_follow_into_the_index(app, world):
    thread = add_thread(world.open)
    reply = add_reply(thread, "Our sleep hygiene leaflet")
    assert "sleep hygiene" in stored(thread)["body"]
    reply.body_html = "<p>Our fatigue leaflet</p>"
    db.session.commit()
    assert "fatigue" in stored(thread)["body"] and "sleep hygiene" not in stored(thread)["body"]
    reply.hidden_at = utcnow()
    db.session.commit()
    assert "fatigue" not in stored(thread)["body"]
    waiting = add_reply(thread, "Buy cheap pills at spam.example", awaiting_moderation=True)
    assert "spam" not in stored(thread)["body"]
    waiting.awaiting_moderation = False
    db.session.commit()
    assert "spam.example" in stored(thread)["body"]
    db.session.delete(db.session.get(Reply, waiting.id))
    db.session.commit()
    assert "spam" not in stored(thread)["body"]


def test_private_space_thread_is_invisible_to_non_members_in_results_snippets_and_counts(app, world, find):
    add_thread(world.private, title="Hospice menopause policy", body="Our confidential draft with the unions")
    add_thread(world.open, title="Open menopause question", body="Anyone?")
    assert [hit.title for hit in found("menopause", world.member).hits] == ["Open menopause question"]
    assert {h.title for h in found("menopause", world.insider).hits} == {
        "Hospice menopause policy",
        "Open menopause question",
    }
    assert {h.title for h in found("menopause", world.moderator).hits} == {
        "Hospice menopause policy",
        "Open menopause question",
    }
    assert found("unions", world.member).total == 0 and found("unions", world.insider).total == 1


def test_results_page_for_a_non_member_shows_no_trace_of_a_private_thread(client, auth, world, find):
    add_thread(world.private, title="Hospice menopause policy", body="Our confidential draft with the unions")
    add_thread(world.open, title="Open menopause question", body="Anyone?")
    auth.login(world.member)
    status, html = find(q="menopause")
    assert status == 200 and "Hospice menopause policy" not in html and "confidential draft" not in html
    assert "Discussion (1)" in html and "Not yet answered (1)" in html and "Hospice OH leads" not in html
    auth.logout()
    auth.login(world.insider)
    status, html = find(q="menopause")
    assert "Hospice menopause policy" in html and "Discussion (2)" in html and "Not yet answered (2)" in html
    assert "Hospice OH leads: Our confidential draft" in html


def test_moving_a_thread_into_a_private_space_and_changing_a_policy_reindex(app, world):
    thread = add_thread(world.open, title="Fatigue audit")
    assert found("fatigue", world.member).total == 1
    thread.space_id = world.private.id
    db.session.commit()
    assert found("fatigue", world.member).total == 0 and found("fatigue", world.insider).total == 1
    world.private.join_policy = "open"
    db.session.commit()
    assert found("fatigue", world.member).total == 1
    assert stored(db.session.get(Thread, thread.id))["visibility"] == "members"


def test_deleting_a_space_removes_its_threads_from_the_index(app, world):
    thread = add_thread(world.open, title="Fatigue audit")
    assert stored(thread) is not None
    db.session.delete(world.open)
    db.session.commit()
    assert db.session.scalar(select(Thread.id)) is None
    assert found("fatigue", world.moderator).total == 0


def test_check_and_reindex_agree_with_the_database(app, world):
    add_thread(world.open, title="Fatigue audit")
    add_thread(world.private, title="Hidden thing", hidden_at=utcnow())
    assert search.reindex(app) >= 1
    report = search.check(app)
    assert report["missing"] == [] and report["stale"] == [] and report["extra"] == []


def test_the_real_pages_keep_the_index_in_step(client, auth, world):
    """Posting a reply, accepting it, moving the thread and hiding it, through the spaces pages."""
    thread = add_thread(world.open, title="Night shift fatigue question", author_id=world.member.id)
    auth.login(world.member)
    response = client.post(f"/threads/{thread.id}/replies", data={"body": "Our rota uses forward rotation"})
    assert response.status_code == 302
    assert "forward rotation" in stored(thread)["body"]
    reply = db.session.scalar(select(Reply).where(Reply.thread_id == thread.id))
    assert client.post(f"/replies/{reply.id}/accept").status_code == 302
    assert stored(thread)["f_state"] == "Answered" and "Accepted answer: Our rota" in stored(thread)["body"]
    auth.logout()
    auth.login(world.moderator)
    assert client.post(f"/threads/{thread.id}/move", data={"space": str(world.private.id)}).status_code == 302
    assert stored(thread)["visibility"] == f"group:space-{world.private.id}"
    assert found("rotation", world.member).total == 0 and found("rotation", world.insider).total == 1
    response = client.post(f"/threads/{thread.id}/hide", data={"reason": "Off topic"})
    assert response.status_code == 302 and stored(thread) is None
