"""Every route in the URL map, walked as each kind of visitor, against a table of expected statuses.

Each role gets a fresh world (tests/world.py): anonymous, an unverified account, a member who owns
the case study, resource, profile, comment and draft, another member, the organiser of the event,
a moderator and an admin. GET is tried on every rule that has it; POST (with no form data) on
rules that accept only POST. A rule missing from the table fails the test by name, so a new route
cannot ship without someone deciding who may use it.
"""

import pytest
from flask import current_app

from tests.world import ROLES, build_world

# endpoint: expected status for anonymous, unverified, member, other, organiser, moderator, admin
EXPECTED_TEXT = """
# endpoint                    anon unver member other organiser moderator admin
account.change_email          302 200 200 200 200 200 200
account.change_password       302 200 200 200 200 200 200
account.confirm_email         400 400 400 400 400 400 400
account.delete                302 200 200 200 200 200 200
account.details               302 200 200 200 200 200 200
account.export                302 200 200 200 200 200 200
account.hide_onboarding       302 302 302 302 302 302 302
account.index                 302 200 200 200 200 200 200
auth.login                    200 302 302 302 302 302 302
auth.logout                   302 200 200 200 200 200 200
auth.register                 200 302 302 302 302 302 302
auth.resend_verification      302 302 302 302 302 302 302
auth.reset_password           400 400 400 400 400 400 400
auth.reset_request            200 200 200 200 200 200 200
auth.verify                   400 400 400 400 400 400 400
calendar.personal_feed        404 404 404 404 404 404 404
case_studies.accept_invitation 302 302 404 404 404 404 404
case_studies.archive          302 302 302 403 403 302 302
case_studies.confirm_review   302 302 302 403 403 302 302
case_studies.decline_invitation 302 302 404 404 404 404 404
case_studies.detail           302 403 200 200 200 200 200
case_studies.edit             302 302 200 403 403 200 200
case_studies.index            200 200 200 200 200 200 200
case_studies.new              302 302 200 200 200 200 200
case_studies.resource_options 302 302 200 200 200 200 200
case_studies.reuse            302 302 200 200 200 200 200
case_studies.submit           302 302 302 403 403 403 403
case_studies.useful           302 302 302 302 302 302 302
case_studies.withdraw_invitation 302 302 404 403 403 404 404
comments.add                  302 302 400 400 400 400 400
comments.delete               302 302 302 403 403 403 403
comments.edit                 302 302 200 403 403 403 403
comments.hide                 302 403 403 403 403 200 200
comments.restore              302 403 403 403 403 302 302
directory.accept_connection   302 302 302 404 404 404 404
directory.accept_mentee       302 302 302 404 404 404 404
directory.block               302 302 302 404 302 302 302
directory.blocked             302 302 200 200 200 200 200
directory.connect             302 302 404 302 302 302 302
directory.contact_form        302 302 301 301 301 301 301
directory.decline_connection  302 302 404 404 404 404 404
directory.decline_mentee      302 302 404 404 404 404 404
directory.edit_profile        302 302 200 200 200 200 200
directory.end_mentoring       302 302 404 302 404 404 404
directory.index               200 302 200 200 200 200 200
directory.mentoring           302 302 200 200 200 200 200
directory.message             302 302 301 301 301 301 301
directory.messages            302 302 301 301 301 301 301
directory.my_profile          302 302 302 302 302 302 302
directory.network             302 302 200 200 200 200 200
directory.peers               200 302 200 200 200 200 200
directory.photo               302 302 404 404 404 404 404
directory.profile             302 302 200 200 200 200 200
directory.profile_json        302 302 200 200 200 200 200
directory.remove_connection   302 302 404 302 404 404 404
directory.report              302 302 404 200 200 200 200
directory.reports             302 403 403 403 403 200 200
directory.request_mentoring   302 302 404 404 404 404 404
directory.resolve_report      302 403 403 403 403 302 302
directory.set_listing         302 302 400 400 400 400 400
directory.unblock             302 302 302 404 302 302 302
events.attendance             302 302 403 403 302 302 302
events.attendees              302 302 403 403 200 200 200
events.attendees_csv          302 302 403 403 200 200 200
events.calendar_feed          302 200 200 200 200 200 200
events.cancel                 302 302 200 400 400 400 400
events.cancel_event           302 302 403 403 200 200 200
events.detail                 200 200 200 200 200 200 200
events.edit                   302 302 403 403 200 200 200
events.email_attendees        302 302 403 403 200 200 200
events.event_ics              200 200 200 200 200 200 200
events.feedback               302 302 400 400 400 400 400
events.feedback_summary       302 302 403 403 200 200 200
events.index                  200 200 200 200 200 200 200
events.material_file          404 404 404 404 404 404 404
events.materials              302 302 403 403 200 200 200
events.mine                   302 200 200 200 200 200 200
events.month                  200 200 200 200 200 200 200
events.new                    302 403 403 403 403 200 200
events.organisers             302 403 403 403 403 200 200
events.public_feed            200 200 200 200 200 200 200
events.publish                302 302 403 403 400 400 400
events.register               302 302 302 200 200 200 200
events.remove_attendee        302 302 403 403 302 302 302
events.remove_material        302 302 403 403 302 302 302
events.remove_organiser       302 403 403 403 403 302 302
events.static                 404 404 404 404 404 404 404
following.follow              302 302 302 404 302 302 302
following.index               302 302 200 200 200 200 200
following.pick                302 302 400 400 400 400 400
following.remove              302 302 302 404 302 302 302
inbox.conversation            302 302 200 200 404 404 404
inbox.index                   302 302 200 200 200 200 200
inbox.leave                   302 302 302 302 404 404 404
inbox.new                     302 302 200 200 200 200 200
inbox.report                  302 302 200 200 404 404 404
inbox.reported                302 403 403 403 403 200 200
inbox.reports                 302 403 403 403 403 200 200
inbox.share                   302 302 302 302 404 404 404
main.accessibility            200 200 200 200 200 200 200
main.healthz                  200 200 200 200 200 200 200
main.index                    200 200 200 200 200 200 200
main.nhsuk_assets             404 404 404 404 404 404 404
main.privacy                  200 200 200 200 200 200 200
moderation.index              302 403 403 403 403 200 200
moderation.publish            302 403 403 403 403 200 200
moderation.return_item        302 403 403 403 403 200 200
notifications.index           302 302 200 200 200 200 200
notifications.mark_all_read   302 302 302 302 302 302 302
notifications.open_notification 302 302 404 404 404 404 404
notifications.settings        302 302 200 200 200 200 200
notifications.unsubscribe     400 400 400 400 400 400 400
publishing.case_studies_feed  200 200 200 200 200 200 200
publishing.resources_feed     200 200 200 200 200 200 200
resources.archive             302 302 302 403 403 302 302
resources.confirm_review      302 302 302 403 403 302 302
resources.detail              302 403 200 200 200 200 200
resources.download            302 403 200 200 200 200 200
resources.download_version    302 403 200 200 200 200 200
resources.edit                302 302 200 403 403 200 200
resources.index               200 200 200 200 200 200 200
resources.new                 302 302 200 200 200 200 200
resources.new_version         302 302 200 403 403 200 200
resources.reuse               302 302 200 200 200 200 200
resources.submit              302 302 302 403 403 403 403
resources.useful              302 302 302 302 302 302 302
saved.index                   302 302 200 200 200 200 200
saved.remove                  302 302 404 404 404 404 404
saved.save                    302 302 302 404 302 302 302
search.delete                 302 404 302 404 404 404 404
search.feed                   404 404 404 404 404 404 404
search.results                200 200 200 200 200 200 200
search.save                   302 200 200 200 200 200 200
search.saved                  302 200 200 200 200 200 200
spaces.accept                 302 302 302 404 403 302 302
spaces.approve_member         302 302 404 404 403 404 404
spaces.approve_reply          302 302 403 404 403 302 302
spaces.approve_thread         302 302 403 404 403 302 302
spaces.ask                    302 302 200 200 200 200 200
spaces.ask_new                302 302 200 200 200 200 200
spaces.delete_reply           302 302 403 404 302 403 403
spaces.detail                 302 302 200 404 200 200 200
spaces.dismiss_report         302 302 403 403 403 302 302
spaces.edit                   302 302 200 404 403 200 200
spaces.edit_reply             302 302 403 404 200 403 403
spaces.edit_thread            302 302 200 404 403 200 200
spaces.helpful                302 302 302 404 403 302 302
spaces.hide_reply             302 302 200 404 403 200 200
spaces.hide_thread            302 302 200 404 403 200 200
spaces.index                  302 302 200 200 200 200 200
spaces.join                   302 302 302 404 302 403 403
spaces.leave                  302 302 302 404 302 302 302
spaces.lock                   302 302 302 404 403 302 302
spaces.members                302 302 200 404 200 200 200
spaces.merge                  302 302 200 404 403 200 200
spaces.moderation_queue       302 302 200 403 403 200 200
spaces.move                   302 302 200 404 403 200 200
spaces.new                    302 302 200 200 200 200 200
spaces.new_thread             302 302 200 404 200 200 200
spaces.pin                    302 302 302 404 403 302 302
spaces.recommend_item         302 302 200 404 403 200 200
spaces.refuse_member          302 302 404 404 403 404 404
spaces.remove_member          302 302 302 404 403 302 302
spaces.remove_recommendation  302 302 404 404 403 404 404
spaces.reply                  302 302 400 404 400 400 400
spaces.reply_history          302 302 200 404 200 200 200
spaces.report_reply           302 302 200 404 200 200 200
spaces.report_thread          302 302 200 404 200 200 200
spaces.set_manager            302 302 302 404 403 302 302
spaces.space_feed             404 404 404 404 404 404 404
spaces.tag_feed               404 404 404 404 404 404 404
spaces.thread                 302 302 200 404 200 200 200
spaces.unhide_reply           302 302 302 404 403 302 302
spaces.unhide_thread          302 302 302 404 403 302 302
spaces.unread                 302 302 302 404 302 302 302
static                        404 404 404 404 404 404 404
"""
EXPECTED = {
    line.split()[0]: tuple(int(code) for code in line.split()[1:])
    for line in EXPECTED_TEXT.strip().splitlines()
    if line.strip() and not line.startswith("#")
}


