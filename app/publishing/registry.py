"""Content types register here to share the publishing lifecycle (a few lines per type).

A feature describes its type once, in its own package, for example app/case_studies/publishable.py:

    register(PublishableType(model=CaseStudy, home_meta="organisation"))

The model uses `PublishableMixin` and names its `kind`, `label`, `plural_label`, `url_prefix`
and `blueprint` (whose `index` and `detail` endpoints list and show it). Registering gives the
type, without the shared layer naming it: an Atom feed at /feeds<url_prefix>.atom (endpoint
`publishing.<blueprint>_feed`), a column on the home page, comments, the moderation queues,
review reminders, a part of each member's data export, and its account links cleared when a
member is deleted. Types register when their package is imported, which `create_app` does
before it registers any blueprint.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PublishableType:
    """One content type with the shared lifecycle; everything descriptive lives on its model."""

    model: type
    home_meta: str = "summary"  # the attribute shown under each item in the home page's list

    @property
    def kind(self):
        return self.model.kind

    @property
    def plural(self):
        return self.model.plural_label

    @property
    def blueprint(self):
        return self.model.blueprint

    @property
    def export_key(self):
        """The key of this type's items in a member's data export, e.g. "case_studies"."""
        return self.model.plural_label.replace(" ", "_")


_TYPES: dict[str, PublishableType] = {}


def register(publishable):
    """Add (or replace) a publishable type."""
    _TYPES[publishable.kind] = publishable
    return publishable


def unregister(kind):
    """Remove a publishable type (tests register small types and take them away again)."""
    return _TYPES.pop(kind, None)


def types():
    """Every registered type, ordered by kind so nothing depends on the order packages were imported."""
    return [_TYPES[kind] for kind in sorted(_TYPES)]


def models():
    """The model class of every registered type, in the order of `types()`."""
    return [publishable.model for publishable in types()]


def model_for(kind):
    """The model registered for `kind`, or None."""
    publishable = _TYPES.get(kind)
    return publishable.model if publishable else None
