"""Running one search: visibility, facets with counts, AND then OR, sorting, pages, snippets.

Per-searcher values, kept by the index store for as long as the searcher lives, hold what
does not change until the index does: the documents each facet value covers and the public
documents. Counting a facet is then a set intersection, so a search costs two passes over
its matches whatever the facets.
"""

from dataclasses import replace
from datetime import UTC

from markupsafe import Markup, escape
from whoosh import collectors, highlight
from whoosh import query as wq
from whoosh.query.compound import DefaultOr

from app.search import adaptations as grouping
from app.search import query as query_builder
from app.search import ranking, synonyms, terms, visibility
from app.search.analysis import FACETS, SNIPPET_FIELDS, TEXT_FIELDS, text_analyzer
from app.search.bits import BitsFilter, to_docnums
from app.search.registry import TYPES
from app.search.results import (  # noqa: F401  (re-exported: callers import them from here)
    MAX_ADAPTATIONS_SHOWN,
    MAX_PAGE,
    PAGE_SIZE,
    POOL,
    SORTS,
    WHEN,
    FacetValue,
    Hit,
    SearchPage,
    SearchRequest,
    fallback_snippet,
)
from app.search.sets import derived, facet_bits, when_bits

WINDOW = 400
HEAD_FIELDS = ("title", "summary")
FEW_DOCS = 1500  # below this many candidates, score them one by one instead of walking postings


class MarkFormatter(highlight.Formatter):
    """Matches wrapped in <mark>; everything else escaped, so the result is safe HTML."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"

    def _text(self, text):
        return str(escape(text))


ANALYZER = text_analyzer()
FRAGMENTER = highlight.ContextFragmenter(maxchars=220, surround=70, charlimit=None)
FORMATTER = MarkFormatter()


def _facet_counts(searcher, matched, request):
    facets = []
    for name, param, heading in FACETS:
        chosen = set(request.filters.get(param, []))
        values = []
        for value, docs in facet_bits(searcher, name).items():
            count = (matched & docs).bit_count()
            if count or value in chosen:
                values.append(FacetValue(value, count, value in chosen))
        values.sort(key=lambda v: (-v.count, v.value))
        if values:
            facets.append((param, heading, values))
    when_values = []
    for value, label in WHEN:
        count = (matched & when_bits(searcher)[value]).bit_count()
        if count or request.when == value:
            when_values.append(FacetValue(label, count, request.when == value))
    if when_values:
        facets.append(("when", "Events", when_values))
    return facets


def _date_order(searcher):
    """All documents, newest first (documents without a date last), once per index version."""
    cache = derived(searcher)
    if "date_order" not in cache:
        column = searcher.reader().column_reader("date", translate=False)
        size = searcher.reader().doc_count_all()
        keyed = [(column[docnum] or 0, docnum) for docnum in range(size)]
        keyed.sort(key=lambda pair: (-pair[0], pair[1]))
        cache["date_order"] = [docnum for _, docnum in keyed]
    return cache["date_order"]


def _top(searcher, q, parsed, matched, request, limit):
    """The first `limit` (score, docnum) pairs: by Whoosh's BM25F, or newest first."""
    if request.sort == "date" or isinstance(q, wq.Every):
        if matched.bit_count() <= 2000:
            order = {docnum: rank for rank, docnum in enumerate(_date_order(searcher))}
            docnums = sorted(to_docnums(matched), key=order.__getitem__)[:limit]
        else:
            docnums = []
            for docnum in _date_order(searcher):
                if matched >> docnum & 1:
                    docnums.append(docnum)
                    if len(docnums) == limit:
                        break
        return [(0, docnum) for docnum in docnums]
    # Tiered ranking: documents with a query word in their title or summary come first,
    # ranked on those short fields; the rest follow, ranked on every field. Scoring the
    # short posting lists first keeps a broad query on a large index cheap, and the order
    # is the same whichever page is asked for.
    bits = derived(searcher)["bits"]
    alternatives = terms.synonym_stems(parsed)
    head_query = _head_query(q, {one for alts in alternatives.values() for alt in alts for one in alt})
    head = matched & bits.evaluate(head_query) if head_query is not None else 0
    in_head = head.bit_count()
    wanted = max(limit, POOL)
    top = _rank(searcher, head_query, head, min(wanted, in_head)) if head else []
    rest = matched & ~head
    if wanted > in_head and rest:
        top += _rank(searcher, query_builder.ranking_query(q), rest, wanted - in_head)
    reordered = _rerank(searcher, top[:POOL], head, q, parsed, matched)
    return (reordered + top[POOL:])[:limit]


