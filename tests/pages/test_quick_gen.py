"""The quick-gen page and its htmx partials, through the Flask test client."""
from __future__ import annotations

import re

import pytest

from app.jobs import job_handler
from app.errors import MVError
from tests.support.api import create_generation, run_job, upload_song
from tests.support.jobs import wait_for_job
from tests.support.media import make_tone
from tests.support.pages import csrf_token, htmx_headers


@pytest.fixture
def generation(client, tmp_path):
    song = upload_song(client, make_tone(tmp_path / "song.wav", 16.0)).json
    return create_generation(client, audio_id=song["id"], config_flavor="lofi")


@pytest.fixture
def hx(client, generation):
    return htmx_headers(csrf_token(client, f"/mv/quick-gen/{generation['id']}"))


def page_of(client, generation) -> str:
    response = client.get(f"/mv/quick-gen/{generation['id']}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def job_id_in(html: str) -> str:
    return re.search(r'data-job-id="([0-9a-f]+)"', html).group(1)


def finish(client, html: str) -> tuple[int, str]:
    """Wait for the job in a partial, then poll it once more as htmx would."""
    wait_for_job(client, job_id_in(html))
    response = client.get(f"/mv/jobs/{job_id_in(html)}", headers={"HX-Request": "true"})
    return response.status_code, response.get_data(as_text=True)


def test_input_data_shows_the_generation(client, generation):
    html = page_of(client, generation)
    assert generation["video_description"] in html
    assert f'<code id="audio-id">{generation["audio_id"]}</code>' in html
    assert re.search(r'<option selected value="lofi">', html)
    assert "No scenes yet" in html and 'id="create-scenes"' in html
    assert "Preview backend" in html


def test_unknown_generation_is_a_404_page(client):
    response = client.get("/mv/quick-gen/nope")
    assert response.status_code == 404 and "no generation" in response.get_data(as_text=True)


def test_flavor_select_updates_the_generation(client, generation, hx):
    response = client.post(f"/mv/generations/{generation['id']}/flavor", headers=hx,
                           data={"config_flavor": "cinematic"})
    assert response.status_code == 200
    assert "Later requests use “cinematic”" in response.get_data(as_text=True)
    assert client.get(f"/api/mv/generations/{generation['id']}").json["config_flavor"] == \
        "cinematic"
    bad = client.post(f"/mv/generations/{generation['id']}/flavor", headers=hx,
                      data={"config_flavor": "noir"})
    assert bad.status_code == 400 and "unknown config flavor" in bad.get_data(as_text=True)


def test_create_scenes_polls_then_swaps_in_the_cards(client, generation, hx):
    response = client.post(f"/mv/generations/{generation['id']}/create-scenes", headers=hx,
                           data={"config_flavor": "lofi"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in html and 'hx-swap="outerHTML"' in html
    status, finished = finish(client, html)
    assert status == 286  # htmx 2: swap this, then stop polling
    assert 'hx-trigger' not in finished.split('<section', 1)[0]
    assert '<section class="scenes" id="scenes" hx-swap-oob="true">' in finished
    assert finished.count('class="card scene"') == 3  # 16 s in 6 s clips (lofi)
    assert finished.count("lo-fi aesthetic") >= 3


def test_the_whole_flow_through_partials(client, generation, hx):
    _, html = finish(client, client.post(f"/mv/generations/{generation['id']}/create-scenes",
                                         headers=hx).get_data(as_text=True))
    scene_ids = re.findall(r'<article class="card scene" id="scene-([0-9a-f]+)"', html)

    queued = client.post(f"/mv/generations/{generation['id']}/generate-clips", headers=hx)
    queued_html = queued.get_data(as_text=True)
    assert "3 clip(s) queued" in queued_html
    for scene_id in scene_ids:  # each card gets its own progress, out of band
        assert (f'<div id="scene-{scene_id}-status" class="card-status" hx-swap-oob="true">'
                in queued_html)
    for job_id in re.findall(r'data-job-id="([0-9a-f]+)"', queued_html):
        wait_for_job(client, job_id, 120)
        done = client.get(f"/mv/jobs/{job_id}", headers={"HX-Request": "true"})
        assert done.status_code == 286
        assert 'hx-swap-oob="true"' in done.get_data(as_text=True)
        assert "<video" in done.get_data(as_text=True)

    stitched = client.post(f"/mv/generations/{generation['id']}/stitch", headers=hx)
    status, final = finish(client, stitched.get_data(as_text=True))
    assert status == 286
    assert 'id="final-video" hx-swap-oob="true"' in final
    assert "Re-stitch with current clips" in final and 'id="download-final"' in final
    # A reload shows the same state: it all lives in the database.
    page = page_of(client, generation)
    assert page.count("<video") == 4 and "Re-stitch with current clips" in page


def test_prompt_edit_in_place(client, generation, hx):
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    saved = client.post(f"/mv/scenes/{scene['id']}/prompt", headers=hx,
                        data={"prompt": "A red kite over the dunes"})
    assert saved.status_code == 200 and "Saved" in saved.get_data(as_text=True)
    assert client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]["prompt"] \
        == "A red kite over the dunes"
    empty = client.post(f"/mv/scenes/{scene['id']}/prompt", headers=hx, data={"prompt": " "})
    assert empty.status_code == 400 and "prompt is required" in empty.get_data(as_text=True)


def test_regenerate_scene_and_video_buttons(client, generation, hx):
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][1]
    status, rewritten = finish(client, client.post(f"/mv/scenes/{scene['id']}/rewrite",
                                                   headers=hx).get_data(as_text=True))
    assert status == 286 and f'id="scene-{scene["id"]}-prompt" hx-swap-oob="true"' in rewritten
    status, clip = finish(client, client.post(f"/mv/scenes/{scene['id']}/clip",
                                              headers=hx).get_data(as_text=True))
    assert status == 286 and f'id="scene-{scene["id"]}-clip" hx-swap-oob="true"' in clip
    assert 'class="badge preview"' in clip  # previews are labelled as such


def test_clip_history_can_be_browsed_and_an_older_clip_used(client, generation, hx):
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    first = run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    old = first["result"]["video_id"]
    shown = client.get(f"/mv/scenes/{scene['id']}/clips/{old}", headers=hx)
    assert f'data-video-id="{old}"' in shown.get_data(as_text=True)
    assert "Use this clip" in shown.get_data(as_text=True)
    used = client.post(f"/mv/scenes/{scene['id']}/clips/{old}/use", headers=hx)
    assert used.status_code == 200
    stored = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    assert stored["current_video_id"] == old and len(stored["video_ids"]) == 2
    assert client.get(f"/mv/scenes/{scene['id']}/clips/someoneelse", headers=hx).status_code \
        == 404


def test_a_failed_job_shows_its_message_and_a_retry_button(client, app, hx):
    @job_handler("test_page_failure")
    def failing(context):
        raise MVError("the video model is out of credit; top up and retry")

    from app.jobs import enqueue

    with app.test_request_context():
        job_id = enqueue("test_page_failure", {}).id
    wait_for_job(client, job_id)
    response = client.get(f"/mv/jobs/{job_id}", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 286
    assert "the video model is out of credit; top up and retry" in html
    assert f'hx-post="/mv/jobs/{job_id}/retry"' in html
    retried = client.post(f"/mv/jobs/{job_id}/retry", headers=hx)
    assert retried.status_code == 200 and job_id_in(retried.get_data(as_text=True)) != job_id


def test_busy_and_empty_states_answer_in_place(client, generation, hx):
    response = client.post(f"/mv/generations/{generation['id']}/generate-clips", headers=hx)
    assert response.status_code == 400
    assert "no scenes yet" in response.get_data(as_text=True)
    stitch = client.post(f"/mv/generations/{generation['id']}/stitch", headers=hx)
    assert stitch.status_code == 400 and "no scene has a clip" in stitch.get_data(as_text=True)


def test_page_actions_carry_the_flavor_select(client, generation):
    html = page_of(client, generation)
    assert 'hx-include="#config-flavor"' in html
    assert html.count('id="config-flavor"') == 1
