"""ffmpeg operations on real (tiny) media files made by the tests themselves."""
from __future__ import annotations

import pytest

from app.media import preview_render
from app.media.cuts import clip_audio, extract_frame
from app.media.ffmpeg import MediaError, MediaTimeout
from app.media.preview_render import filter_escape, render_preview_clip, wrap_text
from app.media.probe import (MediaInfo, clips_match, majority_format, odd_clips, parse_info,
                             probe)
from app.media.stitch import TargetFormat, concat_clips, mux_song, normalize_clip, stitch
from tests.support.media import (decode_audio, decode_errors, first_loud_sample, make_clip,
                                 make_not_media, make_tone, make_tone_with_edge, read_wav,
                                 tone_level, video_md5)

RATE = 48000
MS10 = RATE // 100  # 10 ms in samples
CLIP_TONE, SONG_TONE = 660, 440


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    """Clips and a song shared by the tests that only read them."""
    root = tmp_path_factory.mktemp("media")
    return {
        "a": make_clip(root / "a.mp4", 1, freq=CLIP_TONE),
        "b": make_clip(root / "b.mp4", 1, freq=CLIP_TONE),
        "odd": make_clip(root / "odd.mp4", 1, 240, 240, 30, with_audio=False),
        "song": make_tone(root / "song.wav", 5, freq=SONG_TONE),
    }


