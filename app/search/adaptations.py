"""Adaptations grouped under their original on the Whoosh index: an adaptation whose original
is among the matches is folded under it instead of listed as a near-duplicate equal (the
order itself is app.search.ranking.collapse, shared with the PostgreSQL backend)."""

from whoosh import query as wq

from app.search.bits import to_docnums
from app.search.sets import derived


def groups(searcher):
    """{original's docnum: bitset of its adaptations}, once per index version."""
    cache = derived(searcher)
    if "adaptations" not in cache:
        bits, groups = cache["bits"], {}
        if "adapted_from" in searcher.schema:
            for term in searcher.lexicon("adapted_from"):
                key = term.decode("utf-8") if isinstance(term, bytes) else term
                originals = to_docnums(bits.docs(wq.Term("key", key)))
                if originals:
                    groups[originals[0]] = bits.docs(wq.Term("adapted_from", key))
        cache["adaptations"] = groups
    return cache["adaptations"]


def folded(searcher, matched):
    """Adaptations whose original is among the matches: (their bitset, {adaptation: original})."""
    hidden, head_of = 0, {}
    for original, adaptations in groups(searcher).items():
        if matched >> original & 1:
            found = adaptations & matched
            if found:
                hidden |= found
                head_of.update(dict.fromkeys(to_docnums(found), original))
    return hidden, head_of


def title_and_url(searcher, docnum):
    stored = searcher.stored_fields(docnum)
    return stored.get("title") or "(untitled)", stored.get("url") or "#"
