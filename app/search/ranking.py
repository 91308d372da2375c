"""Relevance rules that hold whatever the search backend: what a query is about, how kinds of
content weigh against each other, and the final order of a pool of candidates.

The backend (Whoosh today) finds the matches and scores them (BM25F); it then measures a few
features of each of the best candidates (is a query word in the title or summary, are the
typed words next to each other, is it a past event) and hands them to `rerank`. Adaptations
are folded under their original by `collapse`. Nothing here imports the backend, so a
PostgreSQL backend can reuse the same rules with its own scores.

The rules, each measured with the relevance set (tests/search/relevance_queries.json,
`make bench-relevance`):

- a document with the query words in its title or summary beats one that only mentions them
  in its body, and the more of the words it has there, the better (all-terms boost);
- words typed next to each other ("return on investment") count more where they stand next
  to each other in the document (phrase boost), so a template with "return" in its title
  does not outrank the study about return on investment;
- tools (case studies, resources) rank above people, unless the query names a person or a
  profession; past events rank below current content (and are marked "Past"). Both are
  tiers, not weights: a person (for a topic query) or a past event never outranks a tool,
  however many times it repeats the query words.
"""

from dataclasses import dataclass

# Roles come from each type's registration (SearchableType.role).
TOOL, PEOPLE_ROLE, EVENT, DISCUSSION = "tool", "people", "event", "discussion"

# Words that ask for people rather than tools (lower case, as typed or singular).
PROFESSION_WORDS = frozenset(
    {
        "nurse",
        "nurses",
        "physician",
        "physicians",
        "doctor",
        "doctors",
        "physio",
        "physios",
        "physiotherapist",
        "physiotherapists",
        "psychologist",
        "psychologists",
        "counsellor",
        "counsellors",
        "therapist",
        "therapists",
        "ergonomist",
        "ergonomists",
        "technician",
        "technicians",
        "practitioner",
        "practitioners",
        "pwp",
        "people",
        "person",
        "peer",
        "peers",
        "mentor",
        "mentors",
        "colleague",
        "colleagues",
        "expert",
        "experts",
        "contact",
        "contacts",
    }
)

# Multipliers on the relevance of a candidate by what it is, within its tier.
KIND_WEIGHTS = {
    "tool": 1.0,
    "people": 1.0,
    "people_asked": 1.15,
    "event": 0.85,
    "past_event": 1.0,
    "discussion": 1.0,
    "other": 0.8,
}
CURRENT, DISCUSSIONS, PEOPLE, PAST = 0, 1, 2, 3  # tiers, in result order
BODY_ONLY = 0.45  # a match only in the body, against one in the title or summary
PHRASE_BONUS = 0.3  # for the typed words standing together in the document
ALL_TERMS_BONUS = 0.15  # for every query word in the title or summary


@dataclass(frozen=True)
class Intent:
    """What a query asks for: people (a named person or a profession) or tools on a topic."""

    about_people: bool = False
    terms: int = 1  # distinct words that count (after stop words)


def intent(words, names_person=False, terms=1):
    """The intent of a query from its typed words; `names_person`: the backend found a word of
    the query in the name of a person among the matches."""
    asks_profession = any(word.lower().strip("'\u2019") in PROFESSION_WORDS for word in words)
    return Intent(about_people=names_person or asks_profession, terms=max(1, terms))


@dataclass
class Candidate:
    """One matching document with the features the rules use; `ref` is the backend's id."""

    ref: object
    score: float  # the backend's relevance score (higher is better)
    role: str  # tool, people, event or other (SearchableType.role)
    head: bool = False  # a query word is in the title or summary
    coverage: float = 0.0  # share of the query's words in the title or summary (0 to 1)
    phrase: float = 0.0  # share of adjacent typed word pairs found together (0 to 1)
    past: bool = False  # a past event
    tier_best: float = 0.0  # the best backend score among candidates scored the same way


def kind_weight(candidate, query_intent):
    if candidate.role == TOOL:
        return KIND_WEIGHTS["tool"]
    if candidate.role == PEOPLE_ROLE:
        return KIND_WEIGHTS["people_asked" if query_intent.about_people else "people"]
    if candidate.role == EVENT:
        return KIND_WEIGHTS["past_event" if candidate.past else "event"]
    if candidate.role == DISCUSSION:
        return KIND_WEIGHTS["discussion"]
    return KIND_WEIGHTS["past_event"] if candidate.past else KIND_WEIGHTS["other"]


def tier(candidate, query_intent):
    """Current content first; then discussions (which point to the tools that answer them); then
    people, for a query that does not ask for people; past events last."""
    if candidate.past:
        return PAST
    if candidate.role == DISCUSSION:
        return DISCUSSIONS
    if candidate.role == PEOPLE_ROLE and not query_intent.about_people:
        return PEOPLE
    return CURRENT


def final_score(candidate, query_intent):
    """The score the results are ordered by (higher first)."""
    relative = candidate.score / candidate.tier_best if candidate.tier_best > 0 else 0.0
    score = (1.0 if candidate.head else BODY_ONLY) * (0.6 + 0.4 * relative)
    score *= 0.5 + 0.5 * candidate.coverage
    if query_intent.terms > 1:
        score += PHRASE_BONUS * candidate.phrase
        if candidate.coverage >= 1.0:
            score += ALL_TERMS_BONUS
    return score * kind_weight(candidate, query_intent)


def rerank(candidates, query_intent):
    """The candidates, best first; ties keep the backend's order."""
    order = {id(c): n for n, c in enumerate(candidates)}
    return sorted(candidates, key=lambda c: (tier(c, query_intent), -final_score(c, query_intent), order[id(c)]))


def collapse(refs, head_of):
    """Fold adaptations under their original: each group appears once, where its best-ranked
    member was, represented by the original. `head_of` maps an adaptation's ref to its
    original's ref (only where the original is among the matches)."""
    seen, ordered = set(), []
    for ref in refs:
        head = head_of.get(ref, ref)
        if head not in seen:
            seen.add(head)
            ordered.append(head)
    return ordered
