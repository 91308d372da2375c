"""NHS acronyms and what they stand for, applied when a document is indexed.

A document that says "occupational health" is also indexed under OH, and one that says
OH is also indexed under "occupational health". Searches then stay plain term queries
(cheap), whichever form a member types. The table is data (`search_synonym`, seeded by a
migration) held in the shared cache under its data version; after changing it, call
`forget()` (migrations do so) and run `flask search reindex`.
"""

import re
from functools import lru_cache

from sqlalchemy import select

from app.cache import bump_version, cached
from app.extensions import db
from app.search.models import SearchSynonym

VERSION = "synonyms"  # the data version every cached copy of the table is keyed on


def _phrase_pattern(expansion):
    return r"\W+".join(re.escape(word) for word in expansion.split())


def _load():
    """The table as plain data (so the shared cache can hold it) with matcher sources."""
    rows = db.session.execute(select(SearchSynonym.term, SearchSynonym.expansion)).all()
    by_phrase = {" ".join(expansion.split()): term for term, expansion in rows}
    phrases = sorted(by_phrase, key=len, reverse=True)
    acronyms = sorted({term for term, _ in rows} | {term.upper() for term, _ in rows}, key=len, reverse=True)
    return {
        "terms": {term.lower(): expansion.lower() for term, expansion in rows},
        "by_phrase": {phrase.lower(): term for phrase, term in by_phrase.items()},
        "phrases": r"\b(?:" + "|".join(_phrase_pattern(p) for p in phrases) + r")\b" if phrases else None,
        # Acronyms are matched as written (OH, TRiM) so the interjection "oh" is not OH.
        "acronyms": r"\b(?:" + "|".join(re.escape(a) for a in acronyms) + r")\b" if acronyms else None,
    }


@lru_cache(maxsize=16)
def _lower_case_matcher(phrases):
    """The phrases (in lower case, longest first) as a pattern for ASCII text in lower case:
    the same matches as the case-blind pattern, found about five times faster in a long text,
    as a look-ahead for the letters a phrase starts with lets `re` skip every other position."""
    if not phrases or not all(phrase.isascii() for phrase in phrases):
        return None
    starts = re.escape("".join(sorted({phrase[0] for phrase in phrases})))
    return re.compile(rf"\b(?=[{starts}])(?:{'|'.join(_phrase_pattern(p) for p in phrases)})\b")


def table():
    """The table: {acronym in lower case: expansion}, by phrase, and compiled matchers."""
    data = cached(VERSION, (), _load)
    # re keeps compiled patterns, so compiling the same source again is a look-up.
    return {
        **data,
        "phrase_re": re.compile(data["phrases"], re.IGNORECASE) if data["phrases"] else None,
        # data["by_phrase"] keeps the rows' order, so sorting by length gives data["phrases"]'s order.
        "phrase_lower_re": _lower_case_matcher(tuple(sorted(data["by_phrase"], key=len, reverse=True))),
        "acronym_re": re.compile(data["acronyms"]) if data["acronyms"] else None,
    }


def forget():
    """Mark the table as changed: every process rebuilds it on next use."""
    bump_version(VERSION)


def expansion_text(text):
    """Extra words to index with `text`: the acronym of each expansion found, and back."""
    state = table()
    extra = set()
    if state["phrase_re"] is not None:
        fast = text.isascii() and state["phrase_lower_re"] is not None
        for match in state["phrase_lower_re"].finditer(text.lower()) if fast else state["phrase_re"].finditer(text):
            acronym = state["by_phrase"].get(" ".join(re.split(r"\W+", match.group().lower())))
            if acronym:
                extra.add(acronym)
    if state["acronym_re"] is not None:
        for match in state["acronym_re"].finditer(text):
            expansion = state["terms"].get(match.group().lower())
            if expansion:
                extra.add(expansion)
    return " ; ".join(sorted(extra))


def related_words(words):
    """For snippets: the other form of any acronym or expansion among the typed words."""
    state = table()
    lowered = [word.lower() for word in words]
    related = []
    for word in lowered:
        if word in state["terms"]:
            related.extend(state["terms"][word].split())
    joined = " ".join(lowered)
    for phrase, acronym in state["by_phrase"].items():
        if phrase in joined:
            related.append(acronym)
    return related
