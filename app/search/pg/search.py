"""Running one search on PostgreSQL: the same SearchRequest in, the same SearchPage out.

One statement finds the matches once and returns their count, the count of each facet value
among them, the upcoming and past events, the adaptations whose original also matches (folded
under it) and the first of them ranked (ts_rank: title A, summary B, labels and facets C, body
and files D; or newest first); one more reads the page's documents, and ts_headline marks the
snippets. The best POOL candidates are reordered by the same relevance rules as the Whoosh
backend (app/search/ranking.py), from features read off their titles and summaries.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from markupsafe import Markup, escape
from sqlalchemy import text

from app.extensions import db
from app.search import query as query_builder
from app.search import ranking, synonyms, terms
from app.search.analysis import FACETS, SNIPPET_FIELDS
from app.search.pg import sql, suggest
from app.search.pg.writer import CONFIG, SEPARATORS
from app.search.registry import TYPES
from app.search.results import MAX_ADAPTATIONS_SHOWN, POOL, WHEN, FacetValue, Hit, SearchPage, fallback_snippet

WINDOW = 400
WORK_MEM = "32MB"  # for one search's statements (see `run`)
NORM = "0"  # ts_rank normalisation: none (measured best on the relevance set)
# Control characters never reach the index (indexer._clean), so they can mark matches safely:
# the headline is escaped as a whole, then the markers become <mark> tags.
START, STOP, BETWEEN = "\x02", "\x03", "\x04"
# Separators become control characters (blanks to the parser, as they are spaces in the
# tsvector) and come back, escaped, after the headline is made.
_HIDE = str.maketrans({ch: chr(0x0E + n) for n, ch in enumerate(SEPARATORS)})
_SHOW = {chr(0x0E + n): str(escape(ch)) for n, ch in enumerate(SEPARATORS)}
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, FragmentDelimiter={BETWEEN}, MaxFragments=2, MaxWords=30, MinWords=12"
)


@dataclass
class Matches:
    total: int = 0
    facets: dict[str, int] = field(default_factory=dict)
    when: dict[str, int] = field(default_factory=dict)
    head_of: dict[str, str] = field(default_factory=dict)  # adaptation key -> original key
    top: list[tuple[str, float]] = field(default_factory=list)  # the first ranked (key, score)
    rest: list[tuple[str, float]] = field(default_factory=list)  # the second ranking tier's first


def _matches(where, params, fold, order=None):
    """Counts over the matches and, when `order` is given, the first of them ranked: one
    statement, so the matching rows are found (a phrase's word positions checked) only once.

    `order` is ("date", limit) for newest first, or ("rank", limit, head tsquery or None) for
    the two ranking tiers of the Whoosh backend. The first: the matches with a query word in
    their title or summary, by ts_rank on those two fields alone (a short tsvector kept beside
    the row, cheap to read). The second, only when the first is short of `limit`: the other
    matches, ranked on every field. A broad query on a large index thus never ranks the long
    tsvectors of thousands of matches. The adaptations folded under their original are
    fetched beyond `limit`, as they are left out of the page.
    """
    head, ranked, params = "NULL::real", "", dict(params)
    limit = ":limit + (SELECT count(*) FROM folded)" if fold else ":limit"
    if order and order[0] == "date":
        ranked = _numbered(4, "SELECT m.key, 0 AS score, m.id, m.date FROM m", "date DESC NULLS LAST, id", limit)
        params["limit"] = order[1]
    elif order:
        if order[2]:
            head = f"""CASE WHEN d.head_tsv @@ CAST(:head AS tsquery)
                THEN ts_rank(d.head_tsv, CAST(:head AS tsquery), {NORM}) END"""
        first = "SELECT m.key, m.score, m.id FROM m WHERE m.score IS NOT NULL"
        second = f"""SELECT m.key, ts_rank(d.tsv, CAST(:tsq AS tsquery), {NORM}) AS score, m.id
            FROM m JOIN search_document d ON d.id = m.id
            WHERE m.score IS NULL AND (SELECT count(*) FROM m WHERE m.score IS NOT NULL) < {limit}"""
        ranked = _numbered(4, first, "score DESC, id", limit) + _numbered(5, second, "score DESC, id", limit)
        params.update(limit=order[1], head=order[2])
    folding = "UNION ALL SELECT 3, key || ' ' || adapted_from, 0, 0 FROM folded"
    statement = f"""
        WITH m AS MATERIALIZED (
            SELECT d.id, d.key, d.adapted_from, d.facets, d.has_when, d.date, {head} AS score
            {where}),
        folded AS (SELECT a.key, a.adapted_from FROM m a JOIN m o ON o.key = a.adapted_from
            WHERE a.adapted_from IS NOT NULL)
        SELECT 0, '', count(*), 0 FROM m
        UNION ALL SELECT 1, f, count(*), 0 FROM (SELECT unnest(m.facets) AS f FROM m) AS v GROUP BY f
        UNION ALL SELECT 2, 'upcoming', count(*), 0 FROM m WHERE m.has_when AND m.date >= :now
        UNION ALL SELECT 2, 'past', count(*), 0 FROM m WHERE m.has_when AND m.date < :now
        {folding if fold else ""}
        {ranked}
    """
    found, tiers = Matches(), {4: [], 5: []}
    for part, value, count, score in db.session.execute(text(statement), params):
        if part == 0:
            found.total = count
        elif part == 1:
            found.facets[value] = count
        elif part == 2:
            found.when[value] = count
        elif part == 3:
            adaptation, original = value.split(" ", 1)
            found.head_of[adaptation] = original
        else:
            tiers[part].append((count, value, float(score)))
    found.top, found.rest = ([(key, score) for _, key, score in sorted(tier)] for tier in tiers.values())
    return found


def _numbered(part, rows, order, limit):
    """UNION ALL the first `limit` of `rows` (key, score, id, ...) in `order`, numbered."""
    return f"""UNION ALL SELECT {part}, t.key, row_number() OVER (), t.score
        FROM ({rows} ORDER BY {order} LIMIT {limit}) AS t
    """


def _facet_counts(found, request):
    by_field = defaultdict(dict)
    for value, count in found.facets.items():
        name, _, shown = value.partition(":")
        by_field[name][shown] = count
    facets = []
    for name, param, heading in FACETS:
        chosen = set(request.filters.get(param, []))
        counts = by_field.get(name, {})
        values = [FacetValue(v, counts.get(v, 0), v in chosen) for v in sorted(set(counts) | chosen)]
        values.sort(key=lambda v: (-v.count, v.value))
        if values:
            facets.append((param, heading, values))
    when_values = []
    for value, label in WHEN:
        count = found.when.get(value, 0)
        if count or request.when == value:
            when_values.append(FacetValue(label, count, request.when == value))
    if when_values:
        facets.append(("when", "Events", when_values))
    return facets


def _order(parsed, request, by_date):
    """What `_matches` ranks: the newest, or the two tiers (the first only when a word is left
    for it); as many as the page asked for needs, or the relevance rules' pool."""
    limit = max(request.page * request.page_size, POOL)
    if by_date:
        return ("date", limit)
    related = synonyms.related_words([w for part in parsed.positive for w in part.words])
    return ("rank", limit, sql.head_tsquery(parsed, related))


def _typed_pairs(parsed):
    """Each two words typed one after the other (stop words between them kept, as they take a
    position in the tsvector too), for the phrase feature: "return on investment"."""
    words = [w for part in parsed.positive if part.kind != "prefix" for w in part.words]
    kept = [(n, query_builder.analyse(w)) for n, w in enumerate(words)]
    kept = [(n, stems[0]) for n, stems in kept if stems]
    return [
        " ".join(words[a : b + 1]) for (a, stem_a), (b, stem_b) in zip(kept, kept[1:], strict=False) if stem_a != stem_b
    ]


def _features(keys, parsed):
    """{key: (kind, title, summary, past, [adjacent typed pairs found together])} for the pool."""
    pairs = _typed_pairs(parsed)
    together = ", ".join(f"d.tsv @@ phraseto_tsquery('{CONFIG}', :pair{n})" for n in range(len(pairs)))
    statement = f"""SELECT d.key, d.kind, d.title, d.summary, d.has_when AND d.date < :now,
        ARRAY[{together or "false"}] FROM search_document d WHERE d.key = ANY(CAST(:keys AS text[]))"""
    params = {"keys": keys, "now": datetime.now(UTC).replace(tzinfo=None)}
    params.update({f"pair{n}": pair for n, pair in enumerate(pairs)})
    rows = db.session.execute(text(statement), params).all()
    return {r[0]: r[1:] for r in rows}, len(pairs)


def _rerank(top, parsed):
    """The pool reordered by the relevance rules (app/search/ranking.py)."""
    if len(top) < 2:
        return top
    features, pair_count = _features([key for key, _ in top], parsed)
    stems = sorted(
        {s for part in parsed.positive if part.kind != "prefix" for w in part.words for s in query_builder.analyse(w)}
    )
    prefixes = [part.words[0] for part in parsed.positive if part.kind == "prefix"]
    alternatives = terms.synonym_stems(parsed)
    wanted = stems[: terms.MAX_STEMS] + prefixes
    candidates, names_person = [], False
    for key, score in top:
        kind, title, summary, past, together = features[key]
        head = set(query_builder.analyse(f"{title}\n{summary}"))
        role = TYPES[kind].role if kind in TYPES else "other"

        def has(stem, head=head):
            if stem in prefixes:
                return any(word.startswith(stem) for word in head)
            return stem in head or any(alt and set(alt) <= head for alt in alternatives.get(stem, ()))

        found = [stem for stem in wanted if has(stem)]
        if role == ranking.PEOPLE_ROLE and set(stems) & set(query_builder.analyse(title)):
            names_person = True
        candidates.append(
            ranking.Candidate(
                ref=(key, score),
                score=score,
                role=role,
                head=bool(found),
                coverage=len(found) / max(1, len(wanted)),
                phrase=sum(together) / pair_count if pair_count else 0.0,
                past=bool(past),
            )
        )
    for is_head in (True, False):
        tier = [c for c in candidates if c.head is is_head]
        best = max((c.score for c in tier), default=0.0)
        for candidate in tier:
            candidate.tier_best = best
    words = [word for part in parsed.positive for word in part.words]
    query_intent = ranking.intent(words, names_person=names_person, terms=len(wanted))
    return [candidate.ref for candidate in ranking.rerank(candidates, query_intent)]


def _headlines(windows, tsq):
    """ts_headline for each window of text, in one statement; escaped, with <mark> tags."""
    if not windows or tsq is None:
        return [""] * len(windows)
    statement = f"""SELECT ts_headline('{CONFIG}', w, CAST(:tsq AS tsquery), :options)
        FROM unnest(CAST(:windows AS text[])) WITH ORDINALITY AS t(w, n) ORDER BY n"""
    marked = db.session.scalars(text(statement), {"windows": windows, "tsq": tsq, "options": HEADLINE_OPTIONS})
    return [_safe(headline) if START in headline else "" for headline in marked]


def _safe(headline):
    """Escape everything, then turn the markers into tags (they cannot come from the text)."""
    html = str(escape(headline)).replace(START, "<mark>").replace(STOP, "</mark>").replace(BETWEEN, " … ")
    for hidden, shown in _SHOW.items():
        html = html.replace(hidden, shown)
    return Markup(html)  # noqa: S704  (every piece of stored text was escaped above)


def _hits(keys, parsed, request, found, now):
    """The page's documents, with snippets and the adaptations folded under each."""
    columns = "key, kind, title, url, summary, body, attachments, attachment_labels, visibility, date, has_when"
    rows = db.session.execute(
        text(f"SELECT {columns} FROM search_document WHERE key = ANY(CAST(:keys AS text[]))"), {"keys": keys}
    )
    stored = {r.key: r for r in rows}
    adaptations = defaultdict(list)
    if request.fold_adaptations and found.head_of:
        wanted = [a for a, original in found.head_of.items() if original in stored]
        for _key, title, url, original in db.session.execute(
            text(
                "SELECT key, title, url, adapted_from FROM search_document"
                " WHERE key = ANY(CAST(:keys AS text[])) ORDER BY id"
            ),
            {"keys": wanted},
        ):
            adaptations[original].append((title or "(untitled)", url or "#"))
    words = [w for part in parsed.parts if not part.negated for w in part.words]
    related = synonyms.related_words(words)
    stems = {s for word in words + related for s in query_builder.analyse(word)}
    pattern = terms.hint_pattern(stems, words + related)
    windows, sources = [], []
    for key in keys:
        row = stored.get(key)
        for name in SNIPPET_FIELDS if pattern is not None and row is not None else ():
            value = getattr(row, name) or ""
            match = pattern.search(value)
            if match:
                start = max(0, match.start() - WINDOW)
                windows.append(value[start : match.end() + WINDOW].translate(_HIDE))
                sources.append((key, name))
    highlight_tsq = sql.tsquery(parsed, conjunction="or", extra_words=related, positive_only=True) if windows else None
    snippets = {}
    for (key, name), marked in zip(sources, _headlines(windows, highlight_tsq), strict=True):
        if marked and key not in snippets:
            snippets[key] = (marked, name)
    hits = []
    for key in keys:
        row = stored.get(key)
        if row is None:
            continue
        snippet, source = snippets.get(key) or (fallback_snippet(row.summary, row.body), "")
        searchable = TYPES.get(row.kind)
        labels = row.attachment_labels or [""]
        group = adaptations.get(key, [])
        hits.append(
            Hit(
                key=key,
                kind=row.kind,
                label=searchable.label if searchable else row.kind,
                title=row.title or "(untitled)",
                url=row.url or "#",
                snippet=snippet,
                date=row.date.replace(tzinfo=UTC) if row.date else None,
                visibility=row.visibility,
                snippet_source=labels[0] if source == "attachments" else "",
                past=bool(row.has_when and row.date is not None and row.date < now),
                adaptation_count=len(group),
                adaptations=group[:MAX_ADAPTATIONS_SHOWN],
            )
        )
    return hits


def run(request):
    """Answer one search request; the page's `request` is a copy with the sort and page used.

    The planner is told to use the GIN indexes even when most rows match: it does not count
    the cost of reading each row's long tsvector, which a sequential scan must do and a GIN
    bitmap scan (exact for word queries) does not. The matches of a broad query (their keys,
    facets and dates: about 6 MB at 20,000) are kept in memory, not written to a temporary
    file as with the default 4 MB of work_mem. Each statement is planned for its own words and
    facets: psycopg prepares a statement run five times, and PostgreSQL's generic plan for it
    (made without the values) read every row with a common word before keeping those with the
    chosen facet, so 13 ms became 85-125 ms. JIT compilation is off: the matches statement's
    estimated cost (the folded adaptations' self-join is estimated at millions of rows) passes
    PostgreSQL's thresholds, and compiling it took 100-400 ms of a 300-700 ms broad query at
    200,000 documents, more than it saved.
    """
    work_mem, plan_cache, jit = db.session.execute(
        text(
            "SELECT current_setting('work_mem'), current_setting('plan_cache_mode'), current_setting('jit'),"
            f" set_config('enable_seqscan', 'off', true), set_config('work_mem', '{WORK_MEM}', true),"
            " set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true)"
        )
    ).one()[:3]
    page = _run(request)
    # The rest of the request plans as usual.
    db.session.execute(
        text(
            "SELECT set_config('enable_seqscan', 'on', true), set_config('work_mem', :mem, true),"
            " set_config('plan_cache_mode', :plans, true), set_config('jit', :jit, true)"
        ),
        {"mem": work_mem, "plans": plan_cache, "jit": jit},
    )
    return page


def _run(request):
    request = replace(request, filters=dict(request.filters))
    parsed = query_builder.parse(request.text)
    page = SearchPage(request=request, text=parsed.text, notices=list(parsed.notices))
    tsq = sql.tsquery(parsed) if parsed.parts else None
    if tsq is None:
        if parsed.text:
            page.notices.append("Enter at least one word to search for, not only common words or exclusions.")
        page.empty_query = True
        if not request.filters and not request.when:
            return page
        request.sort = "date"
    now = datetime.now(UTC).replace(tzinfo=None)
    by_date = request.sort == "date" or tsq is None
    order = _order(parsed, request, by_date)
    where, params = sql.conditions(request, tsq, now)
    found = _matches(where, params, request.fold_adaptations, order)
    if not found.total and tsq is not None and len(parsed.positive) > 1:
        fallback = sql.tsquery(parsed, conjunction="or")
        if fallback is not None:
            where, params = sql.conditions(request, fallback, now)
            found = _matches(where, params, request.fold_adaptations, order)
            tsq, page.used_or = fallback, bool(found.total)
    hidden = len(found.head_of)
    page.total = found.total - hidden
    page.facets = _facet_counts(found, request)
    if page.total <= 3 and parsed.parts:
        page.suggestion = suggest.correction(parsed, request)
    request.page = min(request.page, page.pages)
    if found.total:
        limit = request.page * request.page_size
        top = (found.top + found.rest)[: max(limit + hidden, POOL)]
        if not by_date:
            top = _rerank(top[:POOL], parsed) + top[POOL:]
        heads = ranking.collapse([key for key, _ in top[: limit + hidden]], found.head_of)[:limit]
        offset = (request.page - 1) * request.page_size
        page.hits = _hits(heads[offset:], parsed, request, found, now)
    return page
