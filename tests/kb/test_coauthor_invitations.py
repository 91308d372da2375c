"""Co-authors are invited and named only once they accept; the form is no account oracle (issue 9, item 7)."""

from sqlalchemy import select

from app.case_studies.models import CaseStudy, CoauthorInvitation
from app.extensions import db
from tests.kb.test_case_studies import form_data


def _new_case_study(client, auth, author, coauthors):
    auth.login(author)
    response = client.post("/case-studies/new", data=form_data(coauthors=coauthors))
    assert response.status_code == 302
    return db.session.scalar(select(CaseStudy))


def _as(app, user):
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": "correct horse battery"})
    return other


def test_invited_member_is_emailed_but_not_named_and_cannot_edit(app, client, auth, make_user, mailbox):
    author = make_user(name="Ann Author")
    invitee = make_user(email="invitee@nhs.net", name="Ivy Invitee")
    item = _new_case_study(client, auth, author, "invitee@nhs.net")
    assert item.coauthors == []
    message = mailbox.last("invitee@nhs.net")
    assert "invited you to co-author" in message["Subject"]
    assert f"/case-studies/{item.slug}" in mailbox.body(message)
    as_invitee = _as(app, invitee)
    page = as_invitee.get(f"/case-studies/{item.slug}")  # a draft, readable so they can decide
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "You are invited to co-author this" in html and "Ann Author, Leeds" in html
    assert "Ivy Invitee" not in client.get(f"/case-studies/{item.slug}").get_data(as_text=True)  # the author's view
    assert as_invitee.get(f"/case-studies/{item.slug}/edit").status_code == 403


def test_form_answers_the_same_for_known_and_unknown_addresses(app, client, auth, make_user, mailbox):
    make_user(email="member@nhs.net")
    author = make_user()
    known = _new_case_study(client, auth, author, "member@nhs.net")
    unknown_response = client.post("/case-studies/new", data=form_data(title="Second", coauthors="nobody@nhs.net"))
    assert unknown_response.status_code == 302
    unknown = db.session.scalar(select(CaseStudy).where(CaseStudy.title == "Second"))
    known_page = client.get(f"/case-studies/{known.slug}").get_data(as_text=True)
    unknown_page = client.get(f"/case-studies/{unknown.slug}").get_data(as_text=True)
    assert "member@nhs.net: invited, no answer yet" in known_page
    assert "nobody@nhs.net: invited, no answer yet" in unknown_page
    edit = client.get(f"/case-studies/{unknown.slug}/edit").get_data(as_text=True)
    assert "nobody@nhs.net" in edit  # kept in the form, as a known address would be
    assert mailbox.to("nobody@nhs.net") == []
    assert len(mailbox.to("member@nhs.net")) == 1


def test_accepting_puts_the_display_name_on_the_byline_and_gives_edit_rights(
    app, client, auth, make_user, make_case_study, mailbox
):
    from app.directory.models import PractitionerProfile

    author = make_user(name="Ann Author")
    invitee = make_user(email="invitee@nhs.net", name="Ivy Account")
    db.session.add(PractitionerProfile(user=invitee, slug="ivy", display_name="Dr Ivy Shown"))
    db.session.commit()
    item = make_case_study(author=author, visibility="public")
    auth.login(author)
    client.post(f"/case-studies/{item.slug}/edit", data=form_data(coauthors="invitee@nhs.net", change_summary="Add"))
    as_invitee = _as(app, invitee)
    assert as_invitee.post(f"/case-studies/{item.slug}/invitation/accept").status_code == 302
    html = app.test_client().get(f"/case-studies/{item.slug}").get_data(as_text=True)
    assert "Ann Author and Dr Ivy Shown" in html and "Ivy Account" not in html
    assert as_invitee.get(f"/case-studies/{item.slug}/edit").status_code == 200
    assert db.session.scalar(select(CoauthorInvitation)) is None
    again = as_invitee.post(f"/case-studies/{item.slug}/invitation/accept")
    assert again.status_code == 404


