"""Stitch 8 clips x 8 s (1280x720, 24 fps, H.264 + AAC) with a 64 s song, three ways.

(a) ours: the default flavor's Stitcher from the service locator, called as the stitch
    job calls it (song overlaid, clips' own audio suppressed);
(b) the floor: one ffmpeg run, concat demuxer with video stream copy, the song encoded
    to AAC (same bitrate, rate, channels and +faststart as ours);
(c) the common baseline: moviepy 2 concatenate_videoclips + write_videofile (libx264/aac).
Repetitions are interleaved (a, b, c, a, b, c...) so machine noise hits all three alike.
Then the same stitch with one 960x540 30 fps clip (a lipsync output) against the cost of
normalising that clip alone.
"""
from __future__ import annotations

from pathlib import Path

from .checks import verdict
from .common import Row, Section, make_bench_app, median, scratch, seconds, spread, timed, times
from . import inputs

CLIPS, CLIP_SECONDS, ODD_INDEX = 8, 8, 3
SONG_SECONDS = CLIPS * CLIP_SECONDS


def floor_stitch(clips: list[Path], song: Path, dst: Path) -> None:
    """The cheapest correct stitch: one ffmpeg, video copied, song encoded like ours."""
    from app.media.ffmpeg import run_ffmpeg

    listing = dst.with_suffix(".ffconcat")
    listing.write_text("ffconcat version 1.0\n"
                       + "".join(f"file '{clip.resolve()}'\n" for clip in clips))
    run_ffmpeg(["-f", "concat", "-safe", 0, "-i", listing, "-i", song,
                "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy",
                "-c:a", "aac", "-b:a", "192k", "-ar", 48000, "-ac", 2, "-shortest",
                "-movflags", "+faststart", dst], action="floor stitch", timeout=600)


def moviepy_stitch(clips: list[Path], song: Path, dst: Path) -> None:
    """How the original tool stitched: decode every frame in Python, encode again."""
    from moviepy import AudioFileClip, VideoFileClip, concatenate_videoclips

    videos = [VideoFileClip(str(clip)) for clip in clips]
    audio = AudioFileClip(str(song))
    try:
        joined = concatenate_videoclips(videos)
        if audio.duration > joined.duration:
            audio = audio.subclipped(0, joined.duration)
        joined.with_audio(audio).write_videofile(
            str(dst), codec="libx264", audio_codec="aac", logger=None,
            temp_audiofile_path=str(dst.parent))
    finally:
        for item in (*videos, audio):
            item.close()


def run(reps: int = 5, moviepy_reps: int = 3) -> Section:
    """Medians of (a), (b), (c) and of the odd-clip case; every output's validity."""
    clips, song = inputs.clips(CLIPS, CLIP_SECONDS), inputs.song(SONG_SECONDS)
    odd = inputs.clip(CLIP_SECONDS, 960, 540, 30, variant=9)
    mixed = [*clips[:ODD_INDEX], odd, *clips[ODD_INDEX + 1:]]
    with scratch("stitch-") as folder:
        app = make_bench_app(folder)
        with app.app_context():
            from app import services

            stitcher = services.for_flavor("default").stitcher

            def ours(dst: Path, parts: list[Path] = clips):
                return stitcher.stitch(parts, dst, song=song, suppress_video_audio=True,
                                       work_dir=folder / "work")

            ours(folder / "a.mp4")  # untimed: first-use costs; checked below
            a, b, c = [], [], []
            for rep in range(reps):
                a.append(timed(lambda: ours(folder / "a.mp4")))
                b.append(timed(lambda: floor_stitch(clips, song, folder / "b.mp4")))
                if rep < moviepy_reps:
                    c.append(timed(lambda: moviepy_stitch(clips, song, folder / "c.mp4")))
            a_mixed, normalise, normalised = _odd_clip(stitcher, ours, mixed, odd, folder,
                                                       max(2, reps - 2))
            breakdown = profile_ffmpeg_runs(lambda: ours(folder / "profiled.mp4"))
        checked = [(label, *verdict(folder / name, SONG_SECONDS)) for label, name in (
            ("(a)", "a.mp4"), ("(b)", "b.mp4"), ("(c)", "c.mp4"), ("(a) odd clip", "mixed.mp4"))]

    section = Section("Stitch")
    med_a, med_b, med_c = median(a), median(b), median(c)
    extra, norm = median(a_mixed) - med_a, median(normalise)
    good = sum(ok for _, ok, _ in checked) + (normalised == (ODD_INDEX,))
    section.rows += [
        Row("stitch 8x8 s 720p + song: ours (a) / ffmpeg floor (b)", seconds(med_a),
            seconds(med_b), times(med_a / med_b), "<= 1.30", med_a / med_b <= 1.30),
        Row("stitch: moviepy (c) / ours (a)", seconds(med_a), seconds(med_c),
            times(med_c / med_a), ">= 10", med_c / med_a >= 10),
        Row("one 960x540 30 fps clip: (a_mixed - a) / normalising it", seconds(extra),
            seconds(norm), times(extra / norm), "<= 1.30", extra / norm <= 1.30),
        Row("outputs valid: length, clean decode, only odd clip re-encoded",
            f"{good}/{len(checked) + 1}", target="all", passed=good == len(checked) + 1),
    ]
    section.details += [
        f"(a) ours: median {seconds(med_a)} of {reps} ({spread(a)})",
        f"(b) floor: median {seconds(med_b)} of {reps} ({spread(b)})",
        f"(c) moviepy: median {seconds(med_c)} of {moviepy_reps} ({spread(c)})",
        f"(a) with the odd clip: median {seconds(median(a_mixed))} of {len(a_mixed)} "
        f"({spread(a_mixed)}); normalising it alone: median {seconds(norm)} "
        f"({spread(normalise)}); clips re-encoded: {list(normalised)}",
        *(f"output {label}: {'valid' if ok else 'INVALID'} ({note})"
          for label, ok, note in checked),
        f"where one run of (a) spends its time: {breakdown}",
    ]
    return section


