"""Comments on a case study or resource come 20 a page, oldest first: the count in the heading, the
NHS.UK pagination component between pages, the form on the last page, and every link to one
comment (after adding it, from a notification, from an email) opening the page that holds it."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.comments.models import Comment
from app.extensions import db
from app.notifications.models import Notification
from app.publishing.models import utcnow
from tests.kb.test_queries import count_queries


def add_comments(item, people, count):
    """`count` comments on `item`, a minute apart, numbered from 1 in their text; their ids in order."""
    start = utcnow() - timedelta(days=1)
    rows = [
        Comment(
            kind=item.kind,
            object_id=item.id,
            author_id=people[n % len(people)].id,
            body=f"Comment number {n}.",
            body_html=f"<p>Comment number {n}.</p>",
            created_at=start + timedelta(minutes=n),
        )
        for n in range(1, count + 1)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


def numbers(page):
    """The numbers of the comments a page shows, in order."""
    return [int(n) for n in re.findall(r"Comment number (\d+)\.", page)]


def pager_link(page, rel):
    """The href of the pagination component's "previous" or "next" link (None when there is none)."""
    match = re.search(rf'<a class="nhsuk-pagination__link[^"]*" href="([^"]+)" rel="{rel}"', page)
    return match.group(1).replace("&amp;", "&") if match else None


ADD_FORM = 'id="add-comment" method="post"'


@pytest.fixture(params=["case_study", "resource"])
def thread(request, make_user, make_case_study, make_resource):
    """A published item with 45 comments; (item, comment ids, its address)."""
    make = make_case_study if request.param == "case_study" else make_resource
    item = make(visibility="public")
    ids = add_comments(item, [make_user(), make_user()], 45)
    return item, ids, item.path


def test_45_comments_come_20_20_and_5_with_working_links(client, auth, make_user, thread):
    item, _, path = thread
    auth.login(make_user())
    first = client.get(path).get_data(as_text=True)
    assert "Comments (45)" in first and numbers(first) == list(range(1, 21))
    assert "Comments 1 to 20 of 45, oldest first. Page 1 of 3." in first
    assert 'aria-label="Pages of comments"' in first and pager_link(first, "prev") is None
    assert ADD_FORM not in first and f'href="{path}?page=3#add-comment">Add a comment</a>' in first

    second = client.get(pager_link(first, "next")).get_data(as_text=True)
    assert pager_link(first, "next") == f"{path}?page=2#comments"
    assert numbers(second) == list(range(21, 41)) and "Page 2 of 3" in second
    assert pager_link(second, "prev") == f"{path}#comments"  # page 1 is the item's own address

    third = client.get(pager_link(second, "next")).get_data(as_text=True)
    assert numbers(third) == list(range(41, 46)) and "Comments 41 to 45 of 45" in third
    assert pager_link(third, "next") is None and pager_link(third, "prev") == f"{path}?page=2#comments"
    assert ADD_FORM in third and "Add a comment</a>" not in third


def test_a_short_thread_has_no_pages_and_keeps_the_form(client, auth, make_user, make_case_study):
    item = make_case_study()
    auth.login(make_user())
    page = client.get(item.path).get_data(as_text=True)
    assert "Comments (0)" in page and "No comments yet." in page
    assert "nhsuk-pagination" not in page and ADD_FORM in page
    add_comments(item, [make_user()], 20)
    page = client.get(item.path).get_data(as_text=True)
    assert numbers(page) == list(range(1, 21)) and "nhsuk-pagination" not in page and ADD_FORM in page


def test_a_link_to_comment_30_opens_page_2(client, auth, make_user, thread):
    item, ids, path = thread
    auth.login(make_user())
    page = client.get(f"{path}?comment={ids[29]}").get_data(as_text=True)
    assert f'id="comment-{ids[29]}"' in page and numbers(page) == list(range(21, 41))
    # the comment wins over a page number (an old link keeps working)
    assert numbers(client.get(f"{path}?page=3&comment={ids[0]}").get_data(as_text=True)) == list(range(1, 21))


def test_new_comment_notification_and_email_open_its_page(client, auth, make_user, make_case_study, mailbox):
    author = make_user(email="author@nhs.net")
    item = make_case_study(author=author)
    add_comments(item, [make_user()], 45)
    auth.login(make_user(name="Late Commenter"))
    response = client.post(f"/comments/case_study/{item.slug}", data={"body": "Comment number 46."})
    new_id = db.session.scalar(select(Comment.id).where(Comment.body == "Comment number 46."))
    assert response.status_code == 302
    assert response.location.endswith(f"{item.path}?comment={new_id}#comment-{new_id}")
    landed = client.get(response.location).get_data(as_text=True)
    assert numbers(landed) == [41, 42, 43, 44, 45, 46] and "Your comment has been added." in landed
    auth.logout()

    auth.login(author)
    email_link = mailbox.link(mailbox.last("author@nhs.net"))
    assert email_link == f"{item.path}?comment={new_id}#comment-{new_id}"
    assert f'id="comment-{new_id}"' in client.get(email_link).get_data(as_text=True)
    notification = db.session.scalar(select(Notification).where(Notification.user_id == author.id))
    opened = client.get(f"/notifications/{notification.id}")
    assert opened.status_code == 302 and opened.location.endswith(email_link)
    assert f'id="comment-{new_id}"' in client.get(opened.location).get_data(as_text=True)


