"""Comment forms."""

from flask_wtf import FlaskForm

from app.formfields import area_field


class CommentForm(FlaskForm):
    body = area_field(
        "Your comment",
        "Enter your comment",
        5000,
        "Comment must be 5,000 characters or fewer",
        description="Be kind and constructive. You can use Markdown for links and lists",
    )


class HideCommentForm(FlaskForm):
    reason = area_field(
        "Why this comment is hidden", "Enter why the comment is hidden", 500, "Reason must be 500 characters or fewer"
    )
