"""`caption-studio embed`: write the project's metadata into the photo files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from caption_studio.cli.common import EXIT_OK, EXIT_PARTIAL, ProgressBar, user_errors
from caption_studio.core.project.file import Project


@click.command("embed")
@click.argument("project", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write copies into this folder, keeping the folders under the project's.")
@click.option("--in-place", is_flag=True, help="Rewrite the original files (safely: each "
              "file is written to a temporary copy, checked, then swapped in).")
@click.option("--only-changed", is_flag=True,
              help="Only photos whose values changed since the last embed to the same place.")
@click.option("--sidecar", is_flag=True,
              help="Write XMP sidecars (name.xmp) for every photo; RAW files always get one.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@user_errors
def embed(project: Path, out_dir: Path | None, in_place: bool, only_changed: bool,
          sidecar: bool, as_json: bool) -> None:
    """Write every photo's metadata into its file: XMP (full text), IPTC IIM (UTF-8; values
    over an IIM limit are cut, and listed) and EXIF Artist, Copyright, ImageDescription and
    DateTimeOriginal. Image data is never re-encoded.

    Give exactly one of --out DIR or --in-place. Exit code 0 when every file was written,
    1 when some were not (each listed with the reason), 2 on a usage or project error.
    """
    from caption_studio.core.media.writeback import embed_metadata

    if (out_dir is None) == (not in_place):
        raise click.UsageError("give exactly one of --out DIR or --in-place")
    with Project.open(project) as opened:
        bar = ProgressBar("Writing metadata")
        try:
            summary = embed_metadata(opened, out_dir=out_dir, in_place=in_place,
                                     only_changed=only_changed, sidecar=sidecar,
                                     progress=bar)
        except KeyboardInterrupt:
            # the file in flight was finished or rolled back by embed_metadata's own cleanup
            bar.close()
            click.echo("interrupted: files written so far are complete", err=True)
            sys.exit(EXIT_PARTIAL)
        finally:
            bar.close()
    if as_json:
        click.echo(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        for path, reason in summary.skipped:
            click.echo(f"not written  {path}: {reason}", err=True)
        for path, key, size in summary.truncated:
            if key == "credit_line":  # not cut: a shorter form of it (iim_credit.py)
                click.echo(f"shortened    {path}: {key} in IPTC as its name/agency form "
                           f"({size} bytes printed; the full line is in XMP)", err=True)
                continue
            click.echo(f"shortened    {path}: {key} cut to the IPTC limit ({size} bytes; the "
                       "full text is in XMP)", err=True)
        parts = [f"{len(summary.written)} written", f"{len(summary.skipped)} failed"]
        if only_changed:
            parts.append(f"{len(summary.unchanged)} unchanged")
        if summary.truncated:
            parts.append(f"{len(summary.truncated)} values shortened in IPTC")
        click.echo(", ".join(parts))
    sys.exit(EXIT_PARTIAL if summary.skipped or summary.cancelled else EXIT_OK)
