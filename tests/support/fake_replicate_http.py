"""The wire side of the fake Replicate server: routing, JSON and multipart bodies.

The behaviour and the records live in tests.support.fake_replicate (FakeReplicate);
this handler only parses requests, checks the token, and calls the fake's methods.
"""
from __future__ import annotations

import json
import mimetypes
import shutil
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.support.fake_replicate import FakeReplicate

_DETAILS = {401: "You did not pass a valid authentication token", 404: "Not found",
            422: "Input validation failed", 429: "Request was throttled.",
            500: "Internal server error", 502: "Bad gateway", 503: "Service unavailable"}


def problem(status: int, detail: str | None = None) -> dict:
    return {"title": _DETAILS.get(status, "Error"), "status": status,
            "detail": detail or _DETAILS.get(status, f"HTTP {status}")}


def _multipart(content_type: str, body: bytes) -> dict[str, tuple[str, str, bytes]]:
    """{field: (filename, content type, bytes)} from a multipart/form-data body."""
    boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
    fields = {}
    for part in body.split(b"--" + boundary)[1:-1]:
        head, _, data = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n") if line)
        disposition = headers.get("Content-Disposition", headers.get("content-disposition", ""))
        params = dict(p.strip().split("=", 1) for p in disposition.split(";")[1:])
        name = params.get("name", "").strip('"')
        fields[name] = (params.get("filename", "").strip('"'),
                        headers.get("Content-Type", "application/octet-stream"),
                        data.removesuffix(b"\r\n"))
    return fields


class Handler(BaseHTTPRequestHandler):
    fake: "FakeReplicate"  # set by FakeReplicate.start() on a subclass
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, method: str) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        ctype = self.headers.get("Content-Type", "")
        body = json.loads(raw) if raw and ctype.startswith("application/json") else None
        headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        fake = self.fake
        fake._record(method, self.path, headers, body)
        parts = self.path.split("?")[0].strip("/").split("/")
        if parts[0] == "outputs" and method == "GET" and len(parts) == 2:
            return self._send_file(fake.output_dir / parts[1])
        if parts[0] != "v1":
            return self._send(404, problem(404))
        auth = self.headers.get("Authorization", "")
        if auth not in (f"Bearer {fake.token}", f"Token {fake.token}"):
            return self._send(401, problem(401))
        match method, parts[1:]:
            case "POST", ["models", owner, name, "predictions"]:
                self._send(*fake._create(f"{owner}/{name}", (body or {}).get("input", {})))
            case "POST", ["predictions"]:
                version = str((body or {}).get("version", ""))
                self._send(*fake._create(version.split(":")[0], (body or {}).get("input", {})))
            case "GET", ["predictions", prediction_id]:
                self._send(*fake._poll(prediction_id))
            case "POST", ["predictions", prediction_id, "cancel"]:
                self._send(*fake._cancel(prediction_id))
            case "POST", ["files"]:
                filename, content_type, data = _multipart(ctype, raw)["content"]
                self._send(201, fake._upload(filename, content_type, data))
            case "GET", ["files", file_id, *rest]:
                upload = fake._find_upload(file_id)
                if upload is None:
                    self._send(404, problem(404))
                elif rest == ["download"]:
                    self._send_file(upload.path)
                else:
                    self._send(200, fake._file_json(upload))
            case _:
                self._send(404, problem(404))

    def _send(self, status: int, payload: dict, headers: dict | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_file(self, path: Path) -> None:
        if not path.is_file():
            return self._send(404, problem(404))
        self.send_response(200)
        guessed = mimetypes.guess_type(path.name)[0]
        self.send_header("Content-Type", guessed or "application/octet-stream")
        self.send_header("Content-Length", str(path.stat().st_size))
        self.end_headers()
        with path.open("rb") as src:
            shutil.copyfileobj(src, self.wfile)
