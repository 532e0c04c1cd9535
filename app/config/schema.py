"""What each flavor file may hold: keys, types, required keys and template placeholders.

The schema is data: a Table lists its keys, a Value says which types (and which
{placeholders}) a leaf accepts. validate() checks one file as written, so its errors can
name that file's lines; required keys are checked once the flavor is merged with default.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Union

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Value:
    """A leaf: the accepted types, and for text the {placeholders} it may use."""

    types: tuple[type, ...]
    placeholders: frozenset[str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    items: "Value | None" = None


@dataclass(frozen=True)
class Table:
    """A mapping with known keys; `extra` (when set) accepts any other key with that spec."""

    fields: Mapping[str, "Spec"] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    extra: "Spec | None" = None


Spec = Union[Value, Table]

TEXT = Value((str,))
FLAG = Value((bool,))
SECONDS = Value((int, float), minimum=1)


def count(minimum: int = 1, maximum: int | None = None) -> Value:
    return Value((int,), minimum=minimum, maximum=maximum)


def text(*placeholders: str) -> Value:
    return Value((str,), placeholders=frozenset(placeholders))


def model_input(*placeholders: str) -> Table:
    """A model's `input:` mapping: any key, any YAML value, text may use the placeholders.

    null removes a key the default flavor sets (for a flavor that switches models).
    """
    return Table(extra=Value((str, int, float, bool, list, dict, type(None)),
                             frozenset(placeholders)))


PLAN_PLACEHOLDERS = ("description", "style", "mode_label", "scene_count", "clip_seconds",
                     "song_seconds")
REGENERATE_PLACEHOLDERS = PLAN_PLACEHOLDERS + ("scene_number", "previous_prompt",
                                               "current_prompt", "next_prompt")
GENERATION_MODES = ("music-video", "ad-creative")

MODE = Table({"label": TEXT, "template": text(*PLAN_PLACEHOLDERS)},
             required=frozenset({"label", "template"}))

FILES: Mapping[str, Table] = {
    "scene_prompts": Table({
        "model": TEXT,
        "input": model_input("prompt", "system_prompt"),
        "system_prompt": text("style"),
        "style": TEXT,
        "modes": Table({mode: MODE for mode in GENERATION_MODES},
                       required=frozenset(GENERATION_MODES)),
        "regenerate_template": text(*REGENERATE_PLACEHOLDERS),
        "scenes_without_audio": count(1, 120),
        "max_scenes": count(1, 500),
        "timeout_seconds": SECONDS,
    }, required=frozenset({"model", "input", "system_prompt", "style", "modes",
                           "regenerate_template", "scenes_without_audio", "max_scenes",
                           "timeout_seconds"})),
    "image_params": Table({
        "enabled": FLAG,
        "model": TEXT,
        "input": model_input("prompt", "seed"),
        "prompt_suffix": TEXT,
        "timeout_seconds": SECONDS,
    }, required=frozenset({"enabled", "model", "input", "prompt_suffix", "timeout_seconds"})),
    "video_params": Table({
        "model": TEXT,
        "input": model_input("prompt", "negative_prompt", "image", "duration", "seed"),
        "clip_seconds": count(1, 60),
        "allowed_durations": Value((list,), items=count(1, 60)),
        "prompt_suffix": TEXT,
        "negative_prompt": TEXT,
        "max_parallel_clips": count(1, 32),
        "timeout_seconds": SECONDS,
    }, required=frozenset({"model", "input", "clip_seconds", "prompt_suffix", "negative_prompt",
                           "max_parallel_clips", "timeout_seconds"})),
    "lipsync_params": Table({
        "model": TEXT,
        "input": model_input("video", "audio"),
        "end_tolerance_seconds": Value((int, float), minimum=0, maximum=5),
        "timeout_seconds": SECONDS,
    }, required=frozenset({"model", "input", "end_tolerance_seconds", "timeout_seconds"})),
    "stitch_params": Table({
        "width": count(16, 7680),
        "height": count(16, 4320),
        "fps": count(1, 120),
        "video_codec": TEXT,
        "pix_fmt": TEXT,
        "crf": count(0, 51),
        "preset": TEXT,
        "audio_codec": TEXT,
        "audio_bitrate": TEXT,
        "audio_sample_rate": count(8000, 192000),
        "suppress_video_audio": FLAG,
        "timeout_seconds": SECONDS,
    }, required=frozenset({"width", "height", "fps", "video_codec", "pix_fmt", "crf", "preset",
                           "audio_codec", "audio_bitrate", "audio_sample_rate",
                           "suppress_video_audio", "timeout_seconds"})),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: the key path and what is wrong."""

    keys: tuple[str, ...]
    message: str


def validate(data: Mapping, spec: Table, keys: tuple[str, ...] = ()) -> Iterator[Problem]:
    """Yield every problem in `data` as written (types, unknown keys, placeholders)."""
    for key, value in data.items():
        here = keys + (key,)
        sub = spec.fields.get(key, spec.extra)
        if sub is None:
            known = ", ".join(sorted(spec.fields)) or "none"
            yield Problem(here, f"unknown key (known keys here: {known})")
        elif isinstance(sub, Table):
            if isinstance(value, dict):
                yield from validate(value, sub, here)
            else:
                yield Problem(here, f"expected a mapping, got {_describe(value)}")
        else:
            yield from _check_value(value, sub, here)


def missing(data: Mapping, spec: Table, keys: tuple[str, ...] = ()) -> Iterator[Problem]:
    """Yield each required key that the (merged) data lacks."""
    for key in sorted(spec.required - set(data)):
        yield Problem(keys + (key,), "required key is missing")
    for key, sub in spec.fields.items():
        if isinstance(sub, Table) and isinstance(data.get(key), dict):
            yield from missing(data[key], sub, keys + (key,))


def _check_value(value: Any, spec: Value, keys: tuple[str, ...]) -> Iterator[Problem]:
    if (isinstance(value, bool) and bool not in spec.types) or not isinstance(value, spec.types):
        yield Problem(keys, f"expected {_expected(spec.types)}, got {_describe(value)}")
        return
    if spec.minimum is not None and not isinstance(value, (str, list, dict)) and value < spec.minimum:
        yield Problem(keys, f"must be at least {spec.minimum}, got {value}")
    if spec.maximum is not None and not isinstance(value, (str, list, dict)) and value > spec.maximum:
        yield Problem(keys, f"must be at most {spec.maximum}, got {value}")
    if spec.placeholders is not None:
        yield from _check_placeholders(value, spec.placeholders, keys)
    if spec.items is not None:
        for index, item in enumerate(value):
            yield from _check_value(item, spec.items, keys + (str(index),))


def _check_placeholders(value: Any, allowed: frozenset[str], keys) -> Iterator[Problem]:
    if isinstance(value, str):
        unknown = sorted({name for name in PLACEHOLDER.findall(value) if name not in allowed})
        if unknown:
            names = ", ".join("{%s}" % name for name in unknown)
            known = ", ".join("{%s}" % name for name in sorted(allowed)) or "none"
            yield Problem(keys, f"unknown placeholder {names} (known here: {known})")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _check_placeholders(item, allowed, keys + (str(key),))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _check_placeholders(item, allowed, keys + (str(index),))


_TYPE_WORDS = {str: "text", int: "an integer", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping", type(None): "null"}


def _expected(types: tuple[type, ...]) -> str:
    if set(types) == {int, float}:
        return "a number"
    return " or ".join(_TYPE_WORDS[t] for t in types)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{_TYPE_WORDS.get(type(value), type(value).__name__)} {shown}"
