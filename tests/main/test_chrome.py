"""The cached header shows each member their own name and a working sign-out token."""

import re


def test_each_member_sees_their_own_name_and_token(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        first, second = make_user(name="First Person"), make_user(name="Second <b>Person</b>")
        pages = []
        for user in (first, second):
            client = app.test_client()
            login = client.get("/auth/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
            client.post(
                "/auth/login", data={"email": user.email, "password": "correct horse battery", "csrf_token": token}
            )
            html = client.get("/accessibility").get_data(as_text=True)
            pages.append(html)
            header_token = re.search(
                r'action="/auth/logout" method="post"><input type="hidden" name="csrf_token" value="([^"]+)"', html
            ).group(1)
            assert client.post("/auth/logout", data={"csrf_token": header_token}).status_code == 302
            assert client.get("/account/").status_code == 302
        assert "First Person" in pages[0] and "Second" not in pages[0]
        assert "Second &lt;b&gt;Person&lt;/b&gt;" in pages[1] and "First Person" not in pages[1]


def test_current_section_is_marked_and_anonymous_header_offers_sign_in(client):
    html = client.get("/accessibility").get_data(as_text=True)
    assert "Sign in" in html and "Register" in html and "aria-current" not in html
