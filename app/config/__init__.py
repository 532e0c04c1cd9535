"""Config flavors: the registry, the one rule that picks a request's flavor, the flavor API."""
from __future__ import annotations

from flask import Blueprint, Flask

from . import debuglog
from .registry import load_registry

bp = Blueprint("config", __name__)


def init_app(app: Flask) -> None:
    """Load and validate every flavor once; a broken one raises FlavorConfigError."""
    registry = load_registry(app.config["MV_CONFIG_DIR"])
    app.extensions["mv.flavors"] = registry
    if app.config["MV_DEBUG_MODE"]:
        for flavor in registry:
            debuglog.startup(flavor)

