"""Ready-made model behaviours for the fake Replicate server (tests.support.fake_replicate).

A responder is `func(input: dict, files: dict[str, Path]) -> output`. `files` maps each
input name whose value was a file uploaded to the fake to that file's local path. An
output may be any JSON value; `pathlib.Path` values in it (alone or in a list) are
published by the fake as http URLs under /outputs/. Responders write their files with
`output_path(suffix)`, which points into the running fake's output folder. An exception
raised by a responder makes the prediction end "failed" with the exception's text.
"""
from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
import urllib.request
from pathlib import Path
from typing import Any, Callable

from app.media.ffmpeg import run_ffmpeg
from tests.support.media import make_clip

Responder = Callable[[dict, dict], Any]

_current = threading.local()
_EXACTLY = re.compile(r"\bexactly\s+(\d+)\b", re.IGNORECASE)
_TIMEOUT = 60


def output_path(suffix: str) -> Path:
    """A fresh path in the output folder of the fake that is running this responder."""
    folder = getattr(_current, "output_dir", None)
    if folder is None:
        raise RuntimeError("output_path() is only available inside a fake Replicate responder")
    return Path(folder) / f"out-{secrets.token_hex(6)}{suffix}"


def chunks(text: str, size: int = 7) -> list[str]:
    """Split text into string pieces, the way a streaming LLM's output list looks."""
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


def llm_text(text: str) -> Responder:
    """An LLM that always answers `text`, as a list of chunks."""
    return lambda input, files: chunks(text)


def llm_json_scenes(count: int | None = None) -> Responder:
    """An LLM that answers {"scenes": [...]} as chunks.

    Without `count`, the number of scenes is read from "exactly N" in input["prompt"]
    (3 if the prompt does not say).
    """
    def respond(input: dict, files: dict) -> list[str]:
        wanted = count
        if wanted is None:
            found = _EXACTLY.search(str(input.get("prompt", "")))
            wanted = int(found.group(1)) if found else 3
        scenes = [f"Scene {i} of {wanted}: a slow dolly shot of the singer at dusk, warm light"
                  for i in range(1, wanted + 1)]
        return chunks(json.dumps({"scenes": scenes}))
    return respond


def video_clip(seconds: float | None = None, width: int = 320, height: int = 180,
               fps: float = 24) -> Responder:
    """A video model: a real H.264 clip lasting input["duration"] (else `seconds`, else 2)."""
    def respond(input: dict, files: dict) -> Path:
        duration = float(input.get("duration") or seconds or 2)
        return make_clip(output_path(".mp4"), duration, width, height, fps)
    return respond


def image_png(width: int = 320, height: int = 180) -> Responder:
    """An image model: one real PNG frame of a test pattern."""
    def respond(input: dict, files: dict) -> Path:
        dst = output_path(".png")
        run_ffmpeg(["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate=1",
                    "-frames:v", 1, dst], action="making a fake image", timeout=_TIMEOUT)
        return dst
    return respond


def lipsync_mux() -> Responder:
    """A lipsync model: the "audio" input muxed onto the "video" input (-shortest)."""
    def respond(input: dict, files: dict) -> Path:
        video = _local(input, files, "video")
        audio = _local(input, files, "audio")
        dst = output_path(".mp4")
        run_ffmpeg(["-i", video, "-i", audio, "-map", "0:v:0", "-map", "1:a:0",
                    "-c:v", "copy", "-c:a", "aac", "-shortest", dst],
                   action="muxing a fake lipsync", timeout=_TIMEOUT)
        return dst
    return respond


def _local(input: dict, files: dict, name: str) -> Path:
    """The local file behind an input: an upload, or an http URL fetched now."""
    if name in files:
        return Path(files[name])
    url = input.get(name)
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ValueError(f"input {name!r} must be a file or an http URL, got {url!r}")
    dst = output_path(Path(url.split("?")[0]).suffix or ".bin")
    with urllib.request.urlopen(url, timeout=_TIMEOUT) as response, dst.open("wb") as out:
        shutil.copyfileobj(response, out)
    return dst
