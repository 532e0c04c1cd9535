"""Settings: defaults in the repo, overrides from the environment or a test config.

Nothing here runs at import time; create_app() calls these once.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Mapping

TRUE_WORDS = frozenset({"true", "1", "yes"})
BACKENDS = ("replicate", "preview")


def env_flag(value: str | None) -> bool:
    """True for true/1/yes in any case; everything else, unset included, is False."""
    return (value or "").strip().lower() in TRUE_WORDS


def from_environment(environ: Mapping[str, str], project_root: Path, instance_path: str) -> dict:
    """Read the documented environment variables into Flask config keys."""
    instance = Path(instance_path)
    backend = environ.get("MV_BACKEND", "").strip().lower()
    if not backend:
        backend = "replicate" if environ.get("REPLICATE_API_TOKEN") else "preview"
    return {
        "MV_CONFIG_DIR": environ.get("MV_CONFIG_DIR") or str(project_root / "configs"),
        "MV_MEDIA_DIR": environ.get("MV_MEDIA_DIR") or str(instance / "media"),
        "DATABASE_URL": environ.get("DATABASE_URL") or f"sqlite:///{instance / 'mv.sqlite3'}",
        "MV_BACKEND": backend,
        "MV_DEBUG_MODE": env_flag(environ.get("MV_DEBUG_MODE")),
        "MV_ALLOW_PRIVATE_URLS": env_flag(environ.get("MV_ALLOW_PRIVATE_URLS")),
        "SECRET_KEY": environ.get("SECRET_KEY") or None,
        "MV_ACCESS_PASSWORD": environ.get("MV_ACCESS_PASSWORD") or None,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "MV_JOB_WORKERS": _positive_int(environ, "MV_JOB_WORKERS", 4),
        "MAX_CONTENT_LENGTH": _positive_int(environ, "MV_MAX_UPLOAD_MB", 100) * 2**20,
        "MV_MAX_DOWNLOAD_MB": _positive_int(environ, "MV_MAX_DOWNLOAD_MB", 100),
        "MV_DOWNLOAD_TIMEOUT": _positive_int(environ, "MV_DOWNLOAD_TIMEOUT", 30),
        "MV_POLL_INTERVAL": 1.0,  # seconds between polls of a Replicate prediction
        "MV_REPLICATE_BACKOFF": 1.0,  # first wait before retrying a refused create
    }


def _positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name} must be a whole number above 0, not {raw!r}")
    return int(raw)


def check(config: Mapping) -> None:
    """Refuse settings that cannot work, with a message that says what to change."""
    if config["MV_BACKEND"] not in BACKENDS:
        raise SystemExit(f"MV_BACKEND must be one of {', '.join(BACKENDS)}, "
                         f"not {config['MV_BACKEND']!r}")


def instance_secret_key(instance_path: str) -> str:
    """The secret key kept in instance/secret_key, made once (0600) when missing.

    The key is written to a temporary file and hard-linked into place, so two processes
    starting together agree on one key and neither reads a half-written file.
    """
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
