"""Every list with facets renders its filters in the one shared panel (templates/_filters.html),
with the number of filters applied in its "Filter results" control."""

import re

import pytest

from tests.kb.conftest import make_case_study  # noqa: F401  (fixture)

PANEL = re.compile(r"<details[^>]*app-filters__details[^>]*>")


def toggle_text(html):
    match = re.search(r'<summary class="nhsuk-details__summary app-filters__summary">(.*?)</summary>', html, re.S)
    assert match, "no filter panel"
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/case-studies/", "Filter results"),
        ("/case-studies/?topic=menopause", "Filter results (1 applied)"),
        ("/resources/?topic=menopause&type=template", "Filter results (2 applied)"),
        ("/events/", "Filter results"),
        ("/events/?when=past&format=online&region=london", "Filter results (3 applied)"),
        ("/events/?type=not-a-type", "Filter results"),  # an unknown value is ignored, so not counted
        ("/search?q=menopause&topic=Menopause&when=upcoming", "Filter results (2 applied)"),
        ("/directory/", "Filter results"),
        ("/directory/?solo=1&region=south-west&profession=oh-nurse", "Filter results (3 applied)"),
        ("/directory/?region=atlantis", "Filter results"),
    ],
)
def test_each_list_counts_its_filters(client, auth, make_user, make_case_study, path, expected):  # noqa: F811
    make_case_study(visibility="public", title="Menopause cafés")
    auth.login(make_user())
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert toggle_text(html) == expected
    assert len(PANEL.findall(html)) == 1
    assert "open" not in PANEL.search(html).group(0)  # closed until the script opens it on a desktop


def test_an_unknown_month_is_ignored_and_leaves_the_panel_closed(client):
    # The month is a choice of months: a made-up one is ignored like any unknown filter value.
    response = client.get("/events/?month=soon")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert toggle_text(html) == "Filter results"
    assert "data-keep-open" not in PANEL.search(html).group(0)


def test_a_panel_asked_to_stay_open_says_so(app):
    # A list whose filters have an error opens its panel on a phone, so the error summary's link
    # leads to a visible field.
    with app.test_request_context():
        template = app.jinja_env.from_string(
            '{% from "_filters.html" import filter_panel %}'
            "{% call filter_panel(applied=1, open=true) %}<p>facets</p>{% endcall %}"
        )
        html = template.render()
    assert "data-keep-open" in PANEL.search(html).group(0)
    assert "Filter results (1 applied)" in " ".join(re.sub(r"<[^>]+>", "", html).split())
