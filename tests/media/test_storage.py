"""The media store and /media: atomic writes, names that are never paths, Range requests."""
from __future__ import annotations

import pytest

from app.errors import NotFound
from app.media.storage import MediaStore


def test_files_are_served_with_range_support(app, client):
    with app.app_context():
        from app.media.storage import store

        relative = store().relative("clips", "abc123", ".mp4")
        with store().writing(relative) as temp:
            temp.write_bytes(bytes(range(256)) * 40)
    whole = client.get("/media/clips/abc123.mp4")
    assert whole.status_code == 200 and len(whole.data) == 10240
    assert whole.headers["Accept-Ranges"] == "bytes"
    whole.close()
    part = client.get("/media/clips/abc123.mp4", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == "bytes 100-199/10240"
    assert part.data == (bytes(range(256)) * 40)[100:200]
    part.close()
    tail = client.get("/media/clips/abc123.mp4", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and len(tail.data) == 10
    tail.close()
    beyond = client.get("/media/clips/abc123.mp4", headers={"Range": "bytes=999999-"})
    assert beyond.status_code == 416
    beyond.close()


@pytest.mark.parametrize("url", ["/media/clips/missing.mp4", "/media/secrets/x.txt",
                                 "/media/clips/..%2F..%2Fmv.sqlite3", "/media/clips/.hidden",
                                 "/media/tmp/abc.mp4"])
def test_unknown_or_unsafe_names_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize("relative", ["../x", "clips/../../etc/passwd", "/etc/passwd",
                                      "clips/a/b.mp4", "clips/", "clips/.x", None, 5])
def test_store_refuses_paths_outside_itself(tmp_path, relative):
    with pytest.raises(NotFound):
        MediaStore(tmp_path).path(relative)


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path):
    store = MediaStore(tmp_path)
    relative = store.relative("stitched", "final", ".mp4")
    with store.writing(relative) as temp:
        temp.write_bytes(b"old video")
    with pytest.raises(RuntimeError):
        with store.writing(relative) as temp:
            temp.write_bytes(b"half a new vid")
            raise RuntimeError("ffmpeg died")
    assert store.path(relative).read_bytes() == b"old video"
    assert list((tmp_path / "tmp").iterdir()) == []
