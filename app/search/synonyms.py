"""NHS acronyms and what they stand for, applied when a document is indexed.

A document that says "occupational health" is also indexed under OH, and one that says
OH is also indexed under "occupational health". Searches then stay plain term queries
(cheap), whichever form a member types. The table is data (`search_synonym`, seeded by a
migration); after changing it, run `flask search reindex`.
"""

import re
import time

from sqlalchemy import select

from app.extensions import db
from app.search.models import SearchSynonym

TTL = 300.0
_STATE = {"loaded": 0.0, "terms": {}, "phrase_re": None, "acronym_re": None, "by_phrase": {}}


def _phrase_pattern(expansion):
    return r"\W+".join(re.escape(word) for word in expansion.split())


def table():
    """The cached table: {acronym in lower case: expansion} plus compiled matchers."""
    now = time.monotonic()
    if now - _STATE["loaded"] <= TTL and _STATE["terms"]:
        return _STATE
    rows = db.session.execute(select(SearchSynonym.term, SearchSynonym.expansion)).all()
    terms = {term.lower(): expansion.lower() for term, expansion in rows}
    by_phrase = {" ".join(expansion.split()): term for term, expansion in rows}
    phrases = sorted(by_phrase, key=len, reverse=True)
    acronyms = sorted({term for term, _ in rows} | {term.upper() for term, _ in rows}, key=len, reverse=True)
    _STATE.update(
        loaded=now,
        terms=terms,
        by_phrase={phrase.lower(): term for phrase, term in by_phrase.items()},
        phrase_re=re.compile(r"\b(?:" + "|".join(_phrase_pattern(p) for p in phrases) + r")\b", re.IGNORECASE)
        if phrases
        else None,
        # Acronyms are matched as written (OH, TRiM) so the interjection "oh" is not OH.
        acronym_re=re.compile(r"\b(?:" + "|".join(re.escape(a) for a in acronyms) + r")\b") if acronyms else None,
    )
    return _STATE


def forget():
    """Drop the cached table (after the table changed, and between tests)."""
    _STATE.update(loaded=0.0, terms={}, phrase_re=None, acronym_re=None, by_phrase={})


def expansion_text(text):
    """Extra words to index with `text`: the acronym of each expansion found, and back."""
    state = table()
    extra = set()
    if state["phrase_re"] is not None:
        for match in state["phrase_re"].finditer(text):
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
