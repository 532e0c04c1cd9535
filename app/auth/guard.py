"""The gate in front of every request when MV_ACCESS_PASSWORD is set."""
from __future__ import annotations

import hmac
import ipaddress
import logging

from flask import Flask, current_app, redirect, request, session, url_for

from ..errors import MVError

log = logging.getLogger(__name__)
SESSION_KEY = "mv_access"
OPEN_ENDPOINTS = ("auth.login", "static")


def password_matches(given: str | None) -> bool:
    expected = current_app.config["MV_ACCESS_PASSWORD"]
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _is_loopback(host: str | None) -> bool:
    if not host:
        return True
    if host in ("localhost", "::1"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def init_app(app: Flask) -> None:
    warned = {"done": False}
    if not app.config["MV_ACCESS_PASSWORD"]:
        import os

        host = os.environ.get("FLASK_RUN_HOST")
        if host and not _is_loopback(host):
            log.warning("MV Studio is bound to %s without MV_ACCESS_PASSWORD: anyone who can "
                        "reach it can spend your Replicate credits", host)

    @app.before_request
    def require_access():
        if not app.config["MV_ACCESS_PASSWORD"]:
            if not warned["done"] and not _is_loopback(request.remote_addr):
                warned["done"] = True
                log.warning("a request from %s reached MV Studio, which has no "
                            "MV_ACCESS_PASSWORD: set one before exposing it", request.remote_addr)
            return None
        if request.endpoint in OPEN_ENDPOINTS or session.get(SESSION_KEY):
            return None
        if password_matches(_bearer()):
            return None
        if request.path.startswith("/api/"):
            raise MVError("authentication required: log in, or send "
                          "'Authorization: Bearer <MV_ACCESS_PASSWORD>'", status=401)
        if request.headers.get("HX-Request"):
            raise MVError("your session has ended; reload the page to log in", status=401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
