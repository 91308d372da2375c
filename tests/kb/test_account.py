"""Members' data: export includes their knowledge-base content; deleting an account keeps pages working."""

import json

from sqlalchemy import select

from app.case_studies.models import CaseStudy, case_study_coauthor
from app.comments.models import Comment
from app.extensions import db
from app.publishing.models import ReuseRecord, UsefulMark


def test_export_includes_case_studies_resources_and_comments(client, auth, make_user, make_case_study, make_resource):
    member = make_user()
    study = make_case_study(author=member, title="My story")
    make_resource(author=member, title="My tool")
    db.session.add(
        Comment(kind="case_study", object_id=study.id, author_id=member.id, body="Mine", body_html="<p>Mine</p>")
    )
    db.session.add(UsefulMark(kind="case_study", object_id=study.id, user_id=member.id))
    db.session.commit()
    auth.login(member)
    data = json.loads(client.get("/account/export").data)["knowledge_base"]
    assert [i["title"] for i in data["case_studies"]] == ["My story"]
    assert [i["title"] for i in data["resources"]] == ["My tool"]
    assert data["comments"][0]["body"] == "Mine" and len(data["useful_marks"]) == 1


def test_deleting_an_account_keeps_content_as_former_member(client, auth, make_user, make_case_study, make_resource):
    leaver, coauthor_leaver = make_user(email="leaver@nhs.net"), make_user(email="co@nhs.net")
    study = make_case_study(author=leaver, coauthors=[coauthor_leaver], visibility="public")
    tool = make_resource(author=leaver, visibility="public")
    for user in (leaver, coauthor_leaver):
        db.session.add(
            Comment(kind="case_study", object_id=study.id, author_id=user.id, body="Bye", body_html="<p>Bye</p>")
        )
        db.session.add(UsefulMark(kind="resource", object_id=tool.id, user_id=user.id))
        db.session.add(ReuseRecord(kind="resource", object_id=tool.id, user_id=user.id))
    db.session.commit()
    for email in ("co@nhs.net", "leaver@nhs.net"):
        auth.login(email)
        assert client.post("/account/delete", data={"password": "correct horse battery"}).status_code == 302
    db.session.expire_all()
    kept = db.session.scalar(select(CaseStudy))
    assert kept.author_id is None
    assert db.session.execute(select(case_study_coauthor)).all() == []
    assert db.session.scalar(select(UsefulMark)) is None
    assert db.session.scalar(select(ReuseRecord)).user_id is None
    for path in [
        f"/case-studies/{study.slug}",
        f"/resources/{tool.slug}",
        "/case-studies/",
        "/resources/",
        "/feeds/case-studies.atom",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Former member" in client.get(f"/case-studies/{study.slug}").get_data(as_text=True)
