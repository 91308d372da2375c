"""Adaptations: an item adapted from another is linked to its original and shown under it in the
lists, on item pages and in search, instead of as a near-duplicate equal."""

import pytest
from sqlalchemy import select, text

from app.case_studies.models import CaseStudy
from app.extensions import db
from app.resources.models import Resource
from app.search import search
from tests.kb import test_case_studies, test_resources
from tests.kb.conftest import region


@pytest.fixture
def family(make_case_study):
    """An original case study with two published adaptations and one draft adaptation."""
    original = make_case_study(title="Menopause cafés for ward staff", slug="menopause-cafes", visibility="public")
    first = make_case_study(
        title="Menopause cafés in a GP federation",
        slug="gp-cafes",
        adapted_from_id=original.id,
        region=region("midlands"),
        visibility="public",
    )
    second = make_case_study(title="Online menopause cafés for community staff", slug="online-cafes")
    second.adapted_from_id = original.id
    draft = make_case_study(title="Menopause cafés draft adaptation", slug="draft-cafes", status="draft")
    draft.adapted_from_id = original.id
    db.session.commit()
    return original, first, second, draft


def test_list_shows_adaptations_under_their_original_not_as_equals(client, auth, make_user, family):
    original, first, second, _draft = family
    auth.login(make_user())
    page = client.get("/case-studies/").get_data(as_text=True)
    assert "1 case study" in page
    assert page.count(original.title) == 1
    assert "2 adaptations" in page and f'href="/case-studies/{first.slug}"' in page
    assert "draft adaptation" not in page
    # Filtered to where only an adaptation is, the adaptation is listed on its own.
    midlands = client.get("/case-studies/", query_string={"region": "midlands"}).get_data(as_text=True)
    assert "1 case study" in midlands and "Menopause cafés in a GP federation" in midlands
    assert "Menopause cafés for ward staff" not in midlands


def test_anonymous_visitors_count_only_the_adaptations_they_may_see(client, family):
    page = client.get("/case-studies/").get_data(as_text=True)
    assert "1 adaptation<" in page and "Online menopause cafés" not in page  # members only


def test_item_pages_link_the_original_and_its_adaptations(client, auth, make_user, family):
    original, first, second, _draft = family
    auth.login(make_user())
    page = client.get(f"/case-studies/{original.slug}").get_data(as_text=True)
    assert "2 adaptations:" in page and first.title in page and second.title in page
    page = client.get(f"/case-studies/{first.slug}").get_data(as_text=True)
    assert f'Adapted from <a href="/case-studies/{original.slug}">{original.title}</a>' in page


def test_search_groups_adaptations_under_the_original(app, client, auth, make_user, family):
    original, first, second, _draft = family
    search.apply_pending(app)
    auth.login(make_user())
    page = client.get("/search", query_string={"q": "menopause cafés"}).get_data(as_text=True)
    assert "1 result for" in page
    assert page.count(f'href="/case-studies/{original.slug}"') == 1
    assert "2 adaptations" in page and first.title in page and second.title in page
    # A search only an adaptation matches finds the adaptation itself.
    page = client.get("/search", query_string={"q": "GP federation"}).get_data(as_text=True)
    assert "1 result for" in page and first.title in page and "adaptation" not in page.split("1 result for")[1]


def test_deleting_the_original_leaves_its_adaptations_standing(app, family):
    original, first, second, _draft = family
    db.session.execute(text("DELETE FROM case_study WHERE id = :id"), {"id": original.id})
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(CaseStudy, first.id).adapted_from_id is None
    assert db.session.get(CaseStudy, second.id).adapted_from_id is None


def test_deleting_an_original_resource_leaves_its_adaptations_standing(app, make_resource):
    original = make_resource(title="Passport", slug="passport")
    adaptation = make_resource(title="Passport for GP teams", slug="gp-passport", adapted_from_id=original.id)
    db.session.execute(text("DELETE FROM resource WHERE id = :id"), {"id": original.id})
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Resource, adaptation.id).adapted_from_id is None


