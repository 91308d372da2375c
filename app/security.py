"""Response security headers and the same-site redirect check."""

import base64
import hashlib
import hmac
import re
from pathlib import Path
from urllib.parse import urlsplit

import nhsuk_frontend_jinja
from flask import current_app, request


def safe_next(target, default=None):
    """Return `target` only if it is a same-site path, else `default`.

    Rejects absolute URLs, scheme-relative `//host`, backslash tricks such as `/\\host`
    (browsers read a backslash as a slash) and control characters.
    """
    if not target or not isinstance(target, str):
        return default
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target) or "\\" in target:
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def visitor_key(scope, now):
    """An anonymous visitor, for `scope` and the hour of `now`: a keyed hash, so no address is kept.

    The address (as the proxy-aware `remote_addr` gives it) and the browser identify a visitor;
    the hour makes the key useless for following anyone from one hour to the next.
    """
    hour = now.strftime("%Y-%m-%dT%H")
    agent = request.headers.get("User-Agent", "")[:500]
    message = "\n".join([scope, hour, request.remote_addr or "", agent]).encode("utf-8", "replace")
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _template_script_hashes():
    """CSP hashes of the one inline script the NHS.UK page template ships (it adds js-enabled)."""
    template = Path(nhsuk_frontend_jinja.__file__).parent / "templates" / "nhsuk" / "template.jinja"
    hashes = []
    for body in re.findall(r"<script[^>]*>(.*?)</script>", template.read_text(), flags=re.S):
        digest = hashlib.sha256(body.encode()).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode() + "'")
    return hashes


NHS_FONTS_ORIGIN = "https://assets.nhs.uk"


def build_csp(nhs_fonts=False):
    """The Content-Security-Policy: own origin only (plus the NHS fonts origin for fonts when
    NHS_FONTS is on), no inline script beyond the hashed one."""
    script_src = " ".join(["'self'", *_template_script_hashes()])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script_src}",
            "style-src 'self'",
            "img-src 'self' data:",
            f"font-src 'self' {NHS_FONTS_ORIGIN}" if nhs_fonts else "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def init_security_headers(app):
    """Add the security headers to every response (computed once, at start-up)."""
    headers = {
        "Content-Security-Policy": build_csp(app.config.get("NHS_FONTS", False)),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if app.config.get("SESSION_COOKIE_SECURE"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    @app.after_request
    def add_security_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
