"""Steps several browser tests take the way a user does."""
from __future__ import annotations

from pathlib import Path


def create_on_page(page, description: str, *, song: Path | None = None,
                   flavor: str | None = None) -> None:
    """Fill the create page (a song upload or no song, optionally a flavor) and land on
    the new generation's quick-gen page."""
    page.goto("/mv/create")
    if song is None:
        page.check("input[name=song_source][value=none]")
    else:
        page.set_input_files("#song_file", str(song))
    if flavor is not None:
        page.click("#config-section summary")
        page.select_option("#config-flavor", flavor)
    page.fill("#video_description", description)
    page.click("#submit")
    page.wait_for_url("**/mv/quick-gen/**")
