"""Shell completion: SPECs at every stage of typing one, option values, and bash's word breaks.

The completers are typer ``autocompletion`` callbacks; :func:`completer` makes one for a list of
choices (the option modules use it for their own choices). Cheap to import: the registry is read
only when something is completed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence


def complete_spec(incomplete: str) -> list[str]:
    """Shell completion for SPEC arguments, at every stage of typing one.

    ``sig`` → names and aliases starting so; ``gelu@`` → the flavours that define gelu
    (``gelu@torch``, ``gelu@jax``); ``leaky_relu:`` → its parameters (``leaky_relu:negative_slope=``);
    ``leaky_relu:negative_slope=0.1,`` → the parameters not given yet.
    """
    from actplot import registry

    text = incomplete.strip()
    body, at, flavor_part = text.partition("@")
    name, colon, params_part = body.partition(":")
    if at or colon:
        try:
            spec = registry.lookup(name)
        except Exception:  # noqa: BLE001 - completion never fails: an unknown name completes to nothing
            return []
        if at:
            from actplot.spec import ALL_FLAVORS, base_flavor

            offered = [fl for fl in ALL_FLAVORS if base_flavor(fl) in spec.frameworks]  # keras3:jax with keras3
            return [f"{body}@{fl}" for fl in offered if fl.startswith(flavor_part.lower())]
        done, _, last = params_part.rpartition(",")
        if "=" in last:
            return []  # a value is being typed: values are free numbers or words
        typed = {item.partition("=")[0].strip() for item in done.split(",") if item}
        given = {key for p in spec.params if typed & {p.name, *p.aliases} for key in (p.name, *p.aliases)}
        prefix = f"{name}:{done + ',' if done else ''}"
        spellings = [p.name for p in spec.params] + [a for p in spec.params for a in p.aliases]
        return [f"{prefix}{key}=" for key in spellings if key.startswith(last) and key not in given]
    known = [*registry.names(), *(a for s in registry.SPECS for a in s.aliases)]
    return [name for name in known if name.startswith(text.lower())]


def completer(choices: Callable[[], Sequence[str]], *, comma_list: bool = False) -> Callable[[str], list[str]]:
    """A typer ``autocompletion`` callback offering ``choices()`` (read when completing, so the
    lists stay those the commands validate against); ``comma_list``: complete after the last comma
    (``--format png,s`` → ``png,svg``)."""

    def complete(incomplete: str) -> list[str]:
        head, comma, last = incomplete.rpartition(",") if comma_list else ("", "", incomplete)
        prefix = head + comma
        taken = set(head.split(",")) if comma_list else set()
        return [prefix + c for c in choices() if c.lower().startswith(last.lower()) and c not in taken]

    return complete


def _flavors() -> Sequence[str]:
    from actplot.spec import ALL_FLAVORS

    return ALL_FLAVORS  # the framework flavours and their variants (keras3:jax, keras3:torch, torch:2.6)


def _families() -> Sequence[str]:
    """Family names as one shell word each (``exponential-unit``, ``gated-smooth``): ``--family``
    ignores separators, and a completion with a space would become two arguments."""
    from actplot.spec import FAMILIES

    return [f.replace(" ", "-").replace("/", "-") for f in FAMILIES]


def _gallery_selection() -> Sequence[str]:
    from actplot import registry

    return [*registry.names(), *_families()]


complete_flavor = completer(_flavors)
complete_family = completer(_families)
complete_gallery_only = completer(_gallery_selection, comma_list=True)


_BASH_BREAKS = (":", "=")
"""Characters of bash's COMP_WORDBREAKS that occur inside SPECs (``name:param=value``)."""


def glue_bash_words(words: list[str], current: int) -> tuple[list[str], str, str]:
    """Undo bash's word breaks inside SPECs: ``leaky_relu : neg`` (three words as bash sends them)
    is one word ``leaky_relu:neg``. Returns (complete words, the incomplete word, the part of it
    that bash does not replace) — bash replaces only its own current word, so a completion must be
    written without that part."""
    glued: list[str] = []
    starts: list[int] = []  # for each glued word, the index of its first bash word
    for i, word in enumerate(words[: current + 1]):
        if glued and (word in _BASH_BREAKS or glued[-1].endswith(_BASH_BREAKS)):
            glued[-1] += word
        else:
            glued.append(word)
            starts.append(i)
    if current >= len(words):  # a new, empty word
        return glued, "", ""
    incomplete = glued.pop()
    first = starts[-1]
    kept = "".join(words[first:current])
    return glued, incomplete, kept


def register_bash_completion() -> None:
    """Use :func:`glue_bash_words` for bash completion (typer's own class re-registers itself
    whenever the command is built, so this runs just before completing)."""
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import BashComplete, click_split_arg_string

    class ActplotBashComplete(BashComplete):
        _kept = ""

        def get_completion_args(self) -> tuple[list[str], str]:
            words = click_split_arg_string(os.environ["COMP_WORDS"])
            current = int(os.environ["COMP_CWORD"])
            glued, incomplete, self._kept = glue_bash_words(words, current)
            return glued[1:], incomplete

        def format_completion(self, item: CompletionItem) -> str:
            value = str(item.value)
            if self._kept and value.startswith(self._kept):
                item = CompletionItem(value[len(self._kept):], type=item.type, help=item.help)
            return str(super().format_completion(item))

    add_completion_class(ActplotBashComplete, "bash")

