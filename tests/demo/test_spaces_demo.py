"""The demo spaces and discussions: enough of them, about real people and items, seeded once."""

import re

from sqlalchemy import func, select

from app.auth.models import User
from app.case_studies.models import CaseStudy
from app.demo import auth as auth_demo
from app.demo import directory as directory_demo
from app.demo import discussions as discussions_demo
from app.demo import spaces as spaces_demo
from app.demo.case_studies_content import SCENARIOS
from app.demo.registry import rng_for
from app.demo.resources_content import RESOURCES
from app.extensions import db
from app.publishing.services import slugify
from app.resources.models import Resource
from app.spaces.models import (
    HelpfulVote,
    Mention,
    Reply,
    Report,
    Space,
    SpaceMember,
    Thread,
    ThreadLink,
    ThreadRead,
)
from app.taxonomy.models import Region, Term

NAMED = {
    "solo-ohwb-practitioners",
    "health-and-wellbeing-guardians",
    "trim-practitioners",
    "menopause-champions",
    "oh-nurses-in-primary-and-social-care",
}
BODY_LINK = re.compile(r"\]\(/(resources|case-studies)/([\w-]+)\)")
MENTION = re.compile(r"\{@([\w.-]+)\}")


def _demo_people():
    """Local parts of the verified demo accounts, from the same plans the seed runs."""
    people = auth_demo.plan(rng_for("accounts")) + directory_demo.plan_people(rng_for("directory-people"))
    return {person["local"] for person in people if not person.get("unverified")}


def _texts():
    for space in spaces_demo.SPACES:
        yield space["slug"], space["description"]
    for thread in discussions_demo.THREADS:
        yield thread["title"], thread["text"]
        for n, reply in enumerate(thread["replies"]):
            yield f"{thread['title']} #{n}", reply["text"]


def test_the_data_names_only_demo_members_and_library_items_that_exist(app):
    people = _demo_people()
    named = set()
    for space in spaces_demo.SPACES:
        named |= {space["created_by"], *space.get("managers", []), *space.get("members", [])}
        named |= {*space.get("pending", []), *space.get("invited", [])}
    for thread in discussions_demo.THREADS:
        named |= {thread["by"], *(reply["by"] for reply in thread["replies"])}
    for _, text in _texts():
        named |= set(MENTION.findall(text))
    assert sorted(named - people) == []

    resource_slugs = {slugify(row[0]) for row in RESOURCES}
    case_study_slugs = {slugify(scenario["title"]) for scenario in SCENARIOS}
    slugs = {"resource": resource_slugs, "resources": resource_slugs}
    slugs |= {"case_study": case_study_slugs, "case-studies": case_study_slugs}
    missing = [
        (kind, slug) for thread in discussions_demo.THREADS for kind, slug in thread["links"] if slug not in slugs[kind]
    ]
    missing += [
        (where, slug) for where, text in _texts() for kind, slug in BODY_LINK.findall(text) if slug not in slugs[kind]
    ]
    assert missing == []

    vocabulary = set(db.session.scalars(select(Term.name).where(Term.vocabulary.in_(spaces_demo.TAG_VOCABULARIES))))
    tags = {tag for item in [*spaces_demo.SPACES, *discussions_demo.THREADS] for tag in item["tags"]}
    assert sorted(tags - vocabulary - spaces_demo.LATER_TOPICS) == []
    regions = set(db.session.scalars(select(Region.name)))
    assert {space["region"] for space in spaces_demo.SPACES if space["region"]} == regions


