"""Writing, editing and the review lifecycle of case studies, with authorisation for each role."""

import pytest
from sqlalchemy import select

from app.case_studies.models import CaseStudy
from app.extensions import db
from app.publishing.models import ContentRevision
from tests.kb.conftest import region, term


def form_data(**overrides):
    data = {
        "title": "Menopause cafés for ward staff",
        "summary": "Monthly cafés and passports kept experienced nurses in work.",
        "context": "Nurses aged 45 to 55 were **leaving**.",
        "approach": "- Cafés\n- Passports",
        "outcomes": "Absence fell.",
        "lessons": "",
        "adapt": "",
        "organisation": "Leeds Teaching Hospitals NHS Trust",
        "sector": str(term("sector", "acute").id),
        "region": str(region("north-east-and-yorkshire").id),
        "ics": "None",
        "staff_groups": "Nurses",
        "cost_band": "under-1k",
        "evaluation_method": "before-after",
        "visibility": "public",
        "topics": [str(term("topic", "menopause").id)],
        "elements": [str(term("framework_element", "managers-and-leaders").id)],
        "measures-0-metric": "Sickness absence",
        "measures-0-baseline": "5.2",
        "measures-0-result": "4.1",
        "measures-0-unit": "%",
        "measures-0-period": "12 months",
        "measures-0-source": "ESR",
    }
    data.update(overrides)
    return data


def test_member_writes_a_draft_visible_only_to_authors_and_moderators(client, auth, make_user):
    author = make_user()
    auth.login(author)
    response = client.post("/case-studies/new", data=form_data())
    assert response.status_code == 302
    item = db.session.scalar(select(CaseStudy))
    assert item.status == "draft" and item.slug == "menopause-cafes-for-ward-staff"
    assert item.context_html == "<p>Nurses aged 45 to 55 were <strong>leaving</strong>.</p>"
    assert [(m.metric, m.baseline, m.result) for m in item.measures] == [("Sickness absence", 5.2, 4.1)]
    assert [t.slug for t in item.terms] == ["managers-and-leaders", "menopause"] or len(item.terms) == 2
    page = client.get(f"/case-studies/{item.slug}")
    assert page.status_code == 200 and "Submit for review" in page.get_data(as_text=True)
    assert "Your unpublished case studies" in client.get("/case-studies/").get_data(as_text=True)
    auth.logout()
    assert "Menopause cafés" not in client.get("/case-studies/").get_data(as_text=True)


@pytest.mark.parametrize(
    "who, status", [("anonymous", 404), ("other", 404), ("author", 200), ("coauthor", 200), ("moderator", 200)]
)
def test_draft_visibility_by_role(client, auth, make_user, make_case_study, who, status):
    author, coauthor = make_user(), make_user()
    item = make_case_study(author=author, status="draft", coauthors=[coauthor], visibility="public")
    people = {"other": make_user(), "author": author, "coauthor": coauthor, "moderator": make_user(role="moderator")}
    if who != "anonymous":
        auth.login(people[who])
    assert client.get(f"/case-studies/{item.slug}").status_code == status


@pytest.mark.parametrize(
    "who, status", [("other", 403), ("author", 200), ("coauthor", 200), ("moderator", 200), ("admin", 200)]
)
def test_edit_page_by_role(client, auth, make_user, make_case_study, who, status):
    author, coauthor = make_user(), make_user()
    item = make_case_study(author=author, coauthors=[coauthor])
    people = {
        "other": make_user(),
        "author": author,
        "coauthor": coauthor,
        "moderator": make_user(role="moderator"),
        "admin": make_user(role="admin"),
    }
    auth.login(people[who])
    assert client.get(f"/case-studies/{item.slug}/edit").status_code == status


def test_anonymous_is_sent_to_sign_in_for_members_only_and_for_writing(client, make_case_study):
    item = make_case_study(visibility="members")
    response = client.get(f"/case-studies/{item.slug}")
    assert response.status_code == 302 and "/auth/login" in response.location
    assert "/auth/login" in client.get("/case-studies/new").location
    public = make_case_study(visibility="public")
    assert client.get(f"/case-studies/{public.slug}").status_code == 200


