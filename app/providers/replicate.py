"""Providers backed by Replicate models; model names and inputs come from the flavor.

Every paid call goes through the ReplicateGateway: it stores the prediction id on the
job before polling (so a restart resumes instead of paying twice), polls with the
flavor's deadline, cancels on deadline, and downloads outputs into storage at once.
"""
from __future__ import annotations

from pathlib import Path

from ..costs.records import finish_call, record_call
from .base import (IMAGE_MAKER_KEYS, LIP_SYNCER_KEYS, REMOTE_KEYS, SCENE_PLANNER_KEYS,
                   VIDEO_MAKER_KEYS, BoundedVideoMaker, ConfiguredProvider)
from .planning import (PlanRequest, RewriteRequest, parse_scene_list, plan_prompt,
                       rewrite_prompt, system_prompt)
from .replicate_client import ReplicateFailure, output_text, output_urls
from .templating import fill_input


class RemoteProvider(ConfiguredProvider):
    """Runs the flavor's model for one step of a job and keeps the output."""

    label = "the model"

    def run(self, values: dict, ctx, step: str):
        """One prediction: create it (or resume the one a restart left), put it on record
        before waiting, wait with the flavor's deadline, return its output."""
        inputs = fill_input(self.input_template, values)
        started = {"id": ctx.prediction_for(step)}

        def created(prediction_id: str) -> None:
            started["id"] = prediction_id
            ctx.set_external_id(prediction_id, step)
            record_call(prediction_id=prediction_id, model=self.model, inputs=inputs,
                        job_id=ctx.job_id, generation_id=ctx.generation_id,
                        scene_id=ctx.scene_id)

        try:
            result = self.gateway.run_prediction(
                self.model, inputs, deadline_seconds=self.timeout_seconds, on_created=created,
                resume_id=started["id"], label=self.label,
                on_progress=lambda status, percent: ctx.progress(
                    30 + 0.6 * (percent or 0), f"{self.label.capitalize()}: {status}"))
        except ReplicateFailure:
            if started["id"]:
                finish_call(started["id"], status="failed", predict_time=None)
            raise
        finish_call(result.id, status=result.status, predict_time=result.predict_time)
        return result.output

    def keep_file(self, output, dst: Path) -> Path:
        urls = output_urls(output)
        if not urls:
            raise ReplicateFailure(f"{self.label} returned no file; nothing to keep")
        return self.gateway.download(urls[0], dst)


class ScenePlanner(RemoteProvider):
    """Asks an LLM for one scene prompt per clip, and rewrites single scenes."""

    role = "scene_planner"
    label = "the scene planner"
    config_keys = {**SCENE_PLANNER_KEYS, **REMOTE_KEYS["scene_prompts"]}

    def plan(self, request: PlanRequest, ctx) -> list[str]:
        answer = self.run({"prompt": plan_prompt(self, request),
                           "system_prompt": system_prompt(self)}, ctx, "plan")
        return parse_scene_list(output_text(answer), request.scene_count)

    def rewrite(self, request: RewriteRequest, ctx) -> str:
        answer = self.run({"prompt": rewrite_prompt(self, request),
                           "system_prompt": system_prompt(self)}, ctx, "rewrite")
        return parse_scene_list(output_text(answer), 1)[0]


class ImageMaker(RemoteProvider):
    """Makes a first frame for image-to-video flavors."""

    role = "image_maker"
    label = "the image model"
    config_keys = {**IMAGE_MAKER_KEYS, **REMOTE_KEYS["image_params"]}

    def make(self, prompt: str, dst: Path, ctx) -> Path:
        ctx.progress(15, "Making the first frame")
        output = self.run({"prompt": prompt + (self.prompt_suffix or ""), "seed": None},
                          ctx, "image")
        return self.keep_file(output, dst)


class VideoMaker(BoundedVideoMaker, RemoteProvider):
    """Renders a scene prompt into a clip with a video model."""

    role = "video_maker"
    label = "the video model"
    config_keys = {**VIDEO_MAKER_KEYS, **REMOTE_KEYS["video_params"]}

    def make(self, prompt: str, dst: Path, *, image: Path | None, ctx) -> Path:
        ctx.progress(30, "Rendering the clip")
        values = {"prompt": prompt + (self.prompt_suffix or ""),
                  "negative_prompt": self.negative_prompt, "image": image,
                  "duration": self.clip_seconds, "seed": None}
        with self.slots:
            output = self.run(values, ctx, "video")
        ctx.progress(90, "Downloading the clip")
        return self.keep_file(output, dst)


class LipSyncer(RemoteProvider):
    """Makes the performer in a clip sing a slice of the song."""

    role = "lip_syncer"
    label = "the lipsync model"
    config_keys = {**LIP_SYNCER_KEYS, **REMOTE_KEYS["lipsync_params"]}

    def sync(self, video: Path | str, audio: Path | str, dst: Path, ctx) -> Path:
        ctx.progress(30, "Lip-syncing the clip")
        output = self.run({"video": video, "audio": audio}, ctx, "lipsync")
        ctx.progress(90, "Downloading the lipsynced clip")
        return self.keep_file(output, dst)
