"""Members-only case studies and resources (pages, files, listings, related items, search)
are for verified members: visitors are sent to sign in, unverified accounts are told why."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.resources.models import ResourceDownload

REFUSAL = "Only members who have verified their email address can see this"


@pytest.fixture
def items(make_case_study, make_resource):
    """A members-only case study and resource, plus public ones sharing their tags."""
    return {
        "case study": make_case_study(title="Hidden night-shift audit", visibility="members"),
        "resource": make_resource(title="Hidden night-shift template", visibility="members"),
        "public case study": make_case_study(title="Open fatigue story", visibility="public"),
        "public resource": make_resource(title="Open fatigue toolkit", visibility="public"),
    }


def _paths(items):
    case_study, resource = items["case study"], items["resource"]
    return [
        f"/case-studies/{case_study.slug}",
        f"/resources/{resource.slug}",
        f"/resources/{resource.slug}/download",
        f"/resources/{resource.slug}/versions/1/download",
    ]


def test_unverified_accounts_get_a_403_that_says_why_and_no_file(client, auth, make_user, items):
    auth.login(make_user(verified=False))
    for path in _paths(items):
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 403, path
        assert REFUSAL in html and "Template text" not in html and "Hidden night-shift" not in html
    assert db.session.scalar(select(func.count()).select_from(ResourceDownload)) == 0


def test_visitors_are_sent_to_sign_in(client, items):
    for path in _paths(items):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.location, path


def test_verified_members_see_and_download(client, auth, make_user, items):
    auth.login(make_user())
    for path in _paths(items):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("verified", [False, True])
def test_listings_related_items_and_search_follow_the_same_rule(client, auth, make_user, items, verified):
    auth.login(make_user(verified=verified))
    pages = [
        client.get("/case-studies/").get_data(as_text=True),
        client.get("/resources/").get_data(as_text=True),
        client.get(f"/case-studies/{items['public case study'].slug}").get_data(as_text=True),
        client.get(f"/resources/{items['public resource'].slug}").get_data(as_text=True),
        client.get("/search?q=night-shift").get_data(as_text=True),
        client.get("/search?topic=Menopause").get_data(as_text=True),
    ]
    seen = ["Hidden night-shift" in page for page in pages]
    assert seen == [verified] * len(pages)
