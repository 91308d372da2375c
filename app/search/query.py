"""From what a member typed to a Whoosh query, without ever raising on odd input.

Whoosh's own query language is not exposed: field syntax, ranges and leading wildcards are
not understood, so they cannot be abused. Supported are words (stemmed), "phrases in
quotes", a trailing * for a prefix (at least three letters, at most MAX_EXPANSIONS terms),
and -word to exclude. NHS acronyms match their expansion and back because both forms are
indexed (see synonyms.py).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.query.compound import DefaultOr

from app.search import synonyms
from app.search.analysis import TEXT_FIELDS, text_analyzer

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_EXPANSIONS = 50
MIN_PREFIX = 3
_ANALYZER = text_analyzer()
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*\*?")


@dataclass
class Part:
    """One thing to match: a word, a phrase, or a prefix."""

    words: list[str]
    kind: str = "word"  # word, phrase, prefix
    negated: bool = False


@dataclass
class ParsedQuery:
    text: str
    parts: list[Part] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def positive(self):
        return [part for part in self.parts if not part.negated]


def clean_text(raw):
    """Normalised text: no control or format characters, single spaces, bounded length."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else ch for ch in text)
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u201e", '"')
    return " ".join(text.split())


def parse(raw):
    """Split the text into parts; notes what was shortened or ignored."""
    text = clean_text(raw)
    parsed = ParsedQuery(text=text)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or text[:MAX_QUERY_CHARS]
        parsed.text = text
        parsed.notices.append(f"Your search was long, so only the first {MAX_QUERY_CHARS} characters were used.")
    for match in _TOKEN.finditer(text):
        negated_phrase, phrase, token = match.groups()
        if phrase is not None:
            words = _WORD.findall(phrase.replace("*", " "))
            if words:
                parsed.parts.append(Part(words, "phrase" if len(words) > 1 else "word", bool(negated_phrase)))
            continue
        negated = token.startswith("-") and len(token) > 1
        for word in _WORD.findall(token):
            if word.endswith("*"):
                stem = word.rstrip("*")
                if len(stem) >= MIN_PREFIX:
                    parsed.parts.append(Part([stem.lower()], "prefix", negated))
                    continue
                word = stem
            if word:
                parsed.parts.append(Part([word], "word", negated))
    if len(parsed.parts) > MAX_TERMS:
        parsed.parts = parsed.parts[:MAX_TERMS]
        parsed.notices.append(f"Only the first {MAX_TERMS} words of your search were used.")
    return parsed


def analyse(text):
    """The index terms (stems) for a piece of text."""
    return [token.text for token in _ANALYZER(text)]


# -- building the Whoosh query ------------------------------------------------------------
# Matching uses the "content" field alone (it holds every searchable word); ranking_query()
# then spreads each word over title, summary and content with their boosts.
MATCH_FIELD = "content"


def _term_query(stem):
    return wq.Term(MATCH_FIELD, stem)


def _phrase_query(stems):
    if len(stems) == 1:
        return _term_query(stems[0])
    return wq.Phrase(MATCH_FIELD, stems)


def _prefix_query(reader, prefix):
    """A bounded expansion: at most MAX_EXPANSIONS distinct terms."""
    found = []
    for term in reader.expand_prefix(MATCH_FIELD, prefix):
        found.append(wq.Term(MATCH_FIELD, term.decode("utf-8") if isinstance(term, bytes) else term))
        if len(found) >= MAX_EXPANSIONS:
            break
    return wq.Or(found) if found else wq.NullQuery


def _word_query(word):
    stems = analyse(word)
    if not stems:
        return None  # a stop word on its own matches everything: leave it out
    return _phrase_query(stems)


def build(reader, parsed, conjunction="and"):
    """The Whoosh query for `parsed`, or None when nothing searchable is left."""
    positives, negatives = [], []
    for part in parsed.parts:
        if part.kind == "prefix":
            clause = _prefix_query(reader, part.words[0])
        elif part.kind == "phrase":
            stems = [s for word in part.words for s in analyse(word)]
            clause = _phrase_query(stems) if stems else None
        else:
            clause = _word_query(part.words[0])
        if clause is None:
            continue
        (negatives if part.negated else positives).append(clause)
    if not positives:
        return None
    combined = wq.And(positives) if conjunction == "and" else wq.Or(positives)
    if negatives:
        combined = wq.AndNot(combined, wq.Or(negatives))
    return combined


def _ranked_word(stem):
    # DefaultOr (a tree of union matchers) rather than Whoosh's automatic choice, which on
    # small indexes pre-loads every posting of every alternative into arrays.
    return DefaultOr([wq.Term(name, stem, boost=boost) for name, boost in TEXT_FIELDS.items()])


def ranking_query(q):
    """`q` for scoring documents already known to match: each word over every field with its
    boost, and phrases as their words (whether a phrase matches was settled already)."""
    if isinstance(q, wq.Phrase):
        return wq.And([_ranked_word(word) for word in q.words])
    if isinstance(q, wq.Term) and q.fieldname == MATCH_FIELD:
        return _ranked_word(q.text)
    if isinstance(q, wq.AndNot):
        return wq.AndNot(ranking_query(q.a), q.b)
    if isinstance(q, wq.compound.CompoundQuery):
        return q.__class__([ranking_query(sub) for sub in q.subqueries], boost=q.boost)
    return q


def suggestion(searcher, parsed):
    """A corrected query text when some typed word is in no document, else None."""
    corrector = searcher.corrector("spell")
    changed, words = False, []
    for match in _TOKEN.finditer(parsed.text):
        token = match.group(0)
        if match.group(3) is None or token.startswith("-") or token.endswith("*"):
            words.append(token)
            continue
        fixed = token
        for word in _WORD.findall(token):
            stems = analyse(word)
            if not stems or searcher.doc_frequency(MATCH_FIELD, stems[0]):
                continue
            lower = word.lower()
            if lower in synonyms.table()["terms"]:
                continue
            # Typos rarely change the first letter; requiring it keeps the look-up fast.
            options = corrector.suggest(lower, limit=1, maxdist=1 if len(lower) < 6 else 2, prefix=1)
            if options:
                fixed, changed = fixed.replace(word, options[0], 1), True
        words.append(fixed)
    return " ".join(words) if changed else None
