"""The command line: `mv stitch` and the whole pipeline with `mv generate` (preview backend)."""
from __future__ import annotations

import pytest

from app.media.probe import probe
from tests.support.media import decode_errors, make_clip, make_tone


def test_stitch_command_joins_clips_with_a_song(runner, tmp_path):
    a = make_clip(tmp_path / "a.mp4", 2.0)
    b = make_clip(tmp_path / "b.mp4", 2.0, 640, 360, 30, with_audio=False)
    song = make_tone(tmp_path / "song.mp3", 10.0)
    out = tmp_path / "out" / "final.mp4"
    result = runner.invoke(args=["mv", "stitch", str(out), str(a), str(b), "--audio", str(song),
                                 "--suppress-video-audio"])
    assert result.exit_code == 0, result.output
    assert "clips re-encoded to match: 2" in result.output
    info = probe(out)
    assert info.duration == pytest.approx(4.0, abs=0.1) and info.has_audio
    assert decode_errors(out) == ""


def test_stitch_command_fails_readably_on_a_non_video(runner, tmp_path):
    song = make_tone(tmp_path / "song.mp3", 1.0)
    result = runner.invoke(args=["mv", "stitch", str(tmp_path / "o.mp4"), str(song)])
    assert result.exit_code == 1
    assert "has no video stream" in result.output


def test_generate_command_makes_a_playable_video_of_the_songs_length(runner, tmp_path):
    song = make_tone(tmp_path / "song.mp3", 13.0, freq=660)
    out = tmp_path / "mv.mp4"
    result = runner.invoke(args=["mv", "generate", "--audio", str(song), "--description",
                                 "a lighthouse keeper falls in love with the sea",
                                 "--flavor", "lofi", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 scenes, flavor lofi" in result.output  # 13 s in 6 s clips
    info = probe(out)
    assert info.duration == pytest.approx(13.0, abs=0.15)
    assert (info.width, info.height) == (1280, 720) and info.has_audio
    assert decode_errors(out) == ""


def test_generate_command_refuses_an_unknown_flavor(runner, tmp_path):
    song = make_tone(tmp_path / "song.mp3", 2.0)
    result = runner.invoke(args=["mv", "generate", "--audio", str(song), "--description", "x",
                                 "--flavor", "noir", "--out", str(tmp_path / "o.mp4")])
    assert result.exit_code == 2 and "unknown flavor" in result.output


def test_generate_command_fails_readably_on_a_bad_song(runner, tmp_path):
    bad = tmp_path / "song.mp3"
    bad.write_bytes(b"not audio at all")
    result = runner.invoke(args=["mv", "generate", "--audio", str(bad), "--description", "x",
                                 "--out", str(tmp_path / "o.mp4")])
    assert result.exit_code == 1 and "not audio" in result.output
