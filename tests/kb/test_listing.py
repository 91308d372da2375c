"""Listings with facets, sorting and pagination; related items; links both ways; Atom feeds."""

import feedparser

from app.extensions import db
from app.publishing.models import ReuseRecord, UsefulMark
from tests.kb.conftest import region


def test_listing_shows_published_items_with_facet_counts(client, auth, make_user, make_case_study):
    make_case_study(title="Menopause one", topics=("menopause",), visibility="public")
    make_case_study(title="Menopause two", topics=("menopause", "sleep-and-fatigue"), visibility="public")
    make_case_study(
        title="MSK one", topics=("musculoskeletal-health",), visibility="public", region=region("south-west")
    )
    make_case_study(title="Hidden draft", status="draft", visibility="public")
    make_case_study(title="Submitted one", status="submitted", visibility="public")
    make_case_study(title="Members story", visibility="members")
    page = client.get("/case-studies/").get_data(as_text=True)
    assert "Menopause one" in page and "MSK one" in page
    assert "Hidden draft" not in page and "Submitted one" not in page and "Members story" not in page
    assert "Menopause (2)" in page and "Musculoskeletal health (1)" in page
    assert "London (2)" in page and "South West (1)" in page and "Acute (3)" in page
    auth.login(make_user())
    page = client.get("/case-studies/").get_data(as_text=True)
    assert "Members story" in page and "Menopause (3)" in page


def test_filtering_narrows_results_and_counts(client, make_case_study):
    make_case_study(title="Menopause one", topics=("menopause",), visibility="public")
    make_case_study(
        title="Menopause two",
        topics=("menopause", "sleep-and-fatigue"),
        visibility="public",
        region=region("north-west"),
    )
    make_case_study(title="MSK one", topics=("musculoskeletal-health",), visibility="public")
    page = client.get("/case-studies/?topic=menopause").get_data(as_text=True)
    assert "Menopause one" in page and "Menopause two" in page and "MSK one" not in page
    assert "Remove topic: Menopause" in page and "2 case studies match your filters" in page
    page = client.get("/case-studies/?topic=menopause&region=north-west").get_data(as_text=True)
    assert "Menopause two" in page and "Menopause one" not in page
    assert client.get("/case-studies/?topic=not-a-topic&region=<script>").status_code == 200
    assert client.get("/case-studies/?page=abc&sort=bogus").status_code == 200
    assert client.get("/case-studies/?page=999999").status_code == 200


def test_sorting_by_useful_and_reused(client, make_user, make_case_study):
    first = make_case_study(title="Newest but unloved", visibility="public")
    loved = make_case_study(title="Most useful one", visibility="public")
    reused = make_case_study(title="Most reused one", visibility="public")
    people = [make_user() for _ in range(3)]
    for person in people:
        db.session.add(UsefulMark(kind="case_study", object_id=loved.id, user_id=person.id))
    db.session.add(ReuseRecord(kind="case_study", object_id=reused.id, user_id=people[0].id))
    db.session.commit()
    newest = client.get("/case-studies/").get_data(as_text=True)
    assert newest.index(first.title) < newest.index(loved.title)
    useful = client.get("/case-studies/?sort=useful").get_data(as_text=True)
    assert useful.index("Most useful one") < useful.index("Most reused one")
    assert "3 found useful" in useful
    by_reuse = client.get("/case-studies/?sort=reused").get_data(as_text=True)
    assert by_reuse.index("Most reused one") < by_reuse.index("Most useful one")


def test_pagination(client, make_resource):
    for n in range(25):
        make_resource(title=f"Toolkit number {n:02d}", visibility="public", with_file=False)
    first = client.get("/resources/").get_data(as_text=True)
    assert "25 resources" in first and "page 1 of 2" in first and 'aria-label="Page 2"' in first
    second = client.get("/resources/?page=2").get_data(as_text=True)
    assert second.count("nhsuk-card__link") == 5


def test_resource_type_facet(client, make_resource):
    make_resource(title="A guide", resource_type="guide", visibility="public")
    make_resource(title="A policy", resource_type="policy", visibility="public")
    page = client.get("/resources/").get_data(as_text=True)
    assert "Guide (1)" in page and "Policy (1)" in page
    filtered = client.get("/resources/?type=policy").get_data(as_text=True)
    assert "A policy" in filtered and "A guide" not in filtered


def test_links_both_ways_and_related_items(client, make_case_study, make_resource):
    tool = make_resource(title="Passport template", visibility="public")
    study = make_case_study(title="Passport story", visibility="public")
    other = make_case_study(title="Another menopause story", visibility="public")
    make_case_study(title="Unrelated MSK story", topics=("musculoskeletal-health",), visibility="public")
    study.resources = [tool]
    db.session.commit()
    page = client.get(f"/case-studies/{study.slug}").get_data(as_text=True)
    assert "This case study uses 1 resource" in page and "Passport template" in page
    assert "Related case studies" in page and other.title in page and "Unrelated MSK story" not in page
    page = client.get(f"/resources/{tool.slug}").get_data(as_text=True)
    assert "Used in 1 case study" in page and "Passport story" in page


def test_atom_feeds_are_valid_and_only_public_published(client, make_case_study, make_resource):
    make_case_study(title="Public <story> & more", visibility="public")
    make_case_study(title="Members only story", visibility="members")
    make_case_study(title="Draft story", status="draft", visibility="public")
    make_resource(title="Public tool", visibility="public")
    response = client.get("/feeds/case-studies.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Public <story> & more"]
    entry = feed.entries[0]
    assert entry.link.startswith("http://localhost/case-studies/") and entry.published_parsed
    assert feed.feed.title == "OHWB Exchange: case studies"
    resources = feedparser.parse(client.get("/feeds/resources.atom").data)
    assert not resources.bozo and [e.title for e in resources.entries] == ["Public tool"]
    assert "menopause" in [t.term for t in resources.entries[0].tags]


def test_empty_feed_is_valid(client):
    feed = feedparser.parse(client.get("/feeds/resources.atom").data)
    assert not feed.bozo and feed.entries == []


def test_home_page_shows_latest(client, make_case_study, make_resource):
    make_case_study(title="Latest public story", visibility="public")
    make_resource(title="Latest public tool", visibility="public")
    page = client.get("/").get_data(as_text=True)
    assert "Latest public story" in page and "Latest public tool" in page


def test_case_study_hides_links_to_unpublished_resources(client, make_case_study, make_resource):
    draft_tool = make_resource(title="Draft tool", status="draft", visibility="public")
    study = make_case_study(visibility="public")
    study.resources = [draft_tool]
    db.session.commit()
    page = client.get(f"/case-studies/{study.slug}").get_data(as_text=True)
    assert "Draft tool" not in page and "No resources from the library are linked" in page
