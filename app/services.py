"""The service locator: the one place that builds providers, one bundle per flavor.

Bundles are built once in create_app() from the flavor registry and never change, so
handing one to a request is a dict lookup. Blueprints call `services.for_flavor(name)`.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Iterator

from flask import Flask, current_app

from .config import debuglog
from .config.flavor import Flavor
from .config.registry import FlavorRegistry
from .config.resolve import UnknownFlavor
from .providers import preview, replicate
from .providers.base import ConfiguredProvider
from .providers.stitcher import Stitcher

BACKEND_LABELS = {"replicate": "Replicate", "preview": "Preview"}
_BACKENDS = {
    "replicate": (replicate.ScenePlanner, replicate.ImageMaker, replicate.VideoMaker,
                  replicate.LipSyncer),
    "preview": (preview.ScenePlanner, preview.ImageMaker, preview.VideoMaker, preview.LipSyncer),
}


@dataclass(frozen=True)
class ServiceBundle:
    """The providers for one flavor on one backend."""

    flavor: Flavor
    backend: str
    scene_planner: ConfiguredProvider
    image_maker: ConfiguredProvider
    video_maker: ConfiguredProvider
    lip_syncer: ConfiguredProvider
    stitcher: Stitcher

    def providers(self) -> Iterator[ConfiguredProvider]:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, ConfiguredProvider):
                yield value


def build_bundle(flavor: Flavor, backend: str, **dependencies) -> ServiceBundle:
    """Construct every provider of `backend` from the flavor's values.

    dependencies (e.g. the Replicate gateway) are shared by the backend's providers.
    """
    planner, image, video, lipsync = _BACKENDS[backend]
    return ServiceBundle(flavor=flavor, backend=backend,
                         scene_planner=planner(flavor, **dependencies),
                         image_maker=image(flavor, **dependencies),
                         video_maker=video(flavor, **dependencies),
                         lip_syncer=lipsync(flavor, **dependencies), stitcher=Stitcher(flavor))


class ServiceLocator:
    """Hands out the prebuilt bundle of a flavor; logs what it hands out in debug mode."""

    def __init__(self, registry: FlavorRegistry, backend: str, debug: bool = False,
                 **dependencies):
        self.backend = backend
        self.debug = debug
        self._bundles = MappingProxyType({flavor.name: build_bundle(flavor, backend,
                                                                    **dependencies)
                                          for flavor in registry})

    def for_flavor(self, name: str) -> ServiceBundle:
        """The bundle of a flavor the registry knows (resolve the name first)."""
        bundle = self._bundles.get(name)
        if bundle is None:
            raise UnknownFlavor(f"unknown config flavor '{name}'", available=list(self._bundles))
        if self.debug:
            for provider in bundle.providers():
                for key, consumer, value in provider.config_items():
                    debuglog.value_used(name, key, consumer, value)
        return bundle


def init_app(app: Flask) -> None:
    """Build every flavor's bundle for the app's backend."""
    backend = app.config["MV_BACKEND"]
    dependencies = {}
    if backend == "replicate":
        from .providers.replicate_client import ReplicateGateway

        dependencies["gateway"] = ReplicateGateway(
            poll_interval=app.config["MV_POLL_INTERVAL"],
            backoff=app.config["MV_REPLICATE_BACKOFF"])
    app.extensions["mv.services"] = ServiceLocator(
        app.extensions["mv.flavors"], backend, app.config["MV_DEBUG_MODE"], **dependencies)


def locator() -> ServiceLocator:
    return current_app.extensions["mv.services"]


def for_flavor(name: str) -> ServiceBundle:
    """The providers for a flavor, for the current request."""
    return locator().for_flavor(name)


def backend_label() -> str:
    """"Replicate" or "Preview", for the page header and API records."""
    return BACKEND_LABELS[locator().backend]
