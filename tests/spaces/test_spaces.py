"""Spaces and membership: creating, finding, joining, requests, invitations, managers; a private
space does not exist for anyone outside it."""

from sqlalchemy import select

from app.extensions import db
from app.spaces.models import Space, SpaceMember
from app.taxonomy.models import Region, Term


def _term(vocabulary, slug):
    return db.session.scalar(select(Term).filter_by(vocabulary=vocabulary, slug=slug))


def test_a_member_creates_a_space_and_manages_it(client, auth, make_user):
    member = make_user(name="Asha Patel")
    auth.login(member)
    london = db.session.scalar(select(Region).filter_by(slug="london"))
    menopause = _term("topic", "menopause")
    response = client.post(
        "/spaces/new",
        data={
            "name": "Menopause champions",
            "purpose": "Champions share what works",
            "description": "Hello <script>alert(1)</script> [x](javascript:alert(1))",
            "join_policy": "request",
            "region": str(london.id),
            "topics": [str(menopause.id)],
        },
    )
    assert response.status_code == 302
    space = db.session.scalar(select(Space).filter_by(name="Menopause champions"))
    assert space.slug == "menopause-champions" and space.join_policy == "request"
    assert space.region_id == london.id and [t.slug for t in space.terms] == ["menopause"]
    assert "<script" not in space.description_html and "javascript:" not in space.description_html
    row = db.session.scalar(select(SpaceMember).filter_by(space_id=space.id, user_id=member.id))
    assert row.role == "manager" and row.status == "active" and space.member_count == 1
    page = client.get("/spaces/menopause-champions").get_data(as_text=True)
    assert "Edit this space" in page and "Manager" in page


def test_a_space_needs_a_name_and_a_unique_one(client, auth, make_user, make_space):
    make_space(name="Solo practitioners")
    auth.login(make_user())
    response = client.post("/spaces/new", data={"name": "", "purpose": "x", "join_policy": "open"})
    assert response.status_code == 400 and "Enter a name" in response.get_data(as_text=True)
    response = client.post("/spaces/new", data={"name": "solo PRACTITIONERS", "purpose": "x", "join_policy": "open"})
    assert response.status_code == 400 and "already exists" in response.get_data(as_text=True)
    assert db.session.scalar(select(Space).filter_by(name="solo PRACTITIONERS")) is None


def test_private_spaces_are_invisible_to_others(client, auth, make_user, make_space):
    insider, outsider, moderator = make_user(), make_user(), make_user(role="moderator")
    make_space(name="Open network", managers=[insider])
    make_space(name="Secret guardians", policy="private", managers=[insider])
    auth.login(outsider)
    page = client.get("/spaces/").get_data(as_text=True)
    assert "Open network" in page and "Secret guardians" not in page
    assert "1 space" in page and "Private (0)" in page
    assert client.get("/spaces/secret-guardians").status_code == 404
    assert client.get("/spaces/secret-guardians/members").status_code == 404
    assert client.post("/spaces/secret-guardians/join").status_code == 404
    assert client.get("/spaces/?policy=private").get_data(as_text=True).count("Secret guardians") == 0
    auth.logout()
    auth.login(insider)
    assert "Secret guardians" in client.get("/spaces/").get_data(as_text=True)
    auth.logout()
    auth.login(moderator)
    assert client.get("/spaces/secret-guardians").status_code == 200


def test_visitors_sign_in_and_unverified_accounts_are_told_to_verify(client, auth, make_user, make_space):
    make_space(name="Open network")
    assert client.get("/spaces/").status_code == 302
    auth.login(make_user(verified=False))
    response = client.get("/spaces/open-network")
    assert response.status_code == 302 and "/account" in response.headers["Location"]


def test_filters_by_topic_region_and_policy(client, auth, make_user, make_space):
    london = db.session.scalar(select(Region).filter_by(slug="london"))
    make_space(name="London network", region_id=london.id)
    space = make_space(name="Menopause champions", policy="request")
    space.terms = [_term("topic", "menopause")]
    db.session.commit()
    auth.login(make_user())
    page = client.get("/spaces/?region=london").get_data(as_text=True)
    assert "London network" in page and "Menopause champions" not in page
    page = client.get("/spaces/?topic=menopause").get_data(as_text=True)
    assert "Menopause champions" in page and "London network" not in page
    page = client.get("/spaces/?policy=request&region=nowhere&topic=%00").get_data(as_text=True)
    assert "Menopause champions" in page and "London network" not in page


def test_joining_an_open_space_and_leaving_it(client, auth, make_user, make_space):
    manager, member = make_user(), make_user()
    space = make_space(name="Open network", managers=[manager])
    auth.login(member)
    response = client.post("/spaces/open-network/join", follow_redirects=True)
    assert "You have joined Open network" in response.get_data(as_text=True)
    db.session.refresh(space)
    assert space.member_count == 2
    client.post("/spaces/open-network/join")
    assert db.session.scalar(select(SpaceMember.id).filter_by(space_id=space.id, user_id=member.id))
    client.post("/spaces/open-network/leave")
    db.session.refresh(space)
    assert space.member_count == 1


def test_the_only_manager_cannot_leave(client, auth, make_user, make_space):
    manager = make_user()
    make_space(name="Open network", managers=[manager])
    auth.login(manager)
    response = client.post("/spaces/open-network/leave", follow_redirects=True)
    assert "Appoint another manager before you leave" in response.get_data(as_text=True)


