"""How text becomes index terms: the schema, the English (Porter2) stemmer and the facet fields.

Whoosh's own Porter stemmer turns "running" into "runn"; the Snowball English (Porter2)
stemmer from PyStemmer maps run, runs and running to "run", so it is used instead. The
schema is pickled into the index, so the stemming function lives at module level.
"""

import Stemmer
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

_STEMMER = Stemmer.Stemmer("english")

# Facets shown on the results page: (index field, URL parameter, heading). "type" is the
# registered kind's label; the others come from SearchDocument.facets.
FACETS = (
    ("f_type", "type", "Type"),
    ("f_element", "element", "Framework element"),
    ("f_theme", "theme", "People Promise theme"),
    ("f_topic", "topic", "Topic"),
    ("f_sector", "sector", "Sector"),
    ("f_region", "region", "Region"),
)
FACET_PARAMS = {param: field for field, param, _ in FACETS}

# Free-text fields and their boosts: title over summary over body. Facet names are also
# searchable as words (tags), but the keyword fields themselves never are, so a stop word
# can never become a required keyword term.
TEXT_FIELDS = {"title": 4.0, "summary": 2.0, "tags": 1.5, "body": 1.0, "attachments": 0.7}
SNIPPET_FIELDS = ("summary", "body", "attachments")
FACET_SEPARATOR = "\n"


def english_stem(word):
    """Porter2 stem of one lower-case word."""
    return _STEMMER.stemWord(word)


def word_tokenizer():
    """Unicode words (any script), keeping apostrophes inside words."""
    return RegexTokenizer(r"\w+(?:['\u2019]\w+)*")


def text_analyzer():
    """Words, lower-cased, English stop words removed, Porter2 stemmed."""
    return word_tokenizer() | LowercaseFilter() | StopFilter() | StemFilter(stemfn=english_stem, cachesize=100000)


def spelling_analyzer():
    """Words as typed (lower-cased, not stemmed) for "did you mean" suggestions."""
    return word_tokenizer() | LowercaseFilter() | StopFilter(minsize=3)


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
        "spell": TEXT(analyzer=spelling_analyzer(), phrase=False),
        "attachment_labels": STORED,
    }
    for name in TEXT_FIELDS:
        fields[name] = TEXT(analyzer=analyzer, stored=name != "tags")
    for name, _, _ in FACETS:
        fields[name] = facet_field()
    return Schema(**fields)
