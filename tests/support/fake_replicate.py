"""A fake Replicate HTTP API on 127.0.0.1, for driving the real `replicate` client in tests.

    with FakeReplicate(token="r8_test") as fake:          # or fake.start() / fake.stop()
        fake.respond("google/veo-3.1", video_clip())      # behaviours: fake_replicate_media
        fake.script("google/veo-3.1", reject(502, times=2), slow(3))
        client = replicate.Client(api_token="r8_test", base_url=fake.base_url)
        # or set REPLICATE_BASE_URL=fake.base_url ("http://127.0.0.1:PORT", no /v1)

Endpoints: POST /v1/models/{owner}/{name}/predictions, POST /v1/predictions ({"version":
"owner/name[:id]"}), GET /v1/predictions/{id}, POST /v1/predictions/{id}/cancel,
POST /v1/files (multipart field "content"), GET /v1/files/{id} (JSON, as the real API),
GET /v1/files/{id}/download (the bytes), GET /outputs/{name} (files the models made).
/v1 needs "Authorization: Bearer <token>" (401 JSON otherwise); a model with no responder
is a 404, like an unknown model on Replicate.

A prediction is "starting" when created and finishes on the first poll (GET); only then
the responder runs. `script(model, *steps)` queues one step per create of that model:
  reject(status, times=1, retry_after=None, detail=None)  the create answers HTTP `status`
                                                           and makes nothing
  slow(polls)      "processing" for polls-1 polls, then done
  fail(error)      the prediction ends "failed" with `error`
  hang()           stays "processing" until cancelled
  held()           stays "processing" until fake.release(), then succeeds
  broken_output()  succeeds with an output URL that 404s
  flaky_polls(status, times=1)  the first `times` polls answer HTTP `status` (the client
                   retries GETs on 429/503/504 by itself, so only 500/502 reach the caller)

Records (all lists, appended under a lock): `requests` (Recorded: method, path, headers
without Authorization, JSON body or None), `creates` ((model, input) per prediction made,
uploaded-file URLs replaced by the stored file's Path), `cancels` (prediction ids),
`uploads` (Upload: id, name, content_type, path, size); `create_attempts` counts create
POSTs including rejected ones; `prediction_status(id)` tells where a prediction ended.
"""
from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterable

from tests.support import fake_replicate_media as media
from tests.support.fake_replicate_http import Handler, problem
from tests.support.fake_replicate_media import (Responder, image_png, lipsync_mux,
                                                llm_json_scenes, llm_text, video_clip)

__all__ = ["FakeReplicate", "Recorded", "Upload", "Step", "reject", "slow", "fail", "hang", "held",
           "broken_output", "flaky_polls", "llm_json_scenes", "llm_text", "video_clip",
           "image_png", "lipsync_mux"]

_TERMINAL = ("succeeded", "failed", "canceled")


@dataclass(frozen=True)
class Step:
    """One scripted behaviour for the next create of a model (see the module docstring)."""

    kind: str
    status: int = 0
    times: int = 1
    retry_after: int | None = None
    detail: str | None = None
    error: str = ""
    polls: int = 1


def reject(status: int, times: int = 1, *, retry_after: int | None = None,
           detail: str | None = None) -> list[Step]:
    return [Step("reject", status=status, retry_after=retry_after, detail=detail)] * times


def slow(polls: int) -> Step:
    return Step("ok", polls=polls)


def fail(error: str = "the model crashed") -> Step:
    return Step("fail", error=error)


def hang() -> Step:
    return Step("hang", polls=10**9)


def held() -> Step:
    """Stays "processing" until release() is called, then finishes on the next poll."""
    return Step("held", polls=10**9)


def broken_output() -> Step:
    return Step("broken")


def flaky_polls(status: int, times: int = 1) -> Step:
    return Step("ok", status=status, times=times)


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    body: Any


@dataclass
class Upload:
    id: str
    name: str
    content_type: str
    path: Path
    size: int


