"""How text becomes index terms: the schema, the English (Porter2) stemmer and the facet fields.

Whoosh's own Porter stemmer turns "running" into "runn"; the Snowball English (Porter2)
stemmer from PyStemmer maps run, runs and running to "run", so it is used instead. The
schema is pickled into the index, so the analyzer classes live at module level.

Indexing speed is dominated by per-token Python work, so the text analyzer is one tokenizer
that splits, lower-cases, drops stop words and stems (with a cache) in a single loop,
instead of a chain of four generators.
"""

import re
import unicodedata

import Stemmer
from whoosh.analysis import STOP_WORDS, RegexTokenizer, Token, Tokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

_STEMMER = Stemmer.Stemmer("english")
WORD_PATTERN = r"\w+(?:['\u2019]\w+)*"

# Facets shown on the results page: (index field, URL parameter, heading). "type" is the
# registered kind's label; the others come from SearchDocument.facets. A field added here
# joins an existing index the next time it is written to (IndexStore.writer adds it).
FACETS = (
    ("f_type", "type", "Type"),
    ("f_element", "element", "Framework element"),
    ("f_theme", "theme", "People Promise theme"),
    ("f_topic", "topic", "Topic"),
    ("f_sector", "sector", "Sector"),
    ("f_region", "region", "Region"),
    ("f_state", "state", "Questions"),  # "Answered" or "Not yet answered" (discussions' questions)
)
FACET_PARAMS = {param: field for field, param, _ in FACETS}

# Free-text fields used for ranking, with their boosts: title over summary over the rest
# ("content": every searchable word, including facet names and attached files' text).
# Keyword fields are never searched as free text, so a stop word cannot become a required
# keyword term.
TEXT_FIELDS = {"title": 4.0, "summary": 2.0, "content": 1.0}
SNIPPET_FIELDS = ("summary", "body", "attachments")
FACET_SEPARATOR = "\n"


def fold_accents(word):
    """Latin letters without their accents ("cafés" is "cafes"), so a query typed without
    them finds the word; marks on other scripts (Devanagari vowel signs, say) are kept."""
    if word.isascii():
        return word
    kept = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.category(ch) == "Mn" and kept and kept[-1].isascii():
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


class EnglishTokenizer(Tokenizer):
    """Words (any script) -> lower case -> without English stop words -> without accents on
    Latin letters -> Porter2 stems.

    Follows Whoosh's tokenizer contract (positions, chars, removestops, start_pos,
    start_char); stop words still take a position when removestops is False (highlighting).
    """

    def __init__(self, stem=True):
        self.expression = re.compile(WORD_PATTERN)
        self.stem = stem
        self.stops = frozenset(STOP_WORDS)
        self._cache = {}

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.stem == other.stem

    def __getstate__(self):
        return {"stem": self.stem}

    def __setstate__(self, state):
        self.__init__(**state)

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        cache, stops, stem = self._cache, self.stops, self.stem
        pos = start_pos
        for match in self.expression.finditer(value):
            word = match.group().lower()
            if word in stops or len(word) < 2:
                if removestops:
                    continue
                token.stopped = True
            else:
                token.stopped = False
            text = cache.get(word)
            if text is None:
                folded = fold_accents(word)
                text = cache[word] = _STEMMER.stemWord(folded) if stem else folded
                if len(cache) > 200_000:
                    cache.clear()
            token.text = text
            token.boost = 1.0
            if keeporiginal:
                token.original = match.group()
            if positions:
                token.pos = pos
            pos += 1
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


def text_analyzer():
    """Words, lower-cased, English stop words removed, Porter2 stemmed."""
    return EnglishTokenizer(stem=True)


def spelling_analyzer():
    """Words as typed (lower-cased, not stemmed) for "did you mean" suggestions."""
    return EnglishTokenizer(stem=False)


def facet_field():
    """A multi-valued exact field; values are whole display names (they may contain commas)."""
    return KEYWORD(stored=True, analyzer=RegexTokenizer(r"[^\n]+"), scorable=False)


def build_schema():
    """The document shape shared by every content type."""
    analyzer = text_analyzer()
    fields = {
        "key": ID(stored=True, unique=True),
        "kind": ID(stored=True),
        "url": STORED,
        "digest": STORED,
        "visibility": ID(stored=True),
        "date": DATETIME(stored=True, sortable=True),
        "has_when": ID,
        "adapted_from": ID(stored=True),  # the key of the original an adaptation was adapted from
        # "content" holds every searchable word (title and summary too) with positions, so
        # whether a document matches is one look-up per word and phrases are checked in one
        # field; title and summary are indexed again, without positions, for ranking.
        "title": TEXT(analyzer=analyzer, stored=True, phrase=False),
        "summary": TEXT(analyzer=analyzer, stored=True, phrase=False),
        "content": TEXT(analyzer=analyzer),
        "body": STORED,
        "attachments": STORED,
        "attachment_labels": STORED,
        "spell": TEXT(analyzer=spelling_analyzer(), phrase=False),
    }
    for name, _, _ in FACETS:
        fields[name] = facet_field()
    return Schema(**fields)
