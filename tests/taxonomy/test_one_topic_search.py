"""One topic facet in site search finds practitioners (by their specialisms), case studies and
events alike, since they all take their topics from the one list."""

from tests.directory import conftest as directory_fixtures
from tests.directory.conftest import term
from tests.kb import conftest as kb_fixtures

make_profile = directory_fixtures.make_profile  # the directory's and knowledge base's factory fixtures
make_case_study = kb_fixtures.make_case_study


def test_a_topic_facet_finds_profiles_and_content(client, auth, make_user, make_profile, make_case_study):
    make_profile(display_name="Vera Vaccinator", specialisms=[("topic", "vaccination")])
    make_profile(display_name="Mo Menopause", specialisms=[("topic", "menopause")])
    make_case_study(title="Flu vaccination uptake in community teams", topics=("vaccination",))
    make_case_study(title="Menopause cafes", topics=("menopause",))
    auth.login(make_user())
    response = client.get("/search", query_string={"topic": term("topic", "vaccination").name})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Vera Vaccinator" in html and "Flu vaccination uptake in community teams" in html
    assert "Mo Menopause" not in html and "Menopause cafes" not in html
