"""Document sets as Python integers (bit n = document n), cached per index version.

Counting facets means intersecting the full set of matches with each facet value's
documents. Done on Python sets that costs a hash probe per document; on integers it is one
C-level AND plus a popcount per value, whatever the number of matches. Each term's
documents are read from its posting list once and kept until the index changes.
"""

from collections import OrderedDict

from whoosh import query as wq
from whoosh.idsets import DocIdSet
from whoosh.query.compound import DefaultOr

TERM_CACHE_SIZE = 4000


def from_docnums(docnums, size):
    """An int bitset from document numbers."""
    buffer = bytearray((size >> 3) + 1)
    for docnum in docnums:
        buffer[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(buffer, "little")


def to_docnums(bits):
    """The document numbers set in `bits`, ascending."""
    docnums = []
    data = bits.to_bytes((bits.bit_length() >> 3) + 1, "little")
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            for bit in range(8):
                if byte >> bit & 1:
                    docnums.append(base + bit)
    return docnums


class BitsFilter(DocIdSet):
    """A read-only DocIdSet over a bitset, so Whoosh can filter a search with it."""

    def __init__(self, bits):
        self.bits = bits
        self._bytes = bits.to_bytes((bits.bit_length() >> 3) + 1, "little")

    def __contains__(self, docnum):
        index = docnum >> 3
        return index < len(self._bytes) and bool(self._bytes[index] >> (docnum & 7) & 1)

    def __len__(self):
        return self.bits.bit_count()

    def __bool__(self):
        return True  # even when empty: Whoosh reads a falsy filter as "no filter at all"

    def __iter__(self):
        return iter(to_docnums(self.bits))


class BitsCache:
    """Per-searcher cache of term and phrase bitsets (least recently used dropped first)."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.reader().doc_count_all()
        self.terms = OrderedDict()
        self._all = None

    def docs(self, q):
        """Bitset of the (non-deleted) documents matching a simple query, cached."""
        key = (type(q).__name__, *(q.terms() if hasattr(q, "terms") else ()), str(q))
        cached = self.terms.get(key)
        if cached is None:
            cached = from_docnums(self.searcher.docs_for_query(q), self.size)
            self.terms[key] = cached
            if len(self.terms) > TERM_CACHE_SIZE:
                self.terms.popitem(last=False)
        else:
            self.terms.move_to_end(key)
        return cached

    def all(self):
        if self._all is None:
            self._all = from_docnums(self.searcher.reader().all_doc_ids(), self.size)
        return self._all

    def evaluate(self, q, within=None):
        """The bitset of documents matching a query built by app.search.query.

        `within` (a bitset) limits the expensive part, phrase checks, to documents that
        could be shown anyway; documents outside it may be missing from the result.
        """
        if isinstance(q, wq.Every):
            return self.all()
        if isinstance(q, wq.NullQuery.__class__) or q is wq.NullQuery:
            return 0
        if isinstance(q, wq.AndNot):
            return self.evaluate(q.a, within) & ~self.evaluate(q.b) & self.all()
        if isinstance(q, wq.And):
            result = None
            for sub in q.subqueries:
                bits = self.evaluate(sub, within)
                result = bits if result is None else result & bits
                if not result:
                    return 0
            return result or 0
        if isinstance(q, wq.Or | DefaultOr):
            result = 0
            for sub in q.subqueries:
                result |= self.evaluate(sub, within)
            return result
        if isinstance(q, wq.Phrase):
            return self.phrase(q, within)
        return self.docs(q)  # Term, DateRange and other leaf queries

    def phrase(self, q, within=None):
        """Documents with the words next to each other, cached.

        Positions are read only for documents that contain every word, in one tight loop
        per segment (cheaper than Whoosh's span matchers, which build objects per match).
        """
        key = ("Phrase", q.fieldname, *q.words)
        cached = self.terms.get(key)
        if cached is not None:
            return cached
        candidates = self.all() if within is None else within
        for word in q.words:
            candidates &= self.docs(wq.Term(q.fieldname, word))
            if not candidates:
                return 0
        found = []
        docnums = to_docnums(candidates)
        for subsearcher, offset in self.searcher.leaf_searchers():
            reader = subsearcher.reader()
            end = offset + reader.doc_count_all()
            local = [d - offset for d in docnums if offset <= d < end]
            if not local or not all((q.fieldname, word) in reader for word in q.words):
                continue
            matchers = [reader.postings(q.fieldname, word) for word in q.words]
            for docnum in local:
                positions = []
                for matcher in matchers:
                    if matcher.is_active() and matcher.id() < docnum:
                        matcher.skip_to(docnum)
                    if not matcher.is_active() or matcher.id() != docnum:
                        break
                    positions.append(matcher.value_as("positions"))
                else:
                    following = [set(p) for p in positions[1:]]
                    if any(all(start + n + 1 in later for n, later in enumerate(following)) for start in positions[0]):
                        found.append(docnum + offset)
        result = from_docnums(found, self.size)
        if within is None:
            self.terms[key] = result  # only complete answers are kept
        return result