def profile_ffmpeg_runs(action) -> str:
    """Run `action` with every ffmpeg run timed; a summary grouped by what ffmpeg did.

    A stitch is a chain of ffmpeg processes, so this is its profile: cProfile would only
    show time spent waiting in subprocess.run. Runs may overlap (parallel probes), so
    each group reports the wall time its runs cover, not the sum of their durations.
    """
    import time

    from app.media import cuts, ffmpeg, probe, stitch

    runs: list[tuple[str, float, float]] = []
    real = ffmpeg.run_ffmpeg

    def timed_run(args, **kwargs):
        start = time.perf_counter()
        try:
            return real(args, **kwargs)
        finally:
            runs.append((kwargs.get("action", "?").split(" ")[0], start, time.perf_counter()))

    modules = (ffmpeg, probe, stitch, cuts)
    for module in modules:
        module.run_ffmpeg = timed_run
    try:
        total = timed(action)
    finally:
        for module in modules:
            module.run_ffmpeg = real
    groups: dict[str, list[tuple[float, float]]] = {}
    for name, start, end in runs:
        groups.setdefault(name, []).append((start, end))
    parts = [f"{len(spans)} x {name} {seconds(_covered(spans))}"
             for name, spans in groups.items()]
    outside = total - _covered([(start, end) for _, start, end in runs])
    return (f"total {seconds(total)} = {len(runs)} ffmpeg runs ({'; '.join(parts)}; "
            f"wall time covered) + {seconds(outside)} with no ffmpeg running")


def _covered(spans: list[tuple[float, float]]) -> float:
    """Seconds covered by the union of (start, end) intervals."""
    covered, reach = 0.0, float("-inf")
    for start, end in sorted(spans):
        if end > reach:
            covered += end - max(start, reach)
            reach = end
    return covered


def _odd_clip(stitcher, ours, mixed: list[Path], odd: Path, folder: Path, count: int):
    """Timings of the stitch with the odd clip, and of normalising that clip on its own."""
    import dataclasses

    from app.media.probe import probe
    from app.media.stitch import normalize_clip

    # The encoder the stitch itself picks: the majority (1280x720 24 fps) format.
    encoder = stitcher.target.reproducing(probe(mixed[0]).format) or stitcher.target
    a_mixed, normalise, results = [], [], []
    for _ in range(count):
        a_mixed.append(timed(lambda: results.append(ours(folder / "mixed.mp4", mixed))))
        normalise.append(timed(lambda: normalize_clip(odd, folder / "norm.mp4",
                                                      **dataclasses.asdict(encoder))))
    return a_mixed, normalise, results[-1].normalised
