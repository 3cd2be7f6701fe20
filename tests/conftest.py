"""Test configuration shared by every module.

Shared helpers live in :mod:`tests.helpers` (test modules never import each other). Tiers: tests
marked ``slow`` (whole-gallery runs, real subprocesses, long property searches) are left out by
``python -m pytest -m "not slow"``, the fast tier; the full suite (plain ``python -m pytest``) is what
CI and the README run. Markers are registered in pyproject.toml.
"""

from __future__ import annotations

import pytest

SLOW_MODULES = frozenset({"test_cli_process.py", "test_gallery.py"})
"""Modules that are subprocess- or whole-gallery-heavy as a whole: every test in them is ``slow``."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