def test_a_request_to_join_is_approved_and_the_requester_told(client, auth, make_user, make_space, mailbox):
    manager, asker = make_user(email="manager@nhs.net"), make_user(email="asker@nhs.net", name="Asker Person")
    space = make_space(name="Guardians", policy="request", managers=[manager])
    auth.login(asker)
    response = client.post("/spaces/guardians/join", follow_redirects=True)
    assert "Your request has been sent" in response.get_data(as_text=True)
    assert "Asker Person asked to join Guardians" in mailbox.last("manager@nhs.net")["Subject"]
    auth.logout()
    auth.login(manager)
    page = client.get("/spaces/guardians/members?show=pending").get_data(as_text=True)
    assert "Asker Person" in page
    row = db.session.scalar(select(SpaceMember).filter_by(space_id=space.id, user_id=asker.id))
    assert client.post(f"/spaces/guardians/members/{row.id}/approve").status_code == 302
    assert "has been approved" in mailbox.last("asker@nhs.net")["Subject"]
    db.session.refresh(row)
    db.session.refresh(space)
    assert row.status == "active" and space.member_count == 2


def test_a_refused_request_is_removed_and_the_requester_told(client, auth, make_user, make_space, mailbox):
    manager, asker = make_user(), make_user(email="asker@nhs.net")
    space = make_space(name="Guardians", policy="request", managers=[manager], pending=[asker])
    row_id = db.session.scalar(select(SpaceMember.id).filter_by(space_id=space.id, user_id=asker.id))
    auth.login(asker)
    assert client.post(f"/spaces/guardians/members/{row_id}/refuse").status_code == 403
    auth.logout()
    auth.login(manager)
    client.post(f"/spaces/guardians/members/{row_id}/refuse")
    assert "was not approved" in mailbox.last("asker@nhs.net")["Subject"]
    assert db.session.get(SpaceMember, row_id) is None


def test_invitations_by_name_or_email_to_a_private_space(client, auth, make_user, make_space, mailbox):
    manager = make_user(name="Manager Person")
    guest = make_user(name="Guest Person", email="guest@nhs.net")
    space = make_space(name="Secret guardians", policy="private", managers=[manager])
    auth.login(manager)
    response = client.post("/spaces/secret-guardians/members", data={"who": "Nobody Here"})
    assert response.status_code == 400 and "No member has that name" in response.get_data(as_text=True)
    response = client.post("/spaces/secret-guardians/members", data={"who": "guest person"})
    assert response.status_code == 302
    assert "Manager Person invited you to join Secret guardians" in mailbox.last("guest@nhs.net")["Subject"]
    response = client.post("/spaces/secret-guardians/members", data={"who": "GUEST@nhs.net"})
    assert response.status_code == 400 and "already been invited" in response.get_data(as_text=True)
    auth.logout()
    auth.login(guest)
    page = client.get("/spaces/secret-guardians").get_data(as_text=True)
    assert "Accept the invitation" in page
    client.post("/spaces/secret-guardians/join")
    db.session.refresh(space)
    assert space.member_count == 2
    assert client.get("/spaces/secret-guardians/threads/new").status_code == 200


def test_managers_appoint_managers_and_others_may_not(client, auth, make_user, make_space):
    manager, member = make_user(), make_user(name="New Manager")
    space = make_space(name="Network", managers=[manager], members=[member])
    row = db.session.scalar(select(SpaceMember).filter_by(space_id=space.id, user_id=member.id))
    auth.login(member)
    assert client.post(f"/spaces/network/members/{row.id}/manager").status_code == 403
    assert client.get("/spaces/network/edit").status_code == 403
    auth.logout()
    auth.login(manager)
    response = client.post(f"/spaces/network/members/{row.id}/manager", follow_redirects=True)
    assert "New Manager is now a manager" in response.get_data(as_text=True)
    db.session.refresh(row)
    assert row.role == "manager"
    # With two managers, the first may now leave.
    client.post("/spaces/network/leave")
    assert db.session.scalar(select(SpaceMember.id).filter_by(space_id=space.id, user_id=manager.id)) is None


def test_editing_a_space(client, auth, make_user, make_space):
    manager = make_user()
    space = make_space(name="Network", managers=[manager])
    auth.login(manager)
    page = client.get("/spaces/network/edit").get_data(as_text=True)
    assert 'value="Network"' in page
    response = client.post("/spaces/network/edit", data={"name": "Renamed", "purpose": "New", "join_policy": "private"})
    assert response.status_code == 302
    db.session.refresh(space)
    assert (space.name, space.join_policy, space.slug) == ("Renamed", "private", "network")


def test_the_data_export_holds_the_members_spaces_and_posts(client, auth, make_user, make_space, make_thread):
    import json

    member = make_user()
    space = make_space(name="Network", members=[member])
    make_thread(space, member, title="My question", replies=1)
    auth.login(member)
    data = json.loads(client.get("/account/export").data)["spaces"]
    assert data["memberships"][0]["space"] == "Network"
    assert data["threads"][0]["title"] == "My question"
    assert data["replies"][0]["text"] == "Reply number 1"


def test_members_lists_are_paginated(client, auth, make_user, make_space):
    manager = make_user()
    make_space(name="Network", managers=[manager], members=[make_user() for _ in range(55)])
    auth.login(manager)
    first = client.get("/spaces/network/members").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert client.get("/spaces/network/members?page=2&show=%00").status_code == 200


def test_only_managers_invite(client, auth, make_user, make_space, mailbox):
    member = make_user()
    make_user(email="guest@nhs.net")
    make_space(name="Network", members=[member])
    auth.login(member)
    assert client.post("/spaces/network/members", data={"who": "guest@nhs.net"}).status_code == 403
    assert mailbox.to("guest@nhs.net") == []
    assert "Invite a member" not in client.get("/spaces/network/members").get_data(as_text=True)
