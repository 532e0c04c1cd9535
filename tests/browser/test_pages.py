"""The create and quick-gen pages in a real browser (Debian's chromium + Playwright)."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from app import db
from app.models import Job
from tests.browser.flows import create_on_page
from tests.support.media import make_tone


def jobs_of(app, kind):
    with app.app_context():
        return list(db.session().scalars(select(Job).where(Job.kind == kind)
                                         .order_by(Job.created_at)))


def test_config_section_collapsed_between_mode_and_description(live_server, page, screenshot):
    page.goto("/mv/create")
    details = page.locator("#config-section")
    flavor = page.locator("#config-flavor")
    expect(details).not_to_have_attribute("open", "")
    expect(flavor).to_be_hidden()  # collapsed on load
    mode_box = page.locator("#mode-field").bounding_box()
    config_box = details.bounding_box()
    description_box = page.locator("#description-field").bounding_box()
    assert mode_box["y"] < config_box["y"] < description_box["y"]
    screenshot(page, "create-collapsed")
    page.click("#config-section summary")
    expect(flavor).to_be_visible()
    expect(flavor).to_have_value("default")
    options = flavor.locator("option").all_inner_texts()
    assert options == ["default", "cinematic", "lofi"]
    screenshot(page, "create-open")


def test_creating_with_another_flavor_lands_on_quick_gen_showing_it(live_server, page,
                                                                     screenshot):
    create_on_page(page, "Paper boats racing down a rainy street", flavor="cinematic")
    expect(page.locator("#config-flavor")).to_have_value("cinematic")
    expect(page.locator("#input-description")).to_have_text(
        "Paper boats racing down a rainy street")
    screenshot(page, "quick-gen-new")


def test_errors_show_next_to_the_field(live_server, page):
    page.goto("/mv/create")
    page.check("input[name=song_source][value=none]")
    page.click("#submit")
    error = page.locator("#description-field .field-error")
    expect(error).to_have_text("Describe the video you want.")


def test_quick_gen_flavor_select_changes_what_the_next_request_sends(live_server, page,
                                                                     tmp_path):
    create_on_page(page, "A fox DJ in a snowy forest")
    expect(page.locator("#config-flavor")).to_have_value("default")
    page.select_option("#config-flavor", "lofi")
    expect(page.locator("#flavor-form .saved")).to_contain_text("lofi")
    page.click("#create-scenes")
    expect(page.locator(".card.scene")).to_have_count(6, timeout=20_000)
    (plan,) = jobs_of(live_server.app, "create_scenes")
    assert plan.params["config_flavor"] == "lofi"  # what the server received
    expect(page.locator(".card.scene textarea").first).to_contain_text("lo-fi aesthetic")
    page.select_option("#config-flavor", "cinematic")
    expect(page.locator("#flavor-form .saved")).to_contain_text("cinematic")
    page.locator(".card.scene .regenerate-video").first.click()
    expect(page.locator(".card.scene video").first).to_be_attached(timeout=30_000)
    (clip,) = jobs_of(live_server.app, "generate_video")
    assert clip.params["config_flavor"] == "cinematic"


def test_the_whole_flow_on_the_preview_backend(live_server, page, tmp_path, screenshot):
    song = make_tone(tmp_path / "song.mp3", 17.0, freq=523)
    create_on_page(page, "A night train crossing a neon city", song=song)
    screenshot(page, "quick-gen-empty")

    page.click("#create-scenes")
    expect(page.locator("#generation-status progress, #generation-status .job-done")
           ).to_have_count(1)
    expect(page.locator(".card.scene")).to_have_count(3, timeout=20_000)

    page.click("#generate-clips")
    expect(page.locator(".card-status progress").first).to_be_visible()  # progress in place
    screenshot(page, "quick-gen-rendering")
    expect(page.locator(".card.scene .clip video")).to_have_count(3, timeout=90_000)
    expect(page.locator(".card.scene .badge.preview")).to_have_count(3)

    page.click("#stitch-button")
    expect(page.locator("#final-video video")).to_be_attached(timeout=60_000)
    expect(page.locator("#stitch-button")).to_have_text("Re-stitch with current clips")
    expect(page.locator("#download-final")).to_have_attribute(
        "download", re.compile(r"^music-video-[0-9a-f]{8}\.mp4$"))
    duration = page.evaluate("""() => new Promise(done => {
        const video = document.querySelector('#final-video video');
        if (video.readyState >= 1) return done(video.duration);
        video.addEventListener('loadedmetadata', () => done(video.duration));
    })""")
    assert abs(duration - 17.0) < 0.3  # plays in the browser, as long as the song
    screenshot(page, "quick-gen-stitched")
    page.reload()
    expect(page.locator(".card.scene .clip video")).to_have_count(3)
    expect(page.locator("#final-video video")).to_be_attached()


def test_pages_run_under_the_content_security_policy(live_server, page):
    """CSP allows only this origin; nothing the pages do may trip it."""
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    response = page.goto("/mv/create")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.click("#config-section summary")
    page.check("input[name=song_source][value=none]")
    page.fill("#video_description", "Origami birds in a library")
    page.click("#submit")
    page.wait_for_url("**/mv/quick-gen/**")
    page.click("#create-scenes")
    expect(page.locator(".card.scene")).to_have_count(6, timeout=20_000)
    assert problems == []
