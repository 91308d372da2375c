"""Every form of the site, sent bad values: each error is a plain sentence, once, in the order of the page.

The forms are found as tests/test_fuzz.py finds them (every GET page of the test world, read for its
forms), so a new form is covered without being listed here. Each form is posted empty, with words
where numbers, dates, choices and addresses belong, and with over-long text. Whatever the page then
says must read as a sentence: no Python dict or list (`{'baseline': [...]}`), none of WTForms' or
Flask-WTF's default English; the error summary lists each message once, and lists the messages shown
beside the fields in the order those fields appear.
"""

import html
import re

import pytest

from tests.test_fuzz import survey, targets
from tests.world import build_world

SUMMARY = re.compile(r'<div class="nhsuk-error-summary".*?</div>\s*</div>', re.S)
SUMMARY_ITEM = re.compile(r'<li>\s*<a href="([^"]*)">(.*?)</a>\s*</li>', re.S)
INLINE = re.compile(
    r'<span class="nhsuk-error-message"[^>]*>\s*<span class="nhsuk-u-visually-hidden">Error: </span>(.*?)</span>', re.S
)
# WTForms' and Flask-WTF's own English, in part: none of it may reach a page.
DEFAULT_ENGLISH = [
    "Not a valid",
    "This field is required",
    "Field cannot be longer",
    "Field must be",
    "Invalid Choice",
    "Invalid choice",
    "is not a valid choice",
    "Invalid email address",
    "Invalid URL",
    "Number must be",
    "Date must be",
    "could not coerce",
    "could not be coerced",
    "CSRF",
    "Choices cannot be None",
    "Invalid input",
    "approved extension",
]
# Buttons and boxes that ask for the form again instead of sending it (the case study's "Add another
# measure" and resource search): left out, so every form is validated on each pass.
REDISPLAY_FIELDS = {"add_measure", "find_resources", "resource_query", "resource_searched"}
BAD_VALUES = {
    "empty": "",
    "words": "two",
    "long": "x" * 25_001,
    "signs": "-5",
}


def _text(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def read_errors(page):
    """(summary [(href, text)], inline texts in page order) from a rendered page."""
    block = SUMMARY.search(page)
    summary = [(href, _text(text)) for href, text in SUMMARY_ITEM.findall(block.group(0))] if block else []
    inline = [_text(text) for text in INLINE.findall(page)]
    return summary, inline


def check_page(label, page):
    """Problems with the errors one page shows, as sentences for the failure report."""
    problems = []
    summary, inline = read_errors(page)
    texts = [text for _href, text in summary]
    for text in texts + inline:
        if any(mark in text for mark in "{}[]") or any(words in text for words in DEFAULT_ENGLISH):
            problems.append(f"{label}: not a sentence: {text!r}")
        if not text:
            problems.append(f"{label}: an empty error message")
    if len(texts) != len(set(texts)):
        problems.append(f"{label}: the summary repeats a message: {texts}")
    if inline and not summary:
        problems.append(f"{label}: errors beside fields but no error summary")
    shown_once = list(dict.fromkeys(inline))
    missing = [text for text in shown_once if text not in texts]
    if missing:
        problems.append(f"{label}: beside a field but not in the summary: {missing}")
    in_page_order = [text for text in texts if text in shown_once]
    if in_page_order != shown_once:
        problems.append(f"{label}: summary order {in_page_order} is not the page's order {shown_once}")
    return problems


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_every_form_error_is_a_sentence_once_in_page_order(app, client, auth, make_user, role):
    world = build_world(make_user)
    auth.login(world.users[role])
    post_fields, query_params, every = survey(client, world)
    forms = [(url, fields) for method, url, fields in targets(world, post_fields, query_params, every)]
    forms = [(url, fields) for url, fields in forms if url in post_fields]
    assert len(forms) > 20
    problems, pages_with_errors = [], set()
    for name, value in BAD_VALUES.items():
        for url, fields in forms:
            auth.login(world.users[role])
            response = client.post(url, data=dict.fromkeys(set(fields) - REDISPLAY_FIELDS, value))
            assert response.status_code < 500, f"{url} {name}: {response.status_code}"
            if response.mimetype != "text/html":
                continue
            page = response.get_data(as_text=True)
            problems += check_page(f"POST {url} ({name})", page)
            if read_errors(page)[0]:
                pages_with_errors.add(url)
    assert not problems, "\n".join(problems)
    assert len(pages_with_errors) >= 10, sorted(pages_with_errors)


def test_the_checker_catches_raw_and_repeated_messages():
    raw = (
        '<div class="nhsuk-error-summary"><div><ul><li><a href="#m">{&#39;baseline&#39;: [&#39;Not a valid '
        'float value.&#39;]}</a></li><li><a href="#p">Wrong</a></li><li><a href="#p">Wrong</a></li></ul></div>\n</div>'
    )
    problems = check_page("sample", raw)
    assert any("not a sentence" in p for p in problems)
    assert any("repeats" in p for p in problems)


def test_a_word_for_a_baseline_is_a_sentence_beside_it_and_in_the_summary(client, auth, make_user):
    from tests.kb.test_case_studies import form_data

    auth.login(make_user())
    response = client.post("/case-studies/new", data=form_data(**{"measures-0-baseline": "two", "title": ""}))
    assert response.status_code == 400
    summary, inline = read_errors(response.get_data(as_text=True))
    assert summary == [
        ("#title", "Enter a title"),
        ("#measures-0-baseline", "Enter the baseline of measure 1 as a number, like 4.2"),
    ]
    assert inline == ["Enter a title", "Enter the baseline of measure 1 as a number, like 4.2"]


def test_a_wrong_sign_in_says_so_once(client, make_user):
    make_user(email="once@nhs.net")
    response = client.post("/auth/login", data={"email": "once@nhs.net", "password": "not the password"})
    page = response.get_data(as_text=True)
    assert page.count("Enter a correct email address and password") == 2  # the summary and beside the field
    summary, inline = read_errors(page)
    assert summary == [("#email", "Enter a correct email address and password")]
    assert inline == ["Enter a correct email address and password"]
