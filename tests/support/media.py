"""Real, tiny media files made with ffmpeg for tests, and ways to look inside them."""
from __future__ import annotations

import array
import math
import os
import sys
import wave
from pathlib import Path

from app.media.ffmpeg import run_ffmpeg

_AUDIO_CODECS = {".wav": "pcm_s16le", ".mp3": "libmp3lame", ".m4a": "aac", ".ogg": "libvorbis",
                 ".flac": "flac"}
_TIMEOUT = 60


def make_tone(path: str | os.PathLike, seconds: float, freq: float = 440,
              sample_rate: int = 48000, channels: int = 2) -> Path:
    """A sine tone; the container and codec follow the extension (wav/mp3/m4a/ogg/flac)."""
    path = Path(path)
    run_ffmpeg(["-f", "lavfi", "-i",
                f"sine=frequency={freq}:sample_rate={sample_rate}:duration={seconds}",
                "-ac", channels, "-c:a", _AUDIO_CODECS[path.suffix.lower()], path],
               action="making a test tone", timeout=_TIMEOUT)
    return path


def make_tone_with_edge(path: str | os.PathLike, seconds: float, edge_at: float,
                        freq: float = 1000, sample_rate: int = 48000) -> Path:
    """Silence, then a loud tone from exactly `edge_at` seconds (to check cut accuracy).

    The tone is a cosine, so its very first sample is already at full amplitude.
    """
    path = Path(path)
    tone = f"if(gte(t\\,{edge_at})\\,0.5*cos(2*PI*{freq}*(t-{edge_at}))\\,0)"
    run_ffmpeg(["-f", "lavfi", "-i",
                f"aevalsrc=exprs={tone}:sample_rate={sample_rate}:duration={seconds}",
                "-ac", 2, "-c:a", _AUDIO_CODECS[path.suffix.lower()], path],
               action="making a test tone with an edge", timeout=_TIMEOUT)
    return path


def make_clip(path: str | os.PathLike, seconds: float, width: int = 320, height: int = 180,
              fps: float = 24, *, with_audio: bool = True, freq: float = 440,
              codec: str = "libx264") -> Path:
    """A test-pattern H.264 clip, with a sine tone as its audio unless with_audio is False."""
    path = Path(path)
    inputs = ["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}"]
    audio_out = ["-an"]
    if with_audio:
        inputs += ["-f", "lavfi", "-i",
                   f"sine=frequency={freq}:sample_rate=48000:duration={seconds}"]
        audio_out = ["-c:a", "aac", "-ar", 48000, "-ac", 2]
    run_ffmpeg([*inputs, "-c:v", codec, "-preset", "veryfast", "-pix_fmt", "yuv420p",
                *audio_out, path], action="making a test clip", timeout=_TIMEOUT)
    return path


def make_not_media(path: str | os.PathLike) -> Path:
    """A file that only pretends to be media by its name."""
    path = Path(path)
    path.write_bytes(b"this is not a video, just some text\n" * 40)
    return path


def decode_errors(path: str | os.PathLike) -> str:
    """Whatever ffmpeg complains about while decoding every stream ("" for a clean file)."""
    return run_ffmpeg(["-i", path, "-map", "0", "-f", "null", "-"],
                      action="decoding a test output", timeout=_TIMEOUT, check=False).strip()


def video_md5(path: str | os.PathLike) -> str:
    """MD5 of the decoded video frames (equal for a stream copy, unequal for a re-encode)."""
    out = Path(path).with_suffix(".video.md5")
    run_ffmpeg(["-i", path, "-map", "0:v:0", "-f", "md5", out],
               action="hashing video frames", timeout=_TIMEOUT)
    return out.read_text().strip()


def read_wav(path: str | os.PathLike) -> tuple[int, int, array.array]:
    """(sample_rate, channels, first channel's samples) of a 16-bit PCM WAV."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2, "expected 16-bit PCM"
        rate, channels = wav.getframerate(), wav.getnchannels()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return rate, channels, samples[::channels]


def decode_audio(path: str | os.PathLike, dst: str | os.PathLike) -> tuple[int, array.array]:
    """Decode a file's first audio stream to a mono 48 kHz WAV and return its samples."""
    run_ffmpeg(["-i", path, "-map", "0:a:0", "-ac", 1, "-ar", 48000, "-c:a", "pcm_s16le", dst],
               action="decoding test audio", timeout=_TIMEOUT)
    rate, _, samples = read_wav(dst)
    return rate, samples


def first_loud_sample(samples: array.array, threshold: int = 3000) -> int:
    """Index of the first sample whose magnitude reaches `threshold` (-1 if none)."""
    return next((i for i, value in enumerate(samples) if abs(value) >= threshold), -1)


def tone_level(samples: array.array, rate: int, freq: float) -> float:
    """Amplitude (0..32768) of the `freq` component in `samples` (Goertzel algorithm)."""
    coeff = 2 * math.cos(2 * math.pi * freq / rate)
    prev = prev2 = 0.0
    for value in samples:
        prev, prev2 = value + coeff * prev - prev2, prev
    power = prev2 * prev2 + prev * prev - coeff * prev * prev2
    return 2 * math.sqrt(max(power, 0.0)) / len(samples)


def make_tone_steps(path: str | os.PathLike, freqs: list[float], seconds_each: float,
                    sample_rate: int = 48000) -> Path:
    """A song whose consecutive segments are different tones (to tell slices apart)."""
    path = Path(path)
    inputs: list = []
    for freq in freqs:
        inputs += ["-f", "lavfi", "-i",
                   f"sine=frequency={freq}:sample_rate={sample_rate}:duration={seconds_each}"]
    graph = "".join(f"[{i}:a]" for i in range(len(freqs))) + f"concat=n={len(freqs)}:v=0:a=1[a]"
    run_ffmpeg([*inputs, "-filter_complex", graph, "-map", "[a]", "-ac", 2,
                "-c:a", _AUDIO_CODECS[path.suffix.lower()], path],
               action="making a stepped test tone", timeout=_TIMEOUT)
    return path
