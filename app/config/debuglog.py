"""The MV_DEBUG_MODE log: which flavors loaded, and which config value went where.

Every line here is written only when debug mode is on. Values are shortened for the log
line and anything that looks like a secret is replaced by [redacted].
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any, Iterable

from .flavor import Flavor

log = logging.getLogger("app.flavors")

MAX_VALUE_CHARS = 160
SECRET_KEY_NAME = re.compile(r"token|secret|password|passwd|api[_-]?key|authorization|"
                             r"credential|private[_-]?key", re.IGNORECASE)
SECRET_VALUE = re.compile(r"\b(r8_[A-Za-z0-9]{8,}|sk-[A-Za-z0-9_-]{16,}|"
                          r"(?:Bearer|Token)\s+[A-Za-z0-9._~+/=-]{12,})")
REDACTED = "[redacted]"


SECRET_SETTINGS = ("REPLICATE_API_TOKEN", "SECRET_KEY", "MV_ACCESS_PASSWORD")


def scrub(text: str) -> str:
    """Text with token-shaped values and this app's own secret values hidden."""
    import os

    from flask import current_app, has_app_context

    text = SECRET_VALUE.sub(REDACTED, text)
    secrets = [os.environ.get(name) for name in SECRET_SETTINGS]
    if has_app_context():
        secrets += [current_app.config.get(name) for name in SECRET_SETTINGS]
    for secret in secrets:
        if isinstance(secret, str) and len(secret) >= 6:
            text = text.replace(secret, REDACTED)
    return text


def redact(key: str, value: Any) -> Any:
    """Hide values whose key or shape looks like a credential."""
    if SECRET_KEY_NAME.search(key):
        return REDACTED
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: redact(f"{key}.{k}", v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(key, v) for v in value]
    return value


def shorten(value: Any) -> str:
    """A one-line JSON rendering of a value, cut to MAX_VALUE_CHARS for the log only."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 1] + "…"
    return text


def startup(flavor: Flavor) -> None:
    """One line per flavor at start-up: name, files, overridden keys (never prompt texts)."""
    what = "all keys (the base of every flavor)" if flavor.name == "default" else (
        ", ".join(flavor.overrides) or "nothing")
    log.info("flavor '%s' loaded: files %s; overrides %s", flavor.name,
             ", ".join(flavor.files) or "none", what)


def chosen(name: str, flavor: Flavor | None, available: Iterable[str]) -> None:
    """At request time: the chosen flavor was loaded, or it was not found."""
    if flavor is None:
        log.info("flavor %s not found; available: %s", shorten(name[:80]), ", ".join(available))
    else:
        log.info("flavor '%s' loaded for this request", flavor.name)


def value_used(flavor_name: str, key: str, consumer: str, value: Any) -> None:
    """At request time: one config value and the attribute it went to."""
    from .flavor import thaw

    log.info("flavor '%s': %s -> %s = %s", flavor_name, key, consumer,
             shorten(redact(key, thaw(value))))
