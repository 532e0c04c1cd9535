"""Cross-site request protection, decided in one place.

Pages: every state-changing request needs the CSRF token (forms carry it; htmx sends it
in the X-CSRFToken header set on <body>). The JSON API: browser requests from another
site are refused (browsers always send Origin on cross-site POSTs), and JSON endpoints
only accept application/json, which a cross-site form cannot send.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request

from .errors import MVError
from .extensions import csrf

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def init_app(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    csrf.init_app(app)

    @app.before_request
    def refuse_cross_site_requests():
        if request.method in SAFE_METHODS:
            return
        if request.path.startswith("/api/"):
            _same_origin_or_not_a_browser()
        else:
            csrf.protect()


def _same_origin_or_not_a_browser() -> None:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise MVError("cross-site requests to the API are refused", status=403)
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        raise MVError("cross-site requests to the API are refused", status=403)
    if origin == "null":
        raise MVError("cross-site requests to the API are refused", status=403)