def test_declining_leaves_them_off_and_tells_the_author(app, client, auth, make_user):
    author, invitee = make_user(), make_user(email="invitee@nhs.net", name="Ivy Invitee")
    item = _new_case_study(client, auth, author, "invitee@nhs.net")
    as_invitee = _as(app, invitee)
    assert as_invitee.post(f"/case-studies/{item.slug}/invitation/decline").status_code == 302
    assert as_invitee.get(f"/case-studies/{item.slug}").status_code == 404  # a draft they no longer may see
    assert as_invitee.post(f"/case-studies/{item.slug}/invitation/accept").status_code == 404
    assert db.session.get(CaseStudy, item.id).coauthors == []
    assert "invitee@nhs.net: declined" in client.get(f"/case-studies/{item.slug}").get_data(as_text=True)


def test_author_can_withdraw_an_invitation(app, client, auth, make_user):
    author, invitee = make_user(), make_user(email="invitee@nhs.net")
    item = _new_case_study(client, auth, author, "invitee@nhs.net")
    invitation = db.session.scalar(select(CoauthorInvitation))
    stranger = _as(app, make_user())
    assert stranger.post(f"/case-studies/{item.slug}/invitations/{invitation.id}/withdraw").status_code == 404
    assert client.post(f"/case-studies/{item.slug}/invitations/{invitation.id}/withdraw").status_code == 302
    assert db.session.scalar(select(CoauthorInvitation)) is None
    assert _as(app, invitee).post(f"/case-studies/{item.slug}/invitation/accept").status_code == 404


def test_removing_an_address_from_the_form_withdraws_it(app, client, auth, make_user):
    author, invitee = make_user(), make_user(email="invitee@nhs.net")
    item = _new_case_study(client, auth, author, "invitee@nhs.net\nother@nhs.net")
    assert client.post(f"/case-studies/{item.slug}/edit", data=form_data(coauthors="other@nhs.net")).status_code == 302
    assert [i.email for i in db.session.scalars(select(CoauthorInvitation))] == ["other@nhs.net"]
    assert _as(app, invitee).post(f"/case-studies/{item.slug}/invitation/accept").status_code == 404


def test_only_the_invited_address_can_accept(app, client, auth, make_user):
    author = make_user()
    item = _new_case_study(client, auth, author, "invitee@nhs.net")
    someone = _as(app, make_user())
    assert someone.post(f"/case-studies/{item.slug}/invitation/accept").status_code == 404
    assert db.session.get(CaseStudy, item.id).coauthors == []


def test_pending_invitations_are_listed_for_the_invitee(app, client, auth, make_user):
    invitee = make_user(email="invitee@nhs.net")
    item = _new_case_study(client, auth, make_user(), "invitee@nhs.net")
    html = _as(app, invitee).get("/case-studies/").get_data(as_text=True)
    assert "Invitations to co-author" in html and item.title in html


def test_existing_coauthors_stay_named_and_keep_edit_rights(client, auth, make_user, make_case_study):
    author, coauthor = make_user(name="Ann Author"), make_user(name="Cody Coauthor")
    item = make_case_study(author=author, coauthors=[coauthor], visibility="public")
    auth.login(coauthor)
    assert "Ann Author and Cody Coauthor" in client.get(f"/case-studies/{item.slug}").get_data(as_text=True)
    assert client.get(f"/case-studies/{item.slug}/edit").status_code == 200


def test_deleting_an_account_removes_invitations_to_its_address(app, client, auth, make_user):
    invitee = make_user(email="invitee@nhs.net")
    _new_case_study(client, auth, make_user(), "invitee@nhs.net")
    leaving = _as(app, invitee)
    assert leaving.post("/account/delete", data={"password": "correct horse battery"}).status_code == 302
    assert db.session.scalar(select(CoauthorInvitation)) is None
