"""Reading search parameters and the save-search form. Parsing and validation only."""

from urllib.parse import parse_qsl, urlencode

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from app.formfields import single_line
from app.search.analysis import FACET_PARAMS
from app.search.engine import MAX_PAGE, SORTS, SearchRequest
from app.search.query import clean_text

MAX_VALUES = 10
FREQUENCIES = [
    SelectChoice("weekly", "Weekly"),
    SelectChoice("daily", "Daily"),
    SelectChoice("never", "Never (feed only)"),
]


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def read_filters(args):
    """{facet param: [values]} from request arguments, bounded and cleaned."""
    filters = {}
    for param in FACET_PARAMS:
        values = [clean_text(v)[:200] for v in args.getlist(param)[:MAX_VALUES]]
        values = [v for v in dict.fromkeys(values) if v]
        if values:
            filters[param] = values
    return filters


def search_request(args, member, groups=frozenset()):
    """A SearchRequest from /search query parameters; odd values fall back to defaults.
    `groups`: the closed groups (private spaces) whose documents the asker may see."""
    sort = args.get("sort", "relevance")
    when = args.get("when", "")
    return SearchRequest(
        text=(args.get("q") or "")[:20000],
        filters=read_filters(args),
        when=when if when in ("upcoming", "past") else "",
        sort=sort if sort in SORTS else "relevance",
        page=min(max(_int(args.get("page"), 1), 1), MAX_PAGE),
        member=member,
        groups=frozenset(groups) if member else frozenset(),
    )


def facets_query_string(request):
    """The facet part of a search as a query string, for saving and for links."""
    pairs = [(param, value) for param, values in sorted(request.filters.items()) for value in values]
    if request.when:
        pairs.append(("when", request.when))
    return urlencode(pairs)


def saved_request(saved, *, member, groups=frozenset(), sort="date", page_size=20):
    """The SearchRequest a saved search stands for, for an owner who is (or is not) a member
    and belongs to the closed groups `groups`."""
    args = MultiDict(parse_qsl(saved.facets or ""))
    args["q"] = saved.query or ""
    args["sort"] = sort
    request = search_request(args, member, groups)
    request.page_size = page_size
    request.fold_adaptations = False  # alerts and feeds name each new item, adaptations too
    return request


class SaveSearchForm(FlaskForm):
    """Name a search and choose how often to be emailed about new matches."""

    q = HiddenField(filters=[single_line])
    facets = HiddenField(filters=[single_line])
    name = StringField(
        "Name for this search",
        filters=[single_line],
        validators=[
            DataRequired("Enter a name for this search"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
    )
    frequency = RadioField(
        "Email me about new matches",
        choices=FREQUENCIES,
        default="weekly",
        validators=[DataRequired("Select how often to email you")],
    )

    def validate_q(self, field):
        field.data = clean_text(field.data or "")[:256]

    def validate_facets(self, field):
        args = MultiDict(parse_qsl((field.data or "")[:1000]))
        field.data = facets_query_string(search_request(args, member=True))
