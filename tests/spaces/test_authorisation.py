"""Every spaces route walked as anonymous, a member, a member of the space, a manager of the space,
a site moderator and a member of another private space, against a table of expected statuses.

The space is private: to anyone outside it (the member, the other space's member) it, its
threads and its replies are 404s. POST routes are sent with no form data.
"""

import pytest
from flask import current_app

from app.extensions import db
from app.models_base import utcnow
from app.spaces.models import Reply, Report, Space, SpaceMember, Thread
from app.spaces.recommend_models import SpaceRecommendation

ROLES = ("anonymous", "member", "space_member", "space_manager", "moderator", "other_private")
# endpoint                 anon member space_member space_manager moderator other_private
EXPECTED_TEXT = """
spaces.accept              302 404 302 302 302 404
spaces.approve_member      302 404 403 302 302 404
spaces.approve_reply       302 404 403 403 302 404
spaces.approve_thread      302 404 403 403 302 404
spaces.ask                 302 200 200 200 200 200
spaces.ask_new             302 200 200 200 200 200
spaces.delete_reply        302 404 403 302 403 404
spaces.detail              302 404 200 200 200 404
spaces.dismiss_report      302 404 403 302 302 404
spaces.edit                302 404 403 200 200 404
spaces.edit_reply          302 404 403 200 403 404
spaces.edit_thread         302 404 200 200 200 404
spaces.helpful             302 404 302 403 302 404
spaces.hide_reply          302 404 403 200 200 404
spaces.hide_thread         302 404 403 200 200 404
spaces.index               302 200 200 200 200 200
spaces.join                302 404 302 302 403 404
spaces.leave               302 404 302 302 302 404
spaces.lock                302 404 403 302 302 404
spaces.members             302 404 200 200 200 404
spaces.merge               302 404 403 200 200 404
spaces.moderation_queue    302 403 403 200 200 200
spaces.move                302 404 403 200 200 404
spaces.new                 302 200 200 200 200 200
spaces.new_thread          302 404 200 200 200 404
spaces.pin                 302 404 403 302 302 404
spaces.recommend_item      302 404 403 200 200 404
spaces.refuse_member       302 404 403 404 404 404
spaces.remove_member       302 404 403 302 302 404
spaces.remove_recommendation 302 404 403 302 302 404
spaces.reply               302 404 400 400 400 404
spaces.reply_history       302 404 200 200 200 404
spaces.report_reply        302 404 200 200 200 404
spaces.report_thread       302 404 200 200 200 404
spaces.set_manager         302 404 403 302 302 404
spaces.space_feed          404 404 404 404 404 404
spaces.tag_feed            200 200 200 200 200 200
spaces.thread              302 404 200 200 200 404
spaces.unhide_reply        302 404 403 302 302 404
spaces.unhide_thread       302 404 403 302 302 404
spaces.unread              302 404 302 302 302 404
"""
# approve_member runs first and admits the request, so refusing the same row then finds no request (404).
# The other private space's member manages that space, so has a queue of their own (its reports only).
EXPECTED = {line.split()[0]: tuple(map(int, line.split()[1:])) for line in EXPECTED_TEXT.strip().splitlines()}
RUN_LAST = ("spaces.delete_reply", "spaces.dismiss_report", "spaces.remove_member", "spaces.leave")


def _world(make_user):
    """A private space with a manager, a member and a waiting request; the member's question with
    the manager's reply, reported; another private space with its own member."""
    users = {
        "member": make_user(name="Plain Member"),
        "space_member": make_user(name="Space Member"),
        "space_manager": make_user(name="Space Manager"),
        "moderator": make_user(role="moderator", name="Site Moderator"),
        "other_private": make_user(name="Other Private"),
    }
    asker = make_user(name="Asking Person")
    now = utcnow()
    space = Space(slug="closed", name="Closed", purpose="Private", join_policy="private", last_activity_at=now)
    other = Space(slug="elsewhere", name="Elsewhere", purpose="Private", join_policy="private", last_activity_at=now)
    db.session.add_all([space, other])
    db.session.flush()
    pending = SpaceMember(space_id=space.id, user_id=asker.id, status="pending")
    db.session.add_all(
        [
            SpaceMember(space_id=space.id, user_id=users["space_manager"].id, role="manager"),
            SpaceMember(space_id=space.id, user_id=users["space_member"].id),
            SpaceMember(space_id=other.id, user_id=users["other_private"].id, role="manager"),
            pending,
        ]
    )
    thread = Thread(
        space_id=space.id,
        kind="question",
        title="Question",
        body_md="Q",
        body_html="<p>Q</p>",
        author_id=users["space_member"].id,
        last_activity_at=now,
        awaiting_moderation=False,
    )
    db.session.add(thread)
    db.session.flush()
    reply = Reply(thread_id=thread.id, author_id=users["space_manager"].id, body_md="A", body_html="<p>A</p>")
    db.session.add(reply)
    db.session.flush()
    report = Report(thread_id=thread.id, reply_id=reply.id, reporter_id=users["space_member"].id, reason="spam")
    recommendation = SpaceRecommendation(space_id=space.id, kind="resource", object_id=1)
    db.session.add_all([report, recommendation])
    db.session.commit()
    values = {
        "slug": space.slug,
        "thread_id": thread.id,
        "reply_id": reply.id,
        "member_id": pending.id,
        "discussion_report_id": report.id,
        "recommendation_id": recommendation.id,
        "tag": "menopause",  # the topic feed is public: it never lists a private space's threads
    }
    return users, values


def _url(rule, values):
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<{name}>", str(values[name])).replace(f"<id:{name}>", str(values[name]))
    return path


def _rules():
    rules = [
        (rule.endpoint, "GET" if "GET" in rule.methods else "POST", rule)
        for rule in current_app.url_map.iter_rules()
        if rule.endpoint.startswith("spaces.")
    ]
    return sorted(
        rules, key=lambda r: (r[0] in RUN_LAST, r[1] == "POST", RUN_LAST.index(r[0]) if r[0] in RUN_LAST else 0, r[0])
    )


def test_the_table_covers_every_spaces_route(app):
    assert {endpoint for endpoint, _, _ in _rules()} == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
def test_each_spaces_route_answers_each_role_as_expected(app, client, auth, make_user, role):
    users, values = _world(make_user)
    if role != "anonymous":
        auth.login(users[role])
    column = ROLES.index(role)
    wrong = []
    for endpoint, method, rule in _rules():
        response = client.open(_url(rule, values), method=method)
        if EXPECTED[endpoint][column] != response.status_code:
            wrong.append(
                f"{method} {rule.rule} ({endpoint}): got {response.status_code}, expected {EXPECTED[endpoint][column]}"
            )
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


def test_a_manager_of_another_space_sees_none_of_this_spaces_reports(app, client, auth, make_user):
    users, _values = _world(make_user)
    auth.login(users["other_private"])
    page = client.get("/spaces/moderation").get_data(as_text=True)
    assert "No open reports" in page and "Question" not in page
