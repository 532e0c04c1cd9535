"""MV Studio as a real server process, for tests that kill it and start it again."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import PROJECT_ROOT

SERVE = """
import sys
from werkzeug.serving import make_server
from app import create_app
app = create_app({"MV_POLL_INTERVAL": 0.05, "MV_REPLICATE_BACKOFF": 0.01, "MV_JOB_WORKERS": 3})
make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True).serve_forever()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """`python -c SERVE PORT` with the given environment; JSON helpers over real HTTP."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("a")
        self.process = subprocess.Popen([sys.executable, "-c", SERVE, str(self.port)],
                                        cwd=PROJECT_ROOT, env={**os.environ, **env},
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get("/api/mv/get_config_flavors")
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"server exited; see {log}")
                time.sleep(0.1)
        raise RuntimeError(f"server did not start; see {log}")

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, json.load(exc)

    def get(self, path: str) -> dict:
        return self.request("GET", path)[1]

    def post(self, path: str, body: dict) -> tuple[int, dict]:
        return self.request("POST", path, body)

    def wait_for(self, predicate, what: str, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}")

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, exactly like a crash."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if not self.log.closed:
            self.log.close()
