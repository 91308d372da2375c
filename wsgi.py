"""WSGI entry point for gunicorn and `flask run`: builds the app, nothing else."""

from app import create_app

app = create_app()