def leftovers(folder, *keep):
    """Files in folder other than those named (temporary files that should be gone)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# --- probe ------------------------------------------------------------------------

def test_probe_reads_a_clip(media):
    info = probe(media["a"])
    assert info.has_video and info.has_audio
    assert (info.width, info.height, info.fps) == (320, 180, 24.0)
    assert (info.video_codec, info.pix_fmt) == ("h264", "yuv420p")
    assert (info.audio_codec, info.audio_sample_rate, info.audio_channels) == ("aac", 48000, 2)
    assert info.duration == pytest.approx(1.0, abs=0.03)
    assert info.size_bytes == media["a"].stat().st_size


def test_probe_reads_a_wav(tmp_path):
    info = probe(make_tone(tmp_path / "t.wav", 1.5, sample_rate=44100, channels=1))
    assert (info.has_video, info.has_audio) == (False, True)
    assert (info.audio_codec, info.audio_sample_rate, info.audio_channels) == (
        "pcm_s16le", 44100, 1)
    assert info.duration == pytest.approx(1.5, abs=0.01)
    assert info.width is None and info.fps is None


def test_probe_measures_a_file_whose_header_has_no_duration(tmp_path):
    info = probe(make_clip(tmp_path / "raw.h264", 1, with_audio=False))
    assert info.duration == pytest.approx(1.0, abs=0.05)


def test_probe_rejects_a_file_that_is_not_media(tmp_path):
    with pytest.raises(MediaError) as caught:
        probe(make_not_media(tmp_path / "fake.mp4"))
    assert "fake.mp4 is not a media file" in str(caught.value)
    assert "Invalid data" in caught.value.stderr_tail


def test_probe_rejects_a_missing_file(tmp_path):
    with pytest.raises(MediaError, match="not found"):
        probe(tmp_path / "nope.mp4")


HEADER = "Input #0, matroska,webm, from 'x':\n  Duration: 00:01:02.50, start: 0.000000\n"


@pytest.mark.parametrize(("stream_lines", "expected"), [
    ("Stream #0:0: Video: vp9 (Profile 0), yuv420p(tv, bt709, progressive), 1280x720, "
     "SAR 1:1 DAR 16:9, 23.98 fps, 23.98 tbr, 1k tbn (default)",
     {"video_codec": "vp9", "pix_fmt": "yuv420p", "width": 1280, "height": 720, "fps": 23.98}),
    ("Stream #0:0[0x1](und): Video: h264 (Main), yuvj420p(pc), 640x360 [SAR 1:1 DAR 16:9], "
     "30 tbr, 90k tbn",
     {"pix_fmt": "yuvj420p", "width": 640, "height": 360, "fps": 30.0}),
    ("Stream #0:0: Video: h264 (High), yuv420p(progressive), 160x90, 25 fps, 50 tbr, 1200k tbn",
     {"fps": 25.0}),
    ("Stream #0:0: Video: h264, yuv420p, 1920x1080, 30 fps\n    Side data:\n"
     "      displaymatrix: rotation of -90.00 degrees",
     {"width": 1080, "height": 1920, "rotation": 270}),
    ("Stream #0:0: Audio: mp3 (mp3float), 44100 Hz, stereo, fltp, 320 kb/s\n"
     "  Stream #0:1: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 500x500 "
     "[SAR 1:1 DAR 1:1], 90k tbr, 90k tbn (attached pic)",
     {"has_video": False, "audio_codec": "mp3", "audio_channels": 2}),
    ("Stream #0:1(eng): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1(side), fltp",
     {"audio_codec": "aac", "audio_profile": "LC", "audio_sample_rate": 48000,
      "audio_channels": 6}),
    ("Stream #0:0: Audio: pcm_s16le, 16000 Hz, 3 channels, s16", {"audio_channels": 3}),
])
def test_parse_info_copes_with_ffmpeg_stream_lines(stream_lines, expected):
    info = parse_info(HEADER + "  " + stream_lines + "\n", size_bytes=7)
    assert info.duration == 62.5 and info.size_bytes == 7
    assert {key: getattr(info, key) for key in expected} == expected


def test_parse_info_without_streams_is_an_error():
    with pytest.raises(MediaError, match="no audio or video stream"):
        parse_info(HEADER + "  Stream #0:0: Data: none\n")


# --- clip formats -----------------------------------------------------------------

def _info(**fields):
    base = {"duration": 1.0, "size_bytes": 1, "has_video": True, "has_audio": True,
            "width": 1280, "height": 720, "fps": 24.0, "video_codec": "h264",
            "pix_fmt": "yuv420p", "audio_codec": "aac", "audio_profile": "LC",
            "audio_sample_rate": 48000, "audio_channels": 2}
    return MediaInfo(**{**base, **fields})


@pytest.mark.parametrize("change", [
    {"width": 1920}, {"fps": 25.0}, {"pix_fmt": "yuv444p"}, {"video_codec": "hevc"},
    {"has_audio": False, "audio_codec": None, "audio_profile": None,
     "audio_sample_rate": None, "audio_channels": None},
    {"audio_sample_rate": 44100}, {"audio_channels": 1}, {"rotation": 90},
])
def test_any_format_difference_makes_a_clip_odd(change):
    infos = [_info(), _info(**change), _info()]
    assert not clips_match(infos)
    assert odd_clips(infos, majority_format(infos)) == [1]


def test_matching_clips_match_whatever_their_length():
    assert clips_match([_info(duration=1.0), _info(duration=7.5, size_bytes=99)])


def test_a_tie_goes_to_the_target_format():
    target = TargetFormat(width=1280, height=720, fps=24)
    infos = [_info(width=640, height=360), _info()]
    assert majority_format(infos, prefer=target.clip_format()) == infos[1].format
    assert majority_format(infos) == infos[0].format


# --- clip_audio -------------------------------------------------------------------

@pytest.mark.parametrize("ext", ["wav", "mp3", "m4a"])
def test_clip_audio_cuts_to_the_sample(tmp_path, ext):
    song = make_tone_with_edge(tmp_path / f"edge.{ext}", 6, edge_at=3.0)
    out = clip_audio(song, tmp_path / "slice.wav", 2.5, 4.5)
    rate, channels, samples = read_wav(out)
    assert (rate, channels) == (RATE, 2)
    assert abs(len(samples) - 2 * RATE) <= MS10
    assert abs(first_loud_sample(samples) - RATE // 2) <= MS10
    assert leftovers(tmp_path, song.name, "slice.wav") == []


def test_clip_audio_to_the_end_with_another_rate_and_channels(tmp_path):
    song = make_tone(tmp_path / "song.flac", 2)
    out = clip_audio(song, tmp_path / "tail.wav", 1.25, sample_rate=16000, channels=1)
    rate, channels, samples = read_wav(out)
    assert (rate, channels) == (16000, 1)
    assert abs(len(samples) - 0.75 * 16000) <= 160


@pytest.mark.parametrize(("start", "end", "message"), [
    (5.0, None, "past the end"), (1.0, 1.0, "bad audio range"), (-1.0, 1.0, "bad audio range"),
])
def test_clip_audio_rejects_bad_ranges(tmp_path, start, end, message):
    song = make_tone(tmp_path / "song.wav", 2)
    with pytest.raises(MediaError, match=message):
        clip_audio(song, tmp_path / "slice.wav", start, end)
    assert leftovers(tmp_path, "song.wav") == []


def test_clip_audio_needs_an_audio_stream(media, tmp_path):
    with pytest.raises(MediaError, match="no audio stream"):
        clip_audio(media["odd"], tmp_path / "slice.wav")


# --- normalise, concat, mux, stitch -----------------------------------------------

def test_normalize_clip_letterboxes_and_adds_silent_audio(media, tmp_path):
    out = normalize_clip(media["odd"], tmp_path / "n.mp4", width=320, height=180, fps=24)
    info = probe(out)
    assert info.format == TargetFormat(width=320, height=180, fps=24).clip_format()
    assert info.duration == pytest.approx(1.0, abs=0.05)
    _, samples = decode_audio(out, tmp_path / "n.wav")
    assert max(map(abs, samples)) == 0
    assert decode_errors(out) == ""


def test_concat_of_matching_clips_is_a_stream_copy(media, tmp_path):
    result = concat_clips([media["a"], media["b"]], tmp_path / "joined.mp4")
    assert result.normalised == ()
    assert result.info.duration == pytest.approx(2.0, abs=0.05)
    assert (result.info.width, result.info.height, result.info.has_audio) == (320, 180, True)
    assert decode_errors(result.path) == ""
    assert leftovers(tmp_path, "joined.mp4") == []


def test_concat_normalises_only_the_odd_clip(media, tmp_path):
    result = concat_clips([media["a"], media["odd"], media["b"]], tmp_path / "joined.mp4",
                          work_dir=tmp_path)
    assert result.normalised == (1,)
    assert result.info.format == probe(media["a"]).format
    assert result.info.duration == pytest.approx(3.0, abs=0.08)
    assert decode_errors(result.path) == ""
    assert leftovers(tmp_path, "joined.mp4") == []


def test_concat_uses_the_target_when_no_majority_can_be_reproduced(tmp_path):
    odd = make_clip(tmp_path / "odd.mp4", 1, 240, 240, 30, with_audio=False)
    other = make_clip(tmp_path / "other.mp4", 1, 320, 240, 25, with_audio=False)
    target = TargetFormat(width=320, height=180, fps=24)
    result = concat_clips([odd, other], tmp_path / "joined.mp4", target=target)
    assert result.normalised == (0, 1)
    assert result.info.format == target.clip_format()
    assert decode_errors(result.path) == ""


@pytest.fixture(scope="module")
def joined(media, tmp_path_factory):
    """The two matching clips joined: a 2 s video whose own audio is a 660 Hz tone."""
    return concat_clips([media["a"], media["b"]],
                        tmp_path_factory.mktemp("joined") / "joined.mp4").path


def test_mux_song_trims_the_song_and_copies_the_video(media, joined, tmp_path):
    out = mux_song(joined, media["song"], tmp_path / "final.mp4")
    info = probe(out)
    assert info.has_audio and info.audio_codec == "aac"
    assert info.duration == pytest.approx(probe(joined).duration, abs=0.05)
    rate, samples = decode_audio(out, tmp_path / "final.wav")
    assert len(samples) / rate == pytest.approx(probe(joined).duration, abs=0.05)
    assert video_md5(out) == video_md5(joined)


def test_mux_song_pads_a_short_song_with_silence(joined, tmp_path):
    song = make_tone(tmp_path / "short.m4a", 0.5)
    rate, samples = decode_audio(mux_song(joined, song, tmp_path / "final.mp4"),
                                 tmp_path / "final.wav")
    assert len(samples) / rate == pytest.approx(probe(joined).duration, abs=0.05)
    assert max(map(abs, samples[-RATE // 2:])) == 0


@pytest.mark.parametrize("suppress", [True, False])
def test_suppress_video_audio_drops_or_mixes_the_clip_audio(media, joined, tmp_path, suppress):
    out = mux_song(joined, media["song"], tmp_path / "final.mp4",
                   suppress_video_audio=suppress)
    rate, samples = decode_audio(out, tmp_path / "final.wav")
    middle = samples[rate // 2: rate]
    assert tone_level(middle, rate, SONG_TONE) > 1000
    clip_level = tone_level(middle, rate, CLIP_TONE)
    assert (clip_level < 50) if suppress else (clip_level > 1000)


def test_stitch_joins_then_overlays_the_song(media, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    result = stitch([media["a"], media["odd"], media["b"]], tmp_path / "final.mp4",
                    song=media["song"], target=TargetFormat(width=320, height=180),
                    work_dir=work)
    assert result.normalised == (1,)
    assert result.info.has_audio and result.info.duration == pytest.approx(3.0, abs=0.08)
    assert decode_errors(result.path) == ""
    assert leftovers(work) == [] and leftovers(tmp_path, "work", "final.mp4") == []


def test_stitch_without_a_song_keeps_the_clip_audio(media, tmp_path):
    result = stitch([media["a"]], tmp_path / "new" / "folder" / "final.mp4")
    rate, samples = decode_audio(result.path, tmp_path / "final.wav")
    assert tone_level(samples[: rate // 2], rate, CLIP_TONE) > 1000


# --- failures ---------------------------------------------------------------------

def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(media, tmp_path):
    dst = tmp_path / "n.mp4"
    dst.write_bytes(b"old")
    with pytest.raises(MediaError, match="failed while normalising") as caught:
        normalize_clip(media["a"], dst, width=320, height=180, fps=24, preset="no-such-preset")
    assert caught.value.stderr_tail
    assert dst.read_bytes() == b"old"
    assert leftovers(tmp_path, "n.mp4") == []


def test_a_corrupt_clip_fails_the_stitch_cleanly(media, tmp_path):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(media["a"].read_bytes()[:2000])
    with pytest.raises(MediaError):
        stitch([media["a"], broken], tmp_path / "final.mp4", song=media["song"])
    assert leftovers(tmp_path, "broken.mp4") == []


def test_a_timeout_kills_ffmpeg_and_raises_media_error(tmp_path):
    with pytest.raises(MediaTimeout, match="timed out after 0.5 s") as caught:
        render_preview_clip(tmp_path / "long.mp4", text="x", seconds=3600, width=320,
                            height=180, fps=24, timeout=0.5)
    assert isinstance(caught.value, MediaError)
    assert leftovers(tmp_path) == []


def test_media_error_reads_well_and_keeps_only_the_stderr_tail():
    error = MediaError("ffmpeg failed while testing", "\n".join(f"line {i}" for i in range(40)))
    assert error.message == "ffmpeg failed while testing"
    assert error.stderr_tail.splitlines() == [f"line {i}" for i in range(25, 40)]
    assert str(error).startswith("ffmpeg failed while testing\nffmpeg said:\n  line 25\n")
    assert str(MediaError("plain")) == "plain"


# --- previews and frames ----------------------------------------------------------

def test_render_preview_clip_makes_a_moving_clip_like_a_normalised_one(tmp_path):
    text = "Neon city: rain, 100% 'wet' streets \\ and a long line " * 5
    drawn = render_preview_clip(tmp_path / "p.mp4", text=text, seconds=4, width=320,
                                height=180, fps=24, seed=3)
    assert drawn is True
    info = probe(tmp_path / "p.mp4")
    assert info.format == TargetFormat(width=320, height=180, fps=24).clip_format()
    assert info.duration == pytest.approx(4.0, abs=0.05)
    one = extract_frame(tmp_path / "p.mp4", tmp_path / "1.png", 1.0).read_bytes()
    three = extract_frame(tmp_path / "p.mp4", tmp_path / "3.png", 3.0).read_bytes()
    assert one.startswith(b"\x89PNG") and one != three


def test_render_preview_clip_without_text_when_drawtext_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(preview_render, "_text_filters",
                        lambda *args: ["drawtext=no_such_option=1:text=x"])
    drawn = render_preview_clip(tmp_path / "p.mp4", text="hello", seconds=1, width=320,
                                height=180, fps=24)
    assert drawn is False
    assert probe(tmp_path / "p.mp4").has_audio
    assert leftovers(tmp_path, "p.mp4") == []


def test_wrap_text_fits_lines_and_marks_cut_text():
    wrapped = wrap_text("word " * 200, 320, 180, 11)
    lines = wrapped.splitlines()
    assert 1 < len(lines) <= 7 and lines[-1].endswith("\u2026")
    assert max(map(len, lines)) <= 41
    assert wrap_text("tab\there\nnew", 320, 180, 11) == "tab here new"


def test_filter_escape_matches_ffmpeg_documentation():
    assert filter_escape("this is a 'string': may contain one, or more, special characters") \
        == ("this is a \\\\\\'string\\\\\\'\\\\: may contain one\\, or more\\, "
            "special characters")


def test_extract_frame_clamps_to_the_clip(media, tmp_path):
    poster = extract_frame(media["a"], tmp_path / "poster.png", 99)
    assert poster.read_bytes().startswith(b"\x89PNG")
    assert leftovers(tmp_path, "poster.png") == []
