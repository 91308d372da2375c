"""Account forms: parsing and validation only."""

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from app.formfields import single_line


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


class RegisterForm(EmailMixin, FlaskForm):
    name = StringField(
        "Full name", filters=[single_line], validators=[DataRequired(message="Enter your full name"), Length(max=120)]
    )
    organisation = StringField(
        "Organisation",
        filters=[single_line],
        description="For example, Leeds Teaching Hospitals NHS Trust",
        validators=[DataRequired(message="Enter your organisation"), Length(max=200)],
    )
    job_role = StringField(
        "Job role",
        filters=[single_line],
        description="For example, Occupational health nurse or Wellbeing lead",
        validators=[DataRequired(message="Enter your job role"), Length(max=120)],
    )
    password = password_field("Create a password")
    confirm = PasswordField(
        "Confirm password",
        validators=[
            DataRequired(message="Confirm your password"),
            EqualTo("password", message="Passwords do not match"),
        ],
    )

    def validate_email(self, field):
        check_allowed_domain(field.data)

    def validate_password(self, field):
        check_password_strength(self, field)


class LoginForm(EmailMixin, FlaskForm):
    password = PasswordField("Password", validators=[DataRequired(message="Enter your password")])
    remember = BooleanField("Keep me signed in on this device for 14 days")


class ResetRequestForm(EmailMixin, FlaskForm):
    pass


class NewPasswordForm(FlaskForm):
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
