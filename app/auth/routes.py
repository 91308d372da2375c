"""Account routes under /auth: register, verify, sign in, sign out, password reset."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import services
from app.auth.forms import LoginForm, NewPasswordForm, RegisterForm, ResetRequestForm
from app.auth.tokens import TokenError
from app.extensions import limiter
from app.security import safe_next
from app.web import form_page

bp = Blueprint("auth", __name__, template_folder="templates")


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _email_limit():
    return current_app.config["EMAIL_RATE_LIMIT"]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_email_limit, methods=["POST"])
def register():
    """Create an account and send the verification email; an existing address's owner is told instead."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        # The same page whether or not the address already had an account (no membership oracle).
        services.register_user(
            form.name.data, form.email.data, form.password.data, form.organisation.data, form.job_role.data
        )
        return render_template("auth/register_sent.html", email=form.email.data)
    return form_page("auth/register.html", form)


@bp.route("/verify/<token>")
def verify(token):
    """Confirm an email address from the emailed link; 400 for a bad, old or used link."""
    try:
        services.verify_email(token)
    except TokenError as exc:
        return render_template("auth/link_problem.html", message=exc.message, link="verify"), 400
    flash("Thank you. Your email address is confirmed and you can now post.", "success")
    # Either way the member lands on their account page, where the next getting-started step is.
    account = url_for("account.index")
    return redirect(account if current_user.is_authenticated else url_for("auth.login", next=account))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in; `next` may only send the user to a path on this site."""
    next_path = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_path or url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            # One message, beside the first field and once in the summary (NHS.UK sign-in pattern).
            form.email.errors.append("Enter a correct email address and password")
        else:
            login_user(user, remember=form.remember.data)
            services.record_login(user)
            flash(f"You are signed in as {user.name}.", "success")
            return redirect(next_path or url_for("main.index"))
    return form_page("auth/login.html", form)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """POST signs out (CSRF-protected); GET shows a confirmation button."""
    if request.method == "POST":
        logout_user()
        flash("You have signed out.", "success")
        return redirect(url_for("main.index"))
    if not current_user.is_authenticated:
        return redirect(url_for("main.index"))
    return render_template("auth/logout.html")


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(_email_limit, methods=["POST"])
def reset_request():
    """Ask for a reset link; the answer never reveals whether an account exists."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("auth/reset_sent.html", email=form.email.data)
    return form_page("auth/reset_request.html", form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Choose a new password from an emailed link; 400 for a bad, old or used link."""
    try:
        services.user_for_reset(token)
    except TokenError as exc:
        return render_template("auth/link_problem.html", message=exc.message, link="reset"), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except TokenError as exc:
            return render_template("auth/link_problem.html", message=exc.message, link="reset"), 400
        logout_user()
        flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("auth.login"))
    return form_page("auth/reset_password.html", form)


@bp.route("/resend-verification", methods=["POST"])
@login_required
@limiter.limit(_email_limit)
def resend_verification():
    """Send the verification link again to the signed-in member."""
    services.resend_verification(current_user)
    flash(f"We have sent a new link to {current_user.email}.", "success")
    return redirect(url_for("account.index"))
