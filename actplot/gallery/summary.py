"""What a gallery run reports: the result of each item, and the summary of the whole run.

:class:`ItemResult` travels back from a worker process for each figure; :class:`Summary` gathers
them into file statuses, failures and the exit code the command returns (and the JSON that
``actplot gallery --json`` prints). Progress and messages count *files*, never items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from actplot.gallery.folder import CONFLICT, DONE_STATUSES, MISSING, OK, OVERWRITTEN, STALE, UNCHANGED, WRITTEN
from actplot.gallery.index import FunctionEntry
from actplot.gallery.plan import Item


@dataclass(slots=True)
class ItemResult:
    """One figure's outcome: the status of each of its files, or why it failed, and its index entry."""

    item: Item
    statuses: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    entry: FunctionEntry | None = None


@dataclass(slots=True)
class Summary:
    """The outcome of :func:`actplot.gallery.runner.run`."""

    out_dir: str
    formats: tuple[str, ...]
    check: bool
    planned: list[str] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)
    index_written: bool = False
    index_note: str = ""
    interrupted: bool = False
    jobs: int = 1
    seconds: float = 0.0

    def names(self, *statuses: str) -> list[str]:
        return sorted(name for name, s in self.statuses.items() if s in statuses)

    @property
    def done(self) -> int:
        return sum(1 for s in self.statuses.values() if s in DONE_STATUSES)

    @property
    def conflicts(self) -> list[str]:
        return self.names(CONFLICT)

    @property
    def stale(self) -> list[str]:
        return self.names(STALE)

    @property
    def missing(self) -> list[str]:
        return self.names(MISSING)

    @property
    def clean(self) -> bool:
        """True if the folder matches what the code draws (check mode) / nothing went wrong."""
        if self.interrupted or self.failures:
            return False
        if self.check:
            return not (self.stale or self.missing or self.extra)
        return not self.conflicts

    @property
    def exit_code(self) -> int:
        """0 fine; 1 a function failed or (check) the folder is stale; 2 conflicts; 130 interrupted."""
        if self.interrupted:
            return 130
        if self.failures:
            return 1
        if self.check:
            return 0 if self.clean else 1
        return 2 if self.conflicts else 0

    def as_dict(self) -> dict[str, Any]:
        """The ``--json`` summary (keys are part of the command-line contract)."""
        return {
            "output": self.out_dir,
            "formats": list(self.formats),
            "mode": "check" if self.check else "write",
            "files": len(self.planned),
            "done": self.done,
            "written": self.names(WRITTEN),
            "overwritten": self.names(OVERWRITTEN),
            "unchanged": len(self.names(UNCHANGED)) if not self.check else len(self.names(OK)),
            "conflicts": self.conflicts,
            "stale": self.stale,
            "missing": self.missing,
            "extra": list(self.extra),
            "failed": [{"name": k, "error": v} for k, v in sorted(self.failures.items())],
            "index": self.index_written,
            "interrupted": self.interrupted,
            "jobs": self.jobs,
            "seconds": round(self.seconds, 3),
            "exit_code": self.exit_code,
        }


class GalleryInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run; carries the :class:`Summary` of what was finished."""

    def __init__(self, summary: Summary) -> None:
        super().__init__(f"interrupted after {summary.done} of {len(summary.planned)} files")
        self.summary = summary
