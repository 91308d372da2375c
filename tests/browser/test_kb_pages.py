"""Knowledge-base pages in a real browser (CSRF on), each checked with axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible, check_page
from tests.kb.conftest import make_case_study, make_resource  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def sign_in(page, email):
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in")).to_be_visible()


@pytest.fixture
def content(live_server, make_user, make_case_study, make_resource):  # noqa: F811
    with live_server.app.app_context():
        author = make_user(email="author@nhs.net", name="Ada Author")
        tool = make_resource(author=author, title="Menopause passport template", visibility="public")
        study = make_case_study(author=author, title="Menopause cafés for ward staff", visibility="public")
        make_case_study(author=author, title="Draft about MSK", status="draft")
        return {"study": study.slug, "tool": tool.slug}


@pytest.mark.parametrize("path", ["/case-studies/", "/resources/", "/case-studies/?topic=menopause&sort=useful"])
def test_listings_are_accessible(page, content, path):
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_detail_pages_are_accessible(page, content):
    for path in [f"/case-studies/{content['study']}", f"/resources/{content['tool']}"]:
        assert page.goto(path).status == 200
        assert page.locator("h1").count() == 1
        assert_accessible(page)


def test_author_writes_a_case_study_in_the_browser(page, content):
    sign_in(page, "author@nhs.net")
    page.goto("/case-studies/new")
    assert_accessible(page)
    page.get_by_role("button", name="Save case study").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    page.fill("#title", "Wellbeing hub outreach to care homes")
    page.fill("#summary", "Outreach doubled referrals from care staff.")
    page.fill("#context", "Care staff had no access to support.")
    page.fill("#approach", "We visited **care homes**.")
    page.fill("#outcomes", "Referrals doubled.")
    page.fill("#measures-0-metric", "Referrals from social care")
    page.fill("#measures-0-baseline", "12")
    page.fill("#measures-0-result", "27")
    page.get_by_role("button", name="Save case study").click()
    expect(page.get_by_text("saved as a draft")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("sent to the moderators")).to_be_visible()
    assert_accessible(page)


def test_edit_and_resource_forms_are_accessible(page, content):
    sign_in(page, "author@nhs.net")
    for path in [
        f"/case-studies/{content['study']}/edit",
        "/resources/new",
        f"/resources/{content['tool']}/edit",
        f"/resources/{content['tool']}/versions/new",
        f"/resources/{content['tool']}/reuse",
    ]:
        assert page.goto(path).status == 200, path
        assert_accessible(page)


def test_moderation_page_is_accessible(page, live_server, make_user, content):
    with live_server.app.app_context():
        make_user(email="mod@nhs.net", role="moderator")
    sign_in(page, "mod@nhs.net")
    assert page.goto("/moderation/").status == 200
    assert_accessible(page)


@pytest.fixture
def much_used(live_server, make_user, make_case_study, make_resource):  # noqa: F811
    """A resource used by more case studies than its page lists."""
    from app.extensions import db
    from app.resources.services import USED_IN_SHOWN

    with live_server.app.app_context():
        author = make_user(email="author@nhs.net", name="Ada Author")
        tool = make_resource(author=author, title="Return to work plan", visibility="public")
        for n in range(USED_IN_SHOWN + 2):
            make_case_study(author=author, title=f"Return to work story {n:02d}", visibility="public").resources = [
                tool
            ]
        db.session.commit()
        return tool.slug, USED_IN_SHOWN + 2


def test_used_in_list_links_to_every_case_study_that_used_the_resource(sized, much_used, tmp_path):
    slug, total = much_used
    sized.goto(f"/resources/{slug}")
    link = sized.get_by_role("link", name=f"See all {total} case studies that used this resource")
    expect(link).to_be_visible()
    assert_accessible(sized)
    sized.screenshot(path=str(tmp_path / f"used-in-{sized.viewport_size['width']}.png"), full_page=True)
    link.click()
    expect(sized.get_by_text(f"{total} case studies match your filters")).to_be_visible()
    assert_accessible(sized)
    sized.screenshot(path=str(tmp_path / f"filtered-{sized.viewport_size['width']}.png"), full_page=True)
    assert not sized.errors


def test_second_page_of_comments_and_adding_one_on_the_last(sized, live_server, make_user, make_case_study):  # noqa: F811
    """45 comments: the pagination component leads to page 2 (axe clean at both widths), and the
    link to add one leads to the form on the last page, where the new comment appears."""
    from tests.kb.test_comment_pages import add_comments

    with live_server.app.app_context():
        make_user(email="reader@nhs.net", name="Rita Reader")
        study = make_case_study(title="Staff flu clinics on night shifts", visibility="public")
        add_comments(study, [make_user(name="Cal Commenter")], 45)
        slug = study.slug
    sign_in(sized, "reader@nhs.net")
    sized.goto(f"/case-studies/{slug}")
    sized.get_by_role("navigation", name="Pages of comments").get_by_role("link", name="Next").click()
    expect(sized.get_by_text("Comment number 21.")).to_be_visible()
    assert sized.url.endswith(f"/case-studies/{slug}?page=2#comments")
    expect(sized.get_by_text("Comment number 41.")).to_have_count(0)
    check_page(sized)
    sized.get_by_role("link", name="Add a comment").click()
    sized.fill("#body", "Night staff came **twice** as often.")
    sized.get_by_role("button", name="Add comment").click()
    expect(sized.get_by_text("Your comment has been added.")).to_be_visible()
    expect(sized.get_by_text("Night staff came twice as often.")).to_be_visible()
    assert "?comment=" in sized.url and "Page 3 of 3" in sized.content()
    check_page(sized)
