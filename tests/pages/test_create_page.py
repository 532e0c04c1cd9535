"""The create page: form order, the collapsed Config section, validation, CSRF, submit."""
from __future__ import annotations

import io
import re

import pytest

from tests.support.media import make_not_media, make_tone
from tests.support.pages import csrf_token, htmx_headers


def test_home_redirects_to_the_create_page(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/mv/create"


def test_config_section_sits_collapsed_between_mode_and_description(client):
    html = client.get("/mv/create").get_data(as_text=True)
    mode = html.index('id="mode-field"')
    config = html.index('<details class="config-section"')
    description = html.index('id="description-field"')
    assert mode < config < description
    details_tag = re.search(r"<details[^>]*>", html).group(0)
    assert " open" not in details_tag  # collapsed when the page loads
    select = re.search(r'<select[^>]*id="config-flavor"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = re.findall(r'<option([^>]*)value="([^"]+)"', select)
    assert [value for _, value in options] == ["default", "cinematic", "lofi"]
    assert "selected" in options[0][0]


def form_data(token, **fields):
    data = {"csrf_token": token, "song_source": "none", "generation_mode": "music-video",
            "config_flavor": "default", "video_description": "Robots learning to dance"}
    data.update(fields)
    return data


def test_create_without_a_song_lands_on_quick_gen(client):
    token = csrf_token(client)
    response = client.post("/mv/create", data=form_data(token, config_flavor="cinematic"))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/mv/quick-gen/")
    page = client.get(location).get_data(as_text=True)
    assert "Robots learning to dance" in page
    assert re.search(r'<option selected value="cinematic">|<option value="cinematic" selected',
                     page)


def test_create_with_an_upload_keeps_the_chosen_part(client, tmp_path):
    token = csrf_token(client)
    song = make_tone(tmp_path / "song.mp3", 12.0)
    data = form_data(token, song_source="upload", start_time="2", end_time="10",
                     song_file=(io.BytesIO(song.read_bytes()), "song.mp3"))
    response = client.post("/mv/create", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    generation_id = response.headers["Location"].rsplit("/", 1)[1]
    generation = client.get(f"/api/mv/generations/{generation_id}").json
    assert generation["audio"]["duration"] == pytest.approx(8.0, abs=0.05)
    assert generation["audio"]["original_name"] == "song.mp3"


@pytest.mark.parametrize("fields, field_id, message", [
    ({"video_description": ""}, "description-field", "Describe the video you want."),
    ({"video_description": "x" * 4001}, "description-field", "4000"),
    ({"song_source": "upload"}, "song_file", "Choose the song file to upload."),
    ({"song_source": "youtube"}, "youtube_url", "Paste the YouTube URL of the song."),
    ({"song_source": "youtube", "youtube_url": "https://youtu.be/abc"}, "youtube_url",
     "Press “Fetch audio”"),
    ({"song_source": "youtube", "youtube_url": "ftp://x/y.mp3"}, "youtube_url",
     "Enter an http(s) URL."),
    ({"start_time": "-3"}, "start_time", "Number must be at least 0"),
    ({"start_time": "5", "end_time": "4"}, "end_time", "End must be after the start."),
    ({"end_time": "soon"}, "end_time", "Not a valid float value."),
    ({"generation_mode": "sitcom"}, "mode-field", "Not a valid choice."),
    ({"config_flavor": "noir"}, "config-flavor", "Not a valid choice."),
])
def test_errors_show_next_to_their_field(client, fields, field_id, message):
    token = csrf_token(client)
    response = client.post("/mv/create", data=form_data(token, **fields))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    # the message follows its own field, before the next section starts
    assert html.index(field_id) < html.index(message)


def test_an_upload_that_is_not_audio_is_refused_next_to_the_file(client, app, tmp_path):
    token = csrf_token(client)
    bad = make_not_media(tmp_path / "song.mp3")
    data = form_data(token, song_source="upload",
                     song_file=(io.BytesIO(bad.read_bytes()), "song.mp3"))
    response = client.post("/mv/create", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "not audio we can read" in html
    assert html.index('id="song_file"') < html.index("not audio we can read")
    from app import db
    from app.models import Audio, Generation

    with app.app_context():
        assert db.session().query(Generation).count() == 0
        assert db.session().query(Audio).count() == 0


def test_posting_without_the_csrf_token_is_refused(client):
    response = client.post("/mv/create", data=form_data("bogus"))
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True) or "CSRF" in response.get_data(
        as_text=True)


def test_youtube_fetch_starts_a_polling_job(make_app):
    client = make_app(MV_ALLOW_PRIVATE_URLS=True).test_client()
    token = csrf_token(client)
    response = client.post("/mv/create/youtube", headers=htmx_headers(token),
                           data={"youtube_url": "http://127.0.0.1:9/none.mp3"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'hx-trigger="every 2s"' in html and 'data-job-kind="youtube_fetch"' in html


@pytest.mark.parametrize("data, message", [
    ({"youtube_url": ""}, "the YouTube URL is required"),
    ({"youtube_url": "file:///etc/passwd"}, "must be an http(s) URL"),
    ({"youtube_url": "https://youtu.be/x", "start_time": "4", "end_time": "2"},
     "must be after start_time"),
])
def test_youtube_fetch_errors_show_in_place(client, data, message):
    token = csrf_token(client)
    response = client.post("/mv/create/youtube", headers=htmx_headers(token), data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_htmx_posts_need_the_csrf_header(client):
    response = client.post("/mv/create/youtube", headers={"HX-Request": "true"},
                           data={"youtube_url": "https://youtu.be/x"})
    assert response.status_code == 400
    assert 'class="inline-error' in response.get_data(as_text=True)
