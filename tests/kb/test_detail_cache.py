"""Case study and resource pages: the body every viewer of one visibility class sees the same is
rendered once and shared (app/publishing/detail.py); the frame stays personal. One member's
own state never reaches another or a visitor, and a change shows at once."""

from app.case_studies.models import ImpactMeasure
from app.extensions import db
from app.saved.models import SavedItem
from tests.kb.conftest import term
from tests.kb.test_page_cache import _csrf, _member, _page, _queries


def test_case_study_frame_stays_personal_while_its_body_is_shared(app, client, make_user, make_case_study):
    alice, alice_user = _member(app, make_user, name="Alice Example")
    bob, _ = _member(app, make_user, name="Bob Example")
    study = make_case_study(title="Shared story", visibility="public", author=alice_user)
    make_case_study(title="Members only neighbour", visibility="members")  # related: same topic
    db.session.add(SavedItem(user_id=alice_user.id, kind="case_study", object_id=study.id))
    db.session.commit()
    path = f"/case-studies/{study.slug}"

    first = _page(alice, path)
    assert "Saved ✓ — remove" in first and "Edit this case study" in first
    assert "Sickness absence" in first and "Members only neighbour" in first
    second = _page(bob, path)  # the body now comes from the cache
    assert "Sickness absence" in second and "Members only neighbour" in second
    assert "Saved ✓ — remove" not in second and "Save<span" in second
    assert "Edit this case study" not in second and _csrf(second) != _csrf(first)
    third = _page(client, path)  # a visitor: the public class, rendered apart
    assert "Sickness absence" in third and "Members only neighbour" not in third
    assert "Save<span" not in third and "Edit this case study" not in third and "csrf_token" not in third
    assert "Sign in</a> to comment" in third


def test_a_change_to_a_case_study_shows_at_once(app, make_user, make_case_study, make_resource):
    alice, _ = _member(app, make_user)
    study = make_case_study(title="Changing story", visibility="public")
    path = f"/case-studies/{study.slug}"
    assert "Return to work rate" not in _page(alice, path)
    shared = len(_queries(path, alice))  # the body from the cache: only the frame's queries
    study.measures.append(ImpactMeasure(position=1, metric="Return to work rate", baseline=60, result=75, unit="%"))
    study.terms.append(term("topic", "musculoskeletal-health"))
    tool = make_resource(title="Freshly linked tool", visibility="public")
    study.resources = [tool]
    db.session.commit()
    assert len(_queries(path, alice)) > shared  # rendered afresh: the body's queries too
    page = _page(alice, path)
    assert "Return to work rate" in page and "Freshly linked tool" in page
    tool.status = "draft"
    db.session.commit()
    assert "Freshly linked tool" not in _page(alice, path)


def test_a_members_own_draft_reaches_no_one_else(app, make_user, make_case_study, make_resource):
    alice, alice_user = _member(app, make_user)
    bob, _ = _member(app, make_user)
    draft = make_case_study(title="Alice draft", status="draft", author=alice_user, visibility="public")
    draft_tool = make_resource(title="Alice draft tool", status="draft", author=alice_user, visibility="public")
    assert "Sickness absence" in _page(alice, f"/case-studies/{draft.slug}")
    assert "Alice draft tool" in _page(alice, f"/resources/{draft_tool.slug}")
    assert bob.get(f"/case-studies/{draft.slug}").status_code == 404
    assert bob.get(f"/resources/{draft_tool.slug}").status_code == 404
    assert app.test_client().get(f"/case-studies/{draft.slug}").status_code == 404


def test_resource_body_is_shared_by_class_and_its_frame_stays_personal(
    app, client, make_user, make_case_study, make_resource
):
    alice, alice_user = _member(app, make_user, name="Alice Example")
    bob, _ = _member(app, make_user)
    tool = make_resource(title="Shared tool", visibility="public", author=alice_user)
    make_case_study(title="Public user of it", visibility="public").resources = [tool]
    make_case_study(title="Members only user of it", visibility="members").resources = [tool]
    db.session.add(SavedItem(user_id=alice_user.id, kind="resource", object_id=tool.id))
    db.session.commit()
    path = f"/resources/{tool.slug}"

    first = _page(alice, path)
    assert "Used in 2 case studies" in first and "Members only user of it" in first
    assert "Saved ✓ — remove" in first and "Upload a new version" in first
    second = _page(bob, path)
    assert "Used in 2 case studies" in second and "Saved ✓ — remove" not in second
    assert "Upload a new version" not in second and _csrf(second) != _csrf(first)
    third = _page(client, path)
    assert "Used in 1 case study" in third and "Members only user of it" not in third
    assert "Public user of it" in third and "csrf_token" not in third

    tool.reuse_terms = "Credit the Test NHS Trust"
    db.session.commit()
    assert "Credit the Test NHS Trust" in _page(bob, path)
