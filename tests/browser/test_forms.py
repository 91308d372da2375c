"""The long forms in a real browser, with and without JavaScript, at 1280 px and 390 px, checked with axe.

The case-study form shows one impact measure with "Add another measure" and finds resources with a
search box (results as you type with JavaScript; a "Search resources" button without), so it stays
short; the profile form groups its fields and puts every privacy choice in one section. Error
messages read as sentences, once in the summary and once by their field.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.case_studies.models import CaseStudy
from app.directory.models import PractitionerProfile
from app.extensions import db
from tests.browser.axe import assert_accessible
from tests.kb import conftest as kb_fixtures

pytestmark = pytest.mark.browser
make_resource = kb_fixtures.make_resource  # the knowledge base's resource factory fixture, shared here

WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
TOPICS = ["Menopause", "Sickness absence", "Night shift fatigue", "Violence and aggression", "Flu vaccination"]
CASE_STUDY_MAX_HEIGHT = 3_000  # px at 1280 wide (it was about 11,800 with five measure rows and every resource)
PROFILE_MAX_HEIGHT = 5_000  # px at 1280 wide (it was about 7,300 with a privacy choice after every field)


@pytest.fixture
def member(live_server, make_user, make_resource):
    """A verified member and 60 published resources (as many as the demo has), 12 per topic."""
    with live_server.app.app_context():
        make_user(email="forms@nhs.net", name="Forms Person")
        for n in range(60):
            make_resource(title=f"{TOPICS[n % 5]} toolkit {n + 1:02d}", with_file=False)
    return "forms@nhs.net"


def sign_in(page, email):
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in")).to_be_visible()


@pytest.fixture
def no_js_page(page):
    """A page whose scripts never load (as when JavaScript is off or fails): every form must still work.

    (Chromium's own JavaScript switch also stops Playwright's waiting for elements, so the scripts are refused.)
    """
    page.route(re.compile(r".*\.m?js(\?.*)?$"), lambda route: route.abort())
    return page


def watch_console(page):
    """Console errors, apart from Chromium's note that a form page answered 400 (as a form with errors does)."""
    errors = []

    def note(message):
        page_400 = "status of 400" in message.text and "resource-options" not in message.location.get("url", "")
        if message.type == "error" and not page_400:
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", note)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def height(page):
    return page.evaluate("document.documentElement.scrollHeight")


def summary_items(page):
    page.wait_for_load_state()  # the title can match while the body is still arriving (seen at load 4)
    return [" ".join(text.split()) for text in page.locator(".nhsuk-error-summary__list li").all_inner_texts()]


def fill_required(page):
    page.fill("#title", "Menopause cafés on night shifts")
    page.fill("#summary", "Monthly cafés kept experienced nurses in work.")
    page.fill("#context", "Nurses aged 45 to 55 were leaving.")
    page.fill("#approach", "Cafés and passports.")
    page.fill("#outcomes", "Absence fell.")


def test_case_study_form_is_short_and_accessible_at_both_widths(page, member):
    errors = watch_console(page)
    sign_in(page, member)
    heights = {}
    for name, size in (("wide", WIDE), ("narrow", NARROW)):
        page.set_viewport_size(size)
        response = page.goto("/case-studies/new")
        assert response.status == 200
        assert page.locator("input[name='resources']").count() == 0  # no list of every resource
        assert page.locator("#measures-0-metric").is_visible() and page.locator("#measures-1-metric").count() == 0
        assert_accessible(page)
        heights[name] = height(page)
    print(f"\ncase-study form height: {heights['wide']} px at 1280, {heights['narrow']} px at 390")
    assert heights["wide"] < CASE_STUDY_MAX_HEIGHT, heights
    assert not errors, errors


def test_case_study_with_javascript_searches_as_you_type_and_adds_measures(page, member, live_server):
    errors = watch_console(page)
    sign_in(page, member)
    page.set_viewport_size(NARROW)
    page.goto("/case-studies/new")
    fill_required(page)
    page.fill("#measures-0-metric", "Sickness absence")
    page.fill("#measures-0-baseline", "two")
    page.fill("#measures-0-result", "4.1")
    page.locator("#resource_query").press_sequentially("night shift")
    results = page.locator("#resource-results input[name='resources']")
    expect(results).to_have_count(12)
    expect(page.get_by_label("Night shift fatigue toolkit 03")).to_be_visible()
    page.get_by_label("Night shift fatigue toolkit 03").check()
    page.locator("#resource_query").fill("")
    page.locator("#resource_query").press_sequentially("menopause toolkit 01")
    expect(results).to_have_count(2)  # the one ticked stays, with the new match
    page.get_by_label("Menopause toolkit 01").check()
    page.get_by_role("button", name="Save case study").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    message = "Enter the baseline of measure 1 as a number, like 4.2"
    assert summary_items(page) == [message]
    expect(page.locator(".nhsuk-error-message")).to_have_count(1)
    expect(page.locator(".nhsuk-error-message")).to_contain_text(message)
    assert page.get_by_label("Menopause toolkit 01").is_checked()  # choices survive the error
    assert_accessible(page)
    page.fill("#measures-0-baseline", "5.2")
    page.get_by_role("button", name="Add another measure").click()
    expect(page.locator("#measures-1-metric")).to_be_visible()
    assert_accessible(page)
    page.fill("#measures-1-metric", "Staff retention")
    page.fill("#measures-1-baseline", "81")
    page.fill("#measures-1-result", "88.5")
    page.get_by_role("button", name="Save case study").click()
    expect(page.get_by_text("Your case study has been saved as a draft")).to_be_visible()
    with live_server.app.app_context():
        item = db.session.scalar(select(CaseStudy))
        assert [(m.metric, m.baseline, m.result) for m in item.measures] == [
            ("Sickness absence", 5.2, 4.1),
            ("Staff retention", 81.0, 88.5),
        ]
        assert sorted(r.title for r in item.resources) == ["Menopause toolkit 01", "Night shift fatigue toolkit 03"]
    assert not errors, errors


