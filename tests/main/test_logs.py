"""Every request has an id (the caller's X-Request-ID when it is a plain token), echoed in the
response; with LOG_FORMAT=json every log line is a JSON object carrying it."""

import json
import logging
import os

import pytest

from app.logs import JsonFormatter


class Lines(logging.Handler):
    """Formats records as the JSON handler does, and keeps the lines."""

    def __init__(self):
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def json_app(make_app):
    root = logging.getLogger()
    before = list(root.handlers)
    app = make_app(LOG_FORMAT="json")
    yield app
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)


@pytest.fixture
def lines():
    handler = Lines()
    logger = logging.getLogger("ohwb")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def test_the_callers_request_id_is_echoed_and_logged(json_app, lines):
    response = json_app.test_client().get("/accessibility", headers={"X-Request-ID": "lb-4f2a9c.17"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "lb-4f2a9c.17"
    (line,) = [entry for entry in lines if entry["logger"] == "ohwb.request"]
    assert line["request_id"] == "lb-4f2a9c.17"
    assert line["method"] == "GET" and line["path"] == "/accessibility" and line["status"] == 200
    assert line["level"] == "INFO" and "time" in line


def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(json_app):
    client = json_app.test_client()
    first = client.get("/privacy").headers["X-Request-ID"]
    second = client.get("/privacy", headers={"X-Request-ID": "bad id\twith <html>"}).headers["X-Request-ID"]
    assert len(first) == 32 and len(second) == 32 and first != second
    assert "bad" not in second


def test_the_query_string_is_never_logged(json_app, lines):
    json_app.test_client().get("/search?q=my+private+words")
    (line,) = [entry for entry in lines if entry["logger"] == "ohwb.request"]
    assert line["path"] == "/search" and "private" not in json.dumps(line)


def test_json_mode_installs_one_json_handler(json_app, make_app):
    make_app(LOG_FORMAT="json")  # a second app in the same process adds no second handler
    handlers = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    assert len(handlers) == 1


def test_an_error_logged_in_a_request_carries_its_id_and_the_traceback(json_app, lines):
    with json_app.test_request_context("/", headers={"X-Request-ID": "abc123"}):
        json_app.preprocess_request()
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("ohwb.test").exception("It broke")
    (line,) = [entry for entry in lines if entry["logger"] == "ohwb.test"]
    assert line["request_id"] == "abc123" and line["message"] == "It broke"
    assert "ValueError: boom" in line["exception"]


def test_text_mode_still_echoes_the_request_id(client):
    assert client.get("/privacy", headers={"X-Request-ID": "abc"}).headers["X-Request-ID"] == "abc"


@pytest.mark.skipif("LOG_FORMAT" in os.environ, reason="LOG_FORMAT is set in this environment")
def test_production_logs_json_by_default():
    from config import DevelopmentConfig, ProductionConfig

    assert ProductionConfig.LOG_FORMAT == "json" and DevelopmentConfig.LOG_FORMAT == "text"


def test_lines_written_by_a_job_carry_its_id():
    from app.logs import job_context

    record = logging.LogRecord("ohwb.jobs", logging.INFO, __file__, 1, "Draining", None, None)
    with job_context("job-42"):
        inside = json.loads(JsonFormatter().format(record))
    outside = json.loads(JsonFormatter().format(record))
    assert inside["job_id"] == "job-42" and "job_id" not in outside
