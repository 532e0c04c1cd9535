"""Generations: create and read, with every validation case."""
from __future__ import annotations

import pytest

from tests.support.api import create_generation, upload_song
from tests.support.media import make_tone


def test_create_and_read_a_generation_with_a_song(client, tmp_path):
    song = upload_song(client, make_tone(tmp_path / "s.wav", 20.0)).json
    created = create_generation(client, audio_id=song["id"], generation_mode="ad-creative",
                                config_flavor="lofi")
    assert created["config_flavor"] == "lofi" and created["clip_seconds"] == 6
    assert created["generation_mode"] == "ad-creative"
    assert created["audio"]["id"] == song["id"] and created["scenes"] == []
    assert created["final_video_id"] is None
    assert client.get(f"/api/mv/generations/{created['id']}").json == created


def test_defaults_are_music_video_and_the_default_flavor(client):
    created = create_generation(client)
    assert created["generation_mode"] == "music-video"
    assert created["config_flavor"] == "default" and created["clip_seconds"] == 8
    assert created["audio_id"] is None


@pytest.mark.parametrize("body, status, message", [
    ({}, 400, "video_description is required"),
    ({"video_description": "   "}, 400, "video_description is required"),
    ({"video_description": 7}, 400, "video_description must be text"),
    ({"video_description": "x" * 4001}, 400, "video_description is too long"),
    ({"video_description": "ok", "generation_mode": "sitcom"}, 400, "generation_mode must be"),
    ({"video_description": "ok", "generation_mode": ["music-video"]}, 400,
     "generation_mode must be text"),
    ({"video_description": "ok", "config_flavor": "noir"}, 400, "unknown config flavor 'noir'"),
    ({"video_description": "ok", "audio_id": "nope"}, 404, "no audio with id 'nope'"),
    ({"video_description": "ok", "audio_id": 12}, 400, "audio_id must be an id"),
])
def test_bad_generation_requests(client, body, status, message):
    response = client.post("/api/mv/generations", json=body)
    assert response.status_code == status
    assert message in response.json["error"]


def test_unknown_generation_is_404(client):
    assert client.get("/api/mv/generations/nope").status_code == 404
