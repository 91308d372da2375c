"""Lists with facets on a phone and on a desktop: results first, filters behind "Filter results".

Every list with facets (search, the directory, case studies, resources, events) renders its filters
through templates/_filters.html. At 390 px the first result must start within the first 900 px of
the page, with the filters closed behind a "Filter results (N applied)" control; at 1280 px the
filters sit open in the side column. Without JavaScript the control is a plain <details>, so the
filters still open and work. Each page is checked with axe and must log no console errors.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.auth.models import utcnow
from app.events.models import Event
from app.extensions import db, limiter
from tests.browser.axe import assert_accessible
from tests.directory.conftest import ics, make_profile, term  # noqa: F401  (fixtures)
from tests.kb.conftest import make_case_study, make_resource, region  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TOPICS = ["menopause", "musculoskeletal-health", "burnout-and-mental-health", "sleep-and-fatigue", "stigma"]
REGIONS = ["south-west", "london", "north-west", "midlands", "south-east", "east-of-england"]
SECTORS = ["acute", "mental-health", "community", "ambulance", "primary-care", "social-care"]
ICSS = ["devon", "cornwall-and-the-isles-of-scilly", "west-yorkshire", "greater-manchester", "sussex", "frimley"]
PROFESSIONS = ["oh-nurse", "oh-physician", "psychologist", "wellbeing-lead-practitioner", "oh-physiotherapist"]
EVENT_TYPES = ["wellbeing_fair", "webinar", "network_meeting", "training", "conference"]

# Each list, with what marks one result on it.
LISTS = {
    "search": ("/search?q=menopause", "ol.app-search-results > li"),
    "directory": ("/directory/", "ul.nhsuk-card-group > li"),
    "case studies": ("/case-studies/", ".nhsuk-grid-column-two-thirds .nhsuk-card"),
    "resources": ("/resources/", ".nhsuk-grid-column-two-thirds .nhsuk-card"),
    "events": ("/events/", "ul.app-event-list > li"),
}
PUBLIC_LISTS = ["search", "case studies", "resources", "events"]  # the directory is for members only


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """These tests sign in several times; keep the login limit from spilling into other tests."""
    limiter.reset()
    yield
    limiter.reset()


@pytest.fixture
def demo_like(live_server, make_user, make_profile, make_case_study, make_resource):  # noqa: F811
    """Enough varied content for long facet lists, as the demo data has, and one signed-in member
    who is in the directory and has drafts of their own (the lists show those above the results)."""
    with live_server.app.app_context():
        me = make_user(email="phone@nhs.net", name="Phone Member")
        make_profile(user=me, display_name="Phone Member", ics=ics("cornwall-and-the-isles-of-scilly"))
        make_user(email="newcomer@nhs.net", name="New Member")  # no profile yet: the directory says so first
        author = make_user(email="author@nhs.net", name="Ada Author")
        for n in range(14):
            topics = (TOPICS[n % 5], TOPICS[(n + 2) % 5])
            fields = dict(topics=topics, visibility="public" if n % 3 else "members")
            make_case_study(
                author=author,
                title=f"Menopause and wellbeing programme {n}",
                region=region(REGIONS[n % 6]),
                sector=term("sector", SECTORS[n % 6]),
                **fields,
            )
            make_resource(author=author, title=f"Menopause toolkit {n}", with_file=n % 2 == 0, **fields)
            make_profile(
                display_name=f"Practitioner {n:02d}",
                ics=ics(ICSS[n % 6]),
                professions=[PROFESSIONS[n % 5]],
                specialisms=[("topic", TOPICS[n % 5])],
                is_solo=n % 2 == 0,
                open_peer_support=n % 3 == 0,
            )
        for n in range(6):  # a busy author: their drafts must not push the list down
            make_case_study(author=me, title=f"My draft about menopause cafés {n}", status="draft")
            make_resource(author=me, title=f"My draft menopause toolkit {n}", status="draft")
        start = utcnow().replace(microsecond=0) + timedelta(days=3)
        for n in range(12):
            event = Event(
                slug=f"menopause-event-{n}",
                title=f"Menopause network meeting {n}",
                summary="Peer support for menopause champions",
                event_type=EVENT_TYPES[n % 5],
                format=["in_person", "online", "hybrid"][n % 3],
                venue="Staff wellbeing hub",
                region=region(REGIONS[n % 6]),
                starts_at=start + timedelta(days=n),
                ends_at=start + timedelta(days=n, hours=2),
                capacity=20,
                status="published",
                description_md="Bring questions",
                description_html="<p>Bring questions</p>",
            )
            event.terms = [term("topic", TOPICS[n % 5])]
            db.session.add(event)
        db.session.commit()


def open_page(browser, live_server, viewport, javascript=True, email=None):
    """A new browser page at this size (signed in as `email` if given), recording console errors."""
    context = browser.new_context(base_url=live_server.url, viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    if email:
        page.goto("/auth/login")
        page.fill("#email", email)
        page.fill("#password", "correct horse battery")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("You are signed in")).to_be_visible()
    return context, page, errors


def first_result_top(page, selector):
    """Where the first result starts, in px from the top of the page."""
    first = page.locator(selector).first
    expect(first).to_be_visible()
    return page.evaluate("el => el.getBoundingClientRect().top + window.scrollY", first.element_handle())


def toggle(page):
    return page.locator("[data-app-filters] summary")


def panel(page):
    return page.locator("[data-app-filters] .app-filters__panel")


@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
@pytest.mark.parametrize("name", list(LISTS))
def test_on_a_phone_the_first_result_is_near_the_top(browser, live_server, demo_like, name, signed_in):
    if not signed_in and name not in PUBLIC_LISTS:
        pytest.skip("the directory is for signed-in members only")
    path, selector = LISTS[name]
    context, page, errors = open_page(browser, live_server, PHONE, email="phone@nhs.net" if signed_in else None)
    try:
        assert page.goto(path).status == 200
        top = first_result_top(page, selector)
        print(f"{name} ({'member' if signed_in else 'anonymous'}): first result {top:.0f} px down at 390 px")
        assert top < 900, f"{name}: the first result starts {top:.0f} px down at 390 px"
        expect(toggle(page)).to_be_visible()
        expect(toggle(page)).to_contain_text("Filter results")
        expect(panel(page)).to_be_hidden()
        assert_accessible(page)
        assert errors == []
    finally:
        context.close()


def test_a_newcomer_without_a_profile_still_sees_a_peer_near_the_top(browser, live_server, demo_like):
    context, page, errors = open_page(browser, live_server, PHONE, email="newcomer@nhs.net")
    try:
        page.goto("/directory/")
        expect(page.get_by_text("You are not in the directory.")).to_be_visible()
        top = first_result_top(page, LISTS["directory"][1])
        print(f"directory (newcomer): first result {top:.0f} px down at 390 px")
        assert top < 900, f"the first practitioner starts {top:.0f} px down at 390 px"
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("name", list(LISTS))
def test_on_a_desktop_the_filters_sit_open_beside_the_results(browser, live_server, demo_like, name):
    path, selector = LISTS[name]
    context, page, errors = open_page(browser, live_server, DESKTOP, email="phone@nhs.net")
    try:
        assert page.goto(path).status == 200
        expect(panel(page)).to_be_visible()
        expect(toggle(page)).to_be_hidden()
        expect(page.locator(".app-filters__heading")).to_have_text("Filter results")
        filters_box = panel(page).bounding_box()
        result_box = page.locator(selector).first.bounding_box()
        assert filters_box["x"] + filters_box["width"] <= result_box["x"], "the filters are not in a side column"
        assert_accessible(page)
        assert errors == []
    finally:
        context.close()


def test_the_control_toggles_and_counts_the_filters_applied(browser, live_server, demo_like):
    context, page, errors = open_page(browser, live_server, PHONE, email="phone@nhs.net")
    try:
        page.goto("/search?q=menopause")
        expect(toggle(page)).to_have_text("Filter results")
        toggle(page).click()
        expect(panel(page)).to_be_visible()
        assert_accessible(page)
        page.locator("[data-app-filters] input[name=topic][value='Menopause']").check()
        page.locator("[data-app-filters] input[type=checkbox]:not(:checked)").first.check()
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url("**topic=Menopause**")
        expect(toggle(page)).to_have_text("Filter results (2 applied)")
        expect(panel(page)).to_be_hidden()
        toggle(page).click()
        expect(panel(page)).to_be_visible()
        toggle(page).click()
        expect(panel(page)).to_be_hidden()

        page.goto("/directory/?solo=1&region=south-west")
        expect(toggle(page)).to_have_text("Filter results (2 applied)")
        page.goto("/case-studies/?topic=menopause")
        expect(toggle(page)).to_have_text("Filter results (1 applied)")
        page.goto("/events/?when=past&format=online&type=webinar")
        expect(toggle(page)).to_have_text("Filter results (3 applied)")
        page.goto("/events/")
        expect(toggle(page)).to_have_text("Filter results")
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_the_filters_work_without_javascript(browser, live_server, demo_like, viewport):
    # axe runs in the page's JavaScript, so it cannot run here; the same pages pass it in the tests above.
    context, page, errors = open_page(browser, live_server, viewport, javascript=False, email="phone@nhs.net")
    try:
        # Search: a GET form of checkboxes.
        page.goto("/search?q=menopause")
        expect(panel(page)).to_be_hidden()
        toggle(page).click()
        page.locator("[data-app-filters] input[name=topic][value='Menopause']").check()
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url("**topic=Menopause**")
        expect(toggle(page)).to_have_text("Filter results (1 applied)")

        # Case studies and resources: facet links.
        page.goto("/case-studies/")
        toggle(page).click()
        page.locator("[data-app-filters] a", has_text="Menopause (").click()
        page.wait_for_url("**topic=menopause**")
        expect(toggle(page)).to_have_text("Filter results (1 applied)")
        expect(page.locator("[role=status]")).to_contain_text("match your filters")

        # The directory: facet links.
        page.goto("/directory/")
        toggle(page).click()
        page.locator("[data-app-filters] a", has_text="Solo practitioner (").click()
        page.wait_for_url("**solo=1**")
        expect(toggle(page)).to_have_text("Filter results (1 applied)")
        expect(page.get_by_text("7 practitioners", exact=True)).to_be_visible()

        # Events: a GET form of selects.
        page.goto("/events/")
        toggle(page).click()
        page.select_option("#format", "online")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url("**format=online**")
        expect(toggle(page)).to_have_text("Filter results (1 applied)")
        expect(page.locator("ul.app-event-list > li")).to_have_count(4)
        assert errors == []
    finally:
        context.close()
