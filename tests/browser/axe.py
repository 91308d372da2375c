"""Accessibility check: run axe-core on a page and fail on serious or critical WCAG 2.2 A/AA issues;
`check_page` adds the checks every page of a journey gets (status, one h1, no console error)."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING = {"serious", "critical"}

_axe = Axe()


def assert_accessible(page, context=None):
    """Assert the current page has no serious or critical WCAG 2.2 A/AA violations."""
    violations = _violations(page, context)
    if violations:
        # The NHS.UK header script moves navigation items into "More" after load; on a busy
        # machine axe can catch a link mid-move (a colour-contrast reading of a half-placed
        # link). A real violation is still there once the page has settled.
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        violations = _violations(page, context)
    report = "\n".join(
        f"- [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in violations
    )
    assert not violations, f"axe found accessibility violations on {page.url}:\n{report}"


def _violations(page, context):
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, context=context, options=options)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING]


def check_page(page, path=None, status=200):
    """Open `path` (or check the current page): the status, one h1, axe clean, nothing in the console
    (`page.errors`, collected by the `sized` fixture)."""
    if path is not None:
        response = page.goto(path)
        assert response.status == status, path
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert page.errors == [], page.errors
