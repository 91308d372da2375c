"""Thread and reply pages: "Ask the community" (/ask/), starting a thread, a thread with its
replies (/threads/<id>), replying, quoting, editing, deleting, helpful votes and accepted answers.

A thread is a 404 to anyone who may not see its space; hidden and waiting posts only to their
author and those who manage them. Doing something one may not do (editing another's reply) is 403.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.auth.decorators import verified_required
from app.extensions import db
from app.pagecache import cached_page
from app.routing import page_arg, parse_id
from app.spaces import access
from app.spaces.forms import EditReplyForm, ReplyForm, ThreadForm
from app.spaces.loaders import reply_or_404, thread_or_404
from app.spaces.models import Reply
from app.spaces.routes import bp
from app.spaces.services import replies as reply_services
from app.spaces.services import threads
from app.taxonomy.services import terms
from app.web import UserError, attach_error, form_page


def thread_url(thread, reply_id=None):
    """The thread's address; at the reply `reply_id` (on its page) when given."""
    if not reply_id:
        return url_for("spaces.thread", thread_id=thread.id)
    page = threads.page_of(thread, current_user, reply_id)
    return url_for("spaces.thread", thread_id=thread.id, page=page if page > 1 else None) + f"#reply-{reply_id}"


@bp.route("/ask/")
@verified_required
def ask():
    """ "Ask the community": threads that belong to no space, sorted, by tag, paginated."""
    sort = request.args.get("sort", "active")
    tag = threads.tag_named(request.args.get("tag"))
    pagination = threads.list_threads(current_user, page_arg(), space=None, sort=sort, tag=tag)
    return render_template(
        "spaces/ask.html",
        pagination=pagination,
        new_counts=threads.new_counts(current_user, pagination.items),
        sort=sort if sort in threads.SORTS else "active",
        sorts=threads.SORTS,
        tag_term=tag,
        topics=terms("topic"),
    )


def start_thread(space, form):
    """The new-thread page for `space` (None: "Ask the community"), and its POST."""
    if form.validate_on_submit():
        try:
            thread = threads.create_thread(space, current_user, form.fields())
        except UserError as error:
            attach_error(form, error)
            return form_page("spaces/thread_form.html", form, status=error.status, space=space, thread=None)
        if thread.awaiting_moderation:
            flash("Thank you. Your post has links, so a moderator will check it before others can see it.", "success")
        else:
            flash("Your post has been published.", "success")
        return redirect(thread_url(thread))
    return form_page("spaces/thread_form.html", form, space=space, thread=None)


@bp.route("/ask/new", methods=["GET", "POST"])
@verified_required
def ask_new():
    """Ask the whole community a question, or start a discussion there."""
    return start_thread(None, ThreadForm())


@bp.route("/spaces/<slug>/threads/new", methods=["GET", "POST"])
@verified_required
def new_thread(slug):
    """Start a thread in a space: its members only (403 for others who can see it)."""
    space = access.space_or_404(slug, current_user)
    if not access.can_post(space, current_user):
        abort(403)
    return start_thread(space, ThreadForm())


def _page_context(thread, form, page):
    manages = access.can_manage(thread.space, current_user)
    replies = threads.replies_page(thread, current_user, page)
    quoting = None
    quote_id = parse_id(form.quote.data or request.args.get("quote", ""))
    if quote_id:
        quoting = next((reply for reply in replies.items if reply.id == quote_id), None) or _quotable(thread, quote_id)
        form.quote.data = str(quoting.id) if quoting else ""
    return {
        "thread": thread,
        "space": thread.space,
        "manages": manages,
        "can_reply": access.can_post(thread.space, current_user) and (not thread.locked or manages),
        "replies": replies,
        "voted": threads.voted(current_user, replies.items),
        "accepted": threads.accepted_reply(thread),
        "cards": threads.cards(thread),
        "quoting": quoting,
        "form": form,
    }


def _quotable(thread, reply_id):
    reply = db.session.get(Reply, reply_id)
    if reply is None or reply.thread_id != thread.id or reply.is_deleted or reply.awaiting_moderation:
        return None
    return reply


@bp.route("/threads/<id:thread_id>")
@cached_page()
@verified_required
def thread(thread_id):
    """A thread and one page of its replies; a merged thread redirects to where it went."""
    found = thread_or_404(thread_id, follow_merged=True)
    if found.merged_into_id is not None:
        return redirect(url_for("spaces.thread", thread_id=found.merged_into_id), 301)
    context = _page_context(found, ReplyForm(formdata=None), _linked_page(found) or page_arg())
    response = render_template("spaces/thread.html", **context)
    threads.mark_read(found, current_user, context["replies"].items)
    return response


def _linked_page(thread):
    """The page holding the reply a link names (`?reply=<id>`, as notifications and emails write
    it), worked out now, so the link stays right after earlier replies are hidden; None when the
    link names no reply of this thread the member may see."""
    reply_id = parse_id(request.args.get("reply", ""))
    if reply_id is None:
        return None
    shown = select(Reply.id).where(
        Reply.id == reply_id, Reply.thread_id == thread.id, access.reply_visible_clause(current_user)
    )
    if db.session.scalar(shown) is None:
        return None
    return threads.page_of(thread, current_user, reply_id)


