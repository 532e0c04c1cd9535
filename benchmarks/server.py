"""The app on a real threaded werkzeug server on 127.0.0.1, in its own process.

Run as `python -m benchmarks.server FOLDER`: builds the app with benchmark settings in
FOLDER, prints the port, and serves until its stdin is closed. A separate process keeps
the benchmark's client threads from competing with the server for the GIL.
"""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from werkzeug.serving import make_server

from .common import make_bench_app


def main(folder: Path) -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = make_server("127.0.0.1", 0, make_bench_app(folder), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(server.server_port, flush=True)
    sys.stdin.read()  # until the benchmark closes our stdin
    server.shutdown()
    thread.join(timeout=10)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
