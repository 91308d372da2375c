"""Listing and detail pages issue the same bounded number of SQL queries for 10 or 500 items."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from app.case_studies.models import CaseStudy, ImpactMeasure
from app.comments.models import Comment
from app.extensions import db
from app.publishing.models import ReuseRecord, UsefulMark, utcnow
from app.resources.models import Resource, ResourceDownload, ResourceVersion
from app.taxonomy.models import Region, Term

# Measured: listings 16-17 (one for the adaptations shown under the page's items), detail pages
# 17-19 (the original and its adaptations; whether the viewer saved the item), moderation 8 (same
# with 10 and 500 items). The viewer is a moderator, whose header counts what waits for review and
# their unread inbox conversations: two queries on every page.
CEILING = {"list": 17, "detail": 19}


@contextmanager
def count_queries():
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def populate(count, people):
    """`count` published case studies and resources, all cross-linked and busy."""
    terms = db.session.scalars(
        select(Term).where(Term.vocabulary.in_(("topic", "framework_element", "people_promise_theme", "sector")))
    ).all()
    regions = db.session.scalars(select(Region)).all()
    sector = next(t for t in terms if t.vocabulary == "sector")
    resources, studies = [], []
    for n in range(count):
        resource = Resource(
            slug=f"r-{n}",
            title=f"Resource {n}",
            summary="s",
            resource_type="guide",
            status="published",
            visibility="public",
            author_id=people[n % len(people)].id,
            published_at=utcnow(),
            region=regions[n % len(regions)],
        )
        resource.terms = list({terms[n % len(terms)], terms[(n * 7 + 3) % len(terms)]})
        resource.versions = [
            ResourceVersion(
                number=v,
                stored_name=f"{n}-{v}.txt",
                original_name="a.txt",
                mimetype="text/plain",
                extension="txt",
                size=1,
                sha256="0" * 64,
                change_note="x",
                uploaded_by_id=people[0].id,
            )
            for v in (1, 2)
        ]
        study = CaseStudy(
            slug=f"cs-{n}",
            title=f"Case study {n}",
            summary="s",
            organisation="Org",
            status="published",
            visibility="public",
            author_id=people[n % len(people)].id,
            published_at=utcnow(),
            region=regions[n % len(regions)],
            sector=sector,
        )
        study.terms = list(resource.terms)
        study.coauthors = people[1:3]
        study.measures = [ImpactMeasure(position=0, metric="m", baseline=1, result=2)]
        resources.append(resource)
        studies.append(study)
    db.session.add_all(resources + studies)
    db.session.flush()
    target_cs, target_r = studies[0], resources[0]
    target_cs.resources = resources[: min(count, 50)]
    for item in studies[1 : min(count, 50)]:
        item.resources = [target_r, *item.resources]
    reused = set()
    for n, item in enumerate(studies + resources):
        person = people[n % len(people)]
        db.session.add(UsefulMark(kind=item.kind, object_id=item.id, user_id=person.id))
        reuse = (item.kind, target_cs.id if n % 2 else target_r.id, person.id)
        if reuse not in reused:  # one reuse record per member per item
            reused.add(reuse)
            db.session.add(ReuseRecord(kind=reuse[0], object_id=reuse[1], user_id=reuse[2]))
        for target in (target_cs, target_r):
            db.session.add(
                Comment(kind=target.kind, object_id=target.id, author_id=person.id, body="c", body_html="<p>c</p>")
            )
        db.session.add(ResourceDownload(resource_id=target_r.id, user_id=person.id))
    db.session.commit()
    return target_cs.slug, target_r.slug


PAGES = {
    "list": [
        "/case-studies/",
        "/case-studies/?topic=menopause&sort=useful",
        "/resources/",
        "/resources/?sort=reused&page=2",
        "/",
    ],
    "detail": ["/case-studies/{cs}", "/resources/{r}", "/moderation/"],
}


def measure(client, cs, r):
    result = {}
    for kind, paths in PAGES.items():
        for path in paths:
            url = path.format(cs=cs, r=r)
            with count_queries() as statements:
                response = client.get(url)
            assert response.status_code == 200, url
            result[url] = (kind, len(statements))
    return result


@pytest.mark.parametrize("count", [10, 500])
def test_query_ceiling(client, auth, make_user, count):
    people = [make_user() for _ in range(4)]
    moderator = make_user(role="moderator")
    cs, r = populate(count, people)
    auth.login(moderator)
    client.get("/")  # warm-up: first request loads the user and vocabularies
    for url, (kind, queries) in measure(client, cs, r).items():
        assert queries <= CEILING[kind], f"{url}: {queries} queries with {count} items"
