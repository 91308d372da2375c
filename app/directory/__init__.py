"""Practitioner directory: opt-in profiles with per-field privacy, finding peers, contact,
connections and mentoring."""

from flask import Blueprint

bp = Blueprint("directory", __name__, template_folder="templates")

from app.directory import cleanup, routes, routes_contact, routes_network, routes_profile, searchable  # noqa: E402,F401  # noqa: E402,F401
