"""Request parsing shared by the API: JSON bodies, seconds, ids, text, URLs.

Each helper raises MVError (a 400 with a message naming the field) on bad input.
"""
from __future__ import annotations

import ipaddress
import math
import socket
from typing import Any
from urllib.parse import urlsplit

from flask import request

from .errors import MVError

MAX_URL_LENGTH = 2048


def json_body() -> dict[str, Any]:
    """The request's JSON object; anything else is a 400."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise MVError("send a JSON object (Content-Type: application/json)")
    return body


def seconds(value: Any, field: str) -> float | None:
    """An optional time in seconds: a finite number >= 0, or None when absent/empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise MVError(f"{field} must be a number of seconds")
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise MVError(f"{field} must be a number of seconds") from None
    if not isinstance(value, (int, float)):
        raise MVError(f"{field} must be a number of seconds")
    value = float(value)
    if not math.isfinite(value):
        raise MVError(f"{field} must be a finite number of seconds")
    if value < 0:
        raise MVError(f"{field} must be 0 or more")
    return value


def time_range(start: float | None, end: float | None, duration: float | None = None,
               tolerance: float = 0.0) -> tuple[float, float | None]:
    """Check 0 <= start < end <= duration (+ tolerance); say which bound failed."""
    start = start or 0.0
    if end is not None and end <= start:
        raise MVError(f"end_time ({end:g} s) must be after start_time ({start:g} s)")
    if duration is not None:
        if start >= duration:
            raise MVError(f"start_time ({start:g} s) is past the end of the audio "
                          f"({duration:.2f} s)")
        if end is not None and end > duration + tolerance:
            raise MVError(f"end_time ({end:g} s) is past the end of the audio "
                          f"({duration:.2f} s)")
    return start, end


def text(value: Any, field: str, *, max_length: int, required: bool = True) -> str | None:
    """Trimmed text of bounded length."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise MVError(f"{field} is required")
        return None
    if not isinstance(value, str):
        raise MVError(f"{field} must be text")
    value = value.strip()
    if len(value) > max_length:
        raise MVError(f"{field} is too long ({len(value)} characters; at most {max_length})")
    return value


def record_id(value: Any, field: str, *, required: bool = True) -> str | None:
    """An id as sent by a client: short text; looked up by the caller, never used as a path."""
    if value is None or value == "":
        if required:
            raise MVError(f"{field} is required")
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise MVError(f"{field} must be an id")
    return value


def fetch_url(value: Any, field: str, *, allow_private: bool) -> str:
    """An http(s) URL the server may fetch; loopback/private hosts only when allowed."""
    url = text(value, field, max_length=MAX_URL_LENGTH)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MVError(f"{field} must be an http(s) URL")
    if not allow_private and _points_inside(parts.hostname):
        raise MVError(f"{field} points at a private or local address, which is not allowed")
    return url


def _points_inside(hostname: str) -> bool:
    """True when the host is, or resolves to, a loopback/private/link-local/reserved address."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(hostname, None)}
    except (socket.gaierror, UnicodeError):
        return hostname.lower() in ("localhost",) or hostname.endswith(".localhost")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                or ip.is_multicast or ip.is_unspecified):
            return True
    return False
