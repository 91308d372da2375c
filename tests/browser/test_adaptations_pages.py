"""Adaptations under their original and past events marked "Past", in a real browser at 1280 px and
390 px, checked with axe and with no console errors."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.search import search
from tests.browser.axe import assert_accessible
from tests.kb.conftest import make_case_study, make_resource  # noqa: F401  (fixtures)
from tests.search.probe import Probe, install, uninstall

pytestmark = pytest.mark.browser
WIDTHS = (1280, 390)


@pytest.fixture
def family(live_server, make_user, make_case_study, make_resource):  # noqa: F811
    with live_server.app.app_context():
        install()
        author = make_user(email="author@nhs.net", name="Ada Author")
        original = make_case_study(author=author, title="Menopause cafés for ward staff", visibility="public")
        for title in ("Menopause cafés in a GP federation", "Online menopause cafés for community staff"):
            make_case_study(author=author, title=title, visibility="public", adapted_from_id=original.id)
        tool = make_resource(author=author, title="Menopause passport template", visibility="public")
        make_resource(
            author=author, title="Menopause passport for GP teams", visibility="public", adapted_from_id=tool.id
        )
        now = datetime.now(UTC)
        db.session.add(Probe(title="Menopause cafe evening", is_event=True, date=now - timedelta(days=20)))
        db.session.commit()
        search.apply_pending(live_server.app)
        slug = original.slug
    yield slug
    with live_server.app.app_context():
        uninstall()


def watch_console(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


@pytest.mark.parametrize("width", WIDTHS)
def test_lists_show_adaptations_under_the_original(page, family, width):
    errors = watch_console(page)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/case-studies/")
    expect(page.get_by_role("status")).to_contain_text("1 case study")
    page.get_by_text("2 adaptations").click()
    expect(page.get_by_role("link", name="Menopause cafés in a GP federation")).to_be_visible()
    assert_accessible(page)
    page.goto("/resources/")
    expect(page.get_by_role("status")).to_contain_text("1 resource")
    page.get_by_text("1 adaptation").click()
    page.get_by_role("link", name="Menopause passport for GP teams").click()
    expect(page.get_by_text("Adapted from")).to_be_visible()
    assert_accessible(page)
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_search_groups_adaptations_and_marks_past_events(page, family, width):
    errors = watch_console(page)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/search?q=menopause+cafe")
    results = page.locator("ol.app-search-results > li")
    expect(results).to_have_count(2)
    expect(results.nth(0)).to_contain_text("Menopause cafés for ward staff")
    expect(results.nth(1)).to_contain_text("Past")
    results.nth(0).get_by_text("2 adaptations").click()
    expect(results.nth(0).get_by_role("link", name="Online menopause cafés for community staff")).to_be_visible()
    assert_accessible(page)
    assert errors == []
