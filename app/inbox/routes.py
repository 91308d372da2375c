"""Inbox pages: the list of conversations, starting one, a conversation, and moderators' reports.

Every page needs a signed-in, verified member. A conversation is a 404 for anyone not in it;
moderators see only conversations a member has reported, on their own pages.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.decorators import moderator_required, verified_required
from app.inbox import services
from app.inbox.forms import ConfirmForm, NewConversationForm, ReplyForm, ReportForm, ResolveForm, ShareForm
from app.inbox.models import REPORT_REASONS
from app.inbox.services import DAILY_LIMIT, InboxError
from app.routing import page_arg
from app.text import one_line
from app.web import attach_error, form_page, render_error

bp = Blueprint("inbox", __name__, template_folder="templates")


@bp.route("/")
@verified_required
def index():
    """The member's conversations, latest first, with "new" on those with unread messages."""
    pagination = services.conversations(current_user, page=page_arg())
    return render_template("inbox/index.html", pagination=pagination)


def _handles(extra=None):
    """The members chosen so far (`to`: from a profile's button, or earlier steps of the form)."""
    # Query-string values lose NUL characters in app/routing.py; posted ones are cleaned here.
    cleaned = (one_line(value).strip() for value in request.values.getlist("to"))
    handles = [value for value in cleaned if value]
    if extra:
        handles.append(extra)
    return list(dict.fromkeys(handles))[: services.MAX_RECIPIENTS + 2]


@bp.route("/new", methods=["GET", "POST"])
@verified_required
def new():
    """Start a conversation with the `?to=` members (a profile's "Send a message" button) and any
    added on the page; 404 when a `to` names no listed member or yourself, 403 across a block
    (either way), 429 past the daily limit."""
    form = NewConversationForm()
    adding = "add_member" in request.form
    chosen, errors = services.find_recipients(current_user, _handles(form.add.data))
    if request.method == "GET":
        if errors:
            return render_error(404 if errors[0].status == 400 else errors[0].status, errors[0].message + ".")
        return _new_page(form, chosen)
    if adding:
        if not form.add.data:
            errors.append(InboxError("Enter the name or web address of the member to add", field="add"))
        form.validate()
        form.subject.errors = form.body.errors = []  # not asked for yet: only the member was added
        return _new_page(form, chosen, errors)
    if form.validate_on_submit() and not errors:
        try:
            conversation = services.start(
                current_user, [user for _, user in chosen], form.subject.data, form.body.data, form.share_email.data
            )
        except InboxError as exc:
            errors.append(exc)
        else:
            flash("Your message has been sent.", "success")
            return redirect(url_for("inbox.conversation", conversation_id=conversation.id))
    return _new_page(form, chosen, errors)


def _new_page(form, chosen, errors=()):
    """The new-conversation page, with each error beside its field and the worst status."""
    if not errors:
        form.add.data = ""  # whoever it named is now among the chosen members
    for error in errors:
        attach_error(form, error)
    status = max((error.status for error in errors), default=None)
    return form_page(
        "inbox/new.html",
        form,
        status,
        chosen=chosen,
        remaining=max(DAILY_LIMIT - services.started_today(current_user.id), 0),
        limit=DAILY_LIMIT,
    )


@bp.route("/<id:conversation_id>", methods=["GET", "POST"])
@verified_required
def conversation(conversation_id):
    """A conversation (the newest messages unless `?page=` asks for earlier ones) and the reply
    form; 404 unless you are in it and have not left; replies refused (403) once a moderator has
    closed it or across a block with everyone in it."""
    found, member = services.membership(current_user, conversation_id)
    form = ReplyForm()
    status = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.reply(current_user, conversation_id, form.body.data)
        except InboxError as exc:
            attach_error(form, exc, field="body")
            status = exc.status
        else:
            flash("Your reply has been sent.", "success")
            return redirect(url_for("inbox.conversation", conversation_id=conversation_id, _anchor="latest"))
    page = page_arg() if "page" in request.args else None
    messages = services.messages_page(found, page)
    new_ids = services.new_message_ids(member, messages.items)
    if request.method == "GET" and not messages.has_next:
        services.mark_read(member)  # read once the newest page has been shown
    refusals = services.refusals(found, current_user.id)
    return form_page(
        "inbox/conversation.html",
        form,
        status,
        conversation=found,
        member=member,
        messages=messages,
        new_ids=new_ids,
        refusals=refusals,
        reply_refusal=services.reply_refusal(found, current_user.id, refusals),
    )


@bp.route("/<id:conversation_id>/share", methods=["POST"])
@verified_required
def share(conversation_id):
    """Share (share=y) or stop sharing your email address in this conversation; 404 unless you are in it."""
    form = ShareForm()
    services.membership(current_user, conversation_id)
    if form.validate_on_submit():
        services.share_email(current_user, conversation_id, form.share.data)
        if form.share.data:
            flash("The other members of this conversation can now see your email address.", "success")
        else:
            flash("Your email address is no longer shown in this conversation.", "success")
    return redirect(url_for("inbox.conversation", conversation_id=conversation_id))


@bp.route("/<id:conversation_id>/leave", methods=["POST"])
@verified_required
def leave(conversation_id):
    """Leave a conversation; 404 unless you are in it."""
    form = ConfirmForm()
    services.membership(current_user, conversation_id)
    if not form.validate_on_submit():
        return render_error(400)
    services.leave(current_user, conversation_id)
    flash("You have left the conversation. Nothing more from it will reach you.", "success")
    return redirect(url_for("inbox.index"))


@bp.route("/<id:conversation_id>/report", methods=["GET", "POST"])
@verified_required
def report(conversation_id):
    """Report a conversation to moderators; 404 unless you are in it."""
    found, _member = services.membership(current_user, conversation_id)
    form = ReportForm()
    if form.validate_on_submit():
        services.report(current_user, conversation_id, form.reason.data, form.details.data)
        flash("Thank you. A moderator will read this conversation and decide what to do.", "success")
        return redirect(url_for("inbox.conversation", conversation_id=conversation_id))
    return form_page("inbox/report.html", form, conversation=found)


@bp.route("/reports")
@moderator_required
def reports():
    """Reported conversations (open, or ?status=dismissed|hidden); moderators and admins only."""
    status = request.args.get("status", "open")
    if status not in services.REPORT_STATUSES:
        status = "open"
    pagination = services.reports(status, page=page_arg())
    return render_template("inbox/reports.html", pagination=pagination, status=status, reasons=dict(REPORT_REASONS))


@bp.route("/reports/<id:conversation_id>", methods=["GET", "POST"])
@moderator_required
def reported(conversation_id):
    """A reported conversation for moderators, with the decision form; 404 for any conversation
    no member has reported, 403 for anyone but moderators and admins."""
    found = services.reported(conversation_id)
    form = ResolveForm()
    status = None
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.resolve(current_user, conversation_id, form.action.data)
            except InboxError as exc:
                attach_error(form, exc, field="action")
                status = exc.status
            else:
                flash("The report has been closed.", "success")
                return redirect(url_for("inbox.reports"))
    page = page_arg() if "page" in request.args else None
    return form_page(
        "inbox/reported.html",
        form,
        status,
        conversation=found,
        messages=services.messages_page(found, page),
        reasons=dict(REPORT_REASONS),
    )
