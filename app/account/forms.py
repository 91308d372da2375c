"""Forms for a member's own settings."""

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired

from app.auth.forms import (
    EmailMixin,
    check_allowed_domain,
    check_password_strength,
    confirm_password_field,
    job_role_field,
    name_field,
    organisation_field,
    password_field,
)


class DetailsForm(FlaskForm):
    name = name_field()
    organisation = organisation_field()
    job_role = job_role_field()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired(message="Enter your current password")]
    )
    password = password_field("New password")
    confirm = confirm_password_field()
    validate_password = check_password_strength


class ChangeEmailForm(EmailMixin, FlaskForm):
    password = PasswordField("Current password", validators=[DataRequired(message="Enter your current password")])

    def validate_email(self, field):
        check_allowed_domain(field.data)


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Current password", validators=[DataRequired(message="Enter your current password")])
