"""The search results page: sorting by links beside the results, and the filter panel's count."""


def test_sort_is_a_pair_of_links_that_keep_the_search(probes, client):
    probes("Menopause cafe", topics="Menopause")
    probes("Menopause clinic", topics="Menopause")
    html = client.get("/search?q=menopause&topic=Menopause").get_data(as_text=True)
    assert '<strong aria-current="true">Best match</strong>' in html
    assert 'href="/search?q=menopause&amp;sort=date&amp;topic=Menopause">Newest first</a>' in html
    by_date = client.get("/search?q=menopause&sort=date").get_data(as_text=True)
    assert '<strong aria-current="true">Newest first</strong>' in by_date
    # A new query from the box keeps the chosen order.
    assert '<input type="hidden" name="sort" value="date">' in by_date


def test_the_filter_panel_counts_the_filters_applied(probes, client):
    probes("Menopause cafe", topics="Menopause")
    html = client.get("/search?q=menopause").get_data(as_text=True)
    assert "Filter results" in html and "applied)" not in html
    html = client.get("/search?q=menopause&topic=Menopause&topic=Stigma&when=upcoming").get_data(as_text=True)
    assert "Filter results (3 applied)" in html
