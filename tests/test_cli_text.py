"""Help, completion and the words the CLI uses: help fits 80 columns, ``actplot help``, shell
completion at every position, the note for file-only options without ``-o``, parameter
did-you-mean with aliases, ``info`` text (flavour, notation) and the gallery's progress count."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import pytest
import typer
from typer.testing import CliRunner

import actplot
from actplot import registry
from actplot.cli import app, completion, console, help_format, options
from actplot.spec import ALL_FLAVORS, FAMILIES, FLAVORS, base_flavor

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "LINES": "40"}


def run(args: Sequence[str], env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env={**ENV, **(env or {})}, prog_name="actplot")


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


# --- help -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["", *command_names()])
def test_help_fits_80_columns(command: str):
    args = [command, "--help"] if command else ["--help"]
    result = run(args)
    assert result.exit_code == 0, result.stderr
    assert "Usage: actplot" in result.stdout
    wide = [line for line in result.stdout.splitlines() if len(line) > 80]
    assert not wide, f"lines over 80 columns in 'actplot {command} --help': {wide}"


@pytest.mark.parametrize("command", ["", *command_names()])
def test_help_command_matches_dash_dash_help(command: str):
    via_help = run(["help", command] if command else ["help"])
    via_option = run([command, "--help"] if command else ["--help"])
    assert via_help.exit_code == 0, via_help.stderr
    assert via_help.stdout == via_option.stdout


def test_help_command_unknown_names_suggest():
    result = run(["help", "comapre"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: no command 'comapre'") and "Did you mean 'compare'?" in result.stderr
    result = run(["help", "sigmoid"])
    assert result.exit_code == 2 and "actplot info sigmoid" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("line", "width", "expected"),
    [
        ("    actplot relu   # short", 40, ["    actplot relu   # short"]),
        (
            "    actplot gallery --check                  # exit 1 if the folder differs",
            60,
            ["    # exit 1 if the folder differs", "    actplot gallery --check"],
        ),
        (
            "  actplot compare aaaaaaaa bbbbbbbb cccccccc dddddddd",
            30,
            ["  actplot compare aaaaaaaa \\", "      bbbbbbbb cccccccc \\", "      dddddddd"],
        ),
    ],
)
def test_fit_example(line: str, width: int, expected: list[str]):
    assert help_format.fit_example(line, width) == expected


# --- completion -------------------------------------------------------------------------------


def complete(words: str) -> list[str]:
    """What zsh would offer after ``words`` (a trailing space: a new word is being started)."""
    result = run([], env={"_ACTPLOT_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words})
    assert result.exit_code == 0, result.stderr
    found = re.findall(r'"((?:[^"\\]|\\.)*)"(?::"(?:[^"\\]|\\.)*")?', result.stdout)
    return [re.sub(r"\\+:", ":", value) for value in found]  # zsh's escaped colons


def complete_bash(words: list[str]) -> list[str]:
    env = {"_ACTPLOT_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(words), "COMP_CWORD": str(len(words) - 1)}
    result = run([], env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout.split()


def test_complete_names_at_the_top_and_after_commands():
    assert "sigmoid" in complete("actplot sigm")
    assert "plot" in complete("actplot pl")
    for command in ("plot", "compare", "table", "info"):
        assert "softplus" in complete(f"actplot {command} softp"), command
    assert "swish" in complete("actplot compare relu sw")  # an alias, at the second position
    assert "logistic" in complete("actplot compare relu elu lo")


def test_complete_flavours_after_at():
    def offered(spec) -> list[str]:  # the flavours and the variants of those flavours (keras3:jax with keras3)
        return [f"{spec.name}@{fl}" for fl in ALL_FLAVORS if base_flavor(fl) in spec.frameworks]

    for spec in registry.SPECS[:12]:
        assert complete(f"actplot {spec.name}@") == offered(spec)
    with_keras = next(s for s in registry.SPECS if "keras2" in s.frameworks)
    assert complete(f"actplot compare relu {with_keras.name}@ke") == [
        name for name in offered(with_keras) if name.partition("@")[2].startswith("ke")
    ]
    assert "gelu@keras3:jax" in complete("actplot gelu@")


def test_complete_parameters_after_colon():
    spec = registry.lookup("leaky_relu")
    offered = complete("actplot leaky_relu:")
    assert {f"leaky_relu:{p.name}=" for p in spec.params} <= set(offered)
    assert "leaky_relu:alpha=" in offered  # aliases too
    assert complete("actplot leaky_relu:negative_slope=0.1") == []  # a value: nothing to guess
    elu = registry.lookup("elu")
    assert complete("actplot table elu:al") == [f"elu:{p.name}=" for p in elu.params if p.name.startswith("al")]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("actplot sigmoid --theme ", ["light", "dark", "grayscale"]),
        ("actplot relu -d --theme d", ["dark"]),
        ("actplot compare relu elu --theme g", ["grayscale"]),
        ("actplot -q relu --flavor ", list(ALL_FLAVORS)),
        ("actplot --flavor ", list(ALL_FLAVORS)),
        ("actplot relu --format ", ["png", "svg", "pdf"]),
        ("actplot compare relu elu -f s", ["svg"]),
        ("actplot table relu --format ", ["table", "csv", "long-csv", "json", "markdown", "latex"]),
        ("actplot list --format ", ["table", "csv", "json", "markdown"]),
        ("actplot info relu --format ", ["text", "json", "markdown"]),
        ("actplot list --family ", [f.replace(" ", "-").replace("/", "-") for f in FAMILIES]),
        ("actplot list --family exp", ["exponential-unit"]),  # one shell word: --family ignores separators
        ("actplot list --family sh", ["shrinkage"]),
        ("actplot relu --layout ", ["overlay", "grid"]),
        ("actplot gallery --format png,", ["png,svg", "png,pdf"]),
        ("actplot gallery --theme ", ["light", "dark", "grayscale"]),
        ("actplot help comp", ["compare"]),
    ],
)
def test_complete_option_values(words: str, expected: list[str]):
    assert complete(words) == expected


def test_complete_in_bash_too():
    assert complete_bash(["actplot", "relu", "--theme", "d"]) == ["dark"]
    assert "sigmoid" in complete_bash(["actplot", "compare", "relu", "sig"])
    gelu = registry.lookup("gelu")
    assert complete_bash(["actplot", "gelu@"]) == [f"gelu@{fl}" for fl in ALL_FLAVORS if base_flavor(fl) in gelu.frameworks]


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        # bash splits at ':' and '=' and replaces only its last word: completions must fit that word
        (["actplot", "leaky_relu", ":"], [":negative_slope=", ":alpha="]),
        (["actplot", "leaky_relu", ":", "neg"], ["negative_slope="]),
        (["actplot", "compare", "relu", "leaky_relu", ":", "al"], ["alpha="]),
        (["actplot", "threshold", ":", "threshold", "=", "1,"], ["1,value="]),
        (["actplot", "threshold", ":", "threshold", "=", "1,v"], ["1,value="]),
        (["actplot", "relu", "--theme", "=", "d"], ["dark"]),
    ],
)
def test_bash_word_breaks_inside_specs(words: list[str], offered: list[str]):
    assert complete_bash(words) == offered


def test_glue_bash_words():
    words = ["actplot", "leaky_relu", ":", "negative_slope", "=", "0.1"]
    assert completion.glue_bash_words(words, 5) == (["actplot"], "leaky_relu:negative_slope=0.1", "leaky_relu:negative_slope=")
    assert completion.glue_bash_words(["actplot", "relu", ""], 2) == (["actplot", "relu"], "", "")
    assert completion.glue_bash_words(["actplot", "relu"], 2) == (["actplot", "relu"], "", "")


def test_completion_imports_no_matplotlib():
    import subprocess
    import sys

    code = (
        "import os, sys; os.environ.update(_ACTPLOT_COMPLETE='complete_zsh', _TYPER_COMPLETE_ARGS='actplot relu --theme ');"
        "sys.argv = ['actplot']\n"
        "from actplot.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('MPL' if 'matplotlib' in sys.modules else 'CLEAN')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "dark" in out.stdout and out.stdout.strip().endswith("CLEAN"), out.stdout + out.stderr


# --- the note for file-only options -----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["relu", "--dpi", "200"], ["--dpi"]),
        (["relu", "--theme", "dark", "--size", "4x3"], ["--theme", "--size"]),
        (["compare", "relu", "elu", "--no-grid", "--centered-axes"], ["--centered-axes", "--no-grid"]),
        (["relu", "--font-size", "12", "--transparent"], ["--font-size", "--transparent"]),
    ],
)
def test_file_only_options_without_output_get_a_note(args: list[str], named: list[str]):
    result = run(args)
    assert result.exit_code == 0, result.stderr
    assert any(0x2800 <= ord(ch) < 0x2900 for ch in result.stdout)  # the braille chart is still drawn
    notes = [line for line in result.stderr.splitlines() if line.startswith("Note:")]
    assert len(notes) == 1, result.stderr
    assert all(flag in notes[0] for flag in named) and "-o FILE" in notes[0]
    assert run(["-q", *args]).stderr == ""  # -q: no notes


def test_no_note_when_writing_a_file_or_without_file_options(tmp_path):
    result = run(["relu", "--dpi", "80", "-o", str(tmp_path / "r.png")])
    assert result.exit_code == 0 and "Note:" not in result.stderr
    result = run(["relu", "--ylim", "-1", "2", "--title", "ReLU"])  # terminal options: no note
    assert result.exit_code == 0 and result.stderr == ""


def test_file_only_params_exist_on_plot_and_compare():
    group = typer.main.get_command(app)
    for name in ("plot", "compare"):
        params = {p.name for p in group.commands[name].params}  # type: ignore[attr-defined]
        assert {"theme", "size", "dpi", "centered_axes", "grid"} <= params & options.FILE_ONLY_PARAMS
        assert {"font_size", "line_width", "transparent", "svg_text"} <= params & options.FILE_ONLY_PARAMS


# --- did-you-mean for parameters --------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec_text", "suggestion"),
    [
        ("leaky_relu:alpah=0.1", "alpha"),  # a typo of the alias
        ("leaky_relu:negative_slop=0.1", "negative_slope"),  # a typo of the name
        ("elu:alpah=1", "alpha"),
    ],
)
def test_parameter_did_you_mean_knows_aliases(spec_text: str, suggestion: str):
    result = run([spec_text])
    assert result.exit_code == 2 and result.stdout == ""
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and f"Did you mean {suggestion!r}?" in line
    with pytest.raises(actplot.ParameterError, match=f"Did you mean {suggestion!r}"):
        actplot.get(spec_text)


def test_unknown_parameter_lists_aliases():
    result = run(["leaky_relu:slope=0.1"])
    assert "negative_slope (alias alpha)" in result.stderr


# --- info: flavour and notation ---------------------------------------------------------------

NO_FRAMEWORK = [s.name for s in registry.SPECS if not s.frameworks]
WITH_FRAMEWORK = [s.name for s in registry.SPECS if s.frameworks]


@pytest.mark.parametrize("name", NO_FRAMEWORK)
def test_info_claims_no_flavour_where_no_framework_defines_it(name: str):
    text = run(["info", name]).stdout
    flavour_line = next(line for line in text.splitlines() if line.startswith("flavour"))
    assert "none" in flavour_line and not any(fl in flavour_line for fl in FLAVORS)
    assert not re.search(r"\b(torch|keras2|keras3|jax)\b", text.split("Kinks and jumps")[-1].split("Reference")[0])
    data = json.loads(run(["info", name, "--format", "json"]).stdout)
    assert data["flavor"] is None
    assert "flavour: none" in run(["info", name, "--format", "markdown"]).stdout


NOT_TORCH = [s.name for s in registry.SPECS if s.frameworks and "torch" not in s.frameworks]


@pytest.mark.parametrize("name", WITH_FRAMEWORK[:4] + NOT_TORCH)
def test_info_names_the_flavour_in_effect(name: str):
    spec = registry.lookup(name)

    def flavour_line(spec_text: str) -> str:
        text = run(["info", spec_text]).stdout
        return next(line for line in text.splitlines() if line.startswith("flavour"))

    if "torch" in spec.frameworks:
        assert flavour_line(name).split()[1] == "torch"
    else:  # the default flavour does not define it: none is in effect until one is chosen
        line = flavour_line(name)
        assert "none chosen" in line and all(fl in line for fl in spec.frameworks) and "torch" not in line
    chosen = list(spec.frameworks)[-1]
    assert flavour_line(f"{name}@{chosen}").split()[1] == chosen


@pytest.mark.parametrize("name", registry.names())
def test_info_uses_one_notation(name: str):
    text = run(["info", name]).stdout
    properties = text.split("Properties")[1].split("\n\n")[0]
    assert "range over \u211d" in properties and "f\u2032(\u2212\u221e)" in properties
    assert not re.search(r"(?<![\w.])-0(?![\w.])", text), "a '-0' in info"
    assert not re.search(r"(?<![A-Za-z])inf(?![A-Za-z])", properties), "'inf' instead of ∞"
    assert "Cinf" not in text and "f'" not in properties
    kinks = text.split("Kinks and jumps")
    if len(kinks) > 1:
        assert "f\u2032(x)" in kinks[1] and "f\u2033(x)" in kinks[1]


def test_info_range_is_the_image():
    text = run(["info", "hardshrink"]).stdout
    assert "(\u2212\u221e, \u22120.5) \u222a {0} \u222a (0.5, \u221e)" in text
    assert "{0} \u222a (1, \u221e)" in run(["info", "threshold"]).stdout
    ascii_text = run(["--ascii", "info", "threshold"]).stdout
    assert "range over R" in ascii_text and "{0} U (1, inf)" in ascii_text


def test_gallery_page_uses_the_notation():
    from actplot.gallery.index import function_entry

    props = function_entry(registry.lookup("hardshrink")).properties
    assert props is not None and props.range == "(\u2212\u221e, \u22120.5) \u222a {0} \u222a (0.5, \u221e)"
    sigmoid = function_entry(registry.lookup("sigmoid")).properties
    assert sigmoid is not None and sigmoid.smoothness == "C\u221e"


# --- gallery progress counts files ------------------------------------------------------------


def test_gallery_progress_counts_files(monkeypatch):
    import io

    from rich.console import Console

    from actplot.cli import gallery as cli_gallery
    from actplot.gallery.plan import function_item
    from actplot.gallery.summary import ItemResult

    monkeypatch.setattr(cli_gallery, "_stderr_is_terminal", lambda: True)
    monkeypatch.setattr(console, "make_console", lambda **kw: Console(file=io.StringIO(), force_terminal=True))
    progress = cli_gallery._Progress(enabled=True, files_per_item=2)
    with progress:
        progress.start(3)  # three figures, PNG and SVG each
        task = progress._progress.tasks[0]
        assert task.total == 6
        item = function_item("relu")
        progress.advance(ItemResult(item, statuses={"relu.png": "written", "relu.svg": "unchanged"}))
        assert task.completed == 2


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["threshold"], "f on [-2, 3]: {0} \u222a (1, 3]"),  # its declared window
        (["hardshrink"], "f on [-2, 2]: [\u22122, \u22120.5) \u222a {0} \u222a (0.5, 2]"),
        (["hardshrink", "--range", "0", "3"], "f on [0, 3]: {0} \u222a (0.5, 3]"),
        (["binary_step"], "f on [-6, 6]: {0, 1}"),
        (["binary_step", "--range", "1", "2"], "f on [1, 2]: 1 .. 1"),
        (["relu"], "f on [-6, 6]: 0 .. 6"),
    ],
)
def test_terminal_summary_shows_the_image_on_the_window(args: list[str], shown: str):
    result = run(args)
    assert result.exit_code == 0, result.stderr
    assert shown in result.stdout


def test_real_bash_runs_the_installed_completion_script(tmp_path):
    """The script that --install-completion writes, sourced in a real bash: the words go through
    bash's own splitting (COMP_WORDS joined by the script) and back into COMPREPLY."""
    import os
    import shutil
    import subprocess
    import sys

    bin_dir = os.path.dirname(sys.executable)
    path = bin_dir + os.pathsep + os.environ.get("PATH", "")
    bash, script = shutil.which("bash"), shutil.which("actplot", path=path)
    if bash is None or script is None:
        pytest.skip("needs bash and the installed actplot script (pip install -e .)")
    env = {**os.environ, "PATH": path, "_ACTPLOT_COMPLETE": "source_bash"}
    source = subprocess.run([script], env=env, capture_output=True, text=True, timeout=60).stdout
    (tmp_path / "actplot.bash").write_text(source, encoding="utf-8")
    env.pop("_ACTPLOT_COMPLETE")

    def reply(*words: str) -> list[str]:
        program = (
            f"source {tmp_path / 'actplot.bash'}; COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}; "
            '_actplot_completion actplot; printf "%s\\n" "${COMPREPLY[@]}"'
        )
        out = subprocess.run([bash, "-c", program], env=env, capture_output=True, text=True, timeout=60)
        return [line for line in out.stdout.splitlines() if line]

    assert reply("actplot", "leaky_relu", ":", "neg") == ["negative_slope="]
    assert reply("actplot", "compare", "relu", "gelu@j") == ["gelu@jax"]
    assert reply("actplot", "relu", "--theme", "gr") == ["grayscale"]
