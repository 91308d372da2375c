"""From what a member typed to a Whoosh query, without ever raising on odd input.

Whoosh's own query language is not exposed: field syntax, ranges and leading wildcards are
not understood, so they cannot be abused. Supported are words (stemmed), "phrases in
quotes", a trailing * for a prefix (at least three letters, at most MAX_EXPANSIONS terms),
and -word to exclude. NHS acronyms from the `search_synonym` table match their expansion
and the other way round.
"""

import re
import time
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select
from whoosh import query as wq

from app.extensions import db
from app.search.analysis import TEXT_FIELDS, text_analyzer
from app.search.models import SearchSynonym

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


# -- acronyms and synonyms -------------------------------------------------------------
_SYNONYMS = {"loaded": 0.0, "terms": {}, "phrases": []}
SYNONYM_TTL = 300.0


def synonyms():
    """{acronym (lower case): expansion}, read from the database at most every few minutes."""
    now = time.monotonic()
    if now - _SYNONYMS["loaded"] > SYNONYM_TTL or not _SYNONYMS["terms"]:
        rows = db.session.execute(select(SearchSynonym.term, SearchSynonym.expansion)).all()
        terms = {term.lower(): expansion for term, expansion in rows}
        phrases = sorted(((analyse(exp), term) for term, exp in terms.items()), key=lambda p: -len(p[0]))
        _SYNONYMS.update(loaded=now, terms=terms, phrases=[p for p in phrases if len(p[0]) > 1])
    return _SYNONYMS


def forget_synonyms():
    """Drop the cached table (after admins or tests change it)."""
    _SYNONYMS.update(loaded=0.0, terms={}, phrases=[])


# -- building the Whoosh query ------------------------------------------------------------
def _term_query(stem):
    return wq.Or([wq.Term(name, stem, boost=boost) for name, boost in TEXT_FIELDS.items()])


def _phrase_query(stems):
    if len(stems) == 1:
        return _term_query(stems[0])
    return wq.Or([wq.Phrase(name, stems, boost=boost) for name, boost in TEXT_FIELDS.items()])


def _prefix_query(reader, prefix):
    """A bounded expansion: at most MAX_EXPANSIONS distinct terms over all text fields."""
    found = []
    for name, boost in TEXT_FIELDS.items():
        for term in reader.expand_prefix(name, prefix):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            found.append(wq.Term(name, text, boost=boost))
            if len(found) >= MAX_EXPANSIONS:
                return wq.Or(found)
    return wq.Or(found) if found else wq.NullQuery


def _word_query(word, table):
    stems = analyse(word)
    if not stems:
        return None  # a stop word on its own matches everything: leave it out
    base = _phrase_query(stems)
    expansion = table["terms"].get(word.lower())
    if expansion:
        return wq.Or([base, _phrase_query(analyse(expansion))])
    return base


def _group_words(parts, table):
    """Join runs of plain words that spell an acronym's expansion into one acronym-or-phrase group."""
    groups, index = [], 0
    while index < len(parts):
        part = parts[index]
        matched = None
        if part.kind == "word":
            for stems, acronym in table["phrases"]:
                window = parts[index : index + len(stems)]
                if len(window) == len(stems) and all(p.kind == "word" and not p.negated for p in window):
                    if [s for p in window for s in analyse(p.words[0])] == stems:
                        matched = (stems, acronym, len(stems))
                        break
        if matched:
            stems, acronym, length = matched
            groups.append(("synonym", stems, acronym))
            index += length
        else:
            groups.append(("part", part, None))
            index += 1
    return groups


def build(reader, parsed, conjunction="and"):
    """The Whoosh query for `parsed`, or None when nothing searchable is left."""
    table = synonyms()
    positives, negatives = [], []
    for kind, value, acronym in _group_words(parsed.parts, table):
        if kind == "synonym":
            positives.append(wq.Or([_phrase_query(value), _term_query(analyse(acronym)[0])]))
            continue
        part = value
        if part.kind == "prefix":
            clause = _prefix_query(reader, part.words[0])
        elif part.kind == "phrase":
            stems = [s for word in part.words for s in analyse(word)]
            clause = _phrase_query(stems) if stems else None
        else:
            clause = _word_query(part.words[0], table)
        if clause is None:
            continue
        (negatives if part.negated else positives).append(clause)
    if not positives:
        return None
    combined = wq.And(positives) if conjunction == "and" else wq.Or(positives)
    if negatives:
        combined = wq.AndNot(combined, wq.Or(negatives))
    return combined


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
            if not stems or any(searcher.doc_frequency(name, stems[0]) for name in TEXT_FIELDS):
                continue
            lower = word.lower()
            if lower in synonyms()["terms"]:
                continue
            options = corrector.suggest(lower, limit=1, maxdist=1 if len(lower) < 6 else 2)
            if options:
                fixed, changed = fixed.replace(word, options[0], 1), True
        words.append(fixed)
    return " ".join(words) if changed else None
