"""Test configuration shared by every module: the ``slow`` tier.

The fast tier, ``python -m pytest -m "not slow" -n 2``, is everything except gallery runs, tests
that start real processes (start-up, signals, pipes, encodings, cross-process byte checks), figures
drawn repeatedly to compare bytes, command-line fuzzing, and — for the command-line sweeps over
every function or flavour in :data:`SAMPLED_TESTS` — all but a regular sample of their cases.
The full suite, plain ``python -m pytest``, is what CI and the README run; it includes the slow
tests, so it runs every case of every test. The lists live here, in one place, so the test modules
need no edits to move a test between tiers. Shared helpers live in :mod:`tests.helpers` (test
modules never import each other).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import typer.main
import typer.testing

SLOW_MODULES = frozenset({"test_cli_process.py", "test_robust_streams.py", "test_gallery_browser.py"})
"""Every test in these modules runs real ``actplot`` processes (or, for the browser test, builds
the whole gallery and opens it in Chromium)."""

SLOW_TESTS: dict[str, frozenset[str]] = {
    "test_gallery.py": frozenset({
        "test_full_gallery_matches_registry",
        "test_cli_json_summary_and_exit_codes",
        "test_ctrl_c_stops_quickly_and_rerun_completes",
        "test_partial_failure_is_reported_and_others_written",
        "test_check_detects_changed_function",
        "test_interrupt_in_process_leaves_whole_files",
        "test_run_writes_registry_files_and_is_deterministic",
        "test_conflicts_are_refused_without_force",
        "test_family_sheet_and_index",
    }),
    "test_render.py": frozenset({
        "test_command_start_up_draws_the_same_bytes_and_leaves_library_imports_alone",
        "test_bytes_identical_across_processes",
        "test_png_command_never_loads_hashlib_or_the_glyph_list_and_the_stand_ins_still_work",
        "test_render_never_imports_pyplot",
        # the same figures drawn again and again, compared byte for byte
        "test_bytes_are_deterministic_and_salted",
        "test_reused_figure_gives_identical_bytes",
    }),
    "test_pdf_fonts.py": frozenset({"test_a_pdf_command_never_imports_the_fonttools_subsetter"}),
    "test_cli_files.py": frozenset({"test_same_command_same_bytes_across_processes"}),
    "test_files_special.py": frozenset({
        "test_cli_writes_through_a_symlink",
        "test_cli_to_dev_null_succeeds_and_keeps_the_device",
        "test_cli_to_dev_full_fails_with_one_line",
        "test_cli_to_dev_stdout_writes_the_bytes_to_the_pipe",
    }),
    # every example of every --help text and of the README, run end to end (files included)
    "test_cli.py": frozenset({"test_every_help_and_readme_example_runs", "test_gallery_check_advice_fits_the_problem"}),
    "test_cli_errors.py": frozenset({
        "test_case_16_gallery_refuses_to_clobber",  # gallery runs
        "test_case_21_gallery_json_stdout_is_json_only",
        "test_case_36_fuzzed_argv_never_escapes",  # property-based fuzzing of the whole command line
        "test_case_37_same_command_same_bytes",  # every format drawn twice
    }),
    # plugins in fresh processes, the example plugin installed with pip and its accuracy run
    "test_plugins.py": frozenset({
        "test_broken_plugins_are_reported_in_one_line_each_and_break_nothing",
        "test_plugins_load_only_when_needed",
        "test_example_plugin_installs_and_works_like_a_builtin",
        "test_example_plugin_passes_the_accuracy_tests",
    }),
    "test_expressions_safety.py": frozenset({"test_the_real_cli_refuses_escapes_with_exit_2_and_creates_no_file"}),
    "test_expressions.py": frozenset({"test_terminal_commands_on_expressions_import_no_matplotlib"}),
    "test_cli_text.py": frozenset({"test_real_bash_runs_the_installed_completion_script"}),
    "test_robust_fuzz.py": frozenset({"test_argv_fuzz"}),
}
"""Whole-gallery, end-to-end and subprocess tests inside otherwise fast modules, by function name."""


SAMPLED_TESTS: dict[str, dict[str, int]] = {
    "test_cli.py": {"test_every_function_works_in_every_command": 3},
    "test_cli_errors.py": {
        "test_case_27_extreme_inputs": 2,
        "test_case_28_derivative_at_kinks_follows_the_flavour_convention": 3,
    },
    "test_cli_text.py": {
        "test_info_uses_one_notation": 3,
        "test_info_claims_no_flavour_where_no_framework_defines_it": 3,
    },
    "test_robust_params.py": {"test_cli_commands_work_at_the_domain_edges": 3},
    "test_info_model.py": {"test_every_field_of_the_model_is_in_every_writer": 3},
    "test_expressions.py": {
        "test_catalogue_function_as_expression_is_identical": 3,
        "test_expression_matches_mpmath_reference": 2,
    },
    "test_derivative_roots.py": {
        "test_relative_accuracy_next_to_derivative_zeros": 2,
        "test_float32_next_to_derivative_zeros": 2,
        "test_relative_accuracy_next_to_derivative_zeros_dense": 3,
    },
}
"""In-process command-line runs repeated for every function, flavour or parameter (``info`` and
``table`` end to end, 0.1–0.5 s each): the fast tier keeps every n-th case in collection order (the
first, the (n+1)-th, …), the others are ``slow``. Every function is still checked in the fast tier
through the library by the accuracy, kink-convention and property tests."""

SHARED_SEARCH_MODULES = frozenset({"test_derivative_roots.py"})
"""Modules whose tests for one case share a per-process cache (the mpmath search for the zeros of
f′ and f″): under ``-n 2`` the tests of one case run on one worker, so each search runs once."""


@functools.cache
def _command_of(app: typer.Typer) -> object:
    """The click group typer builds from ``app``, built once per test process.

    typer's ``CliRunner.invoke`` rebuilds it on every call (12 ms for ``actplot``, most of an
    in-process ``table`` run; about 10 s of CPU over the fast tier's ~850 in-process runs). The real
    command builds it once per process too, and the group keeps no state between invocations (every
    run gets a fresh click context and fresh ``actplot.cli.state``), so reusing it changes nothing a
    test can see; the build itself is still checked by every test's first run in a process and by
    every test that starts a real ``actplot`` process."""
    return typer.main.get_command(app)


typer.testing._get_command = _command_of  # the name typer's CliRunner.invoke calls


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Under ``-n N``: pytest-xdist's "loadgroup" scheduling, which honours ``xdist_group`` marks
    and schedules every other test as the default "load" does. The controller picks the scheduler;
    each worker (which parses the command line without ``-n``) tags the grouped tests' node ids."""
    if getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadgroup"
    if hasattr(config, "workerinput"):
        config.option.loadgroup = True


