"""Offline providers: real media made locally, honestly labelled as previews.

They take the same flavor values as the Replicate providers, less the model names and
inputs, plus the output size and frame rate they render at.
"""
from __future__ import annotations

from .base import (IMAGE_MAKER_KEYS, LIP_SYNCER_KEYS, OUTPUT_FORMAT_KEYS, SCENE_PLANNER_KEYS,
                   VIDEO_MAKER_KEYS, ConfiguredProvider)


class ScenePlanner(ConfiguredProvider):
    """Writes varied scene prompts from the description, without an LLM."""

    role = "scene_planner"
    config_keys = SCENE_PLANNER_KEYS


class ImageMaker(ConfiguredProvider):
    """Draws a first frame locally for image-to-video flavors."""

    role = "image_maker"
    config_keys = {**IMAGE_MAKER_KEYS, **OUTPUT_FORMAT_KEYS}


class VideoMaker(ConfiguredProvider):
    """Renders a preview clip showing the scene prompt."""

    role = "video_maker"
    config_keys = {**VIDEO_MAKER_KEYS, **OUTPUT_FORMAT_KEYS}


class LipSyncer(ConfiguredProvider):
    """Muxes the song slice onto the clip: a preview of a lipsync, not a lipsync."""

    role = "lip_syncer"
    config_keys = {**LIP_SYNCER_KEYS, **OUTPUT_FORMAT_KEYS}
