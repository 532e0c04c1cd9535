"""Offline providers: real media made locally, honestly labelled as previews.

They take the same flavor values as the Replicate providers, less the model names and
inputs, plus the output size and frame rate they render at. Nothing here uses the network
or costs money.
"""
from __future__ import annotations

import hashlib
import random
from pathlib import Path

from ..media.cuts import extract_frame
from ..media.preview_render import render_preview_clip
from ..media.stitch import mux_song
from .base import (IMAGE_MAKER_KEYS, LIP_SYNCER_KEYS, OUTPUT_FORMAT_KEYS, SCENE_PLANNER_KEYS,
                   VIDEO_MAKER_KEYS, BoundedVideoMaker, ConfiguredProvider)
from .planning import PlanRequest, RewriteRequest

SHOTS = ("Wide establishing shot", "Slow push-in close-up", "Handheld medium shot",
         "Low-angle tracking shot", "Overhead drone shot", "Over-the-shoulder shot",
         "Slow-motion detail shot", "Silhouette shot against the light", "Dolly-out wide shot",
         "Intimate profile close-up")
LIGHT = ("golden-hour sunlight", "neon reflections on wet streets", "soft window light",
         "moody blue twilight", "flickering warm practical lamps", "hard backlight with haze",
         "overcast silver light", "candle-lit darkness")
ARC = ("the world of the song is introduced", "the story begins to move", "energy builds",
       "the emotional peak of the song", "a moment of release", "the story resolves")
PERFORMER = ("the performer sings straight to camera, mouth clearly visible",
             "the performer sings the line, eyes closed, fully in the moment")
AD_BEATS = ("a hook that stops the scroll", "the product in real hands, in use",
            "the benefit made visible", "people reacting with delight",
            "a clean hero shot of the product with space for an end card")


def _rng(*parts: object) -> random.Random:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _shorten(text: str, words: int = 24) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


class ScenePlanner(ConfiguredProvider):
    """Writes varied, sensible scene prompts from the description, without an LLM."""

    role = "scene_planner"
    config_keys = SCENE_PLANNER_KEYS

    def plan(self, request: PlanRequest, ctx) -> list[str]:
        rng = _rng(request.description, request.mode, request.scene_count)
        return [self._scene(request.description, request.mode, index, request.scene_count, rng)
                for index in range(request.scene_count)]

    def rewrite(self, request: RewriteRequest, ctx) -> str:
        rng = _rng(request.description, request.scene_number, request.current_prompt)
        prompt = self._scene(request.description, request.mode, request.scene_number - 1,
                             request.scene_count, rng)
        return prompt if prompt != request.current_prompt else prompt + " A fresh angle on it."

    def _scene(self, description: str, mode: str, index: int, count: int,
               rng: random.Random) -> str:
        shot, light = rng.choice(SHOTS), rng.choice(LIGHT)
        position = ARC[min(len(ARC) - 1, index * len(ARC) // max(count, 1))]
        if mode == "ad-creative":
            beat = AD_BEATS[min(len(AD_BEATS) - 1, index * len(AD_BEATS) // max(count, 1))]
            action = f"{beat}, for: {_shorten(description)}"
        else:
            action = f"{position}, inspired by: {_shorten(description)}"
            if index % 3 == 1:
                action += f"; {rng.choice(PERFORMER)}"
        return (f"Scene {index + 1} of {count}. {shot}, {light}: {action}. "
                f"Look: {_shorten(self.style, 18)}.")


class ImageMaker(ConfiguredProvider):
    """Draws a first frame locally for image-to-video flavors."""

    role = "image_maker"
    config_keys = {**IMAGE_MAKER_KEYS, **OUTPUT_FORMAT_KEYS}

    def make(self, prompt: str, dst: Path, ctx) -> Path:
        clip = dst.with_suffix(".frame.mp4")
        try:
            render_preview_clip(clip, text=prompt + (self.prompt_suffix or ""), seconds=1,
                                width=self.width, height=self.height, fps=self.fps)
            extract_frame(clip, dst, 0.5)
        finally:
            clip.unlink(missing_ok=True)
        return dst


class VideoMaker(BoundedVideoMaker):
    """Renders a preview clip that shows the scene prompt over moving graphics."""

    role = "video_maker"
    config_keys = {**VIDEO_MAKER_KEYS, **OUTPUT_FORMAT_KEYS}

    def make(self, prompt: str, dst: Path, *, image: Path | None, ctx) -> Path:
        ctx.progress(30, "Rendering a preview clip")
        with self.slots:
            render_preview_clip(dst, text=prompt + (self.prompt_suffix or ""),
                                seconds=self.clip_seconds, width=self.width,
                                height=self.height, fps=self.fps,
                                seed=int(hashlib.sha256(prompt.encode()).hexdigest()[:6], 16))
        return dst


class LipSyncer(ConfiguredProvider):
    """Muxes the song slice onto the clip: a preview of a lipsync, not a lipsync."""

    role = "lip_syncer"
    config_keys = {**LIP_SYNCER_KEYS, **OUTPUT_FORMAT_KEYS}

    def sync(self, video: Path, audio: Path, dst: Path, ctx) -> Path:
        ctx.progress(40, "Laying the song slice on the clip (preview)")
        return mux_song(video, audio, dst, suppress_video_audio=True)
