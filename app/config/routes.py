"""The flavor API: which flavors exist, and what one of them resolves to."""
from __future__ import annotations

from flask import jsonify

from .. import services
from . import bp
from .resolve import registry, resolve_flavor


@bp.get("/api/mv/get_config_flavors")
def get_config_flavors():
    """List flavor names for the select boxes, default first, the rest sorted."""
    flavors = registry()
    return jsonify(flavors=list(flavors.names), default=flavors.default.name)


@bp.get("/api/mv/config_flavors/<name>")
def get_config_flavor(name: str):
    """One flavor's merged values, the files it holds and the keys it overrides."""
    flavor = resolve_flavor(name)
    bundle = services.for_flavor(flavor.name)
    return jsonify(name=flavor.name, files=list(flavor.files), overrides=list(flavor.overrides),
                   clip_seconds=bundle.video_maker.clip_seconds, backend=bundle.backend,
                   values=flavor.as_dict())
