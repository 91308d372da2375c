"""What a search finds: relevance, stemming, phrases, acronyms, AND then OR, suggestions."""

from app.search import search
from app.search.engine import SearchRequest


def titles(text, member=True, **options):
    page = search.query(SearchRequest(text=text, member=member, **options))
    return [hit.title for hit in page.hits]


def test_distinctive_phrase_finds_its_document_first(probes):
    probes("Staff wellbeing hub", body="A hub for staff wellbeing with rest spaces and peer support.")
    probes("Rest spaces in theatres", body="Quiet rest spaces near theatres helped staff recover between lists.")
    probes("Wobble room pilot", body="We opened a wobble room with rest spaces for emergency department staff.")
    assert titles('"wobble room"')[0] == "Wobble room pilot"
    assert titles("wobble room rest")[0] == "Wobble room pilot"


def test_title_outranks_summary_outranks_body(probes):
    probes("Night shift guide", body="Advice on fatigue for the night.")
    probes("Fatigue toolkit", body="Tools for tired teams.")
    probes("Rota design", summary="Cutting fatigue through better rotas", body="Rotas.")
    assert titles("fatigue") == ["Fatigue toolkit", "Rota design", "Night shift guide"]


def test_stemming_maps_run_running_and_runs_together(probes):
    probes("Couch to 5k running club", body="Colleagues met at lunchtime.")
    probes("Lunchtime walks", body="She runs the walking group.")
    probes("Park run for staff", body="Every Saturday.")
    for word in ("run", "running", "runs"):
        assert sorted(titles(word)) == ["Couch to 5k running club", "Lunchtime walks", "Park run for staff"], word


def test_phrase_in_quotes_needs_the_words_together(probes):
    probes("Team huddles", body="Health and wellbeing conversations in every huddle.")
    probes("Wellbeing conversations", body="Leaders asked about health before wellbeing checks.")
    assert titles('"wellbeing conversations"') == ["Wellbeing conversations", "Team huddles"] or titles(
        '"wellbeing conversations"'
    ) == ["Team huddles", "Wellbeing conversations"]
    assert titles('"health and wellbeing conversations"') == ["Team huddles"]


def test_acronyms_find_their_expansion_and_back(probes):
    probes("Back care", body="A musculoskeletal self-referral service for staff.")
    probes("Employee assistance programme review", body="Counselling uptake doubled.")
    probes("TRiM practitioners", body="Peer support after incidents.")
    assert titles("MSK") == ["Back care"]
    assert titles("msk self-referral") == ["Back care"]
    assert titles("EAP") == ["Employee assistance programme review"]
    assert titles("trauma risk management") == ["TRiM practitioners"]


def test_and_first_then_or_when_and_finds_nothing(probes):
    probes("Menopause cafe", body="Monthly drop-in.")
    probes("Sleep clinic", body="Advice on sleep hygiene.")
    page = search.query(SearchRequest(text="menopause sleep", member=True))
    assert page.used_or and page.total == 2
    probes("Menopause and sleep", body="Night sweats and insomnia.")
    page = search.query(SearchRequest(text="menopause sleep", member=True))
    assert not page.used_or and [h.title for h in page.hits] == ["Menopause and sleep"]


def test_did_you_mean_suggests_a_known_word(probes, find):
    probes("Menopause support", body="Guidance for managers.")
    page = search.query(SearchRequest(text="menopuase support", member=True))
    assert page.suggestion == "menopause support"
    status, html = find(q="menopuase")
    assert status == 200 and "Did you mean" in html and "menopause" in html


def test_snippet_highlights_the_match_and_escapes_html(probes):
    probes(
        "Safety huddles",
        body="<script>alert(1)</script> "
        + "Filler words about rotas. " * 50
        + "The violence reduction standard was met.",
    )
    page = search.query(SearchRequest(text="violence standard", member=True))
    snippet = str(page.hits[0].snippet)
    assert "<mark>violence</mark>" in snippet.lower() and "<mark>standard</mark>" in snippet.lower()
    assert "<script>" not in snippet
    page = search.query(SearchRequest(text="alert script", member=True))
    snippet = str(page.hits[0].snippet)
    assert "<script>" not in snippet and "&lt;/<mark>script</mark>&gt;" in snippet


def test_prefix_and_exclusion(probes):
    probes("Management training", body="For new managers.")
    probes("Manual handling", body="Back care.")
    probes("Wellbeing walks", body="Outdoors.")
    assert sorted(titles("manag*")) == ["Management training"]
    assert sorted(titles("man* -handling")) == ["Management training"]


def test_stop_words_are_not_required_terms(probes):
    probes("What works in staff recognition", body="Thank-you cards that mattered.")
    assert titles("that recognition") == ["What works in staff recognition"]
    assert titles("the") == []


def test_tags_are_searchable_as_words_but_not_keywords(probes):
    probes("Drop-in clinic", body="Weekly sessions.", topics="Menopause")
    assert titles("menopause") == ["Drop-in clinic"]


def test_acronym_search_highlights_the_expansion_in_the_snippet(probes):
    probes("Back care", summary="A musculoskeletal self-referral service for staff.")
    page = search.query(SearchRequest(text="MSK", member=True))
    assert "<mark>musculoskeletal</mark>" in str(page.hits[0].snippet).lower()


def test_lower_case_oh_in_text_is_not_occupational_health(probes):
    probes("Oh what a night", body="oh well, the rota changed.")
    probes("OH team", body="The OH service moved.")
    assert titles("occupational health") == ["OH team"]
