"""Values derived from one Whoosh searcher and kept while it lives: the cache of term bitsets,
each facet value's documents and the upcoming/past events (see app/search/bits.py)."""

import time
from datetime import UTC, datetime

from flask import current_app
from whoosh import query as wq

from app.search.bits import BitsCache


def derived(searcher):
    """Values derived from `searcher`, kept by the index store (not on Whoosh's object)."""
    return current_app.extensions["search_store"].derived(searcher, lambda: {"bits": BitsCache(searcher)})


def facet_bits(searcher, name):
    """{value: bitset} for one facet field, computed once per index version."""
    cache = derived(searcher)
    if name not in cache:
        bits = cache["bits"]
        values = {}
        if name not in searcher.schema:  # an index from before the facet existed: no values yet
            cache[name] = values
            return values
        for term in searcher.lexicon(name):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            values[value] = bits.docs(wq.Term(name, value))
        cache[name] = values
    return cache[name]


def when_bits(searcher):
    """Upcoming and past dated documents, recomputed each minute as time moves on."""
    cache = derived(searcher)
    minute = int(time.time() // 60)
    if cache.get("when_minute") != minute:
        now = datetime.now(UTC).replace(tzinfo=None)
        dated = cache["bits"].docs(wq.Term("has_when", "yes"))
        bits = cache["bits"]
        cache["when"] = {
            "upcoming": dated & bits.evaluate(wq.DateRange("date", now, None)),
            "past": dated & bits.evaluate(wq.DateRange("date", None, now, endexcl=True)),
        }
        cache["when_minute"] = minute
    return cache["when"]