def test_a_page_past_the_end_is_the_last_page(client, auth, make_user, thread):
    _, _, path = thread
    auth.login(make_user())
    for page_number in ("4", "99", "10000", "2147483647"):
        response = client.get(f"{path}?page={page_number}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert numbers(page) == list(range(41, 46)) and ADD_FORM in page, page_number


ODD_PAGES = ["page=abc", "page=-1", "page=0", "page=1.5", "page=99999999999999999999999", "page=%00"]
ODD_PAGES += ["page=%D9%A3", "page=2&page=x"]  # an Arabic-Indic digit three; a repeated argument
ODD_COMMENTS = ["comment=abc", "comment=-1", "comment=0", "comment=99999999999999999999999", "comment=2147483647"]


@pytest.mark.parametrize("query", [*ODD_PAGES, *ODD_COMMENTS, "comment=%00"])
def test_odd_page_or_comment_numbers_show_page_1(client, auth, make_user, make_case_study, query):
    item = make_case_study()
    add_comments(item, [make_user()], 25)
    auth.login(make_user())
    response = client.get(f"{item.path}?{query}")
    assert response.status_code == 200
    expected = list(range(21, 26)) if query == "page=2&page=x" else list(range(1, 21))
    assert numbers(response.get_data(as_text=True)) == expected


def test_a_comment_on_another_item_or_hidden_from_the_viewer_is_not_a_page(
    client, auth, make_user, make_case_study, make_resource
):
    item = make_case_study()
    ids = add_comments(item, [make_user()], 45)
    other = make_resource()
    elsewhere = add_comments(other, [make_user()], 45)
    hidden = db.session.get(Comment, ids[44])
    hidden.hidden_at, hidden.hidden_reason = utcnow(), "Personal data"
    db.session.commit()
    auth.login(make_user())
    assert numbers(client.get(f"{item.path}?comment={elsewhere[44]}").get_data(as_text=True)) == list(range(1, 21))
    page = client.get(f"{item.path}?comment={ids[44]}").get_data(as_text=True)
    assert numbers(page) == list(range(1, 21)) and "Comments (44)" in page


def test_members_page_through_visible_comments_and_moderators_see_hidden_ones(client, auth, make_user, thread):
    item, ids, path = thread
    moderator = make_user(role="moderator")
    auth.login(moderator)
    response = client.post(f"/comments/{ids[4]}/hide", data={"reason": "Personal data"})
    assert response.location.endswith(f"?comment={ids[4]}#comment-{ids[4]}")
    page = client.get(response.location).get_data(as_text=True)
    assert "Hidden by a moderator: Personal data" in page and numbers(page) == list(range(1, 21))
    assert "Comments (44)" in page and "Comments 1 to 20 of 45" in page
    auth.logout()

    auth.login(make_user())
    second = client.get(f"{path}?page=2").get_data(as_text=True)
    assert "Comments (44)" in second and numbers(second) == list(range(22, 42))
    assert numbers(client.get(f"{path}?page=3").get_data(as_text=True)) == list(range(42, 46))
    auth.logout()

    auth.login(moderator)
    restored = client.post(f"/comments/{ids[4]}/restore")
    assert restored.location.endswith(f"?comment={ids[4]}#comment-{ids[4]}")
    assert "Comments (45)" in client.get(restored.location).get_data(as_text=True)


def test_deleting_a_comment_goes_back_to_its_page(client, auth, make_user, make_case_study):
    item = make_case_study()
    commenter = make_user()
    ids = add_comments(item, [commenter], 45)
    auth.login(commenter)
    response = client.post(f"/comments/{ids[29]}/delete")
    assert response.status_code == 302 and response.location.endswith(f"{item.path}?page=2#comments")
    page = client.get(response.location).get_data(as_text=True)
    assert "Comments (44)" in page and 30 not in numbers(page) and numbers(page)[-1] == 41
    edited = client.post(f"/comments/{ids[39]}/edit", data={"body": "Comment number 40 (edited)."})
    assert edited.location.endswith(f"{item.path}?comment={ids[39]}#comment-{ids[39]}")


def test_anonymous_visitors_are_asked_to_sign_in_on_the_last_page(client, make_user, make_case_study):
    item = make_case_study(visibility="public")
    add_comments(item, [make_user()], 45)
    first = client.get(item.path).get_data(as_text=True)
    assert f'href="{item.path}?page=3#add-comment">Add a comment</a>' in first and "Sign in</a> to comment" not in first
    last = client.get(f"{item.path}?page=3").get_data(as_text=True)
    assert "Sign in</a> to comment" in last and "next=/case-studies/" in last and "page%3D3" in last


def test_queries_per_page_do_not_grow_with_the_comments(client, auth, make_user, make_case_study):
    client.application.extensions["page_cache"] = False  # the page's own queries, not a kept page
    people = [make_user() for _ in range(5)]
    small, large = make_case_study(), make_case_study()
    small_ids = add_comments(small, people, 3)
    large_ids = add_comments(large, people, 300)
    auth.login(make_user(role="moderator"))
    for item in (small, large):  # warm-up: the first requests load the user, vocabularies and shared parts
        client.get(item.path)

    def queries(url):
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    plain = queries(small.path)
    assert queries(large.path) == queries(f"{large.path}?page=7") == plain
    # a link to one comment finds its page first (one query); a page past the end counts, then
    # reads the last page (two)
    assert queries(f"{small.path}?comment={small_ids[2]}") == queries(f"{large.path}?comment={large_ids[250]}")
    assert queries(f"{large.path}?comment={large_ids[250]}") == plain + 1
    assert queries(f"{small.path}?page=99") == queries(f"{large.path}?page=99") == plain + 2
