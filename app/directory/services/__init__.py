"""Directory use cases, one module per area. Each public function owns its single commit."""

from app.web import UserError


class DirectoryError(UserError):
    """A refusal a member caused; `message` is shown in the page, by `field` when given."""
