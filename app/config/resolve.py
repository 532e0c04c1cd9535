"""The one rule for choosing a request's flavor.

Every endpoint that takes `config_flavor` (JSON field, form field or query string) calls
flavor_for_request(). Missing or empty means the flavor of the generation the request is
about, else "default"; an unknown name is a 400 that lists the flavors.
"""
from __future__ import annotations

from flask import current_app, request

from ..errors import MVError
from . import debuglog
from .flavor import DEFAULT_FLAVOR, Flavor
from .registry import FlavorRegistry

FIELD = "config_flavor"


class UnknownFlavor(MVError):
    """The request named a flavor that does not exist."""

    status = 400


def registry() -> FlavorRegistry:
    """The current app's flavor registry (loaded once in create_app)."""
    return current_app.extensions["mv.flavors"]


def requested_name() -> object:
    """The raw config_flavor a request carries, from JSON, form or query string."""
    body = request.get_json(silent=True) if request.is_json else None
    if isinstance(body, dict) and FIELD in body:
        return body[FIELD]
    if FIELD in request.form:
        return request.form[FIELD]
    return request.args.get(FIELD)


def resolve_flavor(requested: object, fallback: str | None = None) -> Flavor:
    """Pick the flavor: requested name, else fallback (a generation's own), else default."""
    flavors = registry()
    name = requested if requested not in (None, "") else (fallback or DEFAULT_FLAVOR)
    if not isinstance(name, str):
        raise UnknownFlavor("config_flavor must be text naming a flavor",
                            available=list(flavors.names))
    flavor = flavors.get(name)
    if current_app.config["MV_DEBUG_MODE"]:
        debuglog.chosen(name, flavor, flavors.names)
    if flavor is None:
        shown = name if len(name) <= 64 else name[:61] + "..."
        raise UnknownFlavor(f"unknown config flavor '{shown}'", available=list(flavors.names))
    return flavor


def flavor_for_request(fallback: str | None = None) -> Flavor:
    """The flavor of the current request (see module docstring)."""
    return resolve_flavor(requested_name(), fallback)
