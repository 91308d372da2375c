"""Who may see which documents, on the Whoosh index (the PostgreSQL backend applies the same
rule in SQL: app/search/pg/sql.py).

Anyone sees public documents. Verified members also see members-only documents, and a closed
group's documents ("group:<key>", a private space's) only when they belong to that group. The
rule holds for results, snippets, facet counts and spelling suggestions alike.
"""

from whoosh import query as wq

from app.auth.access import GROUP_PREFIX
from app.search.analysis import FACET_PARAMS
from app.search.sets import derived, facet_bits, when_bits


def group_bits(searcher):
    """{visibility value: bitset} of the documents of each closed group, once per index version."""
    cache = derived(searcher)
    if "groups" not in cache:
        bits = cache["bits"]
        groups = {}
        for term in searcher.lexicon("visibility"):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            if value.startswith(GROUP_PREFIX):
                groups[value] = bits.docs(wq.Term("visibility", value))
        cache["groups"] = groups
    return cache["groups"]


def visible_bits(searcher, request):
    """Bitset of the documents the asker may see (None: everything).

    Anyone: public documents. Verified members: also members-only documents, and a closed
    group's documents only when they belong to that group.
    """
    bits = derived(searcher)["bits"]
    if not request.member:
        return bits.docs(wq.Term("visibility", "public"))
    hidden = 0
    for value, docs in group_bits(searcher).items():
        if value[len(GROUP_PREFIX) :] not in request.groups:
            hidden |= docs
    return bits.all() & ~hidden if hidden else None


def allowed(searcher, request):
    """Bitset of documents the asker may see that match the chosen facets (None: everything)."""
    allowed = visible_bits(searcher, request)
    for param, values in request.filters.items():
        name = FACET_PARAMS.get(param)
        if not name or not values:
            continue
        values_bits = facet_bits(searcher, name)
        chosen = 0
        for value in values:
            chosen |= values_bits.get(value, 0)
        allowed = chosen if allowed is None else allowed & chosen
    if request.when in ("upcoming", "past"):
        chosen = when_bits(searcher)[request.when]
        allowed = chosen if allowed is None else allowed & chosen
    return allowed
