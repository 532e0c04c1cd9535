"""Fixtures for tests on the Replicate backend: a fake Replicate server and apps using it."""
from __future__ import annotations

import pytest

from tests.support.fake_replicate import (FakeReplicate, image_png, lipsync_mux, llm_json_scenes,
                                          video_clip)

TOKEN = "r8_TestTokenForTheFakeServer0123456789"


@pytest.fixture
def fake(tmp_path):
    """A fake Replicate with responders for every model the shipped flavors use."""
    with FakeReplicate(token=TOKEN, output_dir=tmp_path / "fake") as server:
        server.respond("openai/gpt-4o-mini", llm_json_scenes())
        server.respond("google/veo-3.1-fast", video_clip(width=320, height=180))
        server.respond("google/veo-3.1", video_clip(width=320, height=180))
        server.respond("google/imagen-4", image_png())
        server.respond("sync/lipsync-2-pro", lipsync_mux())
        yield server


@pytest.fixture
def make_replicate_app(make_app, fake, monkeypatch):
    """make_app on the Replicate backend, talking to the fake through the real client."""
    monkeypatch.setenv("REPLICATE_API_TOKEN", TOKEN)
    monkeypatch.setenv("REPLICATE_BASE_URL", fake.base_url)

    def factory(**overrides):
        settings = {"MV_BACKEND": "replicate", "MV_POLL_INTERVAL": 0.02,
                    "MV_REPLICATE_BACKOFF": 0.01, **overrides}
        return make_app(**settings)

    return factory
