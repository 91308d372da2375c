"""Member-written content: Markdown to sanitised HTML, and safe file uploads.

The only package that imports the HTML sanitiser (nh3). Features call
`render_markdown(source)` on write and store both source and HTML; `store_upload(file)`
validates and saves an uploaded file (removed again if the transaction rolls back).
"""

from app.content.markdown import plain_text, render_markdown
from app.content.uploads import UploadError, send_stored_file, store_upload

__all__ = ["render_markdown", "plain_text", "store_upload", "send_stored_file", "UploadError"]
