"""Regenerate with lipsync, the automatic re-stitch and "Re-stitch with current clips",
in a real browser on the preview backend."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.flows import create_on_page
from tests.support.media import make_tone


def final_video_id(page) -> str:
    return page.locator("#final-video video").get_attribute("data-video-id")


def test_lipsync_replaces_the_clip_and_restitches_by_itself(live_server, page, tmp_path,
                                                            screenshot):
    song = make_tone(tmp_path / "song.mp3", 16.0, freq=440)
    create_on_page(page, "A singer on a rooftop at dusk", song=song)
    page.click("#create-scenes")
    expect(page.locator(".card.scene")).to_have_count(2, timeout=20_000)
    page.click("#generate-clips")
    expect(page.locator(".card.scene .clip video")).to_have_count(2, timeout=60_000)
    page.click("#stitch-button")
    expect(page.locator("#final-video video")).to_be_attached(timeout=60_000)
    first_final = final_video_id(page)

    card = page.locator(".card.scene").nth(1)
    button = card.locator(".regenerate-video")
    checkbox = card.locator(".lipsync-checkbox")
    expect(checkbox).not_to_be_checked()  # off by default
    expect(button).to_have_text("Regenerate video", use_inner_text=True)
    checkbox.check()
    expect(button).to_have_text("Regenerate with lipsync", use_inner_text=True)
    checkbox.uncheck()
    expect(button).to_have_text("Regenerate video", use_inner_text=True)
    expect(card.locator(".regenerate-scene")).to_have_text("Regenerate scene")  # untouched

    old_clip = card.locator(".clip").get_attribute("data-current-video-id")
    checkbox.check()
    button.click()
    expect(card.locator(".card-status progress")).to_be_visible()
    screenshot(page, "lipsync-running")
    expect(card.locator(".badge.lipsync")).to_be_visible(timeout=60_000)
    new_clip = card.locator(".clip").get_attribute("data-current-video-id")
    assert new_clip != old_clip
    expect(card.locator(".history li")).to_have_count(2)  # the old clip stays in history

    # No click: the final video is re-stitched with the lipsynced clip.
    expect(page.locator("#final-video video")).not_to_have_attribute(
        "data-video-id", first_final, timeout=60_000)
    restitched = final_video_id(page)
    with live_server.app.app_context():
        from app.videos.records import get_video

        assert new_clip in get_video(restitched).details["video_ids"]
    screenshot(page, "lipsync-restitched")

    page.click("#stitch-button")  # "Re-stitch with current clips"
    expect(page.locator("#final-video video")).not_to_have_attribute(
        "data-video-id", restitched, timeout=60_000)
    with live_server.app.app_context():
        from app.videos.records import get_video

        again = get_video(final_video_id(page))
        first = get_video(first_final)
        assert again.details["video_ids"][1] == new_clip
        assert again.details["audio_overlay_id"] == first.details["audio_overlay_id"]
        assert again.details["suppress_video_audio"] == first.details["suppress_video_audio"]


def test_no_song_no_lipsync_checkbox(live_server, page):
    create_on_page(page, "Silent film about a clockmaker")
    page.click("#create-scenes")
    expect(page.locator(".card.scene")).to_have_count(6, timeout=20_000)
    page.locator(".card.scene .regenerate-video").first.click()
    expect(page.locator(".card.scene .clip video").first).to_be_attached(timeout=60_000)
    card = page.locator(".card.scene").first
    expect(card.locator(".lipsync-checkbox")).to_have_count(0)
    expect(card.locator(".lipsync-off")).to_have_text("Lipsync needs a song")
