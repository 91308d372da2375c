from tests.conftest import DEFAULT_PASSWORD  # noqa: F401


def test_pages_render(client, auth, make_user, make_space, make_thread):
    member = make_user(name="Priya Shah")
    space = make_space(managers=[member])
    thread = make_thread(space, member, replies=3)
    auth.login(member)
    for url in [
        "/spaces/",
        f"/spaces/{space.slug}",
        f"/spaces/{space.slug}/members",
        f"/spaces/{space.slug}/edit",
        f"/spaces/{space.slug}/threads/new",
        "/ask/",
        "/ask/new",
        f"/threads/{thread.id}",
        "/spaces/moderation",
        f"/threads/{thread.id}/report",
        f"/threads/{thread.id}/hide",
        f"/threads/{thread.id}/move",
        f"/threads/{thread.id}/merge",
    ]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[-3000:])
