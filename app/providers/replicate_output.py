"""What a Replicate model hands back, made usable: its text, its URLs, its files on disk.

Outputs come as a URL string, a list of URLs, `FileOutput` objects (from
`replicate.run`), `data:` URIs, or, for language models, a list of text chunks.
Output files live on Replicate for about an hour, so they are downloaded at once.
"""
from __future__ import annotations

import base64
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any, Callable

import httpx

from ..errors import MVError

DOWNLOAD_ATTEMPTS = 3
_CHUNK = 1 << 20


class ReplicateFailure(MVError):
    """A Replicate call failed; the message says what happened and what the user can do."""

    status = 502


def output_text(output: Any) -> str:
    """The text of an LLM's output: its chunks joined (a plain string stays as it is)."""
    if output is None:
        return ""
    if isinstance(output, str):
        return output
    if isinstance(output, (list, tuple)):
        return "".join(output_text(item) for item in output)
    if hasattr(output, "url"):
        return str(output.url)
    return json.dumps(output)


def output_urls(output: Any) -> list[str]:
    """Every file URL in an output, in order: URL strings, FileOutput objects, lists of them."""
    if output is None:
        return []
    if isinstance(output, (list, tuple)):
        return [url for item in output for url in output_urls(item)]
    if isinstance(output, dict):
        return [url for item in output.values() for url in output_urls(item)]
    url = getattr(output, "url", output)
    if isinstance(url, str) and url.startswith(("http://", "https://", "data:")):
        return [url]
    return []


MODEL_OUTPUT = "the model's output"


def download_output(source: Any, dst: Path, *, timeout: float, max_bytes: int,
                    backoff: float = 1.0, what: str = MODEL_OUTPUT,
                    url_guard: Callable[[str], object] | None = None) -> Path:
    """Save one output file (URL string or FileOutput) to `dst`, replacing it atomically.

    Follows redirects, stops at `max_bytes`, and retries server errors and dropped
    connections a few times; anything else raises ReplicateFailure naming `what`.
    Also used for files a user gave by URL (what="the video at video_url"); then
    url_guard checks every address fetched, redirects included, and raises to refuse one.
    """
    urls = output_urls(source)
    if len(urls) != 1:
        raise ReplicateFailure(f"the model's output is not one file (got {_describe(source)})")
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.{secrets.token_hex(6)}.part")
    try:
        if urls[0].startswith("data:"):
            tmp.write_bytes(base64.b64decode(urls[0].split(",", 1)[1]))
        else:
            _fetch(urls[0], tmp, timeout=timeout, max_bytes=max_bytes, backoff=backoff,
                   what=what, url_guard=url_guard)
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
    return dst


def _fetch(url: str, tmp: Path, *, timeout: float, max_bytes: int, backoff: float,
           what: str, url_guard: Callable[[str], object] | None) -> None:
    hooks = {"request": [lambda request: url_guard(str(request.url))]} if url_guard else {}
    for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
        try:
            with httpx.Client(follow_redirects=True, timeout=timeout,
                              event_hooks=hooks) as client:
                with client.stream("GET", url) as response:
                    if response.status_code >= 400:
                        if response.status_code < 500 or attempt == DOWNLOAD_ATTEMPTS:
                            raise _http_failure(response.status_code, what)
                    else:
                        _save(response, tmp, max_bytes, what)
                        return
        except httpx.TransportError as exc:
            if attempt == DOWNLOAD_ATTEMPTS:
                raise ReplicateFailure(f"could not download {what} "
                                       f"({type(exc).__name__}: {exc}); "
                                       f"try the step again") from exc
        time.sleep(backoff * 2 ** (attempt - 1))


def _save(response: httpx.Response, tmp: Path, max_bytes: int, what: str) -> None:
    declared = int(response.headers.get("Content-Length") or 0)
    if declared > max_bytes:
        raise _too_large(max_bytes, what)
    written = 0
    with tmp.open("wb") as out:
        for chunk in response.iter_bytes(_CHUNK):
            written += len(chunk)
            if written > max_bytes:
                raise _too_large(max_bytes, what)
            out.write(chunk)


def _http_failure(status: int, what: str) -> ReplicateFailure:
    hint = "try the step again"
    if status in (403, 404, 410):
        hint = ("Replicate keeps outputs for about an hour; run the step again"
                if what == MODEL_OUTPUT else "check that the URL is public and still there")
    return ReplicateFailure(f"could not download {what} (HTTP {status}); {hint}")


def _too_large(max_bytes: int, what: str) -> ReplicateFailure:
    return ReplicateFailure(f"{what} is larger than the {max_bytes // 2**20} MB "
                            f"download limit")


def _describe(source: Any) -> str:
    text = repr(source)
    return text if len(text) <= 120 else text[:119] + "…"
