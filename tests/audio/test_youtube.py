"""Fetching a song with yt-dlp, as a job.

YouTube itself cannot be reached from here, so yt-dlp's real generic extractor downloads
a direct media URL from a local HTTP server on 127.0.0.1 instead (the only stand-in).
"""
from __future__ import annotations

import socket

import pytest

from tests.support.jobs import wait_for_job
from tests.support.media import first_loud_sample, make_tone, make_tone_with_edge, read_wav


@pytest.fixture
def local_app(make_app):
    return make_app(MV_ALLOW_PRIVATE_URLS=True)


def test_fetch_clips_and_stores_the_audio(local_app, media_server, tmp_path):
    root, base = media_server
    make_tone_with_edge(root / "song.mp3", 20.0, edge_at=12.0)
    client = local_app.test_client()
    response = client.post("/api/audio/youtube",
                           json={"url": f"{base}/song.mp3", "start_time": 10, "end_time": 18})
    assert response.status_code == 202
    assert response.json["status"] == "queued"
    assert response.json["status_url"] == f"/api/mv/jobs/{response.json['job_id']}"
    job = wait_for_job(client, response.json["job_id"])
    assert job["status"] == "succeeded", job
    assert job["kind"] == "youtube_fetch" and job["progress"] == 100
    audio = client.get(f"/api/audio/get/{job['result']['audio_id']}").json
    assert audio["source"] == "youtube" and audio["source_url"] == f"{base}/song.mp3"
    assert audio["duration"] == pytest.approx(8.0, abs=0.03)
    wav = client.get(audio["url"])
    out = tmp_path / "out.wav"
    out.write_bytes(wav.data)
    wav.close()
    rate, _, samples = read_wav(out)
    assert first_loud_sample(samples) / rate == pytest.approx(2.0, abs=0.03)


def test_unreachable_url_fails_the_job_with_a_readable_message(local_app):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = local_app.test_client()
    response = client.post("/api/audio/youtube", json={"url": f"http://127.0.0.1:{port}/x.mp3"})
    job = wait_for_job(client, response.json["job_id"])
    assert job["status"] == "failed"
    assert job["error"].startswith("could not fetch audio from that URL:")
    assert "refused" in job["error"].lower()
    assert "Traceback" not in job["error"]


def test_end_past_the_song_fails_the_job_saying_so(local_app, media_server):
    root, base = media_server
    make_tone(root / "short.mp3", 3.0)
    client = local_app.test_client()
    response = client.post("/api/audio/youtube",
                           json={"url": f"{base}/short.mp3", "start_time": 1, "end_time": 30})
    job = wait_for_job(client, response.json["job_id"])
    assert job["status"] == "failed"
    assert "end_time (30 s) is past the end of the audio" in job["error"]


def test_downloads_over_the_size_cap_fail(make_app, media_server):
    root, base = media_server
    make_tone(root / "big.wav", 12.0)  # about 2.3 MB
    client = make_app(MV_ALLOW_PRIVATE_URLS=True, MV_MAX_DOWNLOAD_MB=1).test_client()
    job = wait_for_job(client, client.post("/api/audio/youtube",
                                           json={"url": f"{base}/big.wav"}).json["job_id"])
    assert job["status"] == "failed"
    assert "could not fetch audio" in job["error"]


@pytest.mark.parametrize("body, message", [
    ({}, "url is required"),
    ({"url": ""}, "url is required"),
    ({"url": 42}, "url must be text"),
    ({"url": "file:///etc/passwd"}, "url must be an http(s) URL"),
    ({"url": "ftp://example.com/a.mp3"}, "url must be an http(s) URL"),
    ({"url": "javascript:alert(1)"}, "url must be an http(s) URL"),
    ({"url": "https://"}, "url must be an http(s) URL"),
    ({"url": "https://youtu.be/x", "start_time": "soon"}, "start_time must be a number"),
    ({"url": "https://youtu.be/x", "start_time": 9, "end_time": 3}, "must be after start_time"),
    ({"url": "https://youtu.be/x", "end_time": float("inf")}, "end_time must be"),
])
def test_bad_requests_are_400(client, body, message):
    response = client.post("/api/audio/youtube", json=body)
    assert response.status_code == 400
    assert message in response.json["error"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/a.mp3", "http://localhost/a.mp3",
                                 "http://169.254.169.254/latest/meta-data/",
                                 "http://10.0.0.8/a.mp3", "http://[::1]/a.mp3"])
def test_private_addresses_are_refused_by_default(client, url):
    response = client.post("/api/audio/youtube", json={"url": url})
    assert response.status_code == 400
    assert "private or local address" in response.json["error"]


def test_non_json_body_is_400(client):
    response = client.post("/api/audio/youtube", data="url=http://x",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "JSON object" in response.json["error"]
