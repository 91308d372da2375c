"""Deleting an account removes its directory rows and photo, and nobody else's pages break."""

import io
import os

from sqlalchemy import func, select

from app.directory.models import (
    Block,
    Connection,
    MentoringPair,
    PractitionerProfile,
    ProfileReport,
    profile_specialism,
)
from app.extensions import db
from app.inbox.models import Conversation, ConversationMember, Message
from app.search.models import SearchOutbox
from tests.directory.test_photos import jpeg_with_exif
from tests.directory.test_profiles import form


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_deleting_an_account_removes_its_directory_data(client, auth, make_user, make_profile, app):
    leaver = make_user(email="leaver@nhs.net")
    leaver_id = leaver.id
    auth.login(leaver)
    payload = form(listed="y", offers_mentoring="y", max_mentees="2")
    payload["photo"] = (io.BytesIO(jpeg_with_exif()), "me.jpg")
    client.post("/directory/me/edit", data=payload, content_type="multipart/form-data")
    mine = db.session.scalar(select(PractitionerProfile).filter_by(user_id=leaver.id))
    mine.specialisms = []
    db.session.commit()
    other = make_profile(specialisms=[("topic", "menopause")])
    client.post(f"/inbox/new?to={other.slug}", data={"subject": "Hi", "body": "Hello"})
    client.post(f"/directory/{other.slug}/connect")
    client.post(f"/directory/{other.slug}/report", data={"reason": "spam"})
    client.post(f"/directory/members/{other.user_id}/block")
    mine_id, mine_slug = mine.id, mine.slug
    other_email = other.user.email
    db.session.add(MentoringPair(mentor_id=leaver.id, mentee_id=other.user_id, status="active"))
    db.session.add(ProfileReport(profile_id=mine.id, reporter_id=other.user_id, reason="spam"))
    db.session.commit()
    assert os.listdir(app.config["UPLOAD_FOLDER"])
    response = client.post("/account/delete", data={"password": "correct horse battery"})
    assert response.status_code == 302
    db.session.expunge_all()
    assert db.session.scalar(select(PractitionerProfile).filter_by(user_id=leaver_id)) is None
    for model in (Connection, MentoringPair, Block):
        assert _count(model) == 0, model
    # The conversation stays for the other member, the message shown as by a former member.
    assert _count(ConversationMember) == 1 and db.session.scalar(select(Message.author_id)) is None
    conversation_id = db.session.scalar(select(Conversation.id))
    assert _count(ProfileReport) == 1  # the report about the other profile stays, without its reporter
    assert db.session.scalar(select(ProfileReport.reporter_id)) is None
    assert _count(profile_specialism) == 1
    assert db.session.scalar(select(SearchOutbox).filter_by(kind="practitioner", object_id=mine_id))
    assert os.listdir(app.config["UPLOAD_FOLDER"]) == []
    auth.login(other_email)
    for path in (
        "/directory/",
        "/directory/network",
        "/inbox/",
        f"/inbox/{conversation_id}",
        "/directory/mentoring",
        "/directory/peers",
    ):
        assert client.get(path).status_code == 200, path
    assert client.get(f"/directory/{mine_slug}").status_code == 404
