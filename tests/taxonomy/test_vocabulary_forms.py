"""Every form and filter offers the one topic list (with its new topics) and the new sectors."""

import pytest

NEW_TOPICS = ("Vaccination", "Infection prevention and control", "Sickness absence", "Health promotion")
NEW_SECTORS = ("Hospice", "Voluntary and charity (VCSE)", "Independent provider")
RETIRED = ("Timely intervention", "Promotion of health and wellbeing")  # SEQOHS names, now topics


@pytest.mark.parametrize(
    "path, sectors",
    [
        ("/directory/me/edit", True),
        ("/case-studies/new", True),
        ("/resources/new", True),
        ("/events/new", False),
        ("/events/", False),
    ],
)
def test_forms_offer_the_new_topics_and_sectors(client, auth, make_user, path, sectors):
    auth.login(make_user(role="moderator"))
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for name in NEW_TOPICS:
        assert name in html, (path, name)
    for name in RETIRED:
        assert name not in html, (path, name)
    if sectors:
        for name in NEW_SECTORS:
            assert name in html, (path, name)


def test_profile_specialisms_and_content_topics_are_the_same_list(client):
    from app.case_studies.forms import CaseStudyForm
    from app.directory.forms import ProfileForm
    from app.taxonomy.services import term_choices

    with client.application.test_request_context():
        profile_form, case_study_form = ProfileForm(), CaseStudyForm()
        topics = [label for _value, label in term_choices("topic")]
        assert len(topics) == 20
        assert [choice.label for choice in profile_form.specialisms.choices] == topics
        assert [choice.label for choice in profile_form.mentoring_topics.choices] == topics
        assert [label for _value, label in case_study_form.topics.choices] == topics
