"""Creating and editing a profile; listing is opt-in; unlisted profiles answer 404."""

import pytest
from sqlalchemy import select

from app.directory.models import PractitionerProfile
from app.extensions import db
from tests.directory.conftest import ics, term

VISIBLE = {
    f"vis_{f}": "members"
    for f in ("job_title organisation sector region ics professions specialisms roles bio photo".split())
}


def form(**changes):
    data = {
        "display_name": "Amara Okafor",
        "job_title": "Lead OH nurse",
        "organisation": "Leeds Teaching Hospitals NHS Trust",
        "sector_id": "0",
        "region_id": "0",
        "ics_id": "0",
        "bio": "I run **menopause** clinics.",
        **VISIBLE,
    }
    data.update(changes)
    return data


def _profile(user):
    return db.session.scalar(select(PractitionerProfile).where(PractitionerProfile.user_id == user.id))


def test_new_profile_is_not_listed_by_default(client, auth, make_user):
    user = make_user()
    auth.login(user)
    page = client.get("/directory/me/edit")
    assert page.status_code == 200
    assert 'name="listed"' in page.get_data(as_text=True)
    response = client.post("/directory/me/edit", data=form())
    assert response.status_code == 302
    profile = _profile(user)
    assert profile.listed is False
    assert profile.bio_html == "<p>I run <strong>menopause</strong> clinics.</p>"
    own = client.get(response.headers["Location"])
    assert "Only you can see this profile" in own.get_data(as_text=True)


def test_unlisted_profile_is_404_to_others_and_listing_is_immediate(client, auth, make_user, make_profile):
    owner = make_user(email="owner@nhs.net")
    profile = make_profile(user=owner, listed=False, display_name="Quiet Person")
    viewer = make_user()
    auth.login(viewer)
    assert client.get(f"/directory/{profile.slug}").status_code == 404
    assert client.get(f"/directory/{profile.slug}.json").status_code == 404
    assert "Quiet Person" not in client.get("/directory/").get_data(as_text=True)
    auth.logout()
    auth.login(owner)
    client.post("/directory/me/listing", data={"listed": "1"})
    auth.logout()
    auth.login(viewer)
    assert client.get(f"/directory/{profile.slug}").status_code == 200
    assert "Quiet Person" in client.get("/search?q=quiet").get_data(as_text=True)
    auth.logout()
    auth.login(owner)
    client.post("/directory/me/listing", data={"listed": "0"})
    auth.logout()
    auth.login(viewer)
    assert client.get(f"/directory/{profile.slug}").status_code == 404
    assert "Quiet Person" not in client.get("/directory/?q=quiet").get_data(as_text=True)
    # The site search forgets the profile as soon as the unlisting commits.
    assert "Quiet Person" not in client.get("/search?q=quiet").get_data(as_text=True)


def test_edit_saves_every_field_and_ics_sets_region(client, auth, make_user):
    user = make_user()
    auth.login(user)
    system = ics("west-yorkshire")
    data = form(
        ics_id=str(system.id),
        sector_id=str(term("sector", "acute").id),
        professions=[str(term("profession", "oh-nurse").id)],
        specialisms=[str(term("topic", "menopause").id), str(term("topic", "vaccination").id)],
        roles=[str(term("held_role", "ohwb-lead").id)],
        is_solo="y",
        open_peer_support="y",
        offers_mentoring="y",
        max_mentees="3",
        mentoring_topics=[str(term("topic", "menopause").id)],
        listed="y",
        vis_organisation="hidden",
    )
    assert client.post("/directory/me/edit", data=data).status_code == 302
    profile = _profile(user)
    assert profile.listed and profile.is_solo and profile.offers_mentoring and profile.max_mentees == 3
    assert profile.region.slug == "north-east-and-yorkshire"
    assert sorted(t.slug for t in profile.specialisms) == ["menopause", "vaccination"]
    assert profile.organisation_visibility == "hidden"
    again = client.get("/directory/me/edit").get_data(as_text=True)
    assert "Leeds Teaching Hospitals NHS Trust" in again  # the owner still sees and edits it


def test_bad_input_is_refused_with_messages_and_nothing_saved(client, auth, make_user):
    user = make_user()
    auth.login(user)
    bad = form(
        display_name="",
        sector_id="999999",
        ics_id="not-a-number",
        professions=["abc"],
        offers_mentoring="y",
        max_mentees="100000000000000000000",
        job_title="x" * 500,
    )
    response = client.post("/directory/me/edit", data=bad)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Error:" in text and "There is a problem" in text
    assert "Enter the name to show in the directory" in text
    assert _profile(user) is None


def test_script_in_bio_and_name_is_neutralised(client, auth, make_user, make_profile):
    user = make_user()
    auth.login(user)
    client.post(
        "/directory/me/edit",
        data=form(
            display_name="<script>alert(1)</script>",
            bio="<script>alert(2)</script><img src=x onerror=alert(3)>",
            listed="y",
        ),
    )
    profile = _profile(user)
    assert "<script" not in profile.bio_html and "onerror" not in profile.bio_html
    page = client.get(f"/directory/{profile.slug}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_directory_needs_a_verified_member(client, auth, make_user, make_profile):
    profile = make_profile()
    about = client.get("/directory/")  # visitors see what it offers (tests/directory/test_about_page.py)
    assert about.status_code == 200 and profile.display_name not in about.get_data(as_text=True)
    assert client.get(f"/directory/{profile.slug}").status_code == 302
    auth.login(make_user(verified=False))
    assert client.get(f"/directory/{profile.slug}").status_code == 302
    assert client.get(f"/directory/{profile.slug}.json").status_code == 302


def test_listing_toggle_needs_post_and_a_profile(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/directory/me/listing").status_code == 405
    assert client.post("/directory/me/listing", data={"listed": "1"}).status_code == 404
    assert client.post("/directory/me/listing", data={"listed": "maybe"}).status_code == 400


@pytest.mark.parametrize("value", ["²", "٣", "9" * 400, "-3", "1e3"])
def test_offering_mentoring_with_a_missing_or_odd_number_of_mentees_is_a_clear_400(client, auth, make_user, value):
    auth.login(make_user())
    response = client.post(
        "/directory/me/edit", data={"display_name": "Pat", "offers_mentoring": "y", "max_mentees": value}
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        "Enter how many mentees you can take at one time" in text
        or "Enter the most mentees at one time as a whole number" in text
    )
