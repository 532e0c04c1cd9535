"""Uploading a song: real files, probed and clipped by real ffmpeg, stored in SQLite."""
from __future__ import annotations

import io

import pytest

from app import db
from app.models import Audio
from tests.support.api import upload_song
from tests.support.media import (first_loud_sample, make_clip, make_not_media, make_tone,
                                 make_tone_with_edge, read_wav)


def upload(client, path, headers=None, **form):
    return upload_song(client, path, headers, **form)


@pytest.mark.parametrize("suffix", [".mp3", ".wav", ".m4a", ".ogg", ".flac"])
def test_upload_each_format_is_stored_as_wav_with_its_duration(client, app, tmp_path, suffix):
    song = make_tone(tmp_path / f"song{suffix}", 3.0)
    response = upload(client, song)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["source"] == "upload"
    assert body["original_name"] == f"song{suffix}"
    assert body["duration"] == pytest.approx(3.0, abs=0.08)
    assert body["url"].startswith("/media/audio/") and body["url"].endswith(".wav")
    fetched = client.get(f"/api/audio/get/{body['id']}").json
    assert fetched == body
    media = client.get(body["url"])
    assert media.status_code == 200 and media.data[:4] == b"RIFF"
    media.close()


def test_upload_keeps_only_start_to_end_accurately(client, app, tmp_path):
    song = make_tone_with_edge(tmp_path / "song.wav", 30.0, edge_at=17.0)
    body = upload(client, song, start_time="16", end_time="24").json
    assert body["start_time"] == 16.0 and body["end_time"] == 24.0
    assert body["duration"] == pytest.approx(8.0, abs=0.02)
    with app.app_context():
        from app.media.storage import store

        path = store().path(db.session().get(Audio, body["id"]).path)
        rate, channels, samples = read_wav(path)
    assert channels == 2
    assert len(samples) / rate == pytest.approx(8.0, abs=0.02)
    edge = first_loud_sample(samples) / rate
    assert edge == pytest.approx(1.0, abs=0.01)  # the tone began at 17 s, i.e. 1 s in


@pytest.mark.parametrize("form, message", [
    ({"start_time": "abc"}, "start_time must be a number of seconds"),
    ({"start_time": "-1"}, "start_time must be 0 or more"),
    ({"end_time": "nan"}, "end_time must be a finite number of seconds"),
    ({"end_time": "inf"}, "end_time must be a finite number of seconds"),
    ({"start_time": "2", "end_time": "1"}, "end_time (1 s) must be after start_time (2 s)"),
    ({"start_time": "2", "end_time": "2"}, "must be after start_time"),
    ({"start_time": "5"}, "start_time (5 s) is past the end of the audio"),
    ({"start_time": "1", "end_time": "9"}, "end_time (9 s) is past the end of the audio"),
])
def test_bad_times_are_400_naming_the_bound(client, tmp_path, form, message):
    song = make_tone(tmp_path / "song.wav", 3.0)
    response = upload(client, song, **form)
    assert response.status_code == 400
    assert message in response.json["error"]


def test_end_time_slightly_past_the_end_is_clamped(client, tmp_path):
    song = make_tone(tmp_path / "song.wav", 3.0)
    body = upload(client, song, start_time="1", end_time="3.1").json
    assert body["duration"] == pytest.approx(2.0, abs=0.03)


def test_not_audio_is_400_with_the_reason(client, app, tmp_path):
    fake = make_not_media(tmp_path / "song.mp3")
    response = upload(client, fake)
    assert response.status_code == 400
    assert "not audio we can read" in response.json["error"]
    with app.app_context():
        assert db.session().query(Audio).count() == 0


def test_a_video_renamed_mp3_is_refused(client, tmp_path):
    clip = make_clip(tmp_path / "clip.mp4", 1.0)
    renamed = clip.rename(tmp_path / "song.mp3")
    response = upload(client, renamed)
    assert response.status_code == 400
    assert "holds video" in response.json["error"]


@pytest.mark.parametrize("data, message", [
    ({}, "multipart field 'file'"),
    ({"file": (io.BytesIO(b""), "song.mp3")}, "empty"),
    ({"file": (io.BytesIO(b"MZ..."), "setup.exe")}, "unsupported file type '.exe'"),
    ({"file": (io.BytesIO(b"abc"), "")}, "multipart field 'file'"),
])
def test_missing_empty_or_wrong_type_uploads(client, data, message):
    response = client.post("/api/audio/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.json["error"]


def test_too_large_is_413(make_app, tmp_path):
    client = make_app(MAX_CONTENT_LENGTH=50_000).test_client()
    song = make_tone(tmp_path / "song.wav", 3.0)  # ~576 kB
    response = upload(client, song)
    assert response.status_code == 413
    assert "too large" in response.json["error"]


def test_no_files_are_left_behind_by_a_refused_upload(client, app, tmp_path):
    upload(client, make_not_media(tmp_path / "bad.wav"))
    media_root = tmp_path / "media"
    leftovers = [p for p in media_root.rglob("*") if p.is_file()]
    assert leftovers == []


def test_unknown_audio_is_404_json(client):
    response = client.get("/api/audio/get/0123456789abcdef")
    assert response.status_code == 404
    assert "no audio" in response.json["error"]


def test_cross_site_browser_posts_are_refused(client, tmp_path):
    song = make_tone(tmp_path / "song.wav", 1.0)
    response = upload(client, song, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert "cross-site" in response.json["error"]
