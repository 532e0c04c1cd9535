"""The scene card's lipsync checkbox and the automatic re-stitch, through the test client."""
from __future__ import annotations

import re

from tests.support.api import create_generation, run_job, upload_song
from tests.support.jobs import wait_for_job
from tests.support.media import make_tone
from tests.support.pages import csrf_token, htmx_headers


def planned_with_clip(client, tmp_path, with_song=True):
    song = upload_song(client, make_tone(tmp_path / "s.wav", 20.0)).json if with_song else None
    generation = create_generation(client, audio_id=song["id"] if song else None)
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scenes = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"]
    run_job(client, "/api/mv/generate_video", {"scene_id": scenes[2]["id"]})
    return generation, song, client.get(f"/api/mv/generations/{generation['id']}").json


def card_html(page: str, scene_id: str) -> str:
    start = page.index(f'id="scene-{scene_id}"')
    return page[start:page.index("</article>", start)]


def test_the_card_carries_a_lipsync_request_for_its_slice(client, tmp_path):
    generation, song, data = planned_with_clip(client, tmp_path)
    scene = data["scenes"][2]
    page = client.get(f"/mv/quick-gen/{generation['id']}").get_data(as_text=True)
    card = card_html(page, scene["id"])
    assert 'class="lipsync-checkbox"' in card and "checked" not in card
    assert '<span class="label-plain">Regenerate video</span>' in card
    assert '<span class="label-lipsync">Regenerate with lipsync</span>' in card
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', card))
    assert hidden == {"video_id": scene["current_video_id"], "audio_id": song["id"],
                      "start_time": "16", "end_time": "20.0"}  # 16 + 8, capped at the song
    # scenes without a clip have nothing to lipsync yet
    assert 'class="lipsync-checkbox"' not in card_html(page, data["scenes"][0]["id"])


def test_no_song_means_no_checkbox_and_a_reason(client, tmp_path):
    generation, _, data = planned_with_clip(client, tmp_path, with_song=False)
    page = client.get(f"/mv/quick-gen/{generation['id']}").get_data(as_text=True)
    card = card_html(page, data["scenes"][2]["id"])
    assert 'class="lipsync-checkbox"' not in card
    assert "Lipsync needs a song" in card


def test_ticked_box_lipsyncs_then_the_final_video_restitches(client, tmp_path):
    generation, song, data = planned_with_clip(client, tmp_path)
    scene = data["scenes"][2]
    hx = htmx_headers(csrf_token(client, f"/mv/quick-gen/{generation['id']}"))
    form = {"lipsync": "on", "video_id": scene["current_video_id"], "audio_id": song["id"],
            "start_time": "16", "end_time": "20.0", "config_flavor": "default"}
    response = client.post(f"/mv/scenes/{scene['id']}/clip", headers=hx, data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-job-kind="lipsync"' in html
    job_id = re.search(r'data-job-id="([0-9a-f]+)"', html).group(1)
    job = wait_for_job(client, job_id)
    done = client.get(f"/mv/jobs/{job_id}", headers={"HX-Request": "true"})
    finished = done.get_data(as_text=True)
    assert done.status_code == 286
    assert f'id="scene-{scene["id"]}-clip" hx-swap-oob="true"' in finished
    assert f'data-current-video-id="{job["result"]["video_id"]}"' in finished
    assert 'class="badge lipsync"' in finished
    # the Final Video section shows the re-stitch that started by itself
    assert 'id="final-video" hx-swap-oob="true"' in finished
    assert f'data-job-id="{job["result"]["stitch_job_id"]}"' in finished
    stitch = wait_for_job(client, job["result"]["stitch_job_id"])
    assert stitch["status"] == "succeeded"
    final = client.get(f"/api/mv/get_video/{stitch['result']['video_id']}").json
    assert final["details"]["video_ids"] == [job["result"]["video_id"]]


def test_lipsync_errors_show_on_the_card(client, tmp_path):
    generation, song, data = planned_with_clip(client, tmp_path)
    scene = data["scenes"][2]
    hx = htmx_headers(csrf_token(client, f"/mv/quick-gen/{generation['id']}"))
    response = client.post(f"/mv/scenes/{scene['id']}/clip", headers=hx, data={
        "lipsync": "on", "video_id": "gone", "audio_id": song["id"], "start_time": "16",
        "end_time": "24"})
    assert response.status_code == 404
    assert "no video with id &#39;gone&#39;" in response.get_data(as_text=True)
