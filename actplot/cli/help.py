"""``actplot help [COMMAND]``: the same text as ``actplot [COMMAND] --help``.

People type ``help`` first (``git help``, ``pip help``); answering with "No such command" would
be a poor start. The text comes from the commands themselves, so it cannot drift from ``--help``.
Cheap to import: standard library, typer and :mod:`actplot.cli.console`, :mod:`actplot.cli.parsing` only.
"""

from __future__ import annotations

import difflib
from typing import Annotated

import typer

from actplot.cli import parsing


def _command_names() -> list[str]:
    from actplot.cli import app

    group = typer.main.get_command(app)
    commands: dict[str, object] = getattr(group, "commands", {})
    return sorted(commands)


def complete_command(incomplete: str) -> list[str]:
    """Shell completion for ``actplot help``: the command names."""
    return [name for name in _command_names() if name.startswith(incomplete)]


def help_command(
    ctx: typer.Context,
    command: Annotated[
        str | None,
        typer.Argument(
            metavar="COMMAND",
            help="A command (see the list in 'actplot --help'); none: the overview.",
            show_default=False,
            autocompletion=complete_command,
        ),
    ] = None,
) -> None:
    """Show the help of actplot, or of one command (the same as COMMAND --help).

    [bold]Examples[/bold]

      actplot help            # the overview: commands, SPEC syntax, exit codes
      actplot help compare    # = actplot compare --help
    """
    parent = ctx.parent
    if parent is None:  # not reachable from the command line: help always runs under actplot
        raise parsing.usage_error("'help' must run as 'actplot help [COMMAND]'")
    group = parent.command
    if command is None:
        typer.echo(group.get_help(parent))
        return
    commands: dict[str, typer.core.TyperCommand] = getattr(group, "commands", {})
    name = command.strip().lower()
    target = commands.get(name)
    if target is None:
        known = sorted(commands)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        advice = f" For an activation, try 'actplot info {command}'." if not close else ""
        raise parsing.usage_error(f"no command {command!r}; commands: {', '.join(known)}.{hint}{advice}")
    with target.make_context(name, [], parent=parent, resilient_parsing=True) as sub:
        typer.echo(target.get_help(sub))
