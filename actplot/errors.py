"""Errors a user can fix by changing their input; the CLI maps them to exit codes in one place."""

from __future__ import annotations


class ActplotError(Exception):
    """Base class: a problem with what the user asked for (exit code 2 on the command line)."""

    exit_code = 2


class UnknownActivationError(ActplotError, LookupError):
    """The name is neither a canonical activation name nor an alias."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f" Did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown activation {name!r}.{hint} ('actplot list' shows them all)")
        self.name = name
        self.suggestions = suggestions


class ParameterError(ActplotError, ValueError):
    """A parameter name or value that the activation does not accept."""


class FlavorError(ActplotError, ValueError):
    """An unknown flavour, or a flavour that does not define the activation."""


class SpecSyntaxError(ActplotError, ValueError):
    """A SPEC string (name:param=value@flavor) that cannot be parsed."""


class InputError(ActplotError, ValueError):
    """An input the activation cannot take: an array (e.g. an odd-length GLU input), an axis, a
    derivative order, a properties window."""


class OutputError(ActplotError):
    """A file cannot be written (runtime failure, exit code 1)."""

    exit_code = 1