def test_case_study_without_javascript_searches_and_adds_measures_by_posting(no_js_page, member, live_server):
    page = no_js_page
    sign_in(page, member)
    page.goto("/case-studies/new")
    fill_required(page)
    page.fill("#measures-0-metric", "Sickness absence")
    page.fill("#measures-0-baseline", "5.2")
    page.fill("#resource_query", "violence")
    page.get_by_role("button", name="Search resources").click()
    expect(page.locator("#resource-results input[name='resources']")).to_have_count(12)
    assert page.input_value("#title") == "Menopause cafés on night shifts"  # nothing typed is lost
    page.get_by_label("Violence and aggression toolkit 04").check()
    page.get_by_role("button", name="Add another measure").click()
    expect(page.locator("#measures-1-metric")).to_be_visible()
    assert page.input_value("#measures-0-baseline") == "5.2"
    assert page.get_by_label("Violence and aggression toolkit 04").is_checked()
    page.fill("#measures-1-metric", "Incidents reported")
    page.fill("#measures-1-result", "12")
    page.fill("#resource_query", "no such resource anywhere")
    page.locator("#resource_query").press("Enter")  # a new search, not a save
    expect(page.get_by_text("No published resources match")).to_have_count(0)  # the ticked one is still listed
    assert page.get_by_label("Violence and aggression toolkit 04").is_checked()
    assert_accessible(page)
    page.locator("#title").press("Enter")  # Enter in any other box saves
    expect(page.get_by_text("Your case study has been saved as a draft")).to_be_visible()
    with live_server.app.app_context():
        item = db.session.scalar(select(CaseStudy))
        assert [(m.metric, m.baseline, m.result) for m in item.measures] == [
            ("Sickness absence", 5.2, None),
            ("Incidents reported", None, 12.0),
        ]
        assert [r.title for r in item.resources] == ["Violence and aggression toolkit 04"]


def test_editing_shows_every_saved_measure_and_linked_resource(page, member, live_server):
    sign_in(page, member)
    page.goto("/case-studies/new")
    fill_required(page)
    for n, metric in enumerate(["Absence", "Retention", "Referrals"]):
        if n:
            page.get_by_role("button", name="Add another measure").click()
        page.fill(f"#measures-{n}-metric", metric)
    page.get_by_role("button", name="Save case study").click()
    expect(page.get_by_text("Your case study has been saved as a draft")).to_be_visible()
    page.get_by_role("link", name="Edit").first.click()
    expect(page.locator("#measures-2-metric")).to_have_value("Referrals")
    assert page.locator("#measures-3-metric").count() == 0
    assert_accessible(page)


def test_profile_form_is_grouped_with_one_privacy_section(page, member, live_server):
    errors = watch_console(page)
    sign_in(page, member)
    heights = {}
    for name, size in (("wide", WIDE), ("narrow", NARROW)):
        page.set_viewport_size(size)
        assert page.goto("/directory/me/edit").status == 200
        assert_accessible(page)
        heights[name] = height(page)
    print(f"\nprofile form height: {heights['wide']} px at 1280, {heights['narrow']} px at 390")
    assert heights["wide"] < PROFILE_MAX_HEIGHT, heights
    privacy = page.locator(".app-privacy")
    expect(privacy.locator("fieldset")).to_have_count(10)  # every detail's choice, in one place
    page.fill("#display_name", "Forms Person")
    page.fill("#job_title", "OH nurse")
    privacy.get_by_role("group", name="Who can see your job title").get_by_label("Only me").check()
    expect(page.locator("#max_mentees")).to_be_hidden()  # revealed only for those who offer mentoring
    page.get_by_label("I offer mentoring").check()
    page.fill("#max_mentees", "two")
    page.get_by_role("button", name="Save profile").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert summary_items(page) == ["Enter the most mentees at one time as a whole number, like 12"]
    assert_accessible(page)
    page.fill("#max_mentees", "2")
    page.check("#listed")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile has been listed")).to_be_visible()
    with live_server.app.app_context():
        profile = db.session.scalar(select(PractitionerProfile))
        assert profile.job_title == "OH nurse" and profile.listed
        assert profile.job_title_visibility == "hidden" and profile.organisation_visibility == "members"
    assert not errors, errors


def test_a_wrong_sign_in_shows_its_message_once(page, member):
    page.goto("/auth/login")
    page.fill("#email", member)
    page.fill("#password", "not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert summary_items(page) == ["Enter a correct email address and password"]
    expect(page.locator(".nhsuk-error-message")).to_have_count(1)
    assert_accessible(page)
