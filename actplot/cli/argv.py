"""Rewriting the command line before click parses it: the default command and global options
anywhere.

``actplot SPEC …`` means ``actplot plot SPEC …``, and the global options (``--flavor``, ``-q``,
``--no-color``, ``--ascii``, ``--debug``) may follow the command. A word that looks like a typo
of a command (closer to a command than to any activation name) or of a global option is left
alone, so click can answer "No such command 'plto'. Did you mean 'plot'?". Standard library and
typer only; the registry is read only to tell a typo from an activation name.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from typer import _click
from typer.core import TyperOption

GLOBAL_FLAGS = ("--debug", "-q", "--quiet", "--no-color", "--ascii")
GLOBAL_VALUE_OPTIONS = ("--flavor",)
EAGER_OPTIONS = ("--help", "-h", "--version", "--install-completion", "--show-completion")
DEFAULT_COMMAND = "plot"


def rewrite_args(args: list[str], commands: Mapping[str, _click.Command]) -> list[str]:
    """The command line as the group parses it: ``plot`` inserted where it was left out
    (``actplot relu -d`` is ``actplot plot relu -d``) and global options typed after the command
    moved in front of it; typos of options and commands are left for click to report."""
    args = list(args)
    i = 0
    while i < len(args):
        token = args[i]
        if token in GLOBAL_FLAGS or token in EAGER_OPTIONS or token.startswith("--flavor="):
            i += 1
        elif token in GLOBAL_VALUE_OPTIONS:
            i += 2
        else:
            break
    if i >= len(args) or args[i] == "--":
        return args
    head = args[i]
    if head not in commands:
        if head.startswith("-"):
            known = [*GLOBAL_FLAGS, *GLOBAL_VALUE_OPTIONS, *EAGER_OPTIONS]
            if difflib.get_close_matches(head.split("=")[0], known, n=1, cutoff=0.75):
                return args  # a misspelt global option: let the group say "No such option"
        elif _looks_like_command_typo(head, list(commands)):
            return args  # "No such command 'plto'. Did you mean 'plot'?"
        args.insert(i, DEFAULT_COMMAND)
        head = DEFAULT_COMMAND
    command = commands[head]
    front, rest = args[: i + 1], args[i + 1 :]
    hoisted, kept = _hoist_globals(command, rest)
    return front[:i] + hoisted + front[i:] + kept

def _hoist_globals(command: _click.Command, rest: list[str]) -> tuple[list[str], list[str]]:
    """Move global options found after the command in front of it (unless it defines them)."""
    own: dict[str, int] = {}
    for param in command.params:
        if isinstance(param, TyperOption):
            takes = 0 if (param.is_flag or param.count) else max(param.nargs, 1)
            for name in (*param.opts, *param.secondary_opts):
                own[name] = takes
    hoisted: list[str] = []
    kept: list[str] = []
    j = 0
    while j < len(rest):
        token = rest[j]
        if token == "--":
            kept.extend(rest[j:])
            break
        name = token.split("=", 1)[0] if token.startswith("--") else token
        if name in own:
            width = 1 if "=" in token and token.startswith("--") else 1 + own[name]
            kept.extend(rest[j : j + width])
            j += width
        elif token in GLOBAL_FLAGS:
            hoisted.append(token)
            j += 1
        elif token in GLOBAL_VALUE_OPTIONS and j + 1 < len(rest):
            hoisted.extend(rest[j : j + 2])
            j += 2
        elif name in GLOBAL_VALUE_OPTIONS and "=" in token:
            hoisted.append(token)
            j += 1
        else:
            kept.append(token)
            j += 1
    return hoisted, kept


def _looks_like_command_typo(head: str, commands: list[str]) -> bool:
    """True if ``head`` is closer to a command name than to any activation name."""
    if ":" in head or "@" in head:
        return False
    word = head.lower()
    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.6)
    if not close:
        return False
    try:
        from actplot import registry

        registry.lookup(word)
        return False  # a real activation name wins
    except Exception:  # noqa: BLE001 - unknown name (or a broken registry): compare similarity
        pass
    try:
        from actplot import registry

        names = [*registry.names(), *(a for s in registry.SPECS for a in s.aliases)]
    except Exception:  # noqa: BLE001 - a broken registry: no names to compare with
        names = []
    command_score = difflib.SequenceMatcher(None, word, close[0]).ratio()
    best_name = max((difflib.SequenceMatcher(None, word, n).ratio() for n in names), default=0.0)
    return command_score >= best_name

