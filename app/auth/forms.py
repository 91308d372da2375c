"""Account forms: parsing and validation only."""

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from app.formfields import line_field, single_line


def normalise_email(value):
    """Emails are compared case-insensitively and without surrounding spaces."""
    return (value or "").strip().lower()


def check_allowed_domain(email):
    """Raise ValidationError unless the address is in ALLOWED_EMAIL_DOMAINS (when set)."""
    allowed = current_app.config.get("ALLOWED_EMAIL_DOMAINS") or []
    if not allowed:
        return
    domain = email.rpartition("@")[2]
    if not any(domain == item or domain.endswith("." + item) for item in allowed):
        listed = " or ".join("@" + item for item in allowed)
        raise ValidationError(
            f"Use an email address ending in {listed}. Registration is limited to these organisations."
        )


def password_field(label="Password"):
    return PasswordField(
        label,
        validators=[DataRequired(message="Enter a password"), Length(max=200)],
        description="At least 10 characters. A few unrelated words make a strong password.",
    )


def check_password_strength(form, field):
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(field.data or "") < minimum:
        raise ValidationError(f"Password must be {minimum} characters or more")


class EmailMixin:
    email = EmailField(
        "Email address",
        filters=[single_line, normalise_email],
        validators=[
            DataRequired(message="Enter your email address"),
            Email(message="Enter an email address in the correct format, like name@nhs.net"),
            Length(max=254),
        ],
    )


def name_field():
    """The member's full name."""
    return line_field("Full name", "Enter your full name", 120)


def organisation_field(description=""):
    """The member's organisation."""
    return line_field("Organisation", "Enter your organisation", 200, description=description)


def job_role_field(description=""):
    """The member's job role."""
    return line_field("Job role", "Enter your job role", 120, description=description)


def confirm_password_field(label="Confirm new password", message="Confirm your new password"):
    """The second entry of a new password, which must match the field called `password`."""
    return PasswordField(
        label, validators=[DataRequired(message=message), EqualTo("password", message="Passwords do not match")]
    )


class RegisterForm(EmailMixin, FlaskForm):
    name = name_field()
    organisation = organisation_field("For example, Leeds Teaching Hospitals NHS Trust")
    job_role = job_role_field("For example, Occupational health nurse or Wellbeing lead")
    password = password_field("Create a password")
    confirm = confirm_password_field("Confirm password", "Confirm your password")
    validate_password = check_password_strength

    def validate_email(self, field):
        check_allowed_domain(field.data)


class LoginForm(EmailMixin, FlaskForm):
    password = PasswordField("Password", validators=[DataRequired(message="Enter your password")])
    remember = BooleanField("Keep me signed in on this device for 14 days")


class ResetRequestForm(EmailMixin, FlaskForm):
    pass


class NewPasswordForm(FlaskForm):
    password = password_field("New password")
    confirm = confirm_password_field()
    validate_password = check_password_strength
