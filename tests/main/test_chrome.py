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


HEADER = re.compile(r'<header class="nhsuk-header".*?</header>', re.DOTALL)
TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')
SECTION_PAGES = ("/", "/case-studies/", "/resources/", "/events/", "/directory/", "/search?q=oh", "/no-such-page")
MEMBERS_ONLY = ("/directory/",)


def _shows(text, html):
    return re.search(r">\s*" + re.escape(text) + r"\s*<", html) is not None


def _header(html):
    return TOKEN.sub('name="csrf_token" value="TOKEN"', HEADER.search(html).group(0))


def _fresh_header(app, path, user):
    from flask_login import login_user

    from app import chrome

    with app.test_request_context(path):
        if user is not None:
            login_user(user)
        html = chrome.fill_slots(
            chrome.render_header(user is not None, chrome.current_section(), chrome.header_links())
        )
    return _header(html)


def test_cached_header_equals_a_freshly_rendered_one_for_every_kind_of_viewer(make_app, make_user):
    app = make_app()
    with app.app_context():
        viewers = [None, make_user(name="Mem Ber"), make_user(role="moderator", name="Mod"), make_user(role="admin")]
        for viewer in viewers:  # later viewers are served variants cached for earlier ones
            client = app.test_client()
            if viewer is not None:
                client.post("/auth/login", data={"email": viewer.email, "password": "correct horse battery"})
            for path in SECTION_PAGES:
                if viewer is None and path in MEMBERS_ONLY:
                    continue
                for _ in range(2):  # the first request fills the cache, the second reads it
                    served = _header(client.get(path).get_data(as_text=True))
                    assert served == _fresh_header(app, path, viewer), (viewer, path)
                if viewer is not None:
                    assert _shows(viewer.name, served)


def test_the_section_that_served_the_page_is_current_and_links_carry_the_mount_point(make_app, make_user):
    app = make_app()
    client = app.test_client()
    html = client.get("/events/", environ_overrides={"SCRIPT_NAME": "/ohwb"}).get_data(as_text=True)
    assert 'href="/ohwb/case-studies/"' in html and 'href="/ohwb/auth/login"' in html
    assert 'href="/ohwb/accessibility"' in html  # the footer too
    current = re.findall(r'nhsuk-header__navigation-item--current[^>]*>\s*<a[^>]*href="([^"]+)"', html)
    assert current == ["/ohwb/events/"]
    home = client.get("/").get_data(as_text=True)
    assert 'href="/case-studies/"' in home and "navigation-item--current" not in home


def test_a_name_that_looks_like_a_placeholder_is_shown_as_typed(make_app, make_user, auth):
    name = "__CSRF_TOKEN__ __SLOT_CSRF_TOKEN__ __SLOT_ACCOUNT_NAME__"
    auth.login(make_user(name=name))
    html = auth._client.get("/accessibility").get_data(as_text=True)
    assert _shows(name, html)


def test_anonymous_pages_set_no_session_cookie(client):
    response = client.get("/case-studies/")
    assert "Set-Cookie" not in response.headers


def test_a_feature_can_fill_its_own_slot_in_the_chrome(make_app, make_user):
    from app import chrome

    app = make_app()
    chrome.register_slot(app, "account_name", lambda: "Someone <else>")
    client = app.test_client()
    with app.app_context():
        email = make_user().email
    client.post("/auth/login", data={"email": email, "password": "correct horse battery"})
    assert _shows("Someone &lt;else&gt;", client.get("/").get_data(as_text=True))
