"""The shorter case-study form: one measure row and "Add another measure", resources found by search
(a button that posts the form back, or the JSON look-up the page's script uses), nothing saved until
"Save case study"."""

import re

from sqlalchemy import select

from app.case_studies.forms import MAX_MEASURES
from app.case_studies.models import CaseStudy
from app.extensions import db
from tests.kb.test_case_studies import form_data


def _rows(html):
    return sorted(set(re.findall(r'id="measures-(\d+)-metric"', html)), key=int)


def _resource_boxes(html):
    return re.findall(
        r'<input class="nhsuk-checkboxes__input" id="resources[^"]*" name="resources" type="checkbox" value="(\d+)"( checked)?',
        html,
    )


def test_a_new_form_shows_one_measure_row_and_no_resource_list(client, auth, make_user, make_resource):
    for n in range(30):
        make_resource(title=f"Toolkit {n}", with_file=False)
    auth.login(make_user())
    html = client.get("/case-studies/new").get_data(as_text=True)
    assert _rows(html) == ["0"]
    assert "Add another measure" in html and "Search resources" in html
    assert _resource_boxes(html) == [] and "No resources linked yet." in html


def test_add_another_measure_posts_back_with_one_more_row_and_saves_nothing(client, auth, make_user):
    auth.login(make_user())
    data = form_data(add_measure="1", title="")  # even a form with errors just gains a row
    response = client.post("/case-studies/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" not in html
    assert _rows(html) == ["0", "1"]
    assert 'value="Sickness absence"' in html and 'value="5.2"' in html  # what was typed stays
    assert db.session.scalar(select(CaseStudy)) is None
    rows = {f"measures-{n}-metric": f"Measure {n}" for n in range(MAX_MEASURES)}
    full = client.post("/case-studies/new", data=form_data(add_measure="1", **rows)).get_data(as_text=True)
    assert len(_rows(full)) == MAX_MEASURES and "Add another measure" not in full


def test_every_filled_row_is_saved_in_order(client, auth, make_user):
    auth.login(make_user())
    extra = {"measures-1-metric": "Retention", "measures-1-result": "1,250.5", "measures-2-metric": ""}
    assert client.post("/case-studies/new", data=form_data(**extra)).status_code == 302
    item = db.session.scalar(select(CaseStudy))
    assert [(m.metric, m.baseline, m.result) for m in item.measures] == [
        ("Sickness absence", 5.2, 4.1),
        ("Retention", None, 1250.5),
    ]
    html = client.get(f"/case-studies/{item.slug}/edit").get_data(as_text=True)
    assert _rows(html) == ["0", "1"]


def test_searching_resources_without_javascript(client, auth, make_user, make_resource):
    chosen = make_resource(title="Wellbeing passport")  # chosen earlier, not a match for this search
    for n in range(25):
        make_resource(title=f"Menopause toolkit {n}", with_file=False)
    make_resource(title="Menopause draft", status="draft")
    make_resource(title="Night shift guide", with_file=False)
    auth.login(make_user())
    data = form_data(resource_query="menopause", find_resources="1", resources=[str(chosen.id)])
    response = client.post("/case-studies/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and db.session.scalar(select(CaseStudy)) is None
    boxes = _resource_boxes(html)
    assert boxes[0] == (str(chosen.id), " checked")  # chosen first, still ticked
    assert len(boxes) == 21  # the chosen one, then the first 20 of 25 matches
    assert "Menopause draft" not in html and "Night shift guide" not in html
    assert 'name="resource_searched" type="hidden" value="menopause"' in html
    nothing = client.post("/case-studies/new", data=form_data(resource_query="zzz", find_resources="1"))
    assert "No published resources match “zzz”" in nothing.get_data(as_text=True)


def test_enter_in_the_search_box_searches_and_saving_after_a_search_saves(client, auth, make_user, make_resource):
    found = make_resource(title="Violence and aggression toolkit", with_file=False)
    auth.login(make_user())
    first = client.post("/case-studies/new", data=form_data(resource_query="violence"))
    assert first.status_code == 200 and db.session.scalar(select(CaseStudy)) is None  # a new query: a search
    assert str(found.id) in dict(_resource_boxes(first.get_data(as_text=True)))
    data = form_data(resource_query="violence", resource_searched="violence", resources=[str(found.id)])
    assert client.post("/case-studies/new", data=data).status_code == 302
    assert [r.title for r in db.session.scalar(select(CaseStudy)).resources] == ["Violence and aggression toolkit"]


def test_wildcards_in_a_search_are_plain_text(client, auth, make_user, make_resource):
    make_resource(title="Toolkit 100% complete", with_file=False)
    make_resource(title="Toolkit a_b", with_file=False)
    make_resource(title="Other", with_file=False)
    auth.login(make_user())
    assert [r["title"] for r in client.get("/case-studies/resource-options?q=%25").get_json()["results"]] == [
        "Toolkit 100% complete"
    ]
    assert [r["title"] for r in client.get("/case-studies/resource-options?q=_").get_json()["results"]] == [
        "Toolkit a_b"
    ]


def test_the_lookup_answers_verified_members_with_published_matches(client, auth, make_user, make_resource):
    for n in range(25):
        make_resource(title=f"Sickness absence {n:02d}", with_file=False)
    make_resource(title="Sickness absence draft", status="draft")
    assert client.get("/case-studies/resource-options?q=sickness").status_code == 302  # sign in first
    auth.login(make_user())
    data = client.get("/case-studies/resource-options?q=SICKNESS").get_json()
    assert len(data["results"]) == 20 and data["results"][0]["title"] == "Sickness absence 00"
    assert all("draft" not in r["title"] for r in data["results"])
    assert client.get("/case-studies/resource-options?q=").get_json() == {"results": []}
    assert client.get("/case-studies/resource-options?q=" + "x" * 5000).status_code == 200


def test_a_resource_that_is_not_published_cannot_be_linked(client, auth, make_user, make_resource):
    draft = make_resource(title="Secret draft", status="draft")
    auth.login(make_user())
    response = client.post("/case-studies/new", data=form_data(resources=[str(draft.id)]))
    assert response.status_code == 400
    assert "Choose the resources linked to this case study from the options shown" in response.get_data(as_text=True)
    assert db.session.scalar(select(CaseStudy)) is None
