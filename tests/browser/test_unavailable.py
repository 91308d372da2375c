"""The page shown while the database is out of reach, in a real browser at 1280 and 390 pixels
wide, checked with axe: an NHS-styled 503 that says what happened and what to do."""

import os

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.conftest import LiveServer
from tests.main.test_database_down import unreachable_app

pytestmark = pytest.mark.browser


@pytest.fixture
def unavailable_server(tmp_path):
    server = LiveServer(unreachable_app(tmp_path)).start()
    yield server
    server.stop()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_unavailable_page_is_accessible(browser, unavailable_server, width):
    context = browser.new_context(base_url=unavailable_server.url, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        response = page.goto("/case-studies/")
        assert response.status == 503 and response.headers["retry-after"] == "10"
        assert page.locator("h1").inner_text() == "Sorry, the service is unavailable"
        assert "Try again in a minute" in page.locator("main").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)
        if os.environ.get("SCREENSHOT_DIR"):
            page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], f"unavailable-{width}.png"), full_page=True)
    finally:
        context.close()
