"""Did-you-mean on PostgreSQL: a typed word found in no document is replaced by the most
similar word of the index's word list (pg_trgm), and the corrected query is offered only when
it finds something the asker may see."""

from dataclasses import replace

from sqlalchemy import text

from app.extensions import db
from app.search import query as query_builder
from app.search import synonyms
from app.search.pg import sql
from app.search.pg.writer import CONFIG


def correction(parsed, request):
    """A corrected query when a typed word is in no document, kept only when the corrected
    query finds something the asker may see (the word list holds members-only words too)."""
    changed, out = False, []
    for match in query_builder._TOKEN.finditer(parsed.text):
        token = match.group(0)
        if match.group(3) is None or token.startswith("-") or token.endswith("*"):
            out.append(token)
            continue
        fixed = token
        for word in query_builder._WORD.findall(token):
            lower = word.lower()
            if not query_builder.analyse(word) or lower in synonyms.table()["terms"] or _known(lower):
                continue
            option = db.session.scalar(
                text(
                    "SELECT word FROM search_term WHERE word % :w AND left(word, 1) = left(:w, 1)"
                    " ORDER BY similarity(word, :w) DESC, word LIMIT 1"
                ),
                {"w": lower},
            )
            if option and option != lower:
                fixed, changed = fixed.replace(word, option, 1), True
        out.append(fixed)
    if not changed:
        return None
    corrected = " ".join(out)
    tsq = sql.tsquery(query_builder.parse(corrected))
    if tsq is None:
        return None
    where, params = sql.conditions(replace(request, filters={}, when=""), tsq)
    seen = db.session.scalar(text(f"SELECT EXISTS (SELECT 1 {where})"), params)
    return corrected if seen else None


def _known(word):
    return db.session.scalar(
        text(f"SELECT EXISTS (SELECT 1 FROM search_document WHERE tsv @@ plainto_tsquery('{CONFIG}', :w))"),
        {"w": word},
    )
