"""Recommended resources: a space's managers recommend published resources and case studies by
their address; the space page shows them as cards (and the space's upcoming events); managers
remove them; nothing breaks when an item is archived; others may not touch them."""

# ruff: noqa: F811  (the fixtures imported below are parameters of the tests)
from datetime import timedelta

from sqlalchemy import func, select

from app.auth.models import utcnow
from app.extensions import db
from app.spaces.recommend import MAX_RECOMMENDATIONS
from app.spaces.recommend_models import SpaceRecommendation
from tests.kb.conftest import make_case_study, make_resource  # noqa: F401  (fixtures)
from tests.spaces.extras_fixtures import make_event, make_space, world  # noqa: F401  (fixtures)


def count():
    return db.session.scalar(select(func.count()).select_from(SpaceRecommendation))


def recommend(client, space, address, note=""):
    return client.post(f"/spaces/{space.slug}/recommend", data={"address": address, "note": note})


def test_manager_recommends_by_address_and_the_space_page_shows_a_card(client, auth, world, make_resource):
    resource = make_resource(title="Menopause policy template", summary="A policy you can adapt")
    auth.login(world.manager)
    form = client.get(f"/spaces/{world.private.slug}/recommend")
    assert form.status_code == 200 and "Recommend a resource" in form.get_data(as_text=True)
    response = recommend(client, world.private, f"https://ohwb.example/resources/{resource.slug}?x=1#top", "We use it")
    assert response.status_code == 302 and response.headers["Location"].endswith("#recommended-heading")
    row = db.session.scalar(select(SpaceRecommendation))
    assert (row.kind, row.object_id, row.note, row.added_by_id) == (
        "resource",
        resource.id,
        "We use it",
        world.manager.id,
    )
    page = client.get(f"/spaces/{world.private.slug}").get_data(as_text=True)
    assert "Recommended resources" in page and "Menopause policy template" in page
    assert f'href="/resources/{resource.slug}"' in page and "We use it" in page and "Remove recommendation" in page
    auth.logout()
    auth.login(world.insider)  # a member sees the card, not the manager's buttons
    page = client.get(f"/spaces/{world.private.slug}").get_data(as_text=True)
    assert "Menopause policy template" in page and "Remove recommendation" not in page
    assert "Recommend a resource or case study" not in page


def test_case_studies_can_be_recommended_too(client, auth, world, make_case_study):
    study = make_case_study(title="Hospice menopause cafe")
    auth.login(world.moderator)  # moderators manage every space
    assert recommend(client, world.open, f"/case-studies/{study.slug}").status_code == 302
    assert "Hospice menopause cafe" in client.get(f"/spaces/{world.open.slug}").get_data(as_text=True)


def test_bad_addresses_duplicates_and_drafts_get_clear_errors(client, auth, world, make_resource):
    resource = make_resource()
    draft = make_resource(status="draft")
    auth.login(world.manager)
    for address in (
        "",
        "javascript:alert(1)",
        "/resources/no-such-thing",
        f"/resources/{draft.slug}",
        "/events/x",
        "\x00" * 600,
    ):
        response = recommend(client, world.private, address)
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and "Error:" in html, address
        assert "resource or case study" in html or "500 characters" in html, address
    assert recommend(client, world.private, f"/resources/{resource.slug}").status_code == 302
    response = recommend(client, world.private, f"/resources/{resource.slug}")
    assert response.status_code == 400 and "already recommended" in response.get_data(as_text=True)
    response = recommend(client, world.private, f"/resources/{resource.slug}", note="x" * 301)
    assert response.status_code == 400 and "300 characters or fewer" in response.get_data(as_text=True)
    assert count() == 1


def test_at_most_twelve_recommendations(client, auth, world, make_resource):
    auth.login(world.manager)
    for _ in range(MAX_RECOMMENDATIONS):
        assert recommend(client, world.private, f"/resources/{make_resource().slug}").status_code == 302
    response = recommend(client, world.private, f"/resources/{make_resource().slug}")
    assert response.status_code == 400 and "up to 12 items" in response.get_data(as_text=True)
    assert count() == MAX_RECOMMENDATIONS


def test_only_managers_recommend_and_remove(client, auth, world, make_resource):
    resource = make_resource()
    auth.login(world.manager)
    recommend(client, world.private, f"/resources/{resource.slug}")
    row_id = db.session.scalar(select(SpaceRecommendation.id))
    auth.logout()
    auth.login(world.insider)
    assert client.get(f"/spaces/{world.private.slug}/recommend").status_code == 403
    assert client.post(f"/spaces/{world.private.slug}/recommendations/{row_id}/remove").status_code == 403
    auth.logout()
    auth.login(world.member)  # not in the private space: it does not exist for them
    assert client.get(f"/spaces/{world.private.slug}/recommend").status_code == 404
    assert client.post(f"/spaces/{world.private.slug}/recommendations/{row_id}/remove").status_code == 404
    auth.logout()
    auth.login(world.moderator)
    assert client.post(f"/spaces/{world.open.slug}/recommendations/{row_id}/remove").status_code == 404  # other space
    assert count() == 1
    response = client.post(f"/spaces/{world.private.slug}/recommendations/{row_id}/remove")
    assert response.status_code == 302 and count() == 0


def test_archived_or_deleted_items_leave_no_card(client, auth, world, make_resource):
    kept, archived, deleted = make_resource(title="Kept one"), make_resource(title="Archived one"), make_resource()
    for item in (kept, archived, deleted):
        db.session.add(SpaceRecommendation(space_id=world.open.id, kind="resource", object_id=item.id))
    db.session.commit()
    archived.status = "archived"
    db.session.delete(deleted)
    db.session.commit()
    auth.login(world.member)
    page = client.get(f"/spaces/{world.open.slug}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Kept one" in html and "Archived one" not in html


def test_space_page_shows_its_upcoming_events(client, auth, world, make_event):
    make_event(title="Menopause cafe in Leeds", space_id=world.open.id)
    make_event(title="Last year's cafe", space_id=world.open.id, starts_at=utcnow() - timedelta(days=30))
    make_event(title="A draft cafe", space_id=world.open.id, status="draft")
    make_event(title="Someone else's fair")
    auth.login(world.member)
    html = client.get(f"/spaces/{world.open.slug}").get_data(as_text=True)
    assert "Upcoming events" in html and "Menopause cafe in Leeds" in html
    assert "Last year" not in html and "A draft cafe" not in html and "Someone else" not in html


def test_space_page_without_events_or_recommendations_says_so(client, auth, world):
    auth.login(world.member)
    html = client.get(f"/spaces/{world.open.slug}").get_data(as_text=True)
    assert "No upcoming events in this space." in html and "No resources recommended yet." in html
