"""Faults: broken media, broken model outputs, many cards at once."""
from __future__ import annotations

import pytest

from app import db
from app.media import storage
from app.models import Video
from tests.support.api import finish, planned, run_job, upload_song
from tests.support.fake_replicate import broken_output, llm_json_scenes, slow
from tests.support.jobs import wait_for_job
from tests.support.media import make_tone


@pytest.fixture
def stitched(client, tmp_path):
    """Two clips and a first final video (preview backend)."""
    song = upload_song(client, make_tone(tmp_path / "song.wav", 16.0)).json
    generation = planned(client, audio_id=song["id"])
    clips = [run_job(client, "/api/mv/generate_video", {"scene_id": s["id"]})["result"]["video_id"]
             for s in generation["scenes"]]
    final = run_job(client, "/api/mv/stitch_video", {"video_ids": clips, "generation_id":
                                                     generation["id"],
                                                     "audio_overlay_id": song["id"]})
    return generation, clips, final["result"]["video_id"]


def media_path(app, video_id):
    with app.app_context():
        return storage.store().path(db.session().get(Video, video_id).path)


@pytest.mark.parametrize("damage", ["corrupt", "missing"])
def test_a_broken_clip_fails_the_stitch_and_keeps_the_final_video(app, client, stitched, damage):
    generation, clips, final_id = stitched
    path = media_path(app, clips[1])
    if damage == "corrupt":
        path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 500)
    else:
        path.unlink()
    final_before = media_path(app, final_id).read_bytes()
    job = finish(client, "/api/mv/stitch_video", {"video_ids": clips,
                                                   "generation_id": generation["id"]})
    assert job["status"] == "failed"
    if damage == "corrupt":
        assert "ffmpeg said:" in job["error"]  # the stderr tail, for whoever debugs it
    else:
        assert "not found" in job["error"]
    body = client.get(f"/api/mv/generations/{generation['id']}").json
    assert body["final_video_id"] == final_id  # untouched
    assert media_path(app, final_id).read_bytes() == final_before
    retry = client.post(f"/api/mv/jobs/{job['id']}/retry")
    assert retry.status_code == 202  # and it can be retried once the clip is fixed


def test_a_model_output_that_is_not_video_keeps_the_current_clip(make_replicate_app, fake):
    client = make_replicate_app().test_client()
    generation = planned(client)
    scene = generation["scenes"][0]
    good = run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    fake.respond("google/veo-3.1-fast", llm_json_scenes())  # "video" that is JSON text
    job = finish(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    assert job["status"] == "failed"
    stored = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    assert stored["video_ids"] == [good["result"]["video_id"]]
    assert stored["current_video_id"] == good["result"]["video_id"]


def test_an_expired_output_url_fails_clearly(make_replicate_app, fake):
    client = make_replicate_app().test_client()
    generation = planned(client)
    fake.script("google/veo-3.1-fast", broken_output())
    job = finish(client, "/api/mv/generate_video", {"scene_id": generation["scenes"][0]["id"]})
    assert job["status"] == "failed"
    assert "could not download the model's output (HTTP 404)" in job["error"]
    assert client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0][
        "video_ids"] == []


def test_many_cards_at_once_stay_within_the_flavors_bound(make_replicate_app, fake, config_dir):
    (config_dir / "duo").mkdir()
    (config_dir / "duo" / "video_params.yaml").write_text("max_parallel_clips: 2\n")
    client = make_replicate_app(MV_JOB_WORKERS=6).test_client()
    generation = planned(client, config_flavor="duo")
    fake.script("google/veo-3.1-fast", *[slow(8) for _ in range(6)])
    response = client.post("/api/mv/generate_videos", json={"generation_id": generation["id"]})
    assert len(response.json["job_ids"]) == 6
    for job_id in response.json["job_ids"]:
        assert wait_for_job(client, job_id, 60)["status"] == "succeeded"
    assert fake.max_active == 2  # six cards, never more than two paid renders at once
    assert [m for m, _ in fake.creates].count("google/veo-3.1-fast") == 6


def test_a_redirect_to_a_private_address_is_refused(make_app, tmp_path, monkeypatch):
    """A public URL that redirects to a cloud metadata address is stopped at the redirect.

    Only name resolution is stood in for (no public host is reachable here): the name
    public.example resolves to the test's own redirecting server on 127.0.0.1 and counts
    as public; the redirect target is checked by the real guard."""
    import http.server
    import threading

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        from app import validation

        public = f"http://public.example:{server.server_address[1]}/clip.mp4"
        real = validation._points_inside
        monkeypatch.setattr(validation, "_points_inside",
                            lambda host: False if host == "public.example" else real(host))
        import socket

        real_getaddrinfo = socket.getaddrinfo
        monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: real_getaddrinfo(
            "127.0.0.1" if host == "public.example" else host, *a, **k))
        client = make_app().test_client()
        song = upload_song(client, make_tone(tmp_path / "s.wav", 3.0)).json
        job = wait_for_job(client, client.post("/api/mv/lipsync", json={
            "video_url": public, "audio_id": song["id"]}).json["job_id"])
        assert job["status"] == "failed"
        assert "private or local address" in job["error"]
    finally:
        server.shutdown()
        server.server_close()