@bp.route("/threads/<id:thread_id>/new")
@verified_required
def unread(thread_id):
    """Open the thread at the first reply the member has not read (or at its start)."""
    found = thread_or_404(thread_id)
    first = threads.first_unread(found, current_user)
    if first is None:
        return redirect(thread_url(found))
    page, reply_id = first
    return redirect(
        url_for("spaces.thread", thread_id=found.id, page=page if page > 1 else None) + f"#reply-{reply_id}"
    )


@bp.route("/threads/<id:thread_id>/edit", methods=["GET", "POST"])
@verified_required
def edit_thread(thread_id):
    """Edit a thread: its author (unless hidden) or those who manage it; 403 for others."""
    found = thread_or_404(thread_id)
    manages = access.can_manage(found.space, current_user)
    if not manages and (found.author_id != current_user.id or found.is_hidden):
        abort(403)
    form = ThreadForm()
    if form.validate_on_submit():
        try:
            threads.edit_thread(found, form.fields(), current_user)
        except UserError as error:
            attach_error(form, error)
            return form_page("spaces/thread_form.html", form, status=error.status, space=found.space, thread=found)
        flash("The thread has been updated.", "success")
        return redirect(thread_url(found))
    if not form.is_submitted():
        form.kind.data, form.title.data, form.body.data = found.kind, found.title, found.body_md
        form.topics.data = [term.id for term in found.terms]
        form.links.data = threads.links_text(found)
    return form_page("spaces/thread_form.html", form, space=found.space, thread=found)


@bp.route("/threads/<id:thread_id>/replies", methods=["POST"])
@verified_required
def reply(thread_id):
    """Reply to a thread (members of its space; 403 otherwise); at most 10 replies a minute (429)."""
    found = thread_or_404(thread_id)
    if not access.can_post(found.space, current_user):
        abort(403)
    form = ReplyForm()
    status = None
    if form.validate_on_submit():
        manages = access.can_manage(found.space, current_user)
        try:
            posted = reply_services.add_reply(found, current_user, form.body.data, form.quoted_id(), manages)
        except UserError as error:
            if error.status == 403:
                abort(403)
            attach_error(form, error)
            status = error.status
        else:
            if posted.awaiting_moderation:
                flash("Thank you. Your reply has links, so a moderator will check it before others see it.", "success")
            else:
                flash("Your reply has been posted.", "success")
            return redirect(thread_url(found, posted.id))
    context = _page_context(found, form, page_arg())
    return render_template("spaces/thread.html", page_error=True, **context), status or 400


@bp.route("/replies/<id:reply_id>/edit", methods=["GET", "POST"])
@verified_required
def edit_reply(reply_id):
    """Edit your own reply (its earlier text is kept); 403 for anyone else's."""
    found, parent = reply_or_404(reply_id)
    if found.author_id != current_user.id or found.is_deleted or found.is_hidden:
        abort(403)
    form = EditReplyForm()
    if form.validate_on_submit():
        try:
            reply_services.edit_reply(found, form.body.data)
        except UserError as error:
            attach_error(form, error)
            return form_page("spaces/reply_form.html", form, status=error.status, thread=parent, reply=found)
        flash("Your reply has been updated.", "success")
        return redirect(thread_url(parent, found.id))
    if not form.is_submitted():
        form.body.data = found.body_md
    return form_page("spaces/reply_form.html", form, thread=parent, reply=found)


@bp.route("/replies/<id:reply_id>/delete", methods=["POST"])
@verified_required
def delete_reply(reply_id):
    """Delete your own reply ("reply deleted" stays in its place); 403 for anyone else's."""
    found, parent = reply_or_404(reply_id)
    if found.author_id != current_user.id:
        abort(403)
    reply_services.delete_reply(found)
    flash("Your reply has been deleted.", "success")
    return redirect(thread_url(parent, found.id))


@bp.route("/replies/<id:reply_id>/history")
@verified_required
def reply_history(reply_id):
    """The earlier versions of an edited reply; 404 for deleted or (to others) hidden replies."""
    found, parent = reply_or_404(reply_id)
    manages = access.can_manage(parent.space, current_user)
    if found.is_deleted or (found.is_hidden and found.author_id != current_user.id and not manages):
        abort(404)
    return render_template("spaces/history.html", reply=found, thread=parent, revisions=reply_services.revisions(found))


@bp.route("/replies/<id:reply_id>/helpful", methods=["POST"])
@verified_required
def helpful(reply_id):
    """Mark a reply as helpful: once per member, not your own (403), members of the space only."""
    found, parent = reply_or_404(reply_id)
    if not access.can_post(parent.space, current_user):
        abort(403)
    try:
        reply_services.mark_helpful(found, current_user)
    except UserError as error:
        if error.status == 403:
            abort(403)
        flash(error.message, "warning")
    else:
        flash("Thank you. You marked the reply as helpful.", "success")
    return redirect(thread_url(parent, found.id))


@bp.route("/replies/<id:reply_id>/accept", methods=["POST"])
@verified_required
def accept(reply_id):
    """Mark (or unmark) the accepted answer: the asker or whoever manages the thread; 403 for others."""
    found, parent = reply_or_404(reply_id)
    if parent.author_id != current_user.id and not access.can_manage(parent.space, current_user):
        abort(403)
    try:
        accepted = reply_services.accept(parent, found, current_user)
    except UserError as error:
        flash(error.message, "warning")
    else:
        flash(
            "This reply is now the accepted answer." if accepted else "The reply is no longer the accepted answer.",
            "success",
        )
    return redirect(thread_url(parent, found.id))
