"""The shared route helpers: one user-facing error, form pages, 404 loaders, sign-in guards, CLI groups."""

from types import SimpleNamespace

import pytest

from app.auth.services import AccountError
from app.auth.tokens import TokenError
from app.content.uploads import UploadError
from app.directory.services import DirectoryError
from app.events.services import EventError
from app.publishing.services import ContentError
from app.search.analysis import FACET_PARAMS
from app.search.forms import saved_request
from app.web import UserError


@pytest.mark.parametrize(
    "error_class", [AccountError, TokenError, UploadError, DirectoryError, EventError, ContentError]
)
def test_every_service_error_is_the_one_user_error(error_class):
    error = error_class("Enter a title", field="title", status=409)
    assert isinstance(error, UserError)
    assert (error.message, error.field, error.status, str(error)) == ("Enter a title", "title", 409, "Enter a title")
    assert error_class("Something is wrong").status == 400


@pytest.mark.parametrize("path", ["/search/saved", "/search/save?q=stress"])
def test_saved_search_pages_send_visitors_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/auth/login?next=" in response.headers["Location"]


def test_deleting_a_saved_search_needs_sign_in(client):
    response = client.post("/search/saved/1/delete")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_form_page_with_errors_answers_400_with_the_error_summary(client, auth, make_user):
    auth.login(make_user())
    response = client.post("/account/details", data={"name": "", "organisation": "", "job_role": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error:" in page
    assert "There is a problem" in page


def test_service_error_is_shown_beside_its_field(client, auth, make_user):
    auth.login(make_user())
    response = client.post(
        "/account/password",
        data={
            "current_password": "wrong password!",
            "password": "a new long password",
            "confirm": "a new long password",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="current_password-error"' in page
    assert 'id="password-error"' not in page


@pytest.mark.parametrize(
    "method, path",
    [("get", "/comments/999999/edit"), ("get", "/moderation/case_study/999999/return")],
)
def test_loaders_answer_404_for_unknown_rows(client, auth, make_user, method, path):
    auth.login(make_user(role="moderator"))
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_cli_groups_run_their_commands_inside_the_app(runner):
    result = runner.invoke(args=["content", "review-reminders"])
    assert result.exit_code == 0, result.output
    assert "Sent 0 review reminders; 0 failed." in result.output


def test_saved_search_keeps_every_value_of_a_repeated_filter():
    param = sorted(FACET_PARAMS)[0]
    saved = SimpleNamespace(facets=f"{param}=one&{param}=two&when=past", query="burnout")
    request = saved_request(saved, member=True)
    assert request.filters[param] == ["one", "two"]
    assert (request.text, request.when, request.sort) == ("burnout", "past", "date")
