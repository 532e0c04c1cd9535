"""Providers backed by Replicate models; model names and inputs come from the flavor.

The calls themselves (predictions.create, polling with a deadline, downloads) arrive with
the generation pipeline; this module fixes which config values each provider takes.
"""
from __future__ import annotations

from .base import (IMAGE_MAKER_KEYS, LIP_SYNCER_KEYS, REMOTE_KEYS, SCENE_PLANNER_KEYS,
                   VIDEO_MAKER_KEYS, ConfiguredProvider)


class ScenePlanner(ConfiguredProvider):
    """Asks an LLM for one scene prompt per clip, and rewrites single scenes."""

    role = "scene_planner"
    config_keys = {**SCENE_PLANNER_KEYS, **REMOTE_KEYS["scene_prompts"]}


class ImageMaker(ConfiguredProvider):
    """Makes a first frame for image-to-video flavors."""

    role = "image_maker"
    config_keys = {**IMAGE_MAKER_KEYS, **REMOTE_KEYS["image_params"]}


class VideoMaker(ConfiguredProvider):
    """Renders a scene prompt into a clip with a video model."""

    role = "video_maker"
    config_keys = {**VIDEO_MAKER_KEYS, **REMOTE_KEYS["video_params"]}


class LipSyncer(ConfiguredProvider):
    """Makes the performer in a clip sing a slice of the song."""

    role = "lip_syncer"
    config_keys = {**LIP_SYNCER_KEYS, **REMOTE_KEYS["lipsync_params"]}
