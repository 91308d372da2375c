"""Joining a space finishes getting-started step 3 ("Follow a few topics or join a space"): the
step offers it with a link to the spaces, and only an active membership counts."""

from app.extensions import db
from app.spaces.models import SpaceMember
from tests.auth.test_onboarding import _account, _home, _statuses

STEP = "Follow a few topics or join a space"


def test_the_step_offers_joining_a_space(client, auth, make_user):
    auth.login(make_user())
    page = _account(client)
    assert '<a href="/spaces/">Join a space</a>' in page
    assert _statuses(page)[2] == (STEP, "Incomplete")


def test_joining_an_open_space_finishes_the_step(client, auth, make_user, make_space):
    make_space(name="Menopause network")
    user = make_user()
    auth.login(user)
    assert "Get started: 1 of 3 steps done" in _home(client)
    assert client.post("/spaces/menopause-network/join").status_code == 302
    page = _account(client)
    assert _statuses(page)[2] == (STEP, "Completed")
    assert "You have completed 2 of 3 steps." in page
    assert "Get started: 2 of 3 steps done" in _home(client)


def test_a_waiting_request_or_an_open_invitation_does_not_count_until_accepted(client, auth, make_user, make_space):
    user = make_user()
    make_space(name="By request", policy="request")
    invited = make_space(name="Invite only", policy="private", invited=[user])
    auth.login(user)
    assert client.post("/spaces/by-request/join").status_code == 302
    assert db.session.query(SpaceMember).filter_by(user_id=user.id, status="pending").count() == 1
    assert _statuses(_account(client))[2] == (STEP, "Incomplete")
    assert client.post(f"/spaces/{invited.slug}/join").status_code == 302  # accepts the invitation
    assert _statuses(_account(client))[2] == (STEP, "Completed")


def test_leaving_the_only_space_makes_the_step_incomplete_again(client, auth, make_user, make_space):
    user = make_user()
    make_space(name="Short stay", members=[user])
    auth.login(user)
    assert _statuses(_account(client))[2] == (STEP, "Completed")
    assert client.post("/spaces/short-stay/leave").status_code == 302
    assert _statuses(_account(client))[2] == (STEP, "Incomplete")
