"""The error a broken flavor raises: it names the file, the line and the key."""
from __future__ import annotations

from pathlib import Path


class FlavorConfigError(Exception):
    """A flavor folder or file that cannot be used; stops start-up."""

    def __init__(self, message: str, *, file: Path | str | None = None,
                 line: int | None = None, key: str | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.key = key
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file or "configs"
        if self.line is not None:
            where = f"{where}:{self.line}"
        key = f" key '{self.key}':" if self.key else ""
        return f"{where}:{key} {self.message}"
