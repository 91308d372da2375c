"""Routes under /account; every one needs a signed-in member and acts only on that member."""

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.account import services
from app.account.forms import ChangeEmailForm, ChangePasswordForm, DeleteAccountForm, DetailsForm
from app.auth import onboarding
from app.auth.services import AccountError
from app.auth.tokens import TokenError
from app.web import UserError, attach_error, form_page

bp = Blueprint("account", __name__, template_folder="templates")


@bp.route("/")
@login_required
def index():
    """The member's settings page."""
    return render_template("account/index.html")


@bp.route("/getting-started/hide", methods=["POST"])
@login_required
def hide_onboarding():
    """Hide the finished getting-started steps; refused, with the reason, until every step is done."""
    try:
        onboarding.dismiss(current_user)
    except UserError as exc:
        flash(exc.message, "warning")
    else:
        flash("The getting started steps are hidden. Your profile and topics stay as they are.", "success")
    back = url_for("main.index") if request.form.get("back") == "home" else url_for("account.index")
    return redirect(back)


@bp.route("/details", methods=["GET", "POST"])
@login_required
def details():
    """Change name, organisation and job role."""
    form = DetailsForm(obj=current_user)
    if form.validate_on_submit():
        services.update_details(current_user, form.name.data, form.organisation.data, form.job_role.data)
        flash("Your details have been updated.", "success")
        return redirect(url_for("account.index"))
    return form_page("account/details.html", form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change password; signs out every other session but keeps this one."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except AccountError as exc:
            attach_error(form, exc)
        else:
            login_user(current_user._get_current_object())  # this session carries the new token
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return redirect(url_for("account.index"))
    return form_page("account/password.html", form)


@bp.route("/email", methods=["GET", "POST"])
@login_required
def change_email():
    """Ask to change the email address; it changes once the new one is confirmed."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            services.request_email_change(current_user, form.email.data, form.password.data)
        except AccountError as exc:
            attach_error(form, exc)
        else:
            flash(f"We have sent a link to {form.email.data}. Open it to confirm the change.", "success")
            return redirect(url_for("account.index"))
    return form_page("account/email.html", form)


@bp.route("/email/confirm/<token>")
def confirm_email(token):
    """Confirm a new email address from the emailed link; 400 for a bad, old or used link."""
    try:
        services.confirm_email_change(token)
    except TokenError as exc:
        return render_template("auth/link_problem.html", message=exc.message, link="change_email"), 400
    flash("Your email address has been changed.", "success")
    return redirect(url_for("account.index") if current_user.is_authenticated else url_for("auth.login"))


@bp.route("/export")
@login_required
def export():
    """Download everything held about the member as JSON."""
    body = json.dumps(services.export_data(current_user), indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="ohwb-exchange-my-data.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete():
    """Delete the account after the password is entered again."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(current_user._get_current_object(), form.password.data)
        except AccountError as exc:
            attach_error(form, exc)
        else:
            logout_user()
            flash("Your account has been deleted.", "success")
            return redirect(url_for("main.index"))
    return form_page("account/delete.html", form)
