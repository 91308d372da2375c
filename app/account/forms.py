"""Forms for a member's own settings."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from app.auth.forms import EmailMixin, check_allowed_domain, check_password_strength, password_field
from app.formfields import single_line


class DetailsForm(FlaskForm):
    name = StringField(
        "Full name", filters=[single_line], validators=[DataRequired(message="Enter your full name"), Length(max=120)]
    )
    organisation = StringField(
        "Organisation",
        filters=[single_line],
        validators=[DataRequired(message="Enter your organisation"), Length(max=200)],
    )
    job_role = StringField(
        "Job role", filters=[single_line], validators=[DataRequired(message="Enter your job role"), Length(max=120)]
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired(message="Enter your current password")]
    )
    password = password_field("New password")
    confirm = PasswordField(
        "Confirm new password",
        validators=[
            DataRequired(message="Confirm your new password"),
            EqualTo("password", message="Passwords do not match"),
        ],
    )

    def validate_password(self, field):
        check_password_strength(self, field)


class ChangeEmailForm(EmailMixin, FlaskForm):
    password = PasswordField("Current password", validators=[DataRequired(message="Enter your current password")])

    def validate_email(self, field):
        check_allowed_domain(field.data)


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Current password", validators=[DataRequired(message="Enter your current password")])
