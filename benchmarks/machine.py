"""A description of the machine a run was made on (for RESULTS.md and the table header)."""
from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata


def _cpuinfo(field: str) -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                name, _, value = line.partition(":")
                if name.strip() == field:
                    return value.strip()
    except OSError:
        pass
    return "unknown"


def _mem_total_gib() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _ffmpeg_version() -> str:
    import imageio_ffmpeg

    exe = imageio_ffmpeg.get_ffmpeg_exe()
    done = subprocess.run([exe, "-hide_banner", "-version"], capture_output=True, text=True,
                          timeout=30, check=False)
    first = (done.stdout.splitlines() or ["unknown"])[0].split(" Copyright")[0]
    return f"{first} (imageio-ffmpeg {metadata.version('imageio-ffmpeg')} wheel)"


def describe() -> list[tuple[str, str]]:
    """(label, value) pairs: CPU, cores, RAM, OS, Python, ffmpeg, key libraries."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    libraries = ", ".join(f"{name} {metadata.version(name)}" for name in (
        "flask", "werkzeug", "sqlalchemy", "moviepy"))
    return [
        ("CPU", f"{_cpuinfo('model name')}, {_cpuinfo('cpu MHz')} MHz, "
                f"cache {_cpuinfo('cache size')}"),
        ("cores", f"{os.cpu_count()} logical, {usable} usable by this process"),
        ("RAM", _mem_total_gib()),
        ("OS", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("ffmpeg", _ffmpeg_version()),
        ("libraries", libraries),
        ("load average at start", " ".join(f"{load:.2f}" for load in os.getloadavg())
         + " (1, 5, 15 min; other work on the machine skews the figures)"),
    ]
