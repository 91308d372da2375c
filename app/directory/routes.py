"""Finding practitioners: the directory with facets, a profile page, its JSON and photo.

Every page here needs a signed-in, verified member: profiles are for members only. Anonymous
visitors to the directory's front doors (the list and "Peers for you") get a page about what
the directory offers and how to join instead of a bare sign-in form.
"""

from functools import wraps

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask_login import current_user

from app.auth.decorators import verified_required
from app.content import send_stored_file
from app.directory.services import finder, profiles
from app.pagecache import cached_page
from app.routing import page_arg

bp = Blueprint("directory", __name__, template_folder="templates")


def visitors_see_about(view):
    """Anonymous visitors get the page about the directory; signed-in accounts go through
    `verified_required` as on every other directory page."""
    guarded = verified_required(view)

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return render_template("directory/about.html", summary=finder.summary(), back=request.path)
        return guarded(*args, **kwargs)

    return wrapped


def other_profile(slug):
    """A reachable profile and its view that is not the member's own; 404 otherwise."""
    profile, view = profiles.profile_for(slug, current_user)
    if profile.user_id == current_user.id:
        abort(404)
    return profile, view


@bp.route("/")
@cached_page()
@visitors_see_about
def index():
    """The directory: listed profiles only, filtered by facets and text over visible fields;
    anonymous visitors see what it offers and how to join."""
    result = finder.find(request.args, page=page_arg(), per_page=current_app.config["ITEMS_PER_PAGE"])
    current = dict(result.selected, q=result.query or None)

    def link(**changes):
        """This listing with some arguments changed (None removes one); back to page 1 unless given."""
        merged = {k: v for k, v in {**current, **changes}.items() if v is not None}
        return url_for("directory.index", **merged)

    mine = profiles.own_status(current_user)
    return render_template("directory/index.html", result=result, mine=mine, link=link)


@bp.route("/<slug>")
@verified_required
def profile(slug):
    """One profile; 404 when it is unlisted (unless it is the member's own) or unknown."""
    return render_template("directory/profile.html", **profiles.profile_page(slug, current_user))


@bp.route("/<slug>.json")
@verified_required
def profile_json(slug):
    """The same profile as JSON, with exactly the fields the page shows; 404 as the page."""
    _profile, view = profiles.profile_for(slug, current_user)
    response = jsonify(view)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<slug>/photo")
@verified_required
def photo(slug):
    """The profile photo; 404 when the profile is unreachable, the photo hidden or absent."""
    name = profiles.photo_for(slug, current_user)
    response = send_stored_file(name, "photo.jpg", "image/jpeg")
    response.headers["Content-Disposition"] = "inline"
    return response
