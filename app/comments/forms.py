"""Comment forms."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.formfields import strip


class CommentForm(FlaskForm):
    body = TextAreaField(
        "Your comment",
        description="Be kind and constructive. You can use Markdown for links and lists",
        filters=[strip],
        validators=[
            DataRequired(message="Enter your comment"),
            Length(max=5000, message="Comment must be 5,000 characters or fewer"),
        ],
    )


class HideCommentForm(FlaskForm):
    reason = TextAreaField(
        "Why this comment is hidden",
        filters=[strip],
        validators=[
            DataRequired(message="Enter why the comment is hidden"),
            Length(max=500, message="Reason must be 500 characters or fewer"),
        ],
    )
