"""Scene planning shared by both backends: the prompts sent to an LLM and reading its answer."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..errors import MVError
from .templating import fill_text

_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


@dataclass(frozen=True)
class PlanRequest:
    """Everything a planner needs to write a whole shot list."""

    description: str
    mode: str
    scene_count: int
    song_seconds: float | None


@dataclass(frozen=True)
class RewriteRequest:
    """One scene to rewrite, with its neighbours for continuity."""

    description: str
    mode: str
    scene_count: int
    scene_number: int  # 1-based
    previous_prompt: str | None
    current_prompt: str
    next_prompt: str | None


def template_values(planner: Any, request: PlanRequest | RewriteRequest) -> dict[str, Any]:
    mode = planner.modes[request.mode]
    values = {"description": request.description, "style": planner.style,
              "mode_label": mode["label"], "scene_count": request.scene_count,
              "clip_seconds": planner.clip_seconds,
              "song_seconds": _seconds(getattr(request, "song_seconds", None),
                                       request.scene_count * planner.clip_seconds)}
    if isinstance(request, RewriteRequest):
        values.update(scene_number=request.scene_number,
                      previous_prompt=request.previous_prompt or "(none: this is the first scene)",
                      current_prompt=request.current_prompt,
                      next_prompt=request.next_prompt or "(none: this is the last scene)")
    return values


def system_prompt(planner: Any) -> str:
    return fill_text(planner.system_prompt, {"style": planner.style})


def plan_prompt(planner: Any, request: PlanRequest) -> str:
    return fill_text(planner.modes[request.mode]["template"], template_values(planner, request))


def rewrite_prompt(planner: Any, request: RewriteRequest) -> str:
    return fill_text(planner.regenerate_template, template_values(planner, request))


def parse_scene_list(text: str, expected: int) -> list[str]:
    """The scene prompts in an LLM answer: JSON {"scenes": [...]} or a bare list, found in
    code fences or surrounding prose; extra scenes are trimmed, too few is an error."""
    scenes = _find_scene_list(text)
    if scenes is None:
        raise MVError("the scene planner's answer had no list of scenes in it; try again")
    prompts = [_prompt_text(item) for item in scenes]
    prompts = [prompt for prompt in prompts if prompt]
    if len(prompts) < expected:
        raise MVError(f"the scene planner wrote {len(prompts)} scene(s) for {expected} clip(s); "
                      "try again")
    return prompts[:expected]


def _find_scene_list(text: str) -> list | None:
    candidates = [block for block in _FENCE.findall(text)] + [text]
    decoder = json.JSONDecoder()
    for candidate in candidates:
        for start, char in enumerate(candidate):
            if char not in "[{":
                continue
            try:
                value, _ = decoder.raw_decode(candidate, start)
            except ValueError:
                continue
            if isinstance(value, dict):
                for key in ("scenes", "prompts", "shots"):
                    if isinstance(value.get(key), list):
                        return value[key]
            elif isinstance(value, list) and value:
                return value
    return None


def _prompt_text(item: Any) -> str:
    if isinstance(item, dict):
        item = item.get("prompt") or item.get("description") or item.get("text") or ""
    return " ".join(str(item).split()) if isinstance(item, (str, int, float)) else ""


def _seconds(value: float | None, fallback: float) -> str:
    return f"{value if value is not None else fallback:.0f}"
