"""Route helpers every feature shares: the one user-facing error, form pages that answer 400 on
an error, errors shown beside their field, loaders that 404 and the error page itself."""

from flask import abort, current_app, render_template, request

from app.extensions import db

MESSAGES = {
    400: (
        "There is a problem with your request",
        "The page could not understand what was sent. Go back and try again.",
    ),
    403: (
        "You do not have permission to see this page",
        "If you think you should, contact a moderator or sign in with another account.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
    ),
    405: ("That action is not allowed here", "Go back and try again from the page's own buttons and links."),
    413: ("The file is too large", None),
    429: (
        "Too many attempts",
        "You have tried this too many times in a short time. Wait a few minutes, then try again.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you entered on this page has been saved.",
    ),
    503: (
        "Sorry, the service is unavailable",
        "We cannot reach our records just now. Try again in a minute. Nothing you entered on this page has been saved.",
    ),
}


class UserError(Exception):
    """A refusal the user caused: `message` is safe to show, beside `field` when it names one,
    and `status` is the 4xx the page answers with."""

    def __init__(self, message, field=None, status=400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


def render_error(status, detail=None):
    """The error page for `status`, with an optional specific explanation."""
    title, text = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    if status == 413 and detail is None:
        detail = f"Files can be up to {current_app.config['UPLOAD_MAX_MB']} MB. Choose a smaller file and try again."
    wants_json = request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/")
    if wants_json:
        return {"error": title, "detail": detail or text, "status": status}, status
    return render_template("errors/error.html", status=status, title=title, text=detail or text), status


def form_page(template, form, status=None, **context):
    """Render a form page: an error anywhere (or a given `status`) puts 'Error:' in the title
    and answers 400, or `status`."""
    failed = bool(form.errors) or status is not None
    return render_template(template, form=form, page_error=failed, **context), (status or (400 if failed else 200))


def attach_error(form, error, field=None):
    """Show `error` beside the field it names (or `field`), else at the top of the form."""
    name = error.field or field
    target = getattr(form, name, None) if name else None
    if target is not None:
        target.errors = [*target.errors, error.message]
    else:
        form.form_errors.append(error.message)


def found_or_404(value):
    """`value`, or a 404 when there is none."""
    if value is None:
        abort(404)
    return value


def get_or_404(model, ident):
    """The `model` row with primary key `ident`, or a 404."""
    return found_or_404(db.session.get(model, ident))


def cacheable_args(known, longest=100):
    """This request's query arguments, sorted, when every one is in `known` and short; else None.

    A rendering that carries the query string into its links may be shared between visitors
    only under a key holding that exact query string; odd or long ones are not worth a key.
    """
    args = sorted(request.args.items(multi=True))
    if len(args) > len(known) or any(key not in known or len(value) > longest for key, value in args):
        return None
    return args