FAST_TIER = "not slow"
"""The mark expression of the fast tier, exactly as CONTRIBUTING.md writes it."""


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """In the fast tier the modules of :data:`SLOW_MODULES` are not even imported: every test in
    them would be deselected. Any other mark expression (or none) collects them as usual."""
    if collection_path.name in SLOW_MODULES and config.getoption("markexpr", "").strip() == FAST_TIER:
        return True
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    seen: dict[tuple[str, str], int] = {}
    for item in items:
        module = item.path.name
        function = getattr(item, "originalname", item.name)
        if module in SLOW_MODULES or function in SLOW_TESTS.get(module, ()):
            item.add_marker(pytest.mark.slow)
        every = SAMPLED_TESTS.get(module, {}).get(function)
        if every is not None:
            index = seen[(module, function)] = seen.get((module, function), -1) + 1
            if index % every:
                item.add_marker(pytest.mark.slow)
        callspec = getattr(item, "callspec", None)
        if module in SHARED_SEARCH_MODULES and callspec is not None and "case" in callspec.params:
            case = callspec.id.split("-", 1)[-1]  # the ids read "<order>-<case>"
            # xdist reads the group after the last "@" of a node id, and only if no "]" follows it
            item.add_marker(pytest.mark.xdist_group(re.sub(r"\W", "_", f"{module}:{case}")))
