"""Fetching a song from YouTube (or any page yt-dlp understands) as a job."""
from __future__ import annotations

import logging
import re
from pathlib import Path

from flask import current_app
from yt_dlp import YoutubeDL
from yt_dlp.utils import DownloadError

from ..errors import MVError
from ..jobs import job_handler
from ..media import storage
from ..media.ffmpeg import ffmpeg_exe
from .songs import store_song

log = logging.getLogger(__name__)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CAUSED_BY = re.compile(r"\s*\(caused by .*\)\s*$", re.DOTALL)


class _QuietLogger:
    """yt-dlp's messages go to our log, not to stdout."""

    def debug(self, message):
        pass

    def info(self, message):
        pass

    def warning(self, message):
        log.info("yt-dlp: %s", message)

    def error(self, message):
        log.info("yt-dlp: %s", message)


def download_audio(url: str, folder: Path, *, max_bytes: int, timeout: float,
                   on_progress=None) -> Path:
    """Download the best audio of one video (never a playlist) into folder; return the file."""

    reported = [0.0]

    def hook(status):
        if on_progress and status.get("status") == "downloading":
            total = status.get("total_bytes") or status.get("total_bytes_estimate")
            share = min(1.0, status.get("downloaded_bytes", 0) / total) if total else 0.0
            if share - reported[0] >= 0.05:  # a database write per 5%, not per chunk
                reported[0] = share
                on_progress(share)

    options = {
        "format": "bestaudio/best",
        "noplaylist": True,
        "outtmpl": str(folder / "download.%(ext)s"),
        "max_filesize": max_bytes,
        "socket_timeout": timeout,
        "retries": 2,
        "fragment_retries": 2,
        "ffmpeg_location": ffmpeg_exe(),
        "quiet": True,
        "no_warnings": True,
        "noprogress": True,
        "cachedir": False,
        "logger": _QuietLogger(),
        "progress_hooks": [hook],
    }
    try:
        with YoutubeDL(options) as ydl:
            ydl.extract_info(url, download=True)
    except DownloadError as exc:
        reason = _ANSI.sub("", str(exc)).replace("ERROR: ", "").strip()
        reason = _CAUSED_BY.sub("", reason)
        raise MVError(f"could not fetch audio from that URL: {reason}") from exc
    files = [p for p in folder.iterdir() if p.name.startswith("download.")
             and not p.name.endswith((".part", ".ytdl"))]
    if not files:
        raise MVError("could not fetch audio from that URL: nothing was downloaded "
                      f"(is it larger than {max_bytes // 2**20} MB?)")
    return files[0]


@job_handler("youtube_fetch")
def fetch_youtube_audio(context) -> dict:
    """Job: download, keep start..end as WAV, store; result {"audio_id": ...}."""
    params = context.params
    config = current_app.config
    context.progress(5, "Downloading the audio")
    with storage.store().scratch_dir() as scratch:
        downloaded = download_audio(
            params["url"], Path(scratch), max_bytes=config["MV_MAX_DOWNLOAD_MB"] * 2**20,
            timeout=config["MV_DOWNLOAD_TIMEOUT"],
            on_progress=lambda share: context.progress(5 + 75 * share, "Downloading the audio"))
        context.progress(85, "Preparing the audio")
        audio = store_song(downloaded, origin="youtube", source_url=params["url"],
                           start=params.get("start_time"), end=params.get("end_time"))
    return {"audio_id": audio.id}
