"""One exception type for errors a user can act on, and the handlers that show them.

API requests (paths under /api/) always get JSON {"error": ...}; pages get a small
error page. Blueprints raise MVError; they never format error responses themselves.
"""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

log = logging.getLogger(__name__)


class MVError(Exception):
    """An error with a message a user can act on and the HTTP status it maps to."""

    status = 400

    def __init__(self, message: str, status: int | None = None, **extra):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.extra = extra

    def to_dict(self) -> dict:
        return {"error": self.message, **self.extra}


class NotFound(MVError):
    """A record the request names does not exist."""

    status = 404


class Conflict(MVError):
    """The request clashes with work already under way (e.g. a clip being generated)."""

    status = 409


def wants_json() -> bool:
    """API paths answer in JSON; pages answer in HTML."""
    return request.path.startswith("/api/")


def _respond(payload: dict, status: int):
    if wants_json():
        return jsonify(payload), status
    if request.headers.get("HX-Request") == "true":  # shown in place of the htmx target
        return render_template("errors/_inline.html", message=payload["error"]), status
    return render_template("errors/error.html", message=payload["error"], status=status), status


def register_error_handlers(app: Flask) -> None:
    """Map MVError, HTTP errors, CSRF failures and crashes to JSON or an error page."""

    @app.errorhandler(MVError)
    def handle_mv_error(error: MVError):
        return _respond(error.to_dict(), error.status)

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        return _respond({"error": f"the form expired or was not sent by this site ({error.description})"},
                        400)

    @app.errorhandler(RequestEntityTooLarge)
    def handle_too_large(error: RequestEntityTooLarge):
        limit = (app.config.get("MAX_CONTENT_LENGTH") or 0) // 2**20
        return _respond({"error": f"the file is too large (the limit is {limit} MB)"}, 413)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        return _respond({"error": error.description or error.name}, error.code or 500)

    @app.errorhandler(Exception)
    def handle_crash(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _respond({"error": "something went wrong on our side; nothing was charged twice, "
                                  "please try again"}, 500)
