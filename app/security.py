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
# Everything the pages use comes from this origin: no inline script, no third parties.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; media-src 'self'; "
                           "style-src 'self'; script-src 'self'; object-src 'none'; "
                           "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    csrf.init_app(app)

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

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
