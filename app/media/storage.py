"""Where media files live: under MV_MEDIA_DIR, named by record id, written atomically.

Records keep paths relative to the media folder ("audio/<id>.wav"); this module is the
only place that turns them into real paths, and it refuses anything that escapes.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from flask import Flask, current_app

from ..errors import NotFound

KINDS = ("audio", "clips", "stitched", "images", "posters", "uploads")
_RELATIVE = re.compile(r"^(%s)/[a-z0-9][a-z0-9_.-]{0,120}$" % "|".join(KINDS))


class MediaStore:
    """Files under one root folder, by kind: audio/, clips/, stitched/, images/, posters/."""

    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()
        for kind in KINDS + ("tmp",):
            (self.root / kind).mkdir(parents=True, exist_ok=True)

    def relative(self, kind: str, record_id: str, suffix: str) -> str:
        """The relative path a record's file gets, e.g. clips/<id>.mp4."""
        relative = f"{kind}/{record_id}{suffix}"
        if not _RELATIVE.fullmatch(relative):
            raise ValueError(f"not a media name: {relative!r}")
        return relative

    def path(self, relative: str) -> Path:
        """The real path of a stored relative name; refuses anything outside the store."""
        if not isinstance(relative, str) or not _RELATIVE.fullmatch(relative):
            raise NotFound("no such media file")
        return self.root / relative

    def scratch_dir(self) -> tempfile.TemporaryDirectory:
        """A private working folder inside the store (same filesystem, so renames are atomic)."""
        return tempfile.TemporaryDirectory(dir=self.root / "tmp")

    @contextmanager
    def writing(self, relative: str) -> Iterator[Path]:
        """Yield a temp path to write; on success it is renamed into place in one step."""
        final = self.path(relative)
        handle, temp_name = tempfile.mkstemp(dir=self.root / "tmp", suffix=final.suffix)
        os.close(handle)
        temp = Path(temp_name)
        try:
            yield temp
            os.replace(temp, final)
        finally:
            temp.unlink(missing_ok=True)

    def put(self, source: Path, relative: str, *, move: bool = False) -> Path:
        """Store a finished file under `relative` atomically (copy, or move when asked)."""
        with self.writing(relative) as temp:
            if move:
                os.replace(source, temp)
            else:
                shutil.copyfile(source, temp)
        return self.path(relative)

    def delete(self, relative: str | None) -> None:
        if relative:
            self.path(relative).unlink(missing_ok=True)


def init_app(app: Flask) -> None:
    app.extensions["mv.media"] = MediaStore(app.config["MV_MEDIA_DIR"])


def store() -> MediaStore:
    """The current app's media store."""
    return current_app.extensions["mv.media"]
