"""The SQL a search is made of: the tsquery for what was typed, and who may see what.

What was typed is parsed by app/search/query.py (the same rules as the Whoosh backend: words,
"quoted phrases", prefix*, -exclusions, bounded length) and each part becomes a tsquery built
by PostgreSQL itself (plainto_tsquery, phraseto_tsquery, to_tsquery for a prefix), so no typed
character ever reaches a query as syntax. The parts are combined once into the tsquery's text,
which later statements read back with CAST(:tsq AS tsquery).
"""

import re
from datetime import UTC, datetime

from sqlalchemy import text

from app.auth.access import GROUP_PREFIX
from app.extensions import db
from app.search import query as query_builder
from app.search.analysis import FACET_PARAMS, fold_accents
from app.search.pg.writer import CONFIG

_NOT_WORD = re.compile(r"\W+")


def _part_sql(part, name):
    """(SQL for one parsed part, its parameter), or None when it has no searchable word."""
    words = [fold_accents(word) for word in part.words]
    if not any(query_builder.analyse(word) for word in words):
        return None  # only stop words: leave it out, as the Whoosh backend does
    if part.kind == "prefix":
        prefix = _NOT_WORD.sub("", words[0].lower())
        return (f"to_tsquery('{CONFIG}', :{name} || ':*')", prefix) if prefix else None
    if part.kind == "phrase":
        return f"phraseto_tsquery('{CONFIG}', :{name})", " ".join(words)
    return f"plainto_tsquery('{CONFIG}', :{name})", words[0]


def tsquery(parsed, conjunction="and", extra_words=(), positive_only=False):
    """The tsquery text for `parsed` (AND of its parts, or OR), or None when nothing is left.

    `extra_words` are ORed in (snippets also mark an acronym's expansion); `positive_only`
    drops the exclusions (for highlighting).
    """
    positives, negatives, params = [], [], {}
    for n, part in enumerate(parsed.parts):
        if part.negated and positive_only:
            continue
        built = _part_sql(part, f"p{n}")
        if built is None:
            continue
        sql, params[f"p{n}"] = built
        (negatives if part.negated else positives).append(sql)
    for n, word in enumerate(extra_words):
        params[f"x{n}"] = word
        positives.append(f"plainto_tsquery('{CONFIG}', :x{n})")
    if not positives:
        return None
    joined = (" && " if conjunction == "and" else " || ").join(positives)
    if negatives:
        joined = f"({joined}) && !!({' || '.join(negatives)})"
    value = db.session.scalar(text(f"SELECT CAST({joined} AS text)"), params)
    return value or None  # PostgreSQL's stop words may leave nothing


def head_tsquery(parsed, related=()):
    """Any typed word (a phrase's words one by one) or a word of an acronym's other form: the
    documents with one of them in the title or summary form the first ranking tier."""
    words = query_builder.ParsedQuery(text=parsed.text)
    for part in parsed.positive:
        if part.kind == "prefix":
            words.parts.append(part)
        else:
            words.parts.extend(query_builder.Part([word]) for word in part.words)
    return tsquery(words, conjunction="or", extra_words=related)


def conditions(request, tsq, now=None):
    """("FROM ... d WHERE ...", parameters): the documents that match the text, that the asker
    may see and that have the chosen facets, as `d`.

    When the text has no phrase, the GIN index on (`tsv`, `facets`) answers the words and the
    chosen facets exactly, without reading any row's tsvector, so it alone finds the rows (in
    a subquery the planner keeps apart, OFFSET 0) and the other conditions filter them: only
    rows with the words and the facets are read. Otherwise the planner starts from the
    visibility or facet index, which looks more selective, and tests `tsv @@` on each of
    those rows: thousands of long tsvectors read from TOAST (two thirds of a search's time at
    20,000 documents). A phrase needs its rows read anyway to check word positions, so there
    the planner combines the indexes as it likes.
    """
    params = {"now": (now or datetime.now(UTC)).replace(tzinfo=None)}
    source, clauses, indexed = "search_document d", [], []
    if tsq is not None:
        params["tsq"] = tsq
        indexed.append("tsv @@ CAST(:tsq AS tsquery)")
    for n, (param, values) in enumerate(sorted(request.filters.items())):
        name = FACET_PARAMS.get(param)
        if not name or not values:
            continue
        params[f"f{n}"] = [f"{name}:{value}" for value in values]
        indexed.append(f"facets && CAST(:f{n} AS text[])")
    if tsq is not None and not has_phrase(tsq):
        source = f"(SELECT * FROM search_document WHERE {' AND '.join(indexed)} OFFSET 0) d"
    else:
        clauses.extend(f"d.{clause}" for clause in indexed)
    clauses.append(visibility_clause(request, params))
    if request.when == "upcoming":
        clauses.append("d.has_when AND d.date >= :now")
    elif request.when == "past":
        clauses.append("d.has_when AND d.date < :now")
    return f"FROM {source} WHERE {' AND '.join(clauses)}", params


_PHRASE = re.compile(r"<(?:-|\d+)>")


def has_phrase(tsq):
    """Whether a tsquery's text has a phrase operator (<->, <2>): the GIN index then gives
    candidates whose word positions must be checked on the row itself."""
    return bool(_PHRASE.search(tsq))


def visibility_clause(request, params):
    """The rule of app/search/visibility.py in SQL: anyone sees public documents; verified
    members also members-only ones, and a closed group's only when they belong to it."""
    if not request.member:
        return "d.visibility = 'public'"
    params["groups"] = sorted(GROUP_PREFIX + group for group in request.groups)
    return f"(d.visibility NOT LIKE '{GROUP_PREFIX}%' OR d.visibility = ANY(CAST(:groups AS text[])))"
