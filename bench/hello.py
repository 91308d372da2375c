"""The framework's ceiling: a bare Flask "hello" served by the same gunicorn as the app (bench/load.py)."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello"
