"""`flask --app wsgi mv flavors`: list the flavors and validate them from disk."""
from __future__ import annotations

import click
from flask import current_app

from ..cli import mv_cli
from .errors import FlavorConfigError
from .registry import load_registry

@mv_cli.command("flavors")
def flavors_command() -> None:
    """Read every flavor folder again, validate it and list flavors with their files."""
    config_dir = current_app.config["MV_CONFIG_DIR"]
    try:
        registry = load_registry(config_dir)
    except FlavorConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from exc
    click.echo(f"{len(registry)} flavor(s) in {config_dir}, all valid:")
    for flavor in registry:
        changes = "base of every flavor" if flavor.name == "default" else (
            f"overrides {len(flavor.overrides)} key(s): {', '.join(flavor.overrides)}")
        click.echo(f"  {flavor.name}: {', '.join(flavor.files)} ({changes})")
