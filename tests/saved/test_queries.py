"""The Saved page costs the same few queries however many items of each kind are on it: one
query per kind on the page, never one per item (threads included)."""

from app.extensions import db
from app.saved.models import SavedItem
from tests.inbox.test_queries import _queries

# Measured: 10 (the member, the header's inbox count, the facet counts, the page and its count,
# and one per kind on the page: five kinds) for 5 or 30 saved items; 6 with one kind's facet.
CEILING = 10


def _save_one_of_each(member, make_case_study, make_resource, make_event, make_profile, make_space, make_thread, n):
    space = make_space(name=f"Network {n}")
    for kind, item in (
        ("case_study", make_case_study(title=f"Study {n}")),
        ("resource", make_resource(title=f"Resource {n}")),
        ("event", make_event(title=f"Event {n}")),
        ("profile", make_profile(display_name=f"Peer {n}")),
        ("thread", make_thread(space, member, title=f"Thread {n}", replies=2)),
    ):
        db.session.add(SavedItem(user_id=member.id, kind=kind, object_id=item.id))
    db.session.commit()


def test_saved_page_queries_do_not_grow(
    client, auth, make_user, make_case_study, make_resource, make_event, make_profile, make_space, make_thread
):
    member = make_user()
    factories = (make_case_study, make_resource, make_event, make_profile, make_space, make_thread)
    _save_one_of_each(member, *factories, 0)
    auth.login(member)
    few = _queries(client, "/saved/")
    for n in range(1, 6):
        _save_one_of_each(member, *factories, n)
    many = _queries(client, "/saved/")
    threads_only = _queries(client, "/saved/?type=thread")
    assert few == many <= CEILING, (few, many)
    assert threads_only < many
    page = client.get("/saved/").get_data(as_text=True)
    assert "All (30)" in page and "Thread 5" in page and "Next" in page