def test_unverified_member_cannot_write(client, auth, make_user):
    auth.login(make_user(verified=False))
    response = client.post("/case-studies/new", data=form_data())
    assert response.status_code == 302 and "/account/" in response.location
    assert db.session.scalar(select(CaseStudy)) is None


def test_missing_required_fields_show_errors_and_save_nothing(client, auth, make_user):
    auth.login(make_user())
    response = client.post("/case-studies/new", data={"visibility": "members"})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error:" in text and "There is a problem" in text
    for message in [
        "Enter a title",
        "Enter a summary",
        "Enter the context and challenge",
        "Enter what you did",
        "Enter the organisation",
    ]:
        assert message in text
    assert db.session.scalar(select(CaseStudy)) is None


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("summary", "x" * 301, "Summary must be 300 characters or fewer"),
        ("title", "t" * 201, "Title must be 200 characters or fewer"),
        ("measures-0-baseline", "1e400", "Enter the baseline of measure 1 as a number, like 4.2"),
        ("measures-0-baseline", "nan", "Enter the baseline of measure 1 as a number, like 4.2"),
        ("measures-0-baseline", "two", "Enter the baseline of measure 1 as a number, like 4.2"),
        ("measures-0-baseline", "2000000000", "between -1,000,000,000 and 1,000,000,000"),
        ("measures-0-result", "lots", "Enter the result of measure 1 as a number, like 4.2"),
        ("measures-1-baseline", "3", "Enter what measure 2 measured"),
        ("sector", "99999", "Choose the sector from the options shown"),
        ("sector", "abc", "Choose the sector from the options shown"),
        ("topics", "abc", "Choose the topics from the options shown"),
        ("resources", "99999", "Choose the resources linked to this case study from the options shown"),
        ("visibility", "everyone", "Select who can read it"),
        ("coauthors", "not an address", "in the correct format"),
        ("context", "c" * 20001, "20,000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, auth, make_user, field, value, message):
    auth.login(make_user())
    response = client.post("/case-studies/new", data=form_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(CaseStudy)) is None


def test_ics_must_be_in_the_chosen_region(client, auth, make_user):
    from app.taxonomy.models import IntegratedCareSystem

    sel = db.session.scalar(select(IntegratedCareSystem).filter_by(slug="south-east-london"))
    auth.login(make_user())
    response = client.post("/case-studies/new", data=form_data(ics=str(sel.id)))
    assert response.status_code == 400 and "South East London is not in the region you selected" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(CaseStudy)) is None
    ok = client.post("/case-studies/new", data=form_data(ics=str(sel.id), region="None"))
    assert ok.status_code == 302
    assert db.session.scalar(select(CaseStudy)).region.slug == "london"


