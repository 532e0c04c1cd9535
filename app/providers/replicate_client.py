"""The app's one gateway to Replicate: create a prediction, poll it, download its output.

It wraps the official `replicate` client and adds what the app needs on top of it:
- creates are retried only when the answer proves nothing was made (HTTP 429/5xx, or
  no connection at all); the client itself never retries a POST;
- polling has a deadline (the client's own `wait()` polls forever), after which the
  prediction is cancelled;
- every failure is a `ReplicateFailure` whose message a user can act on and which never
  contains the API token.
The client honours REPLICATE_BASE_URL by itself; tests point it at a fake server.
"""
from __future__ import annotations

import io
import os
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

import httpx
import replicate
from replicate.exceptions import ReplicateError

from ..config.debuglog import REDACTED, SECRET_VALUE
from .replicate_output import ReplicateFailure, download_output, output_text, output_urls

__all__ = ["ReplicateGateway", "ReplicateFailure", "PredictionResult", "output_text",
           "output_urls"]

TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_AFTER_CAP = 30.0
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
T = TypeVar("T")


@dataclass(frozen=True)
class PredictionResult:
    """A finished prediction: its output and the metrics Replicate bills by."""

    id: str
    model: str
    status: str
    output: Any
    error: str | None = None
    metrics: dict = field(default_factory=dict)

    @property
    def predict_time(self) -> float | None:
        """Seconds of model time Replicate charges for, when it says."""
        value = self.metrics.get("predict_time")
        return float(value) if value is not None else None


