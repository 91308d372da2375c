"""The issue's journey in a real browser: a solo OH nurse in Cornwall finds the solo peer in her
own ICS first on "Peers for you", and the South West + OH nurse filter finds her peers; at
1280 px and 390 px wide, checked with axe, with a clean console."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.directory import conftest as directory_fixtures
from tests.directory.conftest import ics, term

pytestmark = pytest.mark.browser
make_profile = directory_fixtures.make_profile  # the directory's profile factory fixture, shared here
CORNWALL = "cornwall-and-the-isles-of-scilly"
WIDTHS = (1280, 390)


@pytest.fixture
def nurse(browser, live_server, make_user, make_profile):
    """Sign-in details of a solo nurse with peers near and far; yields a function opening a page at a width."""
    with live_server.app.app_context():
        me = make_user(email="nurse@nhs.net", name="Nia Hospice")
        topics = [("topic", "menopause"), ("topic", "musculoskeletal-health")]
        make_profile(
            user=me,
            display_name="Nia Hospice",
            ics=ics(CORNWALL),
            sector=term("sector", "hospice"),
            is_solo=True,
            open_peer_support=True,
            specialisms=topics,
            professions=["oh-nurse"],
        )
        for n in range(5):
            make_profile(
                display_name=f"London Twin {n}",
                ics=ics("north-central-london"),
                specialisms=topics,
                professions=["oh-nurse"],
                open_peer_support=True,
            )
        make_profile(
            display_name="Kerensa Solo",
            ics=ics(CORNWALL),
            is_solo=True,
            open_peer_support=True,
            specialisms=topics,
            professions=["oh-nurse"],
        )
        make_profile(display_name="Devon Nurse", ics=ics("devon"), professions=["oh-nurse"])
    contexts = []

    def open_at(width):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("/auth/login")
        page.fill("#email", "nurse@nhs.net")
        page.fill("#password", "correct horse battery")
        page.get_by_role("button", name="Sign in").click()
        return page, errors

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_solo_peer_in_the_same_ics_comes_first(nurse, width):
    page, errors = nurse(width)
    assert page.goto("/directory/peers").status == 200
    first = page.locator(".nhsuk-card").first
    expect(first.get_by_role("link", name="Kerensa Solo")).to_be_visible()
    expect(first).to_contain_text(
        "both solo · same ICS: Cornwall and the Isles of Scilly · menopause, MSK · same profession: OH nurse"
    )
    assert_accessible(page)
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_region_and_profession_filters_find_south_west_nurses(nurse, width):
    page, errors = nurse(width)
    assert page.goto("/directory/?region=south-west&profession=oh-nurse").status == 200
    expect(page.get_by_text("3 practitioners", exact=True)).to_be_visible()
    results = page.locator(".nhsuk-card__link")
    expect(results).to_have_text(["Devon Nurse", "Kerensa Solo", "Nia Hospice"])
    assert_accessible(page)
    assert errors == []
