"""The `caption-studio` command. Each subcommand lives in its own module and is a thin
wrapper over a core function; this module only assembles them."""

from __future__ import annotations

import gc
import importlib

import click

from caption_studio import __version__
from caption_studio.cli.open_cmd import open_gui

# name -> "module:attribute". Commands are imported only when run, so `caption-studio info`
# does not pay for scipy (pairing) or the caption parser's regexes at start-up.
LAZY_COMMANDS: dict[str, str] = {
    "new": "caption_studio.cli.project_cmds:new",
    "info": "caption_studio.cli.project_cmds:info",
    "parse": "caption_studio.cli.parse:parse",
    "import": "caption_studio.cli.import_cmd:import_cmd",
    "relink": "caption_studio.cli.import_cmd:relink_cmd",
    "photos": "caption_studio.cli.photos_cmds:photos",
    "set": "caption_studio.cli.photos_cmds:set_cmd",
    "pair": "caption_studio.cli.pair:pair",
    "embed": "caption_studio.cli.embed:embed",
    "credits": "caption_studio.cli.export_cmds:credits_cmd",
    "contact-sheet": "caption_studio.cli.export_cmds:contact_sheet_cmd",
    "roster": "caption_studio.cli.roster_cmds:roster",
    "keywords": "caption_studio.cli.roster_cmds:keywords",
    "replacements": "caption_studio.cli.roster_cmds:replacements",
    "archive": "caption_studio.cli.archive_cmds:archive",
}


class _CaptionStudioGroup(click.Group):
    """Loads commands lazily; `caption-studio PATH` is short for `caption-studio open PATH`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        self.add_command(command, name)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.list_commands(ctx):
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


cli.add_command(open_gui)


def main() -> None:
    try:
        cli(prog_name="caption-studio")
    finally:
        # The process ends here. Frozen, its objects are left to the OS instead of to one
        # last collection walking every one of them: 20-25 ms of every command's run.
        gc.freeze()
