"""Search pages: results, saving a search, the member's saved searches, and Atom feeds."""

from urllib.parse import urlencode

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.auth.access import can_see_members_content, viewer_groups
from app.pagecache import cached_page
from app.search import member_searches
from app.search.forms import SaveSearchForm, facets_query_string, search_request
from app.web import form_page

bp = Blueprint("search", __name__, template_folder="templates")


@bp.route("/search")
@cached_page(tables=("search_outbox",))  # the index changes when its outbox rows are applied and deleted
def results():
    """Results for ?q= with facets, sort and page as further parameters. Never 404s or 403s;
    members-only items (and their facet counts and snippets) appear only for verified members,
    and a private space's items only for its members."""
    search_req = search_request(
        request.args, member=can_see_members_content(current_user), groups=viewer_groups(current_user)
    )
    page = member_searches.results_page(search_req)
    facets_qs = facets_query_string(search_req)
    return render_template(
        "search/results.html",
        page=page,
        facets_qs=facets_qs,
        page_url=lambda **changes: _url_with(page.request, **changes),
    )


def _url_with(search_req, **changes):
    """/search URL for the current search with some parameters changed."""
    params = {"q": search_req.text, "sort": search_req.sort, "when": search_req.when, "page": search_req.page}
    params.update(changes)
    pairs = [(k, v) for k, v in params.items() if v not in ("", None) and not (k == "page" and v == 1)]
    pairs += [(param, value) for param, values in sorted(search_req.filters.items()) for value in values]
    return url_for("search.results") + "?" + urlencode(pairs)


@bp.route("/search/save", methods=["GET", "POST"])
@login_required
def save():
    """Name and save the current search. Anonymous visitors are sent to sign in."""
    form = SaveSearchForm(request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.q.data = (request.args.get("q") or "")[:256]
        form.facets.data = (request.args.get("facets") or "")[:1000]
        form.name.data = form.q.data[:120] or "Everything new"
    if request.method == "POST" and form.validate():
        member_searches.save_search(current_user, form.name.data, form.q.data, form.facets.data, form.frequency.data)
        flash(f"Search saved: {form.name.data}", "success")
        return redirect(url_for("search.saved"))
    return form_page("search/save.html", form)


@bp.route("/search/saved")
@login_required
def saved():
    """The signed-in member's saved searches. Anonymous visitors are sent to sign in."""
    return render_template("search/saved.html", saved_searches=member_searches.saved_searches(current_user))


@bp.route("/search/saved/<id:saved_id>/delete", methods=["POST"])
@login_required
def delete(saved_id):
    """Delete a saved search; 404 when it is not the member's own."""
    member_searches.delete_saved_search(current_user, saved_id)
    flash("Saved search deleted", "success")
    return redirect(url_for("search.saved"))


@bp.route("/feeds/search/<token>.atom")
def feed(token):
    """Atom feed of a saved search's newest matches, as its owner may see them now; 404 for an
    unknown token and once the owner is no longer a verified, active member."""
    saved_search, page = member_searches.feed_for(token)
    body = render_template("search/feed.xml", saved=saved_search, page=page)
    response = make_response(body)
    response.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
