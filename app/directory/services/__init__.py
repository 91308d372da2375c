"""Directory use cases, one module per area. Each public function owns its single commit."""


class DirectoryError(Exception):
    """A refusal a member caused; `message` is shown in the page, by `field` when given."""

    def __init__(self, message, field=None, status=400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status
