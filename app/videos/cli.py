"""`flask --app wsgi mv stitch OUT CLIP... [--audio SONG] [--suppress-video-audio]`."""
from __future__ import annotations

import tempfile
from pathlib import Path

import click

from .. import services
from ..cli import mv_cli
from ..config.resolve import registry
from ..media.ffmpeg import MediaError


@mv_cli.command("stitch")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("clips", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--audio", "song", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A song to lay over the clips, trimmed to their length.")
@click.option("--suppress-video-audio", is_flag=True,
              help="Drop the clips' own audio under the song.")
@click.option("--flavor", default="default", show_default=True,
              help="Config flavor whose stitch_params to use.")
def stitch_command(out: Path, clips: tuple[Path, ...], song: Path | None,
                   suppress_video_audio: bool, flavor: str) -> None:
    """Join CLIPS in order into OUT (stream copy when they match), with an optional song."""
    if flavor not in registry():
        raise click.BadParameter(f"unknown flavor; available: {', '.join(registry().names)}",
                                 param_hint="--flavor")
    stitcher = services.for_flavor(flavor).stitcher
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".mv-stitch-", dir=out.parent) as work:
        try:
            result = stitcher.stitch(list(clips), out, song=song,
                                     suppress_video_audio=suppress_video_audio,
                                     work_dir=Path(work))
        except MediaError as exc:
            raise click.ClickException(str(exc)) from exc
    reencoded = ", ".join(str(i + 1) for i in result.normalised) or "none"
    click.echo(f"wrote {out} ({result.info.duration:.2f} s, {result.info.width}x"
               f"{result.info.height}); clips re-encoded to match: {reencoded}")
