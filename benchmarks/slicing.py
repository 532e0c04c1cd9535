"""The lipsync audio slice: 8 s cut from a 4-minute song by app.media.cuts.clip_audio.

The song is silence with 1 kHz bursts starting exactly at 30.5, 120.5 and 230.5 s; each
slice starts 0.5 s before a burst, so its first loud sample must sit at 0.5 s. The error
is how far from 0.5 s it is. Timing is compared with the floor: a single ffmpeg run with
input seeking (-ss before -i), the cheapest way to the same 8 s WAV. Sources: the WAV
the app stores for every song, and (for information) an MP3, as a lipsync audio_url
download may be.
"""
from __future__ import annotations

import array
import sys
import wave
from pathlib import Path

from .common import Row, Section, median, scratch, seconds, spread, timed, times
from . import inputs

SONG_SECONDS, SLICE = 240, 8.0
STARTS = (30.0, 120.0, 230.0)
LEAD_IN = 0.5  # the burst starts this far into each slice
TOLERANCE_MS = 10.0


def floor_slice(song: Path, dst: Path, start: float, end: float) -> None:
    from app.media.ffmpeg import run_ffmpeg

    run_ffmpeg(["-ss", f"{start:.6f}", "-t", f"{end - start:.6f}", "-i", song, "-vn",
                "-ac", 2, "-ar", 48000, "-c:a", "pcm_s16le", dst],
               action="floor slice", timeout=120)


def edge_error_ms(wav: Path, expected: float = LEAD_IN, threshold: int = 3000) -> float:
    """Where the first loud sample is, minus where it should be, in milliseconds."""
    with wave.open(str(wav), "rb") as handle:
        rate, channels = handle.getframerate(), handle.getnchannels()
        samples = array.array("h", handle.readframes(handle.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    first = next((i for i, value in enumerate(samples[::channels]) if abs(value) >= threshold),
                 None)
    if first is None:
        return float("inf")
    return (first / rate - expected) * 1000


def run(reps: int = 5) -> Section:
    from app.media.cuts import clip_audio

    section = Section("Audio slice")
    edges = tuple(start + LEAD_IN for start in STARTS)
    songs = {".wav": inputs.song_with_edges(SONG_SECONDS, edges),
             ".mp3": inputs.song_with_edges(SONG_SECONDS, edges, suffix=".mp3")}
    with scratch("slice-") as folder:
        for suffix, song in songs.items():
            errors = []
            for start in STARTS:
                end = start + SLICE
                ours = [timed(lambda: clip_audio(song, folder / "ours.wav", start, end))
                        for _ in range(reps)]
                floor = [timed(lambda: floor_slice(song, folder / "floor.wav", start, end))
                         for _ in range(reps)]
                error = edge_error_ms(folder / "ours.wav")
                errors.append(error)
                if suffix == ".wav":
                    section.rows.append(Row(
                        f"audio slice 8 s at {start:g} s of 4-min WAV / ffmpeg -ss floor",
                        seconds(median(ours)), seconds(median(floor)),
                        times(median(ours) / median(floor))))
                section.details.append(
                    f"{suffix[1:]} slice at {start:g} s: ours {seconds(median(ours))} "
                    f"({spread(ours)}), floor {seconds(median(floor))} ({spread(floor)}); "
                    f"edge error ours {error:+.2f} ms, "
                    f"floor {edge_error_ms(folder / 'floor.wav'):+.2f} ms")
            worst = max(errors, key=abs)
            section.rows.append(Row(
                f"audio slice start error, {suffix[1:].upper()} song (worst of "
                f"{'/'.join(f'{s:g}' for s in STARTS)} s)",
                f"{worst:+.2f} ms", target=f"<={TOLERANCE_MS:g} ms",
                passed=abs(worst) <= TOLERANCE_MS))
    return section
