"""Getting started: the three steps a new member is led through, on the account and home pages."""

import re

import pytest
from sqlalchemy import select

from app.auth import onboarding
from app.auth.models import User
from app.auth.onboarding import StepCheck
from app.directory.models import PractitionerProfile
from app.extensions import db
from app.search.models import SavedSearch
from tests.directory.conftest import term
from tests.directory.test_profiles import form as profile_form

REGISTRATION = {
    "name": "Kerensa Trewin",
    "email": "kerensa.trewin@nhs.net",
    "organisation": "St Julia's Hospice",
    "job_role": "OH nurse",
    "password": "a long enough password",
    "confirm": "a long enough password",
}


def _text(response):
    return response.get_data(as_text=True)


def _statuses(html):
    """(step title, status) for each row of the getting-started task list, in order."""
    rows = html.split('<li class="nhsuk-task-list__item')[1:]
    found = []
    for row in rows:
        title = re.search(r'class="nhsuk-task-list__name-and-hint">\s*<(?:a|div)[^>]*>\s*(.*?)\s*</', row, re.S)
        status = re.search(r'class="nhsuk-task-list__status[^"]*"[^>]*>(.*?)</div>', row, re.S)
        found.append((title.group(1).strip(), re.sub(r"<[^>]+>", "", status.group(1)).strip()))
    return found


def _account(client):
    response = client.get("/account/")
    assert response.status_code == 200
    return _text(response)


def _home(client):
    response = client.get("/")
    assert response.status_code == 200
    return _text(response)


def make_profile(user, listed=True, topics=()):
    """A profile for `user`, straight in the database."""
    profile = PractitionerProfile(user=user, slug=f"member-{user.id}", display_name=user.name, listed=listed)
    profile.specialisms = [term("topic", slug) for slug in topics]
    db.session.add(profile)
    db.session.commit()
    return profile


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def test_unverified_member_sees_step_one_to_do_and_the_rest_cannot_start(client, auth, make_user):
    user = make_user(verified=False)
    auth.login(user)
    page = _account(client)
    assert "Get started" in page and "You have completed 0 of 3 steps." in page
    assert _statuses(page) == [
        ("Confirm your email address", "Incomplete"),
        ("Create your profile and list it in the directory", "Cannot start yet"),
        ("Follow a few topics or join a space", "Cannot start yet"),
    ]
    assert f"Open the link we sent to {user.email}" in page
    assert "Hide these steps" not in page
    home = _home(client)
    assert "Get started: 0 of 3 steps done" in home
    assert 'Next: <a href="/account/#getting-started">Confirm your email address</a>' in home


def test_verified_member_without_a_profile_is_sent_to_create_one(client, auth, make_user):
    auth.login(make_user())
    page = _account(client)
    assert "You have completed 1 of 3 steps." in page
    assert _statuses(page)[:2] == [
        ("Confirm your email address", "Completed"),
        ("Create your profile and list it in the directory", "Incomplete"),
    ]
    assert 'href="/directory/me/edit"' in page
    home = _home(client)
    assert "Get started: 1 of 3 steps done" in home
    assert 'Next: <a href="/directory/me/edit">Create your profile and list it in the directory</a>' in home


def test_step_three_offers_each_way_to_follow_topics(client, auth, make_user):
    auth.login(make_user())
    page = _account(client)
    assert "Choose the topics you work on in your profile" in page
    assert "Search for a topic and save the search" in page


def test_an_unlisted_profile_does_not_finish_step_two_and_a_listed_one_does(client, auth, make_user):
    user = make_user()
    profile = make_profile(user=user, listed=False)
    auth.login(user)
    assert _statuses(_account(client))[1][1] == "Incomplete"
    profile.listed = True
    db.session.commit()
    assert _statuses(_account(client))[1] == ("Create your profile and list it in the directory", "Completed")


def test_topics_on_the_profile_finish_step_three(client, auth, make_user):
    user = make_user()
    make_profile(user=user, topics=["menopause"])
    auth.login(user)
    page = _account(client)
    assert _statuses(page)[2] == ("Follow a few topics or join a space", "Completed")
    assert "You have completed 3 of 3 steps." in page


def test_a_saved_search_finishes_step_three(client, auth, make_user):
    user = make_user()
    auth.login(user)
    assert (
        client.post("/search/save", data={"q": "menopause", "name": "Menopause", "frequency": "weekly"}).status_code
        == 302
    )
    assert db.session.scalar(select(SavedSearch).where(SavedSearch.user_id == user.id)) is not None
    assert _statuses(_account(client))[2] == ("Follow a few topics or join a space", "Completed")


