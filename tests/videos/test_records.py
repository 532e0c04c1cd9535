"""Video records: saved with their file and poster, read back through the API."""
from __future__ import annotations

import pytest

from app import db
from app.media.ffmpeg import MediaError
from app.models import Video
from app.videos.records import save_video
from tests.support.media import make_clip, make_tone


def test_saved_clip_is_served_with_its_facts(app, client, tmp_path):
    clip = make_clip(tmp_path / "clip.mp4", 2.0, 320, 180, 24)
    with app.app_context():
        video = save_video(clip, kind="generated", provider="preview", prompt="a lighthouse")
        db.session().commit()
        video_id = video.id
    assert not clip.exists()  # moved into the store, not copied
    body = client.get(f"/api/mv/get_video/{video_id}").json
    assert body["kind"] == "generated" and body["provider"] == "preview"
    assert (body["width"], body["height"]) == (320, 180)
    assert body["duration"] == pytest.approx(2.0, abs=0.05)
    assert body["fps"] == pytest.approx(24) and body["has_audio"] is True
    assert body["url"] == f"/media/clips/{video_id}.mp4"
    poster = client.get(body["poster_url"])
    assert poster.status_code == 200 and poster.data[:2] == b"\xff\xd8"
    poster.close()
    ranged = client.get(body["url"], headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and len(ranged.data) == 100
    ranged.close()


def test_audio_only_file_is_not_a_video(app, tmp_path):
    song = make_tone(tmp_path / "song.m4a", 1.0)
    with app.app_context():
        with pytest.raises(MediaError, match="no video stream"):
            save_video(song, kind="generated", provider="preview")
        assert db.session().query(Video).count() == 0


def test_unknown_video_is_404_json(client):
    response = client.get("/api/mv/get_video/nope")
    assert response.status_code == 404 and "no video" in response.json["error"]
