"""A plain HTTP server on 127.0.0.1 for media a test serves by URL (yt-dlp, lipsync URLs)."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest


@pytest.fixture
def media_server(tmp_path):
    """Serve tmp_path/served over HTTP on 127.0.0.1; yields the base URL."""
    root = tmp_path / "served"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
