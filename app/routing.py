"""Reading numbers from URLs, query strings and forms: the one place ids and page numbers are parsed.

Every database id in a URL uses the `<id:...>` converter, every listing reads `?page=` with
`page_arg()` (and a list whose page may run past its end paginates with `paginate_within`), and every list of ids posted in a form goes through `form_ids()`. Anything that is
not a plain ASCII number in range never reaches the database: an odd id is a 404, an odd page
is page 1.
"""

import re

import flask
from flask import request
from werkzeug.routing import BaseConverter, ValidationError
from werkzeug.utils import cached_property

from app.extensions import db

MAX_ID = 2**31 - 1  # the largest value of the databases' INTEGER primary keys
MAX_PAGE = 10_000
_ASCII_NUMBER = re.compile(r"[0-9]{1,10}")


def parse_id(value):
    """`value` as an id (1..MAX_ID) when it is a plain ASCII number, else None."""
    if not isinstance(value, str) or not _ASCII_NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


class IdConverter(BaseConverter):
    """`<id:name>`: a database id; a URL with anything else there matches no rule, so it is a 404."""

    regex = r"[0-9]{1,10}"
    weight = 50  # as Werkzeug's int: /comments/1/edit is the edit rule, not /comments/<kind>/<slug>

    def to_python(self, value):
        """The id as an int; out of range means the rule does not match."""
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value):
        """Ids are written as plain decimal numbers."""
        return str(int(value))


def init_routing(app):
    """Register the `id` converter (before any blueprint adds its rules) and the request class."""
    app.url_map.converters["id"] = IdConverter
    app.request_class = Request


class Request(flask.Request):
    """A request whose query-string arguments never hold a NUL character.

    No real link carries one, and PostgreSQL refuses NUL in any text it is given, so a filter or
    search term holding one must never reach a query: it is dropped here, once, for every route,
    and the rest of the value is used as typed. (Form fields drop it through their filters in
    app/formfields.py.)
    """

    @cached_property
    def args(self):
        """The query-string arguments with NUL characters removed from names and values."""
        parsed = super().args
        return self.parameter_storage_class(
            (key.replace("\x00", ""), value.replace("\x00", "")) for key, value in parsed.items(multi=True)
        )


def page_arg(name="page", maximum=MAX_PAGE):
    """The `?page=` argument as 1..maximum; anything that is not a plain number is page 1."""
    number = parse_id(request.args.get(name, ""))
    return min(number, maximum) if number is not None else 1


def paginate_within(stmt, page, per_page):
    """`db.paginate(stmt)`, where a page past the end is the last page: after the last item on a page
    is removed, or from an old link, the list shows what there is, never "nothing here yet"."""
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    if pagination.pages and page > pagination.pages:
        pagination = db.paginate(stmt, page=pagination.pages, per_page=per_page, error_out=False)
    return pagination


def form_ids(name):
    """The ids posted under `name`, in order and without repeats; values that are not ids are dropped."""
    ids = (parse_id(value) for value in request.form.getlist(name))
    return list(dict.fromkeys(number for number in ids if number is not None))
