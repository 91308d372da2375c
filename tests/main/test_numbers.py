"""Odd numbers in URLs, query strings and forms: out-of-range ids are 404, odd page numbers are page 1."""

import flask
import pytest
from flask import current_app
from sqlalchemy import select

from app.events.models import EventRegistration
from app.extensions import db
from app.routing import IdConverter
from tests.world import build_world

HUGE_IDS = ["2147483648", "99999999999999999999", "0", "00000000000"]
ODD_PAGES = ["99999999999999999999", "²", "٣", "-1", "+2", "1e3", "0x10", " 2", "", "1.5", "٢٣"]


def id_rules(app):
    return [
        rule for rule in app.url_map.iter_rules() if any(isinstance(c, IdConverter) for c in rule._converters.values())
    ]


def test_every_numeric_url_argument_uses_the_id_converter(app):
    numeric = [
        rule
        for rule in app.url_map.iter_rules()
        for converter in rule._converters.values()
        if converter.__class__.__name__ in ("IntegerConverter", "NumberConverter", "FloatConverter")
    ]
    assert not numeric, f"rules with a raw number converter: {[r.rule for r in numeric]}"
    assert len(id_rules(app)) >= 20


@pytest.mark.parametrize("value", HUGE_IDS)
def test_ids_beyond_the_database_integer_are_404_on_every_route(app, client, auth, make_user, value):
    world = build_world(make_user)
    auth.login(world.users["moderator"])
    for rule in id_rules(current_app):
        real, template = world.url(rule).split("/"), rule.rule.split("/")
        for name, converter in rule._converters.items():
            if not isinstance(converter, IdConverter):
                continue
            url = "/".join(value if part == f"<id:{name}>" else real[i] for i, part in enumerate(template))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method)
                # 405 where the path happens to fit another rule's shape (/comments/<kind>/<slug> is POST only)
                assert response.status_code in (404, 405), (method, url, response.status_code)


def test_a_real_id_still_works_and_urls_are_built_with_plain_numbers(app, client, auth, make_user):
    world = build_world(make_user)
    auth.login(world.users["member"])
    from flask import url_for

    with current_app.test_request_context():
        assert (
            url_for("comments.edit", comment_id=world.ids["comment_id"]) == f"/comments/{world.ids['comment_id']}/edit"
        )
    assert client.get(f"/comments/{world.ids['comment_id']}/edit").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/events/", "/case-studies/", "/resources/", "/directory/", "/directory/reports", "/search?q=menopause"],
)
def test_odd_page_numbers_are_page_one(app, client, auth, make_user, path):
    world = build_world(make_user)
    auth.login(world.users["moderator"])
    joiner = "&" if "?" in path else "?"
    first = client.get(path)
    assert first.status_code == 200
    for page in ODD_PAGES:
        response = client.get(f"{path}{joiner}page={page}")
        assert response.status_code == 200, (path, page)
    assert client.get(f"{path}{joiner}page=123456789").status_code == 200


def test_odd_page_numbers_on_the_attendee_list_are_page_one(app, client, auth, make_user):
    world = build_world(make_user)
    auth.login(world.users["organiser"])
    for page in ODD_PAGES:
        response = client.get(f"/events/{world.slugs['events']}/attendees?page={page}")
        assert response.status_code == 200 and "Member Person" in response.get_data(as_text=True), page


def test_attendance_ignores_posted_ids_that_are_not_ids(app, client, auth, make_user):
    world = build_world(make_user)
    auth.login(world.users["organiser"])
    booking = world.ids["registration_id"]
    response = client.post(
        f"/events/{world.slugs['events']}/attendance",
        data={"shown": [str(booking), "99999999999999999999", "²", "-4"], "attended": [str(booking), "2147483648"]},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(EventRegistration.attended).filter_by(id=booking)) is True


@pytest.mark.parametrize(
    "query", ["/directory/?q=a%00b", "/search?q=%00", "/events/?page=1%00", "/case-studies/?x%00=1"]
)
def test_a_nul_in_the_query_string_never_reaches_the_database(client, auth, make_user, query):
    """PostgreSQL refuses NUL in any text: a NUL in the directory filter once gave a 500 there."""
    auth.login(make_user())
    assert client.get(query).status_code == 200


def test_query_arguments_arrive_without_nul_characters(app):
    with app.test_request_context("/directory/?q=a%00b&p%00age=2"):
        assert flask.request.args.to_dict() == {"q": "ab", "page": "2"}
