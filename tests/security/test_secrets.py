"""A planted token and secret key never reach logs (debug mode included), pages, job errors
or API responses."""
from __future__ import annotations

import logging

from tests.support.api import create_generation, run_job, upload_song
from tests.support.fake_replicate import fail
from tests.support.jobs import wait_for_job
from tests.support.media import make_tone
from tests.support.replicate_fixtures import TOKEN

SECRET_KEY = "planted-secret-key-5f1c2e9a7b"


def test_planted_secrets_appear_nowhere(make_replicate_app, fake, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    app = make_replicate_app(MV_DEBUG_MODE=True, SECRET_KEY=SECRET_KEY)
    client = app.test_client()
    seen: list[str] = []

    def keep(response):
        seen.append(response.get_data(as_text=True))
        return response

    song = keep(upload_song(client, make_tone(tmp_path / "song.wav", 10.0))).json
    generation = create_generation(client, audio_id=song["id"], config_flavor="cinematic")
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    clip = run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    # The provider echoes the token back in its error: it must be scrubbed on the way in.
    fake.script("sync/lipsync-2-pro", fail(f"invalid token {TOKEN} for this model"))
    failed = wait_for_job(client, client.post("/api/mv/lipsync", json={
        "video_id": clip["result"]["video_id"], "audio_id": song["id"]}).json["job_id"])
    assert failed["status"] == "failed" and "[redacted]" in failed["error"]

    for url in ("/mv/create", f"/mv/quick-gen/{generation['id']}",
                f"/api/mv/generations/{generation['id']}",
                f"/api/mv/generations/{generation['id']}/paid_calls",
                f"/api/mv/jobs/{failed['id']}", f"/mv/jobs/{failed['id']}",
                f"/api/mv/get_video/{clip['result']['video_id']}",
                f"/api/audio/get/{song['id']}", "/api/mv/config_flavors/cinematic",
                "/api/mv/get_config_flavors", "/api/mv/no-such-route"):
        keep(client.get(url, headers={"HX-Request": "true"} if url.startswith("/mv/jobs") else {}))
    logs = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "flavor 'cinematic': video_params.model" in logs  # debug mode really was on
    everything = "\n".join(seen) + logs + str(failed)
    assert TOKEN not in everything
    assert SECRET_KEY not in everything