@dataclass
class _Prediction:
    id: str
    model: str
    input: dict
    files: dict
    step: Step
    polls_left: int
    poll_errors_left: int
    status: str = "starting"
    output: Any = None
    error: str | None = None
    running: bool = False
    created: float = field(default_factory=time.time)
    completed: float | None = None


def _now(at: float | None = None) -> str | None:
    if at is None:
        return None
    return datetime.fromtimestamp(at, timezone.utc).isoformat().replace("+00:00", "Z")


class FakeReplicate:
    """The fake server; thread-safe, usable as a context manager."""

    def __init__(self, token: str = "r8_FakeReplicateToken0000", output_dir: Path | None = None):
        self.token = token
        self._own_dir = output_dir is None
        self.output_dir = Path(output_dir or tempfile.mkdtemp(prefix="fake-replicate-"))
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self.requests: list[Recorded] = []
        self.creates: list[tuple[str, dict]] = []
        self.cancels: list[str] = []
        self.uploads: list[Upload] = []
        self._responders: dict[str, Responder] = {}
        self._scripts: dict[str, list[Step]] = {}
        self._predictions: dict[str, _Prediction] = {}
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self.max_active = 0  # the most predictions unfinished at one time

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> "FakeReplicate":
        handler = type("Handler", (Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._own_dir:
            shutil.rmtree(self.output_dir, ignore_errors=True)

    __enter__ = start

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """What the client takes as base_url / REPLICATE_BASE_URL (no /v1: it adds that)."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # -- scripting -------------------------------------------------------------------
    def respond(self, model: str, func: Responder) -> None:
        """How `model` (owner/name) answers from now on."""
        with self._lock:
            self._responders[model] = func

    def script(self, model: str, *steps: Step | Iterable[Step]) -> None:
        """Queue behaviours for the next creates of `model`, one step per create."""
        flat = [s for item in steps for s in ([item] if isinstance(item, Step) else item)]
        with self._lock:
            self._scripts.setdefault(model, []).extend(flat)

    @property
    def create_attempts(self) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.method == "POST"
                       and r.path.rstrip("/").endswith("/predictions"))

    def prediction_status(self, prediction_id: str) -> str:
        with self._lock:
            return self._predictions[prediction_id].status

    def release(self) -> None:
        """Let every held prediction finish on its next poll."""
        with self._lock:
            for pred in self._predictions.values():
                if pred.step.kind == "held" and pred.status not in _TERMINAL:
                    pred.polls_left = 1

    def active(self) -> int:
        """How many predictions are unfinished now."""
        with self._lock:
            return sum(1 for p in self._predictions.values() if p.status not in _TERMINAL)

    # -- behaviour (called by the handler) ---------------------------------------------
    def _record(self, method: str, path: str, headers: dict, body: Any) -> None:
        with self._lock:
            self.requests.append(Recorded(method, path, headers, body))

    def _create(self, model: str, input: dict) -> tuple[int, dict, dict]:
        with self._lock:
            if model not in self._responders:
                return 404, {"detail": f"model {model} not found", "status": 404}, {}
            queue = self._scripts.get(model) or []
            step = queue.pop(0) if queue else Step("ok")
            if step.kind == "reject":
                headers = {"Retry-After": str(step.retry_after)} if step.retry_after else {}
                return step.status, problem(step.status, step.detail), headers
            by_url = {self._file_url(u.id): u.path for u in self.uploads}
            resolved = {k: by_url.get(v, v) if isinstance(v, str) else v
                        for k, v in input.items()}
            files = {k: v for k, v in resolved.items() if isinstance(v, Path)}
            pred = _Prediction(secrets.token_hex(10), model, input, files, step, step.polls,
                               step.times if step.status else 0)
            self._predictions[pred.id] = pred
            self.creates.append((model, resolved))
            self.max_active = max(self.max_active, self.active())
            return 201, self._json(pred), {}

    def _poll(self, prediction_id: str) -> tuple[int, dict]:
        with self._lock:
            pred = self._predictions.get(prediction_id)
            if pred is None:
                return 404, problem(404)
            if pred.poll_errors_left > 0:
                pred.poll_errors_left -= 1
                return pred.step.status, problem(pred.step.status)
            if pred.status in _TERMINAL or pred.running:
                return 200, self._json(pred)
            pred.polls_left -= 1
            pred.status = "processing"
            if pred.polls_left > 0:
                return 200, self._json(pred)
            pred.running = True
        self._finish(pred)  # outside the lock: a responder may run ffmpeg or fetch URLs
        with self._lock:
            return 200, self._json(pred)

    def _finish(self, pred: _Prediction) -> None:
        status, output, error = "succeeded", None, None
        if pred.step.kind == "fail":
            status, error = "failed", pred.step.error
        elif pred.step.kind == "broken":
            output = f"{self.base_url}/outputs/expired-{pred.id}.mp4"
        else:
            media._current.output_dir = self.output_dir
            try:
                output = self._publish(self._responders[pred.model](dict(pred.input),
                                                                    dict(pred.files)))
            except Exception as exc:  # the model "crashed": report it like Replicate does
                status, error = "failed", str(exc)
            finally:
                media._current.output_dir = None
        with self._lock:
            if pred.status not in _TERMINAL:
                pred.status, pred.output, pred.error = status, output, error
                pred.completed = time.time()

    def _cancel(self, prediction_id: str) -> tuple[int, dict]:
        with self._lock:
            pred = self._predictions.get(prediction_id)
            if pred is None:
                return 404, problem(404)
            self.cancels.append(prediction_id)
            if pred.status not in _TERMINAL:
                pred.status, pred.completed = "canceled", time.time()
            return 200, self._json(pred)

    def _upload(self, name: str, content_type: str, data: bytes) -> dict:
        file_id = secrets.token_hex(8)
        folder = self.output_dir / "uploads" / file_id
        folder.mkdir(parents=True)
        path = folder / (Path(name).name or "file")
        path.write_bytes(data)
        upload = Upload(file_id, name, content_type, path, len(data))
        with self._lock:
            self.uploads.append(upload)
        return self._file_json(upload)

    def _find_upload(self, file_id: str) -> Upload | None:
        with self._lock:
            return next((u for u in self.uploads if u.id == file_id), None)

    # -- JSON shapes ---------------------------------------------------------------------
    def _publish(self, output: Any) -> Any:
        if isinstance(output, Path):
            if output.parent != self.output_dir:
                output = Path(shutil.copy(output, self.output_dir / output.name))
            return f"{self.base_url}/outputs/{output.name}"
        if isinstance(output, (list, tuple)):
            return [self._publish(item) for item in output]
        return output

    def _file_url(self, file_id: str) -> str:
        return f"{self.base_url}/v1/files/{file_id}"

    def _file_json(self, u: Upload) -> dict:
        return {"id": u.id, "name": u.name, "content_type": u.content_type, "size": u.size,
                "etag": u.id, "checksums": {}, "metadata": {}, "created_at": _now(time.time()),
                "expires_at": None, "urls": {"get": self._file_url(u.id)}}

    @staticmethod
    def _logs(p: _Prediction) -> str:
        """A tqdm-style progress bar, which the client parses into Prediction.progress."""
        if p.status == "starting":
            return ""
        done = p.step.polls - max(p.polls_left, 0)
        percent = 100 * done // p.step.polls
        return f"loading\n{percent:3d}%|{'#' * (percent // 10):10}| {done}/{p.step.polls}\n"

    def _json(self, p: _Prediction) -> dict:
        url = f"{self.base_url}/v1/predictions/{p.id}"
        done = p.completed is not None
        metrics = ({"predict_time": round(p.completed - p.created, 3),
                    "total_time": round(p.completed - p.created, 3)} if done else {})
        return {"id": p.id, "model": p.model, "version": "fake0version", "input": p.input,
                "output": p.output, "status": p.status, "error": p.error,
                "logs": self._logs(p), "metrics": metrics,
                "created_at": _now(p.created), "completed_at": _now(p.completed),
                "started_at": None if p.status == "starting" else _now(p.created),
                "source": "api", "data_removed": False,
                "urls": {"get": url, "cancel": f"{url}/cancel", "web": url}}
