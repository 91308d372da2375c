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


def test_a_filter_error_keeps_the_panel_open_on_a_phone(client):
    response = client.get("/events/?month=soon")
    assert response.status_code == 400
    assert "data-keep-open" in PANEL.search(response.get_data(as_text=True)).group(0)
