"""Every hit respects visibility: public for all, members-only for members, drafts for no one."""

from app.extensions import db
from app.search import search
from app.search.engine import SearchRequest


def keys(text, member):
    return sorted(hit.title for hit in search.query(SearchRequest(text=text, member=member)).hits)


def test_public_items_for_everyone_members_items_for_members(probes):
    probes("Open toolkit on resilience")
    probes("Members resilience notes", visibility="members")
    assert keys("resilience", member=False) == ["Open toolkit on resilience"]
    assert keys("resilience", member=True) == ["Members resilience notes", "Open toolkit on resilience"]


def test_anonymous_page_hides_members_items_and_signed_in_page_shows_them(probes, find, auth, make_user):
    probes("Members-only burnout survey", visibility="members")
    status, html = find(q="burnout")
    assert status == 200 and "Members-only burnout survey" not in html and "0 results" in html
    assert "Sign in</a> to search content shared only with members" in html
    auth.login(make_user())
    status, html = find(q="burnout")
    assert "Members-only burnout survey" in html and "Members only" in html


def test_facet_counts_never_reveal_members_items(probes, find):
    probes("Public menopause guide", topics="Menopause")
    probes("Private menopause notes", topics="Menopause|Stigma", visibility="members")
    status, html = find(q="menopause")
    assert "Menopause (1)" in html and "Stigma" not in html


def test_draft_is_not_searchable_and_unpublishing_removes_it(probes):
    draft = probes("Draft sleep audit", published=False)
    assert keys("sleep", member=True) == []
    draft.published = True
    db.session.commit()
    assert keys("sleep", member=True) == ["Draft sleep audit"]
    draft.published = False
    db.session.commit()
    assert keys("sleep", member=True) == []


def test_changing_visibility_and_deleting_update_the_index(probes):
    item = probes("Fatigue risk toolkit")
    item.visibility = "members"
    db.session.commit()
    assert keys("fatigue", member=False) == []
    db.session.delete(item)
    db.session.commit()
    assert keys("fatigue", member=True) == []


def test_rolled_back_change_is_not_indexed(probes):
    probes("Rolled back item", commit=False)
    db.session.flush()
    db.session.rollback()
    assert keys("rolled", member=True) == []