# POSTs that take the shared objects away from later requests (archiving, deleting, publishing a
# submission) run last, so every other route is tried against the world as built.
RUN_LAST = (
    "case_studies.archive",
    "resources.archive",
    "comments.delete",
    "moderation.publish",
    "events.remove_organiser",
    "spaces.delete_reply",
    "spaces.dismiss_report",
    "spaces.remove_member",
    "spaces.leave",
    "inbox.leave",
    "auth.logout",
)


def walked_rules(app):
    """(endpoint, method, rule) for every rule: GET where it has one, then POST-only rules."""
    rules = []
    for rule in app.url_map.iter_rules():
        method = "GET" if "GET" in rule.methods else "POST"
        rules.append((rule.endpoint, method, rule))
    return sorted(
        rules, key=lambda r: (r[0] in RUN_LAST, r[1] == "POST", RUN_LAST.index(r[0]) if r[0] in RUN_LAST else 0, r[0])
    )


def test_every_rule_has_an_entry(app):
    endpoints = {endpoint for endpoint, _, _ in walked_rules(app)}
    missing = sorted(endpoints - set(EXPECTED))
    stale = sorted(set(EXPECTED) - endpoints)
    assert not missing, f"routes without an entry in the permission matrix: {', '.join(missing)}"
    assert not stale, f"entries for routes that no longer exist: {', '.join(stale)}"


@pytest.mark.parametrize("role", ROLES)
def test_each_route_answers_each_role_as_expected(app, client, auth, make_user, role):
    world = build_world(make_user)
    if role != "anonymous":
        auth.login(world.users[role])
    column = ROLES.index(role)
    wrong = []
    for endpoint, method, rule in walked_rules(current_app):
        url = world.url(rule)
        response = client.open(url, method=method)
        expected = EXPECTED.get(endpoint)
        if expected is None or expected[column] != response.status_code:
            wrong.append(
                f"{method} {url} ({endpoint}): got {response.status_code}, expected "
                f"{expected[column] if expected else 'no entry'}"
            )
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)