def _role_bits(searcher):
    """{role: bitset of its documents} (SearchableType.role), once per index version."""
    cache = derived(searcher)
    if "roles" not in cache:
        roles = {}
        for kind, searchable in TYPES.items():
            roles[searchable.role] = roles.get(searchable.role, 0) | cache["bits"].docs(wq.Term("kind", kind))
        cache["roles"] = roles
    return cache["roles"]


def _role_of(roles, docnum):
    return next((role for role, docs in roles.items() if docs >> docnum & 1), "other")


def _rerank(searcher, top, head, q, parsed, matched):
    """The pool reordered by the relevance rules, from features read off cached bitsets."""
    if len(top) < 2:
        return top
    bits = derived(searcher)["bits"]
    stems = sorted(_positive_terms(q))
    alternatives = terms.synonym_stems(parsed)
    in_head = {stem: _in_head(bits, stem, alternatives.get(stem, ())) for stem in stems[: terms.MAX_STEMS]}
    typed = terms.typed_stems(parsed)
    pairs = [(a, b) for a, b in zip(typed, typed[1:], strict=False) if a and b and a != b]
    pool = 0
    for _, docnum in top:
        pool |= 1 << docnum
    together = [bits.phrase(wq.Phrase(query_builder.MATCH_FIELD, list(pair)), within=pool) for pair in pairs]
    past = when_bits(searcher)["past"]
    roles = _role_bits(searcher)
    people = roles.get(ranking.PEOPLE_ROLE, 0)
    names_person = any(bits.docs(wq.Term("title", stem)) & people & matched for stem in stems)
    words = [word for part in parsed.positive for word in part.words]
    query_intent = ranking.intent(words, names_person=names_person, terms=len(stems))
    candidates = []
    for score, docnum in top:
        is_head = bool(head >> docnum & 1)
        candidates.append(
            ranking.Candidate(
                ref=(score, docnum),
                score=score,
                role=_role_of(roles, docnum),
                head=is_head,
                coverage=sum(1 for docs in in_head.values() if docs >> docnum & 1) / max(1, len(in_head)),
                phrase=sum(1 for docs in together if docs >> docnum & 1) / len(pairs) if pairs else 0.0,
                past=bool(past >> docnum & 1),
            )
        )
    for is_head in (True, False):
        tier = [c for c in candidates if c.head is is_head]
        best = max((c.score for c in tier), default=0.0)
        for candidate in tier:
            candidate.tier_best = best
    return [candidate.ref for candidate in ranking.rerank(candidates, query_intent)]


def _rank(searcher, q, allowed, limit):
    """Top `limit` (score, docnum) by BM25F among the documents in the bitset `allowed`."""
    if allowed.bit_count() <= FEW_DOCS:
        return _rank_few(searcher, q, allowed, limit)
    collector = collectors.TopCollector(limit=limit)
    searcher.search_with_collector(q, collectors.FilterCollector(collector, allow=BitsFilter(allowed)))
    return collector.results().top_n


def _rank_few(searcher, q, allowed, limit):
    """Score just the given documents, jumping straight to each one in the posting lists.

    A phrase of two common words matches few documents, but walking the postings of both
    words to find them would visit most of the index.
    """
    scored = []
    docnums = to_docnums(allowed)
    context = searcher.context(needs_current=True)
    for subsearcher, offset in searcher.leaf_searchers():
        end = offset + subsearcher.reader().doc_count_all()
        local = [docnum - offset for docnum in docnums if offset <= docnum < end]
        if not local:
            continue
        matcher = q.matcher(subsearcher, context)
        for docnum in local:
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                scored.append((matcher.score(), docnum + offset))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return scored[:limit]


def _positive_terms(q):
    """Index terms of the parts of `q` that must match (not the excluded ones)."""
    if isinstance(q, wq.AndNot):
        return _positive_terms(q.a)
    if isinstance(q, wq.compound.CompoundQuery):
        return {term for sub in q.subqueries for term in _positive_terms(sub)}
    if isinstance(q, wq.Phrase):
        return set(q.words)
    if isinstance(q, wq.Term) and q.fieldname in TEXT_FIELDS:
        return {q.text}
    return set()


def _in_head(bits, stem, alternatives):
    """Documents with `stem`, or all the stems of one of its alternatives, in the title or summary."""

    def head_docs(one):
        return bits.docs(wq.Term("title", one)) | bits.docs(wq.Term("summary", one))

    docs = head_docs(stem)
    for alternative in alternatives:
        together = None
        for one in alternative:
            together = head_docs(one) if together is None else together & head_docs(one)
        docs |= together or 0
    return docs


def _head_query(q, extra=()):
    found = sorted(_positive_terms(q) | set(extra))[: terms.MAX_STEMS]
    if not found:
        return None
    return DefaultOr([wq.Term(name, term, boost=TEXT_FIELDS[name]) for name in HEAD_FIELDS for term in found])