class ReplicateGateway:
    """Runs models on Replicate for the providers; safe to share between threads."""

    def __init__(self, *, api_token: str | None = None, base_url: str | None = None,
                 poll_interval: float = 1.0, create_retries: int = 3, backoff: float = 1.0,
                 download_timeout: float = 120, max_download_bytes: int = 2 * 2**30):
        self._token = api_token or os.environ.get("REPLICATE_API_TOKEN") or None
        self._base_url = base_url
        self.poll_interval = poll_interval
        self.create_retries = create_retries
        self.backoff = backoff
        self.download_timeout = download_timeout
        self.max_download_bytes = max_download_bytes
        self._lock = threading.Lock()
        self._local = threading.local()
        self._client: replicate.Client | None = None
        self._closer: weakref.finalize | None = None

    def client(self) -> replicate.Client:
        """The one `replicate.Client`, built on first use."""
        with self._lock:
            if self._client is None:
                if not self._token:
                    raise ReplicateFailure("Replicate is not set up: set REPLICATE_API_TOKEN, "
                                           "or use MV_BACKEND=preview")
                transport = httpx.HTTPTransport()
                # Sockets are closed by close(), or when the gateway is garbage-collected.
                self._closer = weakref.finalize(self, transport.close)
                self._client = replicate.Client(
                    api_token=self._token, base_url=self._base_url, transport=transport,
                    event_hooks={"response": [self._remember_response]})
            return self._client

    def close(self) -> None:
        """Close the client's connections (a later call opens new ones)."""
        with self._lock:
            if self._closer is not None:
                self._closer()
            self._client = self._closer = None

    def __enter__(self) -> "ReplicateGateway":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def create(self, model: str, input: dict, *, label: str | None = None) -> str:
        """Upload local files in `input`, start a prediction of `model`, return its id."""
        label = label or f"the model {model}"
        client = self.client()
        sent = self._retrying(lambda: self._upload_files(client, input), label, safe=True)

        def make():
            if ":" in model:  # owner/name:version pins one version
                return client.predictions.create(version=model.split(":", 1)[1], input=sent)
            return client.predictions.create(model=model, input=sent)

        try:
            return self._retrying(make, label, safe=False).id
        except ValueError as exc:
            message = f"'{model}' is not a Replicate model name (owner/name): {exc}"
            raise self._failure(message) from exc

    def wait(self, prediction_id: str, *, deadline_seconds: float, label: str | None = None,
             on_progress: Callable[[str, float | None], None] | None = None) -> PredictionResult:
        """Poll until the prediction finishes; cancel it when `deadline_seconds` run out.

        `on_progress(status, percent 0-100 or None)` is called after each unfinished poll;
        the percent comes from a progress bar in the model's logs, when it prints one.
        Transient poll errors (429/5xx, lost connections) are retried until the deadline.
        """
        client = self.client()
        deadline = time.monotonic() + deadline_seconds
        trouble = None
        while True:
            try:
                prediction = client.predictions.get(prediction_id)
            except ReplicateError as exc:
                if exc.status not in TRANSIENT_STATUSES:
                    raise self._refused(exc, label or f"prediction {prediction_id}") from exc
                trouble = f"HTTP {exc.status}"
            except httpx.TransportError as exc:
                trouble = type(exc).__name__
            else:
                trouble = None
                label = label or f"the model {prediction.model}"
                if prediction.status in ("succeeded", "failed", "canceled"):
                    return self._finished(prediction, label)
                if on_progress is not None:
                    progress = prediction.progress
                    # the client's Progress.percentage is a fraction (0-1), despite its name
                    on_progress(prediction.status,
                                100 * progress.percentage if progress else None)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._timed_out(client, prediction_id, label or f"prediction {prediction_id}",
                                      deadline_seconds, trouble)
            time.sleep(min(self.poll_interval, remaining))

    def run(self, model: str, input: dict, *, deadline_seconds: float,
            on_created: Callable[[str], None] | None = None, resume_id: str | None = None,
            on_progress: Callable[[str, float | None], None] | None = None,
            label: str | None = None) -> Any:
        """Run `model` and return its output (see run_prediction)."""
        return self.run_prediction(model, input, deadline_seconds=deadline_seconds,
                                   on_created=on_created, resume_id=resume_id,
                                   on_progress=on_progress, label=label).output

    def run_prediction(self, model: str, input: dict, *, deadline_seconds: float,
                       on_created: Callable[[str], None] | None = None,
                       resume_id: str | None = None,
                       on_progress: Callable[[str, float | None], None] | None = None,
                       label: str | None = None) -> PredictionResult:
        """Run `model` and return the finished prediction (output, status, metrics).

        With `resume_id` (a prediction made before a restart) nothing new is created, so
        nothing is paid twice. Otherwise `on_created(id)` is called before polling starts,
        so the caller can store the id first.
        """
        label = label or f"the model {model}"
        prediction_id = resume_id
        if prediction_id is None:
            prediction_id = self.create(model, input, label=label)
            if on_created is not None:
                on_created(prediction_id)
        return self.wait(prediction_id, deadline_seconds=deadline_seconds, label=label,
                         on_progress=on_progress)

    def download(self, output: Any, dst: Path) -> Path:
        """Save one output file (URL or FileOutput) to `dst` atomically; see download_output."""
        try:
            return download_output(output, Path(dst), timeout=self.download_timeout,
                                   max_bytes=self.max_download_bytes, backoff=self.backoff)
        except ReplicateFailure as exc:
            raise self._failure(exc.message) from exc

    # -- helpers -----------------------------------------------------------------------
    def _upload_files(self, client: replicate.Client, value: Any) -> Any:
        """`value` with each Path or open file uploaded via /v1/files and replaced by its URL."""
        if isinstance(value, dict):
            return {key: self._upload_files(client, item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._upload_files(client, item) for item in value]
        if isinstance(value, (Path, io.IOBase)):
            return client.files.create(value).urls["get"]  # a Path is opened and closed there
        return value

    def _retrying(self, call: Callable[[], T], label: str, *, safe: bool) -> T:
        """`call()`, retried with backoff while failures prove nothing was made.

        `safe` calls (uploads) may also be retried when the answer was lost in transit.
        """
        attempts = self.create_retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return call()
            except ReplicateError as exc:
                if exc.status not in TRANSIENT_STATUSES:
                    raise self._refused(exc, label) from exc
                if attempt == attempts:
                    raise self._unavailable(f"HTTP {exc.status}", attempts, exc.status) from exc
                delay = self._retry_after() or self.backoff * 2 ** (attempt - 1)
            except httpx.TransportError as exc:
                if not (safe or isinstance(exc, _NOT_SENT)):
                    raise self._failure(
                        f"Replicate did not answer the request to start {label} "
                        f"({type(exc).__name__}); a prediction may have been created and "
                        f"charged, so check replicate.com/predictions before trying again"
                    ) from exc
                if attempt == attempts:
                    raise self._unavailable(type(exc).__name__, attempts) from exc
                delay = self.backoff * 2 ** (attempt - 1)
            time.sleep(min(delay, RETRY_AFTER_CAP))
        raise AssertionError("unreachable")

    def _remember_response(self, response: httpx.Response) -> None:
        self._local.retry_after = response.headers.get("Retry-After")

    def _retry_after(self) -> float | None:
        value = (getattr(self._local, "retry_after", None) or "").strip()
        return float(value) if value.isdigit() else None

    def _finished(self, prediction, label: str) -> PredictionResult:
        if prediction.status == "failed":
            raise self._failure(f"{label} failed: {prediction.error or 'no reason given'}")
        if prediction.status == "canceled":
            raise self._failure(f"{label} was cancelled on Replicate before it finished")
        return PredictionResult(prediction.id, prediction.model, prediction.status,
                                prediction.output, prediction.error, prediction.metrics or {})

    def _timed_out(self, client, prediction_id: str, label: str, seconds: float,
                   trouble: str | None) -> ReplicateFailure:
        try:
            client.predictions.cancel(prediction_id)
            cancelled = "the prediction was cancelled"
        except (ReplicateError, httpx.HTTPError) as exc:
            reason = f"HTTP {exc.status}" if isinstance(exc, ReplicateError) else type(exc).__name__
            cancelled = f"cancelling it failed ({reason}), so it may still finish and be charged"
        if trouble:
            return self._failure(f"could not get the status of {label} from Replicate within "
                                 f"{seconds:g} s (last error: {trouble}); {cancelled}")
        return self._failure(f"{label} did not finish within {seconds:g} s; {cancelled}")

    def _refused(self, exc: ReplicateError, label: str) -> ReplicateFailure:
        detail = exc.detail or exc.title or "no details given"
        if exc.status == 401:
            return self._failure("Replicate refused the API token (HTTP 401); "
                                 "check REPLICATE_API_TOKEN")
        return self._failure(f"Replicate refused the request for {label} "
                             f"(HTTP {exc.status}): {detail}")

    def _unavailable(self, what: str, attempts: int, status: int | None = None) -> ReplicateFailure:
        busy = "is rate-limiting requests" if status == 429 else "is unavailable"
        return self._failure(f"Replicate {busy} ({what}) after {attempts} attempts; "
                             f"nothing was charged, try again")

    def _failure(self, message: str) -> ReplicateFailure:
        """A ReplicateFailure whose message has no token in it."""
        if self._token:
            message = message.replace(self._token, REDACTED)
        return ReplicateFailure(SECRET_VALUE.sub(REDACTED, message))
