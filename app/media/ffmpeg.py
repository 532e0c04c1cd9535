"""Running ffmpeg: the one executable, the error type and atomic output files.

ffmpeg comes from the imageio-ffmpeg wheel (there is no ffprobe); every call goes
through `run_ffmpeg`, which uses an argument list, a timeout and turns failures into
`MediaError` carrying the tail of ffmpeg's stderr.
"""
from __future__ import annotations

import contextlib
import functools
import os
import secrets
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

import imageio_ffmpeg

STDERR_TAIL_LINES = 15
PROBE_TIMEOUT = 30.0
EDIT_TIMEOUT = 120.0
ENCODE_TIMEOUT = 600.0


class MediaError(Exception):
    """A media operation failed; `stderr_tail` holds ffmpeg's last words, if any."""

    def __init__(self, message: str, stderr_tail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.stderr_tail = tail(stderr_tail)

    def __str__(self) -> str:
        if not self.stderr_tail:
            return self.message
        said = "\n".join(f"  {line}" for line in self.stderr_tail.splitlines())
        return f"{self.message}\nffmpeg said:\n{said}"


class MediaTimeout(MediaError):
    """ffmpeg did not finish within its timeout (it has been killed)."""


def tail(text: str | bytes | None, lines: int = STDERR_TAIL_LINES) -> str:
    """The last `lines` non-blank lines of ffmpeg output, as text."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    kept = [line.rstrip() for line in (text or "").splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


@functools.cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg executable bundled with imageio-ffmpeg (looked up once)."""
    return imageio_ffmpeg.get_ffmpeg_exe()


def run_ffmpeg(args: Sequence[object], *, action: str, timeout: float,
               loglevel: str = "error", check: bool = True) -> str:
    """Run ffmpeg with `args` (no shell) and return its stderr as text.

    `action` completes "ffmpeg failed while ..." in error messages. With `check`, a
    non-zero exit raises MediaError; a timeout always raises MediaTimeout.
    """
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", loglevel,
               *(str(arg) for arg in args)]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise MediaTimeout(f"ffmpeg timed out after {timeout:g} s while {action}",
                           exc.stderr) from None
    except OSError as exc:
        raise MediaError(f"could not run ffmpeg while {action}: {exc}") from exc
    stderr = done.stderr.decode("utf-8", "replace")
    if check and done.returncode != 0:
        raise MediaError(f"ffmpeg failed while {action} (exit code {done.returncode})", stderr)
    return stderr


@contextlib.contextmanager
def atomic_output(dst: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside `dst`; on success it replaces `dst` in one step.

    On any error the temporary file is removed and an existing `dst` is left as it was.
    The temporary name keeps dst's extension so ffmpeg picks the same container.
    """
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.stem}.{secrets.token_hex(6)}.part{dst.suffix}")
    try:
        yield tmp
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise MediaError(f"ffmpeg wrote nothing for {dst.name}")
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


def container_flags(dst: str | os.PathLike) -> list[str]:
    """Muxer flags for `dst`: MP4/MOV get their index up front so browsers can seek."""
    if Path(dst).suffix.lower() in {".mp4", ".m4v", ".mov", ".m4a"}:
        return ["-movflags", "+faststart"]
    return []
