"""The vocabularies a member can follow (topics, framework elements, People Promise themes) and
regions: registered here, because app/taxonomy is a shared service that owns no page of its own.
A followed term lists on the Following page with a link to the search filtered by it."""

from flask import url_for

from app.auth.access import can_see_members_content
from app.following.registry import FollowableKind, FollowView, register
from app.taxonomy.models import Region, Term

# kind -> (vocabulary, label, plural, search facet parameter)
VOCABULARY_KINDS = {
    "topic": ("topic", "Topic", "Topics", "topic"),
    "framework_element": ("framework_element", "Framework element", "Framework elements", "element"),
    "people_promise_theme": ("people_promise_theme", "People Promise theme", "People Promise themes", "theme"),
}


def _term_kind(kind, vocabulary, label, plural, facet):
    def view(term):
        return FollowView(term.name, url_for("search.results", **{facet: term.name}))

    return FollowableKind.for_model(
        kind,
        label,
        plural,
        Term,
        shown_to=lambda term, user: can_see_members_content(user),
        view=view,
        where=Term.vocabulary == vocabulary,
    )


def register_taxonomy_kinds():
    for kind, (vocabulary, label, plural, facet) in VOCABULARY_KINDS.items():
        register(_term_kind(kind, vocabulary, label, plural, facet))
    register(
        FollowableKind.for_model(
            "region",
            "Region",
            "Regions",
            Region,
            shown_to=lambda region, user: can_see_members_content(user),
            view=lambda region: FollowView(region.name, url_for("search.results", region=region.name)),
        )
    )
