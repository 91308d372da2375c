"""Demo resources: 43 tools across every type, topic and sector, most with real small files,
and 8 local adaptations linked to the tool they adapt.

Files are built in memory and saved through app.content.store_upload, like a member's upload.
"""

from datetime import timedelta
from io import BytesIO

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.content import render_markdown, store_upload
from app.demo import lookups
from app.demo.registry import DemoStep
from app.demo.resource_files import build
from app.demo.resources_content import ADAPTATIONS, RESOURCES, STATUSES
from app.extensions import db
from app.publishing.models import utcnow
from app.publishing.services import slugify
from app.resources.models import LICENCES, Resource, ResourceVersion

REGIONS = [
    "London",
    "North East and Yorkshire",
    "East of England",
    "Midlands",
    "South West",
    "South East",
    "North West",
]


def plan(rng):
    """Each tool once, then the local adaptations (of published originals, newer than them)."""
    items = [_item(rng, n, row[0], None) for n, row in enumerate(RESOURCES)]
    originals = {item["row"]: item for item in items}
    for original, title, region, summary, extra in ADAPTATIONS:
        item = _item(rng, original, title, region)
        item.update(
            adapted_from=slugify(RESOURCES[original][0]),
            summary=summary,
            extra=extra,
            days_ago=max(2, originals[original]["days_ago"] - 30 - item["days_ago"] % 300),
        )
        items.append(item)
    return items


def _item(rng, row, title, region):
    """Published unless STATUSES says otherwise (a few wait in moderation, one is archived)."""
    return {
        "row": row,
        "title": title,
        "author": rng.randrange(10_000),
        "status": STATUSES.get(title, "published"),
        "public": rng.random() < 0.5,
        "days_ago": rng.randrange(5, 800),
        "overdue": rng.random() < 0.06,
        "licence": rng.choice(list(LICENCES)),
        "region": region,
        "versions": 2 if rng.random() < 0.25 else 1,
    }


def apply(item):
    """Create one resource (with its files) unless its slug exists."""
    slug = slugify(item["title"])
    if db.session.scalar(select(Resource.id).where(Resource.slug == slug)):
        return False
    title, kind, topics, elements, themes, sectors, extension, link, summary, lines = RESOURCES[item["row"]]
    if item.get("adapted_from"):
        title, summary, lines = item["title"], item["summary"], [*lines, *item["extra"]]
    original = (
        db.session.scalar(select(Resource).where(Resource.slug == item["adapted_from"]))
        if item.get("adapted_from")
        else None
    )
    author = lookups.member(item["author"])
    published = utcnow() - timedelta(days=item["days_ago"])
    description = "\n\n".join(
        [summary, "## What is in it", *(f"- {line}" for line in lines)]
        if lines
        else [summary, "Follow the link to use it. Tell us below if you reuse or adapt it."]
    )
    resource = Resource(
        slug=slug,
        title=item["title"],
        summary=summary,
        resource_type=kind,
        description_md=description,
        description_html=render_markdown(description),
        external_url=link,
        licence=item["licence"],
        reuse_terms="Free to adapt; please credit the original team and share your version back here",
        audience="Line managers and wellbeing leads" if kind == "manager-training" else "All staff and managers",
        visibility="public" if item["public"] else "members",
        status=item["status"],
        author_id=author.id if author else None,
        created_at=published - timedelta(days=3),
        updated_at=published,
        region=lookups.region(item["region"]) if item["region"] else None,
        adapted_from_id=original.id if original is not None else None,
    )
    resource.terms = [
        *lookups.terms("topic", topics),
        *lookups.terms("framework_element", elements),
        *lookups.terms("people_promise_theme", themes),
        *lookups.terms("sector", sectors),
    ]
    lookups.settle_review(
        resource,
        item["status"],
        published,
        item["overdue"],
        "moderator",
        "Please add who the resource is for and remove the staff names from page 2.",
    )
    db.session.add(resource)
    if extension:
        for number in range(1, item["versions"] + 1):
            stored = store_upload(
                FileStorage(
                    BytesIO(build(extension, f"{title} (version {number})", lines)),
                    filename=f"{slugify(title)[:60]}-v{number}.{extension}",
                )
            )
            resource.versions.append(
                ResourceVersion.of_file(
                    stored,
                    number=number,
                    change_note="First version" if number == 1 else "Updated signposting and contact details",
                    uploaded_by_id=resource.author_id,
                    created_at=published + timedelta(days=30 * (number - 1)),
                )
            )
    return True


STEP = DemoStep("resources", plan, apply)
