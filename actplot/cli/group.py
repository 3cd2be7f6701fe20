"""The click classes behind ``actplot``: :class:`ActplotGroup` (the root group) and
:class:`ActplotCommand` (every command).

The group rewrites the command line (:mod:`actplot.cli.argv`), hooks shell completion in
(:mod:`actplot.cli.completion`) and runs each invocation inside the error boundary
(:mod:`actplot.cli.boundary`); both classes print plain help (:mod:`actplot.cli.help_format`) and
coerce plain parameters without pydantic (:mod:`actplot.cli.coercion`). A command adds a note when
file-only options were typed without ``-o``. Cheap to import: standard library and typer only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from typer import _click
from typer.core import TyperCommand, TyperGroup

from actplot.cli.argv import GLOBAL_VALUE_OPTIONS, rewrite_args
from actplot.cli.boundary import run_guarded, usage_failure
from actplot.cli.coercion import use_plain_coercion
from actplot.cli.completion import complete_spec, register_bash_completion
from actplot.cli.console import info
from actplot.cli.help_format import HelpMixin
from actplot.cli.options import FILE_ONLY_PARAMS
from actplot.cli.state import set_state


def unused_file_options(ctx: _click.Context) -> list[str]:
    """The file-only options typed on this command line although no ``-o`` was given."""
    if "output" not in ctx.params or ctx.params["output"] is not None:
        return []
    from typer._click.core import ParameterSource

    given = []
    for param in ctx.command.params:
        name = param.name or ""
        if name in FILE_ONLY_PARAMS and ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE:
            value = ctx.params.get(name)
            flag = param.opts[0]
            if isinstance(value, bool) and getattr(param, "secondary_opts", None) and not value:
                flag = param.secondary_opts[0]  # --no-grid, not --grid
            given.append(flag)
    return given


class ActplotCommand(HelpMixin, TyperCommand):
    """A typer command whose text/flag/count parameters skip pydantic (see :mod:`actplot.cli.coercion`)."""

    def get_params(self, ctx: _click.Context) -> list[Any]:
        return use_plain_coercion(super().get_params(ctx))

    def invoke(self, ctx: _click.Context) -> Any:
        result = super().invoke(ctx)
        unused = unused_file_options(ctx)
        if unused:
            them = "has" if len(unused) == 1 else "have"
            info(f"Note: {', '.join(unused)} {them} no effect in the terminal; add -o FILE to write a figure")
        return result


class ActplotGroup(HelpMixin, TyperGroup):
    """``actplot``'s group: ``actplot SPEC …`` means ``actplot plot SPEC …``; global options may
    follow the command; every failure leaves as one line on stderr and a documented exit code."""

    def get_params(self, ctx: _click.Context) -> list[Any]:
        return use_plain_coercion(super().get_params(ctx))

    # -- shell completion -----------------------------------------------------------------------
    def make_context(
        self, info_name: str | None, args: list[str], parent: _click.Context | None = None, **extra: Any
    ) -> _click.Context:
        if extra.get("resilient_parsing") and parent is None:
            # shell completion builds its contexts from the words typed so far: give it the same
            # command line a run would see ("actplot relu --theme" is "actplot plot relu --theme");
            # a global option waiting for its value ("actplot relu --flavor") is completed by the
            # group itself, so no command is entered
            args = [] if args and args[-1] in GLOBAL_VALUE_OPTIONS else self.rewrite_args(args)
        return super().make_context(info_name, args, parent=parent, **extra)

    def shell_complete(self, ctx: _click.Context, incomplete: str) -> list[Any]:
        """After ``actplot``: the commands, global options, and SPECs (``plot`` may be left out)."""
        items: list[Any] = super().shell_complete(ctx, incomplete)
        if not incomplete.startswith("-") and not ctx._protected_args and not ctx.args:
            from typer._click.shell_completion import CompletionItem

            items += [CompletionItem(name) for name in complete_spec(incomplete)]
        return items

    def rewrite_args(self, args: list[str]) -> list[str]:
        """The command line with ``plot`` inserted where it was left out and global options moved
        in front of the command (:func:`actplot.cli.argv.rewrite_args`)."""
        return rewrite_args(args, self.commands)

    # -- every run inside the error boundary ----------------------------------------------------
    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if args is None:
            args = sys.argv[1:]
        args = [str(a) for a in args]
        if prog_name is None:
            prog_name = _click.utils._detect_program_name()
        if " " in prog_name and {"--install-completion", "--show-completion"} & set(args):
            # "python -m actplot": a completion script for that would hook the shell's `python`
            code = usage_failure("shell completion needs the installed command; run 'actplot --install-completion'")
            if standalone_mode:
                sys.exit(code)
            return code
        if os.environ.get(complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper(), "").endswith("_bash"):
            register_bash_completion()
        self._main_shell_completion(extra, prog_name, complete_var)
        set_state(debug="--debug" in args)  # fresh per run; the callback fills it in
        code = run_guarded(lambda: self._run(prog_name, args, extra))
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, prog_name: str, args: list[str], extra: dict[str, Any]) -> int:
        args = self.rewrite_args(args)
        with self.make_context(prog_name, args, **extra) as ctx:
            self.invoke(ctx)
        return 0

