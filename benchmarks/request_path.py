"""The request path in-process (Flask test client): flavor resolution opens, latency.

A generation is created through the API (song uploaded, POST /api/mv/generations), then
given 30 scenes, each with a saved 1 s clip (app.videos.records.save_video, the record
code the clip job uses), so the quick-gen page renders 30 scene cards with players.
File opens are counted with an audit hook on the "open" event (builtins.open, io.open
and os.open all raise it); SQL statements with a SQLAlchemy cursor event.
"""
from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from .common import PROJECT_ROOT, Row, Section, make_bench_app, percentile, scratch, times
from . import inputs

SCENES = 30
WARMUP = 2
FLAVORS = ("default", "cinematic", "lofi")
CONFIG_DIR = str(PROJECT_ROOT / "configs")


class OpenCounter:
    """Counts file opens while `active`; an audit hook cannot be removed, only muted."""

    installed: OpenCounter | None = None

    def __init__(self):
        self.active = False
        self.paths: list[str] = []
        if OpenCounter.installed is None:
            sys.addaudithook(OpenCounter._hook)
        OpenCounter.installed = self

    @staticmethod
    def _hook(event: str, args: tuple) -> None:
        counter = OpenCounter.installed
        if event == "open" and counter is not None and counter.active:
            counter.paths.append(str(args[0]))

    def self_test(self) -> None:
        """Prove the hook sees an open of a flavor file, so a 0 below means something."""
        self.active = True
        with open(Path(CONFIG_DIR, "default", "stitch_params.yaml"), "rb"):
            pass
        self.active = False
        assert self.config_reads() == 1, self.paths
        self.paths.clear()

    def config_reads(self) -> int:
        return sum(1 for path in self.paths if path.startswith(CONFIG_DIR)
                   or path.endswith((".yaml", ".yml")))


def seed_generation(app, client, folder: Path) -> str:
    """A generation with a song and SCENES scenes that each have one clip; returns its id."""
    song = inputs.song(64)
    with song.open("rb") as handle:
        audio = client.post("/api/audio/upload", content_type="multipart/form-data",
                            data={"file": (handle, "song.wav")})
    assert audio.status_code == 201, audio.get_json()
    created = client.post("/api/mv/generations", json={
        "video_description": "a synth-pop song about night trains",
        "generation_mode": "music-video", "audio_id": audio.get_json()["id"]})
    assert created.status_code == 201, created.get_json()
    generation_id = created.get_json()["id"]
    tiny = inputs.clip(1, 320, 180, 24, variant=1)
    with app.app_context():
        from app import db
        from app.models import Scene
        from app.videos.clips import add_clip_to_scene
        from app.videos.records import save_video

        session = db.session()
        for index in range(SCENES):
            scene = Scene(generation_id=generation_id, index=index,
                          prompt=f"Scene {index + 1}: neon platform, a night train arrives, "
                                 "the singer steps out into the rain", video_ids=[])
            session.add(scene)
            session.flush()
            copy = folder / f"clip-{index}.mp4"
            shutil.copyfile(tiny, copy)
            video = save_video(copy, kind="generated", provider="preview", scene_id=scene.id,
                               generation_id=generation_id, prompt=scene.prompt)
            add_clip_to_scene(scene, video.id)
        session.commit()
    return generation_id


def latency(client, url: str, count: int) -> list[float]:
    """Seconds per GET of `url` (after two warm-up requests), every answer checked 200."""
    for _ in range(WARMUP):
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def run(count: int = 200) -> Section:
    section = Section("Request path (in-process)")
    counter = OpenCounter()
    counter.self_test()
    with scratch("requests-") as folder:
        app = make_bench_app(folder)
        client = app.test_client()
        generation_id = seed_generation(app, client, folder)
        paths = [f"/api/mv/config_flavors/{name}" for name in FLAVORS]
        paths += ["/api/mv/get_config_flavors", f"/api/mv/generations/{generation_id}",
                  f"/mv/quick-gen/{generation_id}"]
        _count_opens(section, client, paths, count, counter)
        endpoints = [("GET get_config_flavors", "/api/mv/get_config_flavors", count),
                     (f"GET generations/<id>, {SCENES} scenes",
                      f"/api/mv/generations/{generation_id}", count),
                     (f"GET quick-gen/<id>, {SCENES} scenes",
                      f"/mv/quick-gen/{generation_id}", max(20, count // 2))]
        _latencies(section, client, endpoints, _sql_counter(app))
    return section


def _count_opens(section: Section, client, paths: list[str], count: int,
                 counter: OpenCounter) -> None:
    """No config file may be opened by a request once the app is built."""
    for path in paths:  # warm-up: templates compiled, lazy imports done
        client.get(path)
    counter.active = True
    requests = 0
    for _ in range(max(1, count // len(paths))):
        for path in paths:
            assert client.get(path).status_code == 200, path
            requests += 1
    counter.active = False
    reads = counter.config_reads()
    section.rows.append(Row(f"config-file opens per request ({requests} GETs, "
                            f"{len(paths)} paths)", f"{reads / requests:.2f}", target="0",
                            passed=reads == 0))
    section.details.append(
        f"paths: {', '.join(paths)}; file opens of any kind during those {requests} GETs: "
        f"{len(counter.paths)}" + (f" (e.g. {sorted(set(counter.paths))[:5]})"
                                   if counter.paths else ""))


def _latencies(section: Section, client, endpoints, sql: _SqlCounter) -> None:
    """p50/p95 of each endpoint; the first one is the baseline of the others."""
    base = None
    for label, url, n in endpoints:
        samples = _with_sql(sql, lambda: latency(client, url, n))
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        figure = f"{p50 * 1000:.1f} / {p95 * 1000:.1f} ms"
        if base is None:
            base = (p50, p95, figure)
            section.rows.append(Row(f"{label} p50/p95, n={n}", figure))
        else:
            section.rows.append(Row(f"{label} / get_config_flavors, n={n}", figure, base[2],
                                    f"{times(p50 / base[0])} / {times(p95 / base[1])}"))
        section.details.append(f"{label}: {sql.per_request():.0f} SQL statements per request")


class _SqlCounter:
    """Counts SQL statements sent while `active`, per request measured."""

    def __init__(self):
        self.active, self.total, self.requests = False, 0, 0

    def per_request(self) -> float:
        return self.total / max(self.requests, 1)


def _sql_counter(app) -> _SqlCounter:
    from sqlalchemy import event

    counter = _SqlCounter()

    @event.listens_for(app.extensions["mv.engine"], "before_cursor_execute")
    def _count(*_args):
        if counter.active:
            counter.total += 1

    return counter


def _with_sql(counter: _SqlCounter, measure):
    counter.active, counter.total = True, 0
    try:
        samples = measure()
    finally:
        counter.active = False
    counter.requests = len(samples) + WARMUP  # the warm-up requests were counted too
    return samples