def test_the_data_is_shaped_like_a_real_community():
    spaces, threads = spaces_demo.SPACES, discussions_demo.THREADS
    assert len(spaces) >= 12 and len(threads) >= 80
    assert sum(len(thread["replies"]) for thread in threads) >= 400
    assert NAMED <= {space["slug"] for space in spaces}
    assert {space["join_policy"] for space in spaces} == {"open", "request", "private"}
    assert any(thread["space"] is None for thread in threads)  # Ask the community
    for thread in threads:
        accepted = [reply for reply in thread["replies"] if reply.get("accepted")]
        assert len(accepted) <= 1, thread["title"]
        assert not accepted or (thread["kind"] == "question" and accepted[0]["by"] != thread["by"]), thread["title"]
        hours = [reply["after_hours"] for reply in thread["replies"]]
        assert hours == sorted(hours) and all(h < thread["days_ago"] * 24 for h in hours), thread["title"]
        quotes = [(n, reply["quote"]) for n, reply in enumerate(thread["replies"]) if "quote" in reply]
        assert all(0 <= quoted < n for n, quoted in quotes), thread["title"]
    questions = [thread for thread in threads if thread["kind"] == "question"]
    answered = [thread for thread in questions if any(reply.get("accepted") for reply in thread["replies"])]
    assert len(answered) >= len(questions) // 2


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_demo_writes_spaces_and_discussions_once(runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    assert "discussions: 90 created" in result.output

    spaces = {space.slug: space for space in db.session.scalars(select(Space))}
    assert len(spaces) >= 12 and NAMED <= set(spaces)
    assert {space.region_id for space in spaces.values() if space.region_id} == set(
        db.session.scalars(select(Region.id))
    )
    private = spaces["postvention-peer-support"]
    assert private.join_policy == "private" and private.member_count >= 5
    assert _count(SpaceMember, SpaceMember.space_id == private.id, SpaceMember.status == "invited") == 1
    assert _count(SpaceMember, SpaceMember.status == "pending") >= 1
    for space in spaces.values():
        assert space.member_count == _count(
            SpaceMember, SpaceMember.space_id == space.id, SpaceMember.status == "active"
        )
        assert space.thread_count == _count(Thread, Thread.space_id == space.id)

    assert _count(Thread) >= 80 and _count(Reply) >= 400
    assert _count(Thread, Thread.space_id.is_(None)) >= 10
    # Every accepted answer is a reply in its own thread, on a question.
    stray = db.session.scalar(
        select(func.count())
        .select_from(Thread)
        .join(Reply, Reply.id == Thread.accepted_reply_id)
        .where((Reply.thread_id != Thread.id) | (Thread.kind != "question"))
    )
    assert stray == 0 and _count(Thread, Thread.accepted_reply_id.is_not(None)) >= 40
    # Everyone who wrote in a space is an active member of it.
    outsiders = db.session.scalar(
        select(func.count())
        .select_from(Reply)
        .join(Thread, Thread.id == Reply.thread_id)
        .where(Thread.space_id.is_not(None))
        .where(
            ~select(SpaceMember.id)
            .where(
                SpaceMember.space_id == Thread.space_id,
                SpaceMember.user_id == Reply.author_id,
                SpaceMember.status == "active",
            )
            .exists()
        )
    )
    assert outsiders == 0
    # Counters agree with the rows they count; nobody found their own reply helpful.
    for thread in db.session.scalars(select(Thread)):
        assert thread.reply_count == _count(Reply, Reply.thread_id == thread.id, Reply.hidden_at.is_(None))
        assert thread.view_count > 0
        times = db.session.scalars(
            select(Reply.created_at).where(Reply.thread_id == thread.id).order_by(Reply.id)
        ).all()
        assert times == sorted(times) and all(time > thread.created_at for time in times), thread.title
    # Something for the moderators: a hidden advert with its reason, and a report still open.
    hidden = db.session.scalar(select(Reply).where(Reply.hidden_at.is_not(None)))
    assert (
        hidden.hide_reason.startswith("Advertising") and db.session.get(User, hidden.hidden_by_id).role == "moderator"
    )
    assert _count(Report, Report.status == "open", Report.reason == "confidential") == 1
    assert db.session.scalar(select(func.sum(Reply.helpful_count))) == _count(HelpfulVote) > 400
    own = _count(HelpfulVote, HelpfulVote.reply_id.in_(select(Reply.id).where(Reply.author_id == HelpfulVote.user_id)))
    assert own == 0
    # Links and mentions point at real rows; mentions are linked in the page and sent to nobody.
    for link in db.session.scalars(select(ThreadLink)):
        model = CaseStudy if link.kind == "case_study" else Resource
        assert db.session.get(model, link.object_id) is not None
    mentions = db.session.scalars(select(Mention)).all()
    assert len(mentions) >= 10 and all(mention.emailed_at for mention in mentions)
    mentioned = db.session.get(Reply, next(m.reply_id for m in mentions if m.reply_id))
    assert 'class="app-mention"' in mentioned.body_html and "{@" not in mentioned.body_md
    member = db.session.scalar(select(User).where(User.email == f"member@{auth_demo.DEMO_DOMAIN}"))
    assert _count(ThreadRead, ThreadRead.user_id == member.id) >= 3

    counts = [_count(model) for model in (Space, SpaceMember, Thread, Reply, HelpfulVote, Mention, ThreadLink)]
    again = runner.invoke(args=["seed", "demo"])
    assert again.exit_code == 0, again.output
    assert "spaces: 0 created" in again.output and "discussions: 0 created" in again.output
    db.session.expire_all()
    assert [_count(model) for model in (Space, SpaceMember, Thread, Reply, HelpfulVote, Mention, ThreadLink)] == counts


def test_spaces_a_site_already_has_are_filled_not_duplicated(runner, make_user):
    founder = make_user(name="Founder Member")
    seeded = Space(slug="trim-practitioners", name="TRiM practitioners", purpose="Seeded by a migration")
    seeded.terms = spaces_demo.tag_terms(["Stigma"])
    db.session.add_all(
        [
            seeded,
            Space(slug="menopause-champions", name="Menopause champions", purpose="Ours", created_by_id=founder.id),
        ]
    )
    db.session.commit()
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    (trim,) = db.session.scalars(select(Space).where(Space.name == "TRiM practitioners")).all()
    assert trim.purpose.startswith("Trauma risk management practitioners") and trim.created_by is not None
    assert {"Stigma", "Trauma-informed care"} <= {term.name for term in trim.terms}
    (menopause,) = db.session.scalars(select(Space).where(Space.name == "Menopause champions")).all()
    assert menopause.purpose == "Ours" and menopause.created_by_id == founder.id
    for space in (trim, menopause):
        assert space.member_count >= 10 and space.thread_count >= 5
