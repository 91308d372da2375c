"""The directory page: facets with counts, text search, pagination, and a bounded query count."""

import contextlib

import pytest
from sqlalchemy import event

from app.directory.models import Connection, MentoringPair
from app.extensions import db
from tests.directory.conftest import ics, term


@contextlib.contextmanager
def count_queries():
    """Count SQL statements sent while the block runs."""
    counter = {"n": 0}

    def before(conn, cursor, statement, parameters, context, executemany):
        counter["n"] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def test_facets_count_and_filter(client, auth, make_user, make_profile):
    make_profile(display_name="Ann Leeds", ics=ics("west-yorkshire"), professions=["oh-nurse"], is_solo=True)
    make_profile(display_name="Bob Leeds", ics=ics("west-yorkshire"), professions=["oh-physician"])
    make_profile(
        display_name="Cat Devon", ics=ics("devon"), professions=["oh-nurse"], offers_mentoring=True, max_mentees=2
    )
    make_profile(
        display_name="Dan Kent",
        ics=ics("kent-and-medway"),
        sector=term("sector", "ambulance"),
        open_peer_support=True,
        specialisms=[("topic", "menopause")],
    )
    auth.login(make_user())
    html = client.get("/directory/").get_data(as_text=True)
    assert "4 practitioners" in html
    assert "North East and Yorkshire (2)" in html and "South West (1)" in html
    assert "West Yorkshire (2)" in html and "OH nurse (2)" in html
    assert "Solo practitioner (1)" in html and "Open to mentoring (1)" in html and "Open to peer support (1)" in html
    assert "Ambulance (1)" in html and "Menopause (1)" in html
    leeds = client.get("/directory/?ics=west-yorkshire").get_data(as_text=True)
    assert "2 practitioners" in leeds and "Ann Leeds" in leeds and "Cat Devon" not in leeds
    # Counts for other facets follow the filter; the chosen facet keeps its own options.
    assert "OH nurse (1)" in leeds and "OH physician (1)" in leeds and "Devon (1)" in leeds
    both = client.get("/directory/?ics=west-yorkshire&profession=oh-nurse&solo=1").get_data(as_text=True)
    assert "1 practitioner" in both and "Ann Leeds" in both
    assert "Cat Devon" in client.get("/directory/?mentoring=1").get_data(as_text=True)
    assert "Dan Kent" in client.get("/directory/?peer_support=1&sector=ambulance&specialism=menopause").get_data(
        as_text=True
    )
    unknown = client.get("/directory/?region=atlantis&page=abc&profession=%00")
    assert unknown.status_code == 200 and "4 practitioners" in unknown.get_data(as_text=True)


def test_text_search_over_visible_fields(client, auth, make_user, make_profile):
    make_profile(display_name="Grace Hopper", organisation="Leeds Trust", job_title="Ergonomist")
    make_profile(display_name="Ken Thompson", bio_markdown="I run 100% TRiM_sessions", bio_html="<p>x</p>")
    make_profile(display_name="Linus", specialisms=[("topic", "sleep-and-fatigue")])
    auth.login(make_user())

    def names(q):
        return client.get("/directory/", query_string={"q": q}).get_data(as_text=True)

    assert "Grace Hopper" in names("grace") and "Grace Hopper" in names("LEEDS") and "Grace Hopper" in names("ergo")
    assert "Ken Thompson" in names("trim_sess") and "Ken Thompson" in names("100%")
    assert "Grace Hopper" not in names("100%")
    assert "Linus" in names("sleep")
    assert "1 practitioner" in names("%") and "Grace Hopper" not in names("_")
    assert client.get("/directory/", query_string={"q": "x" * 5000}).status_code == 200
    assert "&lt;script&gt;" in names("<script>alert(1)</script>")


def test_pagination(client, auth, make_user, make_profile, app):
    for i in range(25):
        make_profile(display_name=f"Person {i:02d}")
    auth.login(make_user())
    first = client.get("/directory/").get_data(as_text=True)
    assert "25 practitioners" in first and "Person 00" in first and "Person 20" not in first
    assert "Page 1 of 2" in first
    second = client.get("/directory/?page=2").get_data(as_text=True)
    assert "Person 20" in second and "Person 00" not in second
    assert client.get("/directory/?page=99").status_code == 200


def _populate(make_user, make_profile, count):
    systems = [ics("west-yorkshire"), ics("devon"), ics("kent-and-medway"), ics("north-central-london")]
    profiles = []
    for i in range(count):
        profiles.append(
            make_profile(
                display_name=f"Bulk {i:03d}",
                ics=systems[i % 4],
                sector=term("sector", "acute"),
                professions=["oh-nurse", "oh-physician"][: 1 + i % 2],
                specialisms=[("topic", "menopause"), ("topic", "vaccination")][: 1 + i % 2],
                roles=["ohwb-lead"],
                is_solo=i % 3 == 0,
                open_peer_support=i % 2 == 0,
                offers_mentoring=i % 5 == 0,
                max_mentees=2,
                photo_name="x.jpg" if i % 4 == 0 else None,
            )
        )
    return profiles


@pytest.mark.parametrize(
    "path",
    [
        "/directory/",
        "/directory/?q=bulk&region=london",
        "/directory/peers",
        "/directory/network",
        "/directory/mentoring",
    ],
)
def test_query_count_is_bounded(client, auth, make_user, make_profile, path):
    me = make_user()
    make_profile(user=me, specialisms=[("topic", "menopause")], ics=ics("devon"))

    def measure():
        client.get(path)  # warm caches
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter["n"]

    def link(profiles):
        for i, profile in enumerate(profiles):
            status = "accepted" if i % 2 else "pending"
            db.session.add(Connection(requester_id=profile.user_id, recipient_id=me.id, status=status))
            pair_status = "active" if i % 2 else "pending"
            db.session.add(MentoringPair(mentor_id=me.id, mentee_id=profile.user_id, status=pair_status))
        db.session.commit()

    auth.login(me)
    created = _populate(make_user, make_profile, 10)
    link(created[:4])
    small = measure()
    link(created[4:] + _populate(make_user, make_profile, 70))
    large = measure()
    assert large <= small + 1, (small, large)
    assert large <= 30, large


def test_home_page_section_counts_listed_profiles(client, make_profile):
    make_profile(ics=ics("devon"))
    make_profile(ics=ics("west-yorkshire"))
    make_profile(ics=ics("north-central-london"), hidden=("region",))
    make_profile(listed=False)
    html = client.get("/").get_data(as_text=True)
    assert "3 practitioners are in the directory, in 2 of the 7 NHS England regions" in html
    assert "See peers for you" not in html
