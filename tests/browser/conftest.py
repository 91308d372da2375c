"""Browser tier: Playwright for Python driving Debian's Chromium (no browser download).

Where no Chromium is installed the tests here are skipped and the run says so plainly.
`live_server` serves the app under test on a loopback port from a background thread, on
the same database as the test, so a test can create rows and then look at them. `sized` is the
page at each of the two widths every page is checked at (1280 and 390 px), and `sign_in` signs a
member in through the form (`check_page` in tests/browser/axe.py then checks what is shown).
"""

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import DEFAULT_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WIDTHS = (1280, 390)
SKIP_REASON = f"browser tier skipped: no Chromium at {CHROMIUM} (apt-get install chromium)"


def chromium_available():
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config, items):
    if chromium_available():
        return
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(make_app):
    """The app (CSRF on, as in production) served on a free loopback port."""
    app = make_app(WTF_CSRF_ENABLED=True, SITE_URL="http://127.0.0.1")
    server = LiveServer(app).start()
    app.config["SITE_URL"] = server.url
    yield server
    server.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context and page; `page.goto('/path')` is relative to the live server."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def sized(request, page):
    """The page at one width, collecting console errors in `page.errors`."""
    page.set_viewport_size({"width": request.param, "height": 900})
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.errors = errors
    return page


@pytest.fixture
def sign_in():
    """`sign_in(page, email, password=...)`: sign in through the form and wait until it says so."""
    from playwright.sync_api import expect

    def go(page, email, password=DEFAULT_PASSWORD):
        page.goto("/auth/login")
        page.fill("#email", email)
        page.fill("#password", password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("You are signed in")).to_be_visible()

    return go
