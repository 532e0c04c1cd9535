"""Many concurrent requests with different flavors: nobody sees another flavor's values."""
from __future__ import annotations

import json
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from werkzeug.serving import make_server

from app import services


@pytest.fixture
def live_server(app):
    """The app on a real threaded HTTP server on 127.0.0.1 (any free port)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def test_200_concurrent_mixed_flavor_requests_see_only_their_flavor(app, live_server):
    registry = app.extensions["mv.flavors"]
    expected = {flavor.name: (flavor.clip_seconds, flavor.get("scene_prompts.style"),
                              flavor.get("video_params.model")) for flavor in registry}
    names = [list(expected)[i % len(expected)] for i in range(200)]

    def fetch(name):
        with urllib.request.urlopen(f"{live_server}/api/mv/config_flavors/{name}",
                                    timeout=30) as response:
            body = json.load(response)
        return name, body

    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(fetch, names))

    assert len(results) == 200
    for name, body in results:
        values = body["values"]
        assert body["name"] == name
        assert (body["clip_seconds"], values["scene_prompts"]["style"],
                values["video_params"]["model"]) == expected[name]


def test_locator_hands_each_thread_its_own_flavor(app):
    names = ["default", "cinematic", "lofi"] * 300
    barrier = threading.Barrier(8)
    wrong = []

    def work(chunk):
        barrier.wait()
        with app.app_context():
            for name in chunk:
                bundle = services.for_flavor(name)
                if (bundle.flavor.name != name or bundle.video_maker.flavor_name != name
                        or bundle.video_maker.clip_seconds != bundle.flavor.clip_seconds):
                    wrong.append(name)

    threads = [threading.Thread(target=work, args=(names[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
