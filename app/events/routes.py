"""Browsing events: the list, the month calendar, the public feed and an event's page.

Anyone may browse published public events; members-only events need a verified member;
drafts answer 404 to everyone but their organisers and moderators.
"""

from datetime import date, timedelta

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user
from markupsafe import Markup

from app.auth.access import refuse_members_only
from app.auth.spaces import may_see_space, space_ref
from app.cache import cached_from_tables
from app.events import ics
from app.events.forms import FilterForm, parse_month
from app.events.models import CONFIRMED, WAITING
from app.events.permissions import can_create, can_view, is_organiser
from app.events.services import queries
from app.events.services import registration as registration_service
from app.events.services.feedback import feedback_state
from app.models_base import utcnow
from app.pagecache import cached_page
from app.routing import page_arg
from app.templating import to_london
from app.web import cacheable_args

bp = Blueprint(
    "events",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
    cli_group="events",
)
calendar_bp = Blueprint("calendar", __name__)


def event_or_404(slug):
    """The event if this visitor may see it: 404 for unknown slugs, other people's drafts and
    (but for its organisers) an event of a private space the visitor is not a member of."""
    event = queries.event_by_slug(slug)
    if event is None or (event.status == "draft" and not is_organiser(event, current_user)):
        abort(404)
    if not may_see_space(current_user, event.space_id) and not is_organiser(event, current_user):
        abort(404)
    if not can_view(event, current_user):
        refuse_members_only(current_user)
    return event


def calendar_response(body, filename):
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "no-cache"},
    )


@bp.route("/")
@cached_page()
def index():
    """Upcoming (or past) events with filters, or one month's; unknown filter values are ignored."""
    form = FilterForm(request.args)
    filters = form.filters()
    pagination = queries.list_events(current_user, filters, page=page_arg())
    statuses = queries.own_statuses(current_user, pagination.items)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "events/index.html",
        filter_form=_filter_form(form),
        form=form,
        filters=filters,
        pagination=pagination,
        statuses=statuses,
        args=args,
        can_create=can_create(current_user),
    )


def _filter_form(form):
    """The filter form (NHS.UK select and radio macros: most of the page's rendering time), kept
    in the shared cache for each query string until the topics or regions change. Its month
    choices run from this London month, which is part of the key."""

    def render():
        return render_template("events/_filter_form.html", form=form)

    args = cacheable_args(set(form.data) | {"page"})
    if args is None:
        return Markup(render())  # noqa: S704 (an autoescaped template)
    month = f"{to_london(utcnow()):%Y-%m}"
    parts = (request.script_root, month, args)
    return Markup(cached_from_tables("events-filters", ("taxonomy_term", "region"), parts, render))  # noqa: S704


@bp.route("/calendar")
def month():
    """A month calendar (London dates); ?month=YYYY-MM, 400 for a malformed month."""
    text = request.args.get("month")
    today = to_london(utcnow()).date()
    first_day = parse_month(text) if text else date(today.year, today.month, 1)
    if first_day is None:
        abort(400)
    previous = (first_day - timedelta(days=1)).replace(day=1)
    following = (first_day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render_template(
        "events/calendar.html",
        weeks=queries.month_calendar(current_user, first_day),
        first_day=first_day,
        previous=previous,
        following=following,
        today=today,
    )


@bp.route("/feed.ics")
def public_feed():
    """Every public event (recent and upcoming) as one calendar to subscribe to."""
    body = ics.calendar(queries.public_feed(), "OHWB Exchange events")
    return calendar_response(body, "ohwb-exchange-events.ics")


@bp.route("/<slug>")
@cached_page()
def detail(slug):
    """An event page: places left, waiting list, the member's status and actions. 404 as event_or_404."""
    event = event_or_404(slug)
    registration = queries.own_registration(event, current_user)
    organiser = is_organiser(event, current_user)
    confirmed = registration is not None and registration.status == CONFIRMED
    waiting_number = None
    if registration is not None and registration.status == WAITING:
        waiting_number = registration_service.waiting_number(registration)
    return render_template(
        "events/detail.html",
        event=event,
        registration=registration,
        waiting_number=waiting_number,
        waiting=queries.waiting_count(event),
        organiser=organiser,
        show_joining=(confirmed or organiser) and not event.is_cancelled,
        attendees=queries.public_attendees(event) if (confirmed or organiser) else None,
        feedback=feedback_state(event, current_user) if current_user.is_authenticated else None,
        state=event.registration_state(),
        calendar_links=[] if event.is_cancelled or event.has_ended() else ics.add_links(event),
        space=space_ref(event.space_id),
    )


@bp.route("/<slug>.ics")
def event_ics(slug):
    """The event as an .ics file (with the joining link for confirmed registrants). 404 as event_or_404."""
    event = event_or_404(slug)
    registration = queries.own_registration(event, current_user)
    joining = registration is not None and registration.status == CONFIRMED
    return calendar_response(ics.event_calendar(event, joining=joining), f"{event.slug}.ics")
