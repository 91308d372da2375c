"""The saved-searches page shows its feed link as a link, not as escaped HTML text."""

from sqlalchemy import select

from app.extensions import db
from app.search.models import SavedSearch


def test_feed_link_is_a_real_link(client, auth, make_user):
    auth.login(make_user())
    client.post(
        "/search/save",
        data={"q": "menopause <b>cafés</b>", "facets": "topic=Menopause", "name": "Tom & Jerry's <search>"},
    )
    saved = db.session.scalar(select(SavedSearch))
    response = client.get("/search/saved")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<a href="/feeds/search/{saved.feed_token}.atom">Feed of new matches' in html
    assert "&lt;a" not in html and "&amp;lt;" not in html
    # What members typed is still escaped once: shown as text, never as markup.
    assert "Tom &amp; Jerry&#39;s &lt;search&gt;" in html and "<search>" not in html
    assert "menopause &lt;b&gt;cafés&lt;/b&gt;" in html
