"""The signed-in member's home page leads with what is new in what they follow, their next booked
event, unanswered questions in their spaces and peers for them, in a bounded number of queries."""

from app.events.services import registration
from app.extensions import db
from app.notifications.models import Notification
from tests.kb.test_queries import count_queries


def _news(user, n):
    db.session.add_all(
        [
            Notification(user_id=user.id, type="new_content", event_key=f"n:{i}", title=f"New thing {i}", url="/")
            for i in range(n)
        ]
    )
    db.session.commit()


def _home_queries(client):
    client.application.extensions["page_cache"] = False  # the page's own queries, not a kept page
    client.get("/")
    with count_queries() as statements:
        response = client.get("/")
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


def test_the_member_home_page_leads_with_their_loop(client, auth, people, make_space, make_thread, make_event):
    space = make_space(members=[people.author, people.reader])
    make_thread(space, people.author, title="Who has a menopause clinic?")
    event = make_event(title="Regional OH forum")
    registration.register(event.id, people.reader.id)
    _news(people.reader, 2)
    auth.login(people.reader)
    few, page = _home_queries(client)
    assert page.index("New since your last visit") < page.index('id="home-search"')
    assert "New thing 1" in page and "Regional OH forum" in page and "Who has a menopause clinic?" in page
    assert "Peers for you" in page
    _news_more = 40
    db.session.add_all(
        [
            Notification(user_id=people.reader.id, type="reply", event_key=f"r:{i}", title=f"Reply {i}", url="/")
            for i in range(_news_more)
        ]
    )
    for n in range(10):
        make_thread(space, people.author, title=f"Question {n}")
    db.session.commit()
    many, _ = _home_queries(client)
    assert many == few  # the sections' queries do not grow with what there is to show


def test_visitors_see_the_usual_home_page(client):
    page = client.get("/").get_data(as_text=True)
    assert "New since your last visit" not in page and "A community of practice" in page
