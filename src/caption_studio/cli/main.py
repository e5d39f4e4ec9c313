"""The `caption-studio` command. Each subcommand lives in its own module and is a thin
wrapper over a core function; this module only assembles them."""

from __future__ import annotations

import click

from caption_studio import __version__
from caption_studio.cli.embed import embed
from caption_studio.cli.export_cmds import contact_sheet_cmd, credits_cmd
from caption_studio.cli.import_cmd import import_cmd, relink_cmd
from caption_studio.cli.open_cmd import open_gui
from caption_studio.cli.pair import pair
from caption_studio.cli.parse import parse
from caption_studio.cli.photos_cmds import photos, set_cmd
from caption_studio.cli.project_cmds import info, new
from caption_studio.cli.roster_cmds import keywords, replacements, roster


class _CaptionStudioGroup(click.Group):
    """`caption-studio PATH` is short for `caption-studio open PATH`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["open", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_CaptionStudioGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="caption-studio")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Caption Studio: pair news photos with the captions printed in an article,
    correct their metadata, export credit lists and write it back into the files.

    With no command, or with the path of a project or folder, the desktop app opens.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_gui, path=None)


cli.add_command(new)
cli.add_command(info)
cli.add_command(open_gui)
cli.add_command(parse)
cli.add_command(import_cmd)
cli.add_command(relink_cmd)
cli.add_command(photos)
cli.add_command(set_cmd)
cli.add_command(pair)
cli.add_command(embed)
cli.add_command(credits_cmd)
cli.add_command(contact_sheet_cmd)
cli.add_command(roster)
cli.add_command(keywords)
cli.add_command(replacements)


def main() -> None:
    cli(prog_name="caption-studio")