def test_a_feature_can_register_another_way_to_finish_a_step(client, auth, make_user):
    """Spaces will register "joined a space" through the same seam."""
    joined = set()
    check = StepCheck("connect", "test.joined", "Join a space", "main.index", lambda member: member.id in joined)
    onboarding.register_step_check(check)
    try:
        user = make_user()
        auth.login(user)
        page = _account(client)
        assert '<a href="/">Join a space</a>' in page
        assert _statuses(page)[2][1] == "Incomplete"
        joined.add(user.id)
        assert _statuses(_account(client))[2][1] == "Completed"
    finally:
        onboarding.unregister_step_check("test.joined")


def test_an_unknown_step_cannot_be_registered():
    with pytest.raises(ValueError):
        onboarding.register_step_check(StepCheck("lunch", "x", "Eat", "main.index", lambda user: True))


def test_finished_steps_can_be_hidden_and_stay_hidden(client, auth, make_user):
    user = make_user()
    make_profile(user=user, topics=["menopause"])
    auth.login(user)
    home = _home(client)
    assert "Get started: 3 of 3 steps done" in home and "Hide these steps" in home
    response = client.post("/account/getting-started/hide", data={"back": "home"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    db.session.expire_all()
    assert _user(user.email).onboarding_dismissed_at is not None
    assert "Get started" not in _home(client)
    assert "Get started" not in _account(client)


def test_hiding_unfinished_steps_is_refused_with_a_reason(client, auth, make_user):
    user = make_user()
    auth.login(user)
    response = client.post("/account/getting-started/hide", data={"back": "account"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Finish the getting started steps before you hide them" in _text(response)
    db.session.expire_all()
    assert _user(user.email).onboarding_dismissed_at is None
    assert "You have completed 1 of 3 steps." in _text(response)


def test_no_step_check_runs_once_the_steps_are_hidden(client, auth, make_user):
    user = make_user()
    user.onboarding_dismissed_at = user.created_at
    db.session.commit()

    def refuse(member):
        raise AssertionError("a step check ran for a member who hid the steps")

    onboarding.register_step_check(StepCheck("connect", "test.refuse", "Never", "main.index", refuse))
    try:
        auth.login(user)
        assert "Get started" not in _home(client)
        assert "Get started" not in _account(client)
    finally:
        onboarding.unregister_step_check("test.refuse")


def test_verifying_before_signing_in_leads_to_the_steps_after_sign_in(client, mailbox):
    client.post("/auth/register", data=REGISTRATION)
    response = client.get(mailbox.link(mailbox.last(REGISTRATION["email"])))
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login?next=/account/"
    signed_in = client.post(
        response.headers["Location"], data={"email": REGISTRATION["email"], "password": REGISTRATION["password"]}
    )
    assert signed_in.headers["Location"] == "/account/"
    assert "You have completed 1 of 3 steps." in _account(client)


def test_visitors_see_no_steps(client):
    assert "Get started" not in _home(client)


def test_the_whole_journey_register_verify_profile_listed(client, mailbox):
    """Register, confirm the email, create a listed profile with a topic: each page says where you are."""
    assert client.post("/auth/register", data=REGISTRATION).status_code == 200
    link = mailbox.link(mailbox.last(REGISTRATION["email"]))
    client.post("/auth/login", data={"email": REGISTRATION["email"], "password": REGISTRATION["password"]})
    assert "Get started: 0 of 3 steps done" in _home(client)

    response = client.get(link)
    assert response.status_code == 302 and response.headers["Location"] == "/account/"
    page = _account(client)
    assert "You have completed 1 of 3 steps." in page

    data = profile_form(display_name="Kerensa Trewin", listed="y", specialisms=[str(term("topic", "menopause").id)])
    assert client.post("/directory/me/edit", data=data).status_code == 302
    page = _account(client)
    assert _statuses(page) == [
        ("Confirm your email address", "Completed"),
        ("Create your profile and list it in the directory", "Completed"),
        ("Follow a few topics or join a space", "Completed"),
    ]
    assert client.post("/account/getting-started/hide", data={"back": "account"}).status_code == 302
    assert "Get started" not in _account(client)


def test_accounts_made_before_the_steps_existed_count_as_having_hidden_them(tmp_path):
    """Migration 0019: nobody who joined before the steps is told to "get started"."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from config import TestingConfig

    url = f"sqlite:///{tmp_path / 'before.db'}"
    app = create_app(
        TestingConfig, overrides={"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "ix")}
    )
    with app.app_context():
        upgrade(revision="0013")
        db.session.execute(
            text(
                "INSERT INTO user_account (email, name, organisation, job_role, password_hash, role, session_token,"
                " is_active_account, created_at) VALUES ('old@nhs.net', 'Old Hand', 'Trust', 'OH nurse', 'x',"
                " 'member', 'token', 1, '2025-01-02 03:04:05')"
            )
        )
        db.session.commit()
        upgrade(revision="0019")
        dismissed = db.session.execute(text("SELECT onboarding_dismissed_at FROM user_account")).scalar_one()
        assert dismissed is not None and str(dismissed).startswith("2025-01-02")
        db.session.remove()
        db.engine.dispose()
