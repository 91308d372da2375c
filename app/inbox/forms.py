"""Inbox forms: parse and validate only."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from app.formfields import area_field, line_field
from app.inbox.models import REPORT_REASONS

BODY_LIMIT = 5000


def body_field(label, required):
    return area_field(
        label,
        required,
        BODY_LIMIT,
        f"Your message must be {BODY_LIMIT:,} characters or fewer",
        description="You can use Markdown: **bold**, lists and links.",
    )


class NewConversationForm(FlaskForm):
    add = line_field(
        "Add a member",
        max_length=200,
        description="The web address of their directory profile, or their name exactly as the directory shows it.",
    )
    subject = line_field("Subject", "Enter a subject", 150, "The subject must be 150 characters or fewer")
    body = body_field("Message", "Enter your message")
    share_email = BooleanField("Share my email address with the members in this conversation")


class ReplyForm(FlaskForm):
    body = body_field("Your reply", "Enter your reply")


class ConfirmForm(FlaskForm):
    """A button that changes something (leaving): the CSRF token is its only field."""


class ShareForm(FlaskForm):
    share = BooleanField("Share my email address")


class ReportForm(FlaskForm):
    reason = RadioField(
        "Why are you reporting this conversation?",
        choices=[SelectChoice(value, label) for value, label in REPORT_REASONS],
        validators=[InputRequired(message="Select why you are reporting this conversation")],
    )
    details = area_field("Anything else moderators should know", max_length=2000)


class ResolveForm(FlaskForm):
    action = RadioField(
        "Decision",
        choices=[
            SelectChoice("dismiss", "Dismiss the report"),
            SelectChoice("hide", "Close the conversation for everyone in it"),
        ],
        validators=[InputRequired(message="Select a decision for the report")],
    )
