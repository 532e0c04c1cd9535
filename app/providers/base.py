"""What every provider shares: it is built from one flavor's config values.

A provider class lists `config_keys` (attribute -> dotted flavor key). The service
locator builds it once per flavor, and in debug mode logs each value with the attribute
it went to, e.g. `scene_prompts.system_prompt -> app.providers.replicate.ScenePlanner.system_prompt`.
"""
from __future__ import annotations

import threading
from typing import Any, ClassVar, Iterator, Mapping

from ..config.flavor import Flavor


class ConfiguredProvider:
    """A provider whose settings come from a flavor, never from module constants."""

    role: ClassVar[str] = ""
    config_keys: ClassVar[Mapping[str, str]] = {}

    def __init__(self, flavor: Flavor, **dependencies: Any):
        self.flavor_name = flavor.name
        for attribute, key in self.config_keys.items():
            setattr(self, attribute, flavor.get(key))
        for name, value in dependencies.items():
            setattr(self, name, value)

    @classmethod
    def consumer(cls, attribute: str) -> str:
        """Where a value goes, as module.Class.attribute."""
        return f"{cls.__module__}.{cls.__qualname__}.{attribute}"

    def config_items(self) -> Iterator[tuple[str, str, Any]]:
        """(flavor key, consumer, value) for each config value this provider uses."""
        for attribute, key in self.config_keys.items():
            yield key, self.consumer(attribute), getattr(self, attribute)


class BoundedVideoMaker(ConfiguredProvider):
    """A video maker that renders at most max_parallel_clips clips at once (per flavor)."""

    def __init__(self, flavor: Flavor, **dependencies: Any):
        super().__init__(flavor, **dependencies)
        self.slots = threading.BoundedSemaphore(self.max_parallel_clips)


# The values each role needs whatever the backend; backends add their own (model, input).
SCENE_PLANNER_KEYS = {
    "system_prompt": "scene_prompts.system_prompt",
    "style": "scene_prompts.style",
    "modes": "scene_prompts.modes",
    "regenerate_template": "scene_prompts.regenerate_template",
    "scenes_without_audio": "scene_prompts.scenes_without_audio",
    "max_scenes": "scene_prompts.max_scenes",
    "clip_seconds": "video_params.clip_seconds",
}
IMAGE_MAKER_KEYS = {
    "enabled": "image_params.enabled",
    "prompt_suffix": "image_params.prompt_suffix",
}
VIDEO_MAKER_KEYS = {
    "clip_seconds": "video_params.clip_seconds",
    "prompt_suffix": "video_params.prompt_suffix",
    "negative_prompt": "video_params.negative_prompt",
    "max_parallel_clips": "video_params.max_parallel_clips",
}
LIP_SYNCER_KEYS = {
    "end_tolerance_seconds": "lipsync_params.end_tolerance_seconds",
}
REMOTE_KEYS = {  # values only a remote model call uses, per config file
    stem: {"model": f"{stem}.model", "input_template": f"{stem}.input",
           "timeout_seconds": f"{stem}.timeout_seconds"}
    for stem in ("scene_prompts", "image_params", "video_params", "lipsync_params")
}
OUTPUT_FORMAT_KEYS = {
    "width": "stitch_params.width",
    "height": "stitch_params.height",
    "fps": "stitch_params.fps",
}