@pytest.mark.parametrize("written", ["/case-studies/menopause-cafes", "http://localhost/case-studies/menopause-cafes/"])
def test_author_names_the_original_in_the_form(client, auth, make_user, family, written):
    original = family[0]
    auth.login(make_user())
    response = client.post(
        "/case-studies/new", data=test_case_studies.form_data(title="Cafés in a hospice", adapted_from=written)
    )
    assert response.status_code == 302
    item = db.session.scalar(select(CaseStudy).where(CaseStudy.slug == "cafes-in-a-hospice"))
    assert item.adapted_from_id == original.id
    edit = client.get(f"/case-studies/{item.slug}/edit").get_data(as_text=True)
    assert 'value="/case-studies/menopause-cafes"' in edit


@pytest.mark.parametrize(
    "written, message",
    [
        ("/case-studies/no-such-thing", "Enter the address of a published case study on this site"),
        ("/case-studies/draft-cafes", "Enter the address of a published case study on this site"),
        ("/resources/menopause-cafes", "Enter the address of a published case study on this site"),
        ("javascript:alert(1)", "Enter the address of a published case study on this site"),
        ("/case-studies/a/b", "Enter the address of a published case study on this site"),
    ],
)
def test_a_wrong_original_is_a_clear_error_and_nothing_is_saved(client, auth, make_user, family, written, message):
    auth.login(make_user())
    before = db.session.scalar(select(db.func.count(CaseStudy.id)))
    response = client.post("/case-studies/new", data=test_case_studies.form_data(adapted_from=written))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(CaseStudy.id))) == before


def test_an_item_cannot_be_adapted_from_itself_or_its_adaptation(client, auth, family):
    original, first, _second, _draft = family
    auth.login(original.author)
    for written in (f"/case-studies/{original.slug}", f"/case-studies/{first.slug}"):
        response = client.post(
            f"/case-studies/{original.slug}/edit",
            data=test_case_studies.form_data(title=original.title, adapted_from=written, change_summary="Linked"),
        )
        assert response.status_code == 400
        assert "cannot be adapted from itself or from one of its adaptations" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(CaseStudy, original.id).adapted_from_id is None


def test_reuse_page_offers_to_share_an_adaptation_prefilled(client, auth, make_user, make_resource):
    original = make_resource(title="Menopause passport", slug="menopause-passport")
    auth.login(make_user())
    page = client.get(f"/resources/{original.slug}/reuse").get_data(as_text=True)
    assert 'href="/resources/new?adapted_from=/resources/menopause-passport"' in page
    form = client.get("/resources/new?adapted_from=/resources/menopause-passport").get_data(as_text=True)
    assert 'value="/resources/menopause-passport"' in form
    response = client.post(
        "/resources/new",
        data=test_resources.form_data(
            title="Menopause passport for GP teams",
            adapted_from="/resources/menopause-passport",
            external_url="https://www.example.nhs.uk/gp-passport",
        ),
    )
    assert response.status_code == 302
    item = db.session.scalar(select(Resource).where(Resource.slug == "menopause-passport-for-gp-teams"))
    assert item.adapted_from_id == original.id


def test_saved_search_alerts_name_a_new_adaptation(app, client, auth, make_user, make_case_study, mailbox):
    """Folding is for the results page: a new adaptation is news to whoever saved the search."""
    from datetime import timedelta

    from app.publishing.models import utcnow
    from app.search.member_searches import send_alerts

    original = make_case_study(title="Menopause cafés for ward staff", slug="menopause-cafes")
    search.apply_pending(app)
    auth.login(make_user(email="alerts@nhs.net"))
    client.post("/search/save", data={"q": "menopause", "facets": "", "name": "Menopause", "frequency": "daily"})
    make_case_study(title="Menopause cafés in a GP federation", slug="gp-cafes", adapted_from_id=original.id)
    search.apply_pending(app)
    assert send_alerts(now=utcnow() + timedelta(days=1))["emailed"] == 1
    assert "Menopause cafés in a GP federation" in mailbox.body(mailbox.last("alerts@nhs.net"))