def _snippet(stored, stems, pattern):
    """The first passage with a match (summary, body, then attached files), highlighted.

    A regular expression finds where a match may be; only a window of text around it is
    analysed, so a snippet costs the same for a 200-page attachment as for a short summary.
    """
    if pattern is not None:
        for name in SNIPPET_FIELDS:
            text = stored.get(name) or ""
            found = pattern.search(text)
            if not found:
                continue
            start = max(0, found.start() - WINDOW)
            window = text[start : found.end() + WINDOW]
            marked = highlight.highlight(window, stems, ANALYZER, FRAGMENTER, FORMATTER, top=2)
            if marked:
                # Safe: MarkFormatter escapes every piece of stored text it puts in the snippet.
                return Markup(marked), name  # noqa: S704
    return fallback_snippet(stored.get("summary"), stored.get("body")), ""


def _hits(searcher, top, q, parsed, request, matched=0):
    offset = (request.page - 1) * request.page_size
    past_bits = when_bits(searcher)["past"]
    groups = grouping.groups(searcher)
    stems = _positive_terms(q)
    words = [w for part in parsed.parts if not part.negated for w in part.words]
    related = synonyms.related_words(words)
    stems |= {stem for word in related for stem in query_builder.analyse(word)}
    pattern = terms.hint_pattern(stems, words + related)
    hits = []
    for _, docnum in top[offset:]:
        stored = searcher.stored_fields(docnum)
        snippet, source = _snippet(stored, stems, pattern)
        kind = stored.get("kind", "")
        searchable = TYPES.get(kind)
        date = stored.get("date")
        adaptations = to_docnums(groups.get(docnum, 0) & matched) if request.fold_adaptations else []
        hits.append(
            Hit(
                key=stored["key"],
                kind=kind,
                label=searchable.label if searchable else kind,
                title=stored.get("title") or "(untitled)",
                url=stored.get("url") or "#",
                snippet=snippet,
                date=date.replace(tzinfo=UTC) if date else None,
                visibility=stored.get("visibility", "members"),
                snippet_source=(stored.get("attachment_labels") or [""])[0] if source == "attachments" else "",
                past=bool(past_bits >> docnum & 1),
                adaptation_count=len(adaptations),
                adaptations=[grouping.title_and_url(searcher, n) for n in adaptations[:MAX_ADAPTATIONS_SHOWN]],
            )
        )
    return hits


def _visible_suggestion(searcher, parsed, request):
    """A spelling suggestion, kept only when it finds a document the asker may see: the
    spelling dictionary also holds words (such as names) from members-only documents and
    from private spaces' documents."""
    text = query_builder.suggestion(searcher, parsed)
    visible = visibility.visible_bits(searcher, request)
    if text is None or visible is None:
        return text
    q = query_builder.build(searcher.reader(), query_builder.parse(text))
    bits = derived(searcher)["bits"]
    return text if q is not None and bits.evaluate(q, within=visible) & visible else None


def run(searcher, request):
    """Answer one search request; the page's `request` is a copy with the sort and page used."""
    request = replace(request, filters=dict(request.filters))  # the caller's request stays as asked
    parsed = query_builder.parse(request.text)
    page = SearchPage(request=request, text=parsed.text, notices=list(parsed.notices))
    allowed = visibility.allowed(searcher, request)
    q = query_builder.build(searcher.reader(), parsed) if parsed.parts else None
    if q is None:
        if parsed.text:
            page.notices.append("Enter at least one word to search for, not only common words or exclusions.")
        page.empty_query = True
        # Browsing by facets alone: everything the asker may see, newest first.
        if not request.filters and not request.when:
            return page
        q, request.sort = wq.Every(), "date"
    bits = derived(searcher)["bits"]
    matched = bits.evaluate(q, within=allowed)
    if allowed is not None:
        matched &= allowed
    if not matched and len(parsed.positive) > 1:
        fallback = query_builder.build(searcher.reader(), parsed, conjunction="or")
        if fallback is not None:
            matched = bits.evaluate(fallback, within=allowed) & (allowed if allowed is not None else bits.all())
            q, page.used_or = fallback, bool(matched)
    hidden, head_of = grouping.folded(searcher, matched) if request.fold_adaptations else (0, {})
    page.total = (matched & ~hidden).bit_count()
    page.facets = _facet_counts(searcher, matched, request)
    if page.total <= 3 and parsed.parts:
        page.suggestion = _visible_suggestion(searcher, parsed, request)
    request.page = min(request.page, page.pages)
    if matched:
        limit = request.page * request.page_size
        top = _top(searcher, q, parsed, matched, request, limit + hidden.bit_count())
        heads = ranking.collapse([docnum for _, docnum in top], head_of)[:limit]
        page.hits = _hits(searcher, [(0, docnum) for docnum in heads], q, parsed, request, matched)
    return page
