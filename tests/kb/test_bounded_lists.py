"""Lists on a detail page are bounded: the first few, how many in all, and (for case studies that
used a resource) a link to them all."""

import re

from app.extensions import db
from app.resources.services import USED_IN_SHOWN


def titles(page):
    return re.findall(r"Story (\d\d) of many", page)


def test_used_in_is_bounded_with_a_count_and_a_link_to_all(client, auth, make_user, make_case_study, make_resource):
    tool = make_resource(title="Widely used tool", visibility="public")
    author = make_user()
    for n in range(USED_IN_SHOWN + 4):
        study = make_case_study(author=author, title=f"Story {n:02d} of many", visibility="public")
        study.resources = [tool]
    hidden = make_case_study(author=author, title="Story 99 of many", visibility="members")
    hidden.resources = [tool]
    make_case_study(author=author, title="Story 98 of many", status="draft", visibility="public").resources = [tool]
    make_case_study(author=author, title="Story 97 of many", visibility="public")  # did not use it
    db.session.commit()

    page = client.get(f"/resources/{tool.slug}").get_data(as_text=True)
    assert f"Used in {USED_IN_SHOWN + 4} case studies; the first {USED_IN_SHOWN} by title" in page
    assert titles(page) == [f"{n:02d}" for n in range(USED_IN_SHOWN)]
    link = f"/case-studies/?resource={tool.slug}"
    assert f'href="{link}"' in page and f"See all {USED_IN_SHOWN + 4} case studies" in page

    listed = client.get(link).get_data(as_text=True)
    assert "Remove resource used: Widely used tool" in listed
    assert sorted(titles(listed)) == [f"{n:02d}" for n in range(USED_IN_SHOWN + 4)]

    auth.login(make_user())  # a verified member also sees the members-only one, never the draft
    page = client.get(f"/resources/{tool.slug}").get_data(as_text=True)
    assert f"Used in {USED_IN_SHOWN + 5} case studies" in page
    listed = client.get(link).get_data(as_text=True)
    assert "99" in titles(listed) and "98" not in titles(listed) and "97" not in titles(listed)


def test_a_filter_by_a_resource_the_visitor_may_not_see_is_ignored(client, make_case_study, make_resource):
    secret = make_resource(title="Members only tool", visibility="members")
    study = make_case_study(title="Story 01 of many", visibility="public")
    study.resources = [secret]
    make_case_study(title="Story 02 of many", visibility="public")
    db.session.commit()
    listed = client.get(f"/case-studies/?resource={secret.slug}").get_data(as_text=True)
    assert "Members only tool" not in listed and sorted(titles(listed)) == ["01", "02"]
    assert client.get("/case-studies/?resource=no-such-thing").status_code == 200


def test_few_uses_are_listed_without_a_link(client, make_case_study, make_resource):
    tool = make_resource(title="Rarely used tool", visibility="public")
    study = make_case_study(title="Story 01 of many", visibility="public")
    study.resources = [tool]
    db.session.commit()
    page = client.get(f"/resources/{tool.slug}").get_data(as_text=True)
    assert "Used in 1 case study:" in page and "See all" not in page


def test_changes_since_publication_list_the_newest_with_the_count(client, make_user, make_case_study):
    from datetime import timedelta

    from app.models_base import utcnow
    from app.publishing.models import ContentRevision
    from app.publishing.services import REVISIONS_SHOWN

    study = make_case_study(title="Often edited", visibility="public")
    editor = make_user()
    now = utcnow()
    for n in range(REVISIONS_SHOWN + 3):
        db.session.add(
            ContentRevision(
                kind=study.kind,
                object_id=study.id,
                editor_id=editor.id,
                summary=f"Edit number {n:02d}",
                created_at=now - timedelta(hours=n),
            )
        )
    db.session.commit()
    page = client.get(f"/case-studies/{study.slug}").get_data(as_text=True)
    assert f"Changes since publication ({REVISIONS_SHOWN + 3})" in page
    assert f"The {REVISIONS_SHOWN} newest:" in page
    shown = re.findall(r"Edit number (\d\d)", page)
    assert shown == [f"{n:02d}" for n in range(REVISIONS_SHOWN)]
