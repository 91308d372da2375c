"""What a query's words become, for either backend: typed stems, acronym alternatives, and
the cheap pattern that finds where a snippet may start."""

import re

from app.search import query as query_builder
from app.search import synonyms

MAX_STEMS = 60


def typed_stems(parsed):
    """The query's stems in the order typed; a prefix breaks the chain (None)."""
    stems = []
    for part in parsed.positive:
        if part.kind == "prefix":
            stems.append(None)
        else:
            stems.extend(stem for word in part.words for stem in query_builder.analyse(word))
    return stems


def synonym_stems(parsed):
    """{query stem: [stem tuples that stand for it]}: an acronym typed stands for the words of
    its expansion, and an expansion typed in full for its acronym ("trauma risk management" and
    TRiM), so a title with either form counts as having the query's words in it."""
    state = synonyms.table()
    words = [word.lower() for part in parsed.positive if part.kind != "prefix" for word in part.words]
    found = {}
    for word in words:
        expansion = state["terms"].get(word)
        if expansion:
            for stem in query_builder.analyse(word):
                found.setdefault(stem, []).append(tuple(query_builder.analyse(expansion)))
    joined = f" {' '.join(words)} "
    for phrase, acronym in state["by_phrase"].items():
        if f" {phrase} " in joined:
            for stem in query_builder.analyse(phrase):
                found.setdefault(stem, []).append(tuple(query_builder.analyse(acronym)))
    return {stem: [alt for alt in alts if alt] for stem, alts in found.items()}


def hint_pattern(stems, words):
    """A cheap pre-filter: any stem or typed word at the start of a word."""
    options = sorted({*stems, *(w.lower() for w in words)}, key=len, reverse=True)
    options = [re.escape(option) for option in options if len(option) >= 2][:60]
    return re.compile(r"\b(?:" + "|".join(options) + ")", re.IGNORECASE) if options else None