def test_accepted_coauthors_can_edit(client, auth, make_user):
    author, coauthor = make_user(), make_user(email="co.author@nhs.net")
    auth.login(author)
    client.post("/case-studies/new", data=form_data(coauthors="CO.Author@nhs.net\n"))
    item = db.session.scalar(select(CaseStudy))
    assert item.coauthors == []  # invited, not named until they accept
    auth.logout()
    auth.login(coauthor)
    assert client.post(f"/case-studies/{item.slug}/invitation/accept").status_code == 302
    db.session.expire_all()
    assert [u.email for u in db.session.get(CaseStudy, item.id).coauthors] == ["co.author@nhs.net"]
    response = client.post(
        f"/case-studies/{item.slug}/edit", data=form_data(title="Changed by co-author", coauthors="co.author@nhs.net")
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(CaseStudy, item.id).title == "Changed by co-author"


def test_submit_publish_and_email_the_author(client, auth, make_user, make_case_study, mailbox):
    author, moderator = make_user(email="author@nhs.net"), make_user(role="moderator", email="mod@nhs.net")
    item = make_case_study(author=author, status="draft", visibility="public")
    auth.login(author)
    assert client.post(f"/case-studies/{item.slug}/submit").status_code == 302
    db.session.expire_all()
    assert db.session.get(CaseStudy, item.id).status == "submitted"
    assert "to review" in mailbox.last("mod@nhs.net")["Subject"]
    auth.logout()
    auth.login(moderator)
    assert client.post(f"/moderation/case_study/{item.id}/publish").status_code == 302
    db.session.expire_all()
    published = db.session.get(CaseStudy, item.id)
    assert published.status == "published" and published.published_by_id == moderator.id
    assert published.review_due.year >= published.published_at.year + 2 - 1
    message = mailbox.last("author@nhs.net")
    assert "has been published" in message["Subject"] and f"/case-studies/{item.slug}" in mailbox.body(message)
    auth.logout()
    assert item.title in client.get("/case-studies/").get_data(as_text=True)


def test_return_with_reason_emails_author_and_resubmit(client, auth, make_user, make_case_study, mailbox):
    author, moderator = make_user(email="author@nhs.net"), make_user(role="moderator")
    item = make_case_study(author=author, status="submitted")
    auth.login(moderator)
    empty = client.post(f"/moderation/case_study/{item.id}/return", data={"reason": ""})
    assert empty.status_code == 400 and "Enter what the author needs to change" in empty.get_data(as_text=True)
    client.post(f"/moderation/case_study/{item.id}/return", data={"reason": "Add the data source"})
    db.session.expire_all()
    returned = db.session.get(CaseStudy, item.id)
    assert returned.status == "returned" and returned.return_reason == "Add the data source"
    assert "Add the data source" in mailbox.body(mailbox.last("author@nhs.net"))
    auth.logout()
    auth.login(author)
    page = client.get(f"/case-studies/{item.slug}").get_data(as_text=True)
    assert "Add the data source" in page
    client.post(f"/case-studies/{item.slug}/submit")
    db.session.expire_all()
    assert db.session.get(CaseStudy, item.id).status == "submitted"


def test_only_authors_submit_and_only_submitted_items_publish(client, auth, make_user, make_case_study):
    item = make_case_study(status="draft", visibility="public")
    auth.login(make_user(role="moderator"))
    assert client.post(f"/case-studies/{item.slug}/submit").status_code == 403
    client.post(f"/moderation/case_study/{item.id}/publish")
    db.session.expire_all()
    assert db.session.get(CaseStudy, item.id).status == "draft"


def test_editing_published_item_keeps_it_live_and_records_a_revision(client, auth, make_user, make_case_study):
    author = make_user()
    item = make_case_study(author=author, visibility="public")
    auth.login(author)
    missing = client.post(f"/case-studies/{item.slug}/edit", data=form_data(title="Updated title"))
    assert missing.status_code == 400 and "Enter a summary of your change" in missing.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(CaseStudy, item.id).title != "Updated title"
    ok = client.post(
        f"/case-studies/{item.slug}/edit", data=form_data(title="Updated title", change_summary="Added 12-month data")
    )
    assert ok.status_code == 302
    db.session.expire_all()
    updated = db.session.get(CaseStudy, item.id)
    assert updated.status == "published" and updated.title == "Updated title"
    revision = db.session.scalar(select(ContentRevision))
    assert revision.summary == "Added 12-month data" and revision.editor_id == author.id
    assert "Added 12-month data" in client.get(f"/case-studies/{item.slug}").get_data(as_text=True)


def test_archive_removes_from_listing_but_keeps_page(client, auth, make_user, make_case_study):
    author = make_user()
    item = make_case_study(author=author, visibility="public", title="Archived story")
    auth.login(make_user())
    assert client.post(f"/case-studies/{item.slug}/archive").status_code == 403
    auth.logout()
    auth.login(author)
    client.post(f"/case-studies/{item.slug}/archive")
    auth.logout()
    assert "Archived story" not in client.get("/case-studies/").get_data(as_text=True)
    page = client.get(f"/case-studies/{item.slug}")
    assert page.status_code == 200 and "has been archived" in page.get_data(as_text=True)


def test_get_is_not_allowed_for_state_changes(client, auth, make_user, make_case_study):
    author = make_user()
    item = make_case_study(author=author, status="draft")
    auth.login(author)
    assert client.get(f"/case-studies/{item.slug}/submit").status_code == 405
    # Publishing's GET is a confirmation page, for moderators only, that changes nothing
    # (tests/kb/test_moderation_ways_in.py); to anyone else it is a 403.
    assert client.get(f"/moderation/case_study/{item.id}/publish").status_code == 403
    db.session.expire_all()
    assert db.session.get(CaseStudy, item.id).status == "draft"


def test_unknown_case_study_is_404(client):
    assert client.get("/case-studies/no-such-thing").status_code == 404
