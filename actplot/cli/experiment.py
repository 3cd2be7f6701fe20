"""The ``actplot experiment`` command group (signal, train, speed) and ``actplot claims``.

Importing this module is cheap (standard library, typer and :mod:`actplot.cli.console`, :mod:`actplot.cli.parsing`): NumPy,
rich, :mod:`actplot.experiments` and matplotlib are imported only when a command runs, and
matplotlib only when a file is drawn.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from actplot.cli import boundary, coercion, completion, console, group, help_format, parsing, state

if TYPE_CHECKING:
    from actplot.experiments.records import Record
    from actplot.experiments.runner import Job, Store

RECORDS_HELP = """Records (--format csv|json, or -o FILE.csv|FILE.json): one row per measurement
with the columns experiment, function, seed, step, metric, value."""

SIGNAL_METRICS_HELP = """Signal metrics (step = layer; seed = the seed index 0..N-1, spawned from --seed
with numpy.random.SeedSequence): act_mean, act_var, act_second_moment (E[a^2]), dead_fraction
(units exactly 0 for the whole batch), grad_norm (norm of the back-propagated gradient g*f'(z)
at the layer), nonfinite_layer (first layer whose values stopped being finite, if any)."""

TRAIN_METRICS_HELP = """Train metrics (step = epoch; seed = the seed index 0..N-1, spawned from --seed):
train_loss, train_accuracy (over
the epoch's mini-batches), test_loss, test_accuracy, dead_fraction (hidden units exactly 0 for
the whole training set), grad_norm_layer1..K (mean weight-gradient norm over the epoch; K =
depth+1 is the read-out), prelu_slope_layer1..depth (prelu only: its slope a is learned, one per
hidden layer starting at the SPEC's alpha; the value after each epoch). At step 0: parameters, final_test_accuracy (a diverged run counts as
chance level), diverged_epoch, epoch_seconds (only with --timing; not reproducible)."""

SPEED_METRICS_HELP = """Speed metrics (step 0; seed = the repeat): f_ns, df_ns, f_df_ns (ns per element)
and f_ratio, df_ratio, f_df_ratio (to relu, same repeat)."""

METRICS_HELP = "\n\n".join([RECORDS_HELP, SIGNAL_METRICS_HELP, TRAIN_METRICS_HELP, SPEED_METRICS_HELP])
"""Every record metric, for ``claims --help`` (each command's help shows its own)."""


RUN_HELP = """Runs are independent jobs (one per function and seed): -j N runs them in N local
processes, --dask ADDRESS on a Dask distributed cluster; each job uses one BLAS thread, so the
numbers are the same whatever -j or cluster. Finished runs are kept in a store (default
$ACTPLOT_STORE or ~/.cache/actplot/runs; --store DIR, --no-store), keyed by a hash of the
configuration, package version and code: an interrupted sweep resumes where it stopped, and
Ctrl-C (exit 130) leaves no half-written file."""


class _ExperimentGroup(help_format.HelpMixin, TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return coercion.use_plain_coercion(super().get_params(ctx))


experiment_app = typer.Typer(
    cls=_ExperimentGroup,
    name="experiment",
    help="""Measure how activation functions behave inside a network (NumPy MLP, analytic f').

    [bold]Examples[/bold]

      actplot experiment signal relu tanh selu --depth 50
      actplot experiment signal relu --init lecun --format csv > relu_lecun.csv
      actplot experiment train relu sigmoid tanh --task spirals --epochs 200 -o train.png
      actplot experiment train relu elu --task data.csv --optimizer adam
      actplot experiment speed relu sigmoid tanh gelu

    signal: a random deep network at initialisation, per layer. train: loss and accuracy curves,
    final test accuracy with a 95 % interval. speed: time per element as a ratio to relu.
    See each command's --help for its options and the record format.
    """,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

SpecsArg = Annotated[
    list[str] | None,
    typer.Argument(metavar="SPEC", help="Activations (element-wise, deterministic), e.g. relu tanh elu@jax.",
                   show_default=False, autocompletion=completion.complete_spec),
]
SeedsOpt = Annotated[int, typer.Option("--seeds", metavar="N", help="Networks per function (seed indices 0..N-1).")]
RootSeedOpt = Annotated[int, typer.Option("--seed", metavar="ROOT", help="Root seed of numpy.random.SeedSequence.")]
InitOpt = Annotated[
    str,
    typer.Option("--init", metavar="default|he|lecun|xavier",
                 help="Weight init; default: lecun for selu, he for rectifiers/exponential/gated units, xavier otherwise."),
]
DtypeOpt = Annotated[str, typer.Option("--dtype", metavar="float32|float64", help="Floating-point type of the arrays.")]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", metavar="N", help="Worker processes (default: all cores; 1: no workers).", show_default=False),
]
DaskOpt = Annotated[
    str | None,
    typer.Option("--dask", metavar="ADDRESS", help="Run the jobs on this Dask scheduler (e.g. tcp://host:8786).",
                 show_default=False),
]
StoreOpt = Annotated[
    str | None,
    typer.Option("--store", metavar="DIR", help="Folder of finished runs (default $ACTPLOT_STORE or ~/.cache/actplot/runs).",
                 show_default=False),
]
NoStoreOpt = Annotated[bool, typer.Option("--no-store", help="Neither reuse nor keep finished runs.")]
OutOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", metavar="FILE",
                 help="Write a figure (.png, .svg, .pdf) or the records (.csv, .json). Without -o: the terminal.",
                 show_default=False),
]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", metavar="csv|json", help="Print the records instead of the terminal view (JSON: nan -> null).",
                 show_default=False),
]


def _specs(specs: list[str] | None, example: str) -> list[str]:
    if not specs:
        raise parsing.usage_error(f"give at least one activation, e.g. {example}")
    from actplot.experiments.network import hidden_activation
    from actplot.experiments.train import LEARNED_MAXOUT

    out = []
    for text in specs:
        if text == LEARNED_MAXOUT:
            out.append(text)
            continue
        out.append(hidden_activation(parsing.resolve(text)).spec_string)
    return out


class _Output:
    """Where the result goes: terminal charts, records on stdout, a records file or a figure file."""

    def __init__(self, output: str | None, data_format: str | None) -> None:
        self.output = output
        self.data = parsing.choose("--format", data_format, ("csv", "json")) if data_format is not None else None
        self.image: str | None = None
        if output is not None:
            if output == "-" or not output.strip():
                raise parsing.usage_error("-o needs a file name; to print the records use --format csv|json")
            from actplot import _files

            suffix = Path(output).suffix.lower().lstrip(".")
            known = ("csv", "json", "png", "svg", "pdf")
            if self.data is not None and suffix in known and suffix != self.data:
                raise parsing.usage_error(
                    f"-o {output} says {suffix} but --format says {self.data}; make them agree "
                    f"(or drop --format: the extension decides)"
                )
            if self.data is None and suffix in ("csv", "json"):
                self.data = suffix
            elif self.data is None:
                if suffix not in ("png", "svg", "pdf"):
                    raise parsing.usage_error(
                        f"cannot tell what to write from {output!r}: use .png, .svg or .pdf for a figure, "
                        ".csv or .json for the records"
                    )
                self.image = suffix
            if Path(output).is_dir():
                raise parsing.usage_error(f"-o {output} is a directory; give a file name")
            problem = _files.folder_problem(Path(output))
            if problem is not None:
                from actplot.errors import OutputError

                raise OutputError(f"cannot write {output}: {problem}")

    @property
    def terminal(self) -> bool:
        return self.output is None and self.data is None

    def emit(self, kind: str, records: list[Record], title: str, summary: list[str],
             charts: Any = None, x_label: str = "layer") -> None:
        from actplot.experiments import records as rec

        if self.data is not None:
            text = rec.records_to_csv(records) if self.data == "csv" else rec.records_to_json(records) + "\n"
            if self.output is None:
                console.write_out(text)
            else:
                from actplot import _files

                _files.write_atomic(Path(self.output), text.encode("utf-8"))
                console.info(f"wrote {self.output} ({len(records)} records)")
            return
        if self.image is not None and self.output is not None:
            from actplot.experiments import figures

            fig = figures.draw(kind, records, title)
            figures.write_figure(fig, self.output, self.image, salt=f"experiment:{kind}:{title}")
            console.info(f"wrote {self.output} ({self.image.upper()})")
            for line in summary:
                console.write_out(line)
            return
        _print_terminal(records, title, summary, charts, x_label)


def _print_terminal(records: list[Record], title: str, summary: list[str], charts: Any, x_label: str) -> None:
    from actplot.experiments import terminal_view

    out = console.make_console()
    ascii_only = console.ascii_output(out.file)
    width = max(40, out.width)
    lines: list[Any] = [[(title, "bold")]]
    if charts:
        lines.extend(terminal_view.chart_lines(records, charts, width=width, ascii_only=ascii_only, x_label=x_label))
    lines.extend([[(text, None)] for text in summary])
    if ascii_only:
        lines = [[(console.asciify(text), style) for text, style in line] for line in lines]
    from actplot.views.styled_lines import to_rich

    out.print(to_rich(lines), end="", crop=True, soft_wrap=False)


def _store(store: str | None, no_store: bool) -> Store | None:
    from actplot.experiments.runner import Store, default_store

    if no_store:
        if store is not None:
            raise parsing.usage_error("--store and --no-store cannot be combined")
        return None
    if store is not None:
        return Store(store)
    folder = default_store()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        console.info(f"Note: runs are not kept (cannot create {folder}: {exc.strerror or exc}); use --store DIR")
        return None
    return Store(folder)


def _run(jobs: list[Job], *, workers: int | None, dask: str | None, store: Store | None, label: str) -> list[Record]:
    from actplot.experiments.runner import run_jobs

    if workers is not None and workers < 1:
        raise parsing.usage_error(f"--jobs must be at least 1, got {workers}")
    progress = _Progress(label, enabled=not state.state().quiet)
    try:
        with progress:
            return run_jobs(jobs, workers=workers, dask=dask, store=store, on_start=progress.start,
                            on_result=progress.advance)
    except KeyboardInterrupt:
        if store is not None:
            console.write_err(f"Finished runs are kept in {store.folder}; rerun the same command to resume.")
        raise


@experiment_app.command("signal", cls=group.ActplotCommand, epilog=boundary.EXIT_CODES_HELP,
                        help=help_format.help_text("""A random deep MLP at initialisation, per layer: mean, variance and E[a^2] of the
    activations, dead units, back-propagated gradient norm (median over seeds in the charts).

    [bold]Examples[/bold]

      actplot experiment signal selu --init lecun          # stays near mean 0, variance 1
      actplot experiment signal relu --init he             # E[a^2] constant with depth
      actplot experiment signal sigmoid tanh --depth 20 --init xavier -o vanish.png
      actplot experiment signal relu leaky_relu --width 2 --depth 30 --format csv

    The network: DEPTH square layers of WIDTH units, no biases, inputs a batch of standard-normal
    vectors; backward from a random upstream gradient with the catalogue's analytic f'
    (the flavour's convention at kinks).""", RUN_HELP, RECORDS_HELP, SIGNAL_METRICS_HELP))
def signal_command(
    specs: SpecsArg = None,
    depth: Annotated[int, typer.Option("--depth", metavar="N", help="Hidden layers.")] = 50,
    width: Annotated[int, typer.Option("--width", metavar="N", help="Units per layer.")] = 256,
    batch: Annotated[int, typer.Option("--batch", metavar="N", help="Inputs per batch.")] = 512,
    init: InitOpt = "default",
    seeds: SeedsOpt = 5,
    seed: RootSeedOpt = 0,
    dtype: DtypeOpt = "float32",
    jobs: JobsOpt = None,
    dask: DaskOpt = None,
    store: StoreOpt = None,
    no_store: NoStoreOpt = False,
    output: OutOpt = None,
    data_format: FormatOpt = None,
) -> None:
    from actplot.experiments.api import make_jobs
    from actplot.experiments.inits import check_init
    from actplot.experiments.network import hidden_activation
    from actplot.experiments.signal import SignalConfig
    from actplot.experiments.terminal_view import SIGNAL_PANELS, signal_summary

    target = _Output(output, data_format)
    config = SignalConfig(depth=depth, width=width, batch=batch, init=check_init(init),
                          dtype=parsing.choose("--dtype", dtype, ("float32", "float64")), root_seed=seed)
    job_list = make_jobs(_specs(specs, "actplot experiment signal relu tanh"), config, seeds)
    records = _run(job_list, workers=jobs, dask=dask, store=_store(store, no_store), label="signal")
    title = f"signal at initialisation: depth {depth}, width {width}, batch {batch}, init {init}, {seeds} seeds, {config.dtype}"
    from actplot.experiments.network import resolve_init

    inits = {act.label: resolve_init(config.init, act) for act in (hidden_activation(j.spec) for j in job_list[::seeds])}
    target.emit("signal", records, title, signal_summary(records, depth, inits), SIGNAL_PANELS, "layer")


@experiment_app.command("train", cls=group.ActplotCommand, epilog=boundary.EXIT_CODES_HELP,
                        help=help_format.help_text("""Train the same MLP with each function: loss and accuracy curves, final test accuracy
    with a 95 % interval, dead units, per-layer gradient norms, time per epoch.

    [bold]Examples[/bold]

      actplot experiment train relu sigmoid tanh                    # spirals, 3 x 64, 100 epochs
      actplot experiment train relu elu --task moons --optimizer adam --lr 0.01
      actplot experiment train relu leaky_relu --lr 1.0 -o dying.png
      actplot experiment train relu tanh --task digits              # needs actplot[digits]
      actplot experiment train relu tanh --task data.csv --format json

    Tasks: spirals, moons, circles, xor, checkerboard (generated from --seed: 600 training and
    300 test points), digits (scikit-learn's 8x8 digits; pip install 'actplot[digits]'), or a CSV
    file: numeric feature columns, then a label column, optional header; 75 % train, 25 % test.
    Softmax cross-entropy read-out; biases start at 0. A run whose loss stops being finite is
    reported as diverged at that epoch. The name maxout_learned trains learned 2-piece maxout
    layers (twice the weights of a plain layer) instead of a catalogue function.""", RUN_HELP, RECORDS_HELP, TRAIN_METRICS_HELP))
def train_command(
    specs: SpecsArg = None,
    task: Annotated[str, typer.Option("--task", metavar="NAME|FILE.csv",
                                      help="spirals, moons, circles, xor, checkerboard, digits or a CSV file.")] = "spirals",
    depth: Annotated[int, typer.Option("--depth", metavar="N", help="Hidden layers.")] = 3,
    width: Annotated[int, typer.Option("--width", metavar="N", help="Units per hidden layer.")] = 64,
    epochs: Annotated[int, typer.Option("--epochs", metavar="N", help="Passes over the training set.")] = 100,
    lr: Annotated[str, typer.Option("--lr", metavar="RATE", help="Learning rate.")] = "0.05",
    optimizer: Annotated[str, typer.Option("--optimizer", metavar="sgd|momentum|adam", help="Optimiser.")] = "sgd",
    batch_size: Annotated[int, typer.Option("--batch-size", metavar="N", help="Mini-batch size.")] = 64,
    init: InitOpt = "default",
    seeds: SeedsOpt = 5,
    seed: RootSeedOpt = 0,
    dtype: DtypeOpt = "float32",
    timing: Annotated[bool, typer.Option("--timing", help="Add epoch_seconds to the records (not reproducible).")] = False,
    jobs: JobsOpt = None,
    dask: DaskOpt = None,
    store: StoreOpt = None,
    no_store: NoStoreOpt = False,
    output: OutOpt = None,
    data_format: FormatOpt = None,
) -> None:
    from actplot.experiments.api import make_jobs, train_config_for
    from actplot.experiments.inits import check_init
    from actplot.experiments.optim import check_optimizer
    from actplot.experiments.terminal_view import TRAIN_PANELS, train_summary
    from actplot.experiments.train import TrainConfig

    target = _Output(output, data_format)
    config = train_config_for(TrainConfig(
        task=task, depth=depth, width=width, epochs=epochs, lr=parsing.parse_float("--lr", lr),
        optimizer=check_optimizer(optimizer), batch_size=batch_size, init=check_init(init),
        dtype=parsing.choose("--dtype", dtype, ("float32", "float64")), root_seed=seed,
        timing=timing or target.data is None,
    ))
    job_list = make_jobs(_specs(specs, "actplot experiment train relu tanh"), config, seeds)
    records = _run(job_list, workers=jobs, dask=dask, store=_store(store, no_store), label="train")
    task_name = Path(config.task).name
    title = (f"training on {task_name}: {depth} x {width}, {config.optimizer} lr {config.lr:g}, batch {batch_size}, "
             f"{epochs} epochs, init {init}, {seeds} seeds")
    target.emit("train", records, title, train_summary(records, epochs), TRAIN_PANELS, "epoch")


@experiment_app.command("speed", cls=group.ActplotCommand, epilog=boundary.EXIT_CODES_HELP,
                        help=help_format.help_text("""Time per element of f, f' and f+f' in actplot's core, as a ratio to relu timed
    in the same run.

    [bold]Examples[/bold]

      actplot experiment speed sigmoid tanh gelu
      actplot experiment speed relu elu --elements 1000000 --repeats 9 -o speed.png

    Each repeat times every function on the same array (order rotated between repeats); the
    best of 3 calls counts. Absolute times depend on the machine and its load; compare the
    ratios. Runs in this process (timings in parallel would disturb each other).""", RECORDS_HELP, SPEED_METRICS_HELP))
def speed_command(
    specs: SpecsArg = None,
    elements: Annotated[int, typer.Option("--elements", metavar="N", help="Array size.")] = 1 << 18,
    repeats: Annotated[int, typer.Option("--repeats", metavar="N", help="Timed repeats.")] = 5,
    dtype: DtypeOpt = "float32",
    output: OutOpt = None,
    data_format: FormatOpt = None,
) -> None:
    from actplot.experiments.speed import SpeedConfig, speed_records
    from actplot.experiments.terminal_view import speed_summary

    target = _Output(output, data_format)
    config = SpeedConfig(elements=elements, repeats=repeats, dtype=parsing.choose("--dtype", dtype, ("float32", "float64")))
    records = speed_records(_specs(specs, "actplot experiment speed sigmoid tanh"), config)
    title = f"time per element ({elements} elements, {config.dtype}, median of {repeats} repeats)"
    target.emit("speed", records, title, speed_summary(records))


def claims(
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="DIR", help="Also write DIR/README.md with its figures.", show_default=False),
    ] = None,
    seeds: Annotated[int | None, typer.Option("--seeds", metavar="N", help="Seeds per comparison (default: each claim's own).",
                                              show_default=False)] = None,
    jobs: JobsOpt = None,
    dask: DaskOpt = None,
    store: StoreOpt = None,
    no_store: NoStoreOpt = False,
    data_format: FormatOpt = None,
) -> None:
    """Test the usual claims about activation functions by experiment, each with a verdict.

    [bold]Examples[/bold]

      actplot claims                     # the table, in about a minute or two on 2 cores
      actplot claims -o evidence         # also evidence/README.md and its figures
      actplot claims --format csv        # every record behind the table

    Each claim names its experiment and setting, the measured figure with its 95 % interval
    (Student t over seeds; comparisons use per-seed paired differences), and a verdict:
    supported, contradicted, or inconclusive at this setting. The rule is printed with the
    table.
    """
    from actplot.experiments import claims as claims_module

    if seeds is not None and not 2 <= seeds <= 100:
        raise parsing.usage_error(f"--seeds must be between 2 and 100, got {seeds}")
    if jobs is not None and jobs < 1:
        raise parsing.usage_error(f"--jobs must be at least 1, got {jobs}")
    data = parsing.choose("--format", data_format, ("csv", "json")) if data_format is not None else None
    out_dir = Path(output) if output is not None else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise parsing.usage_error(f"-o {output} is a file; give a folder")
    store_obj: Store | None = _store(store, no_store)
    progress = _Progress("claims", enabled=not state.state().quiet)
    try:
        with progress:
            result = claims_module.run_claims(workers=jobs, dask=dask, store=store_obj, seeds=seeds,
                                              on_start=progress.start, on_result=progress.advance)
    except KeyboardInterrupt:
        if store_obj is not None:
            console.write_err(f"Finished runs are kept in {store_obj.folder}; rerun to resume.")
        raise
    if data is not None:
        from actplot.experiments import records as rec

        console.write_out(rec.records_to_csv(result.records) if data == "csv" else rec.records_to_json(result.records))
    else:
        from actplot.experiments.report import claims_table_lines

        for line in claims_table_lines(result):
            console.write_out(line)
    if out_dir is not None:
        from actplot.experiments.report import write_report

        written = write_report(result, out_dir)
        console.info(f"wrote {out_dir / 'README.md'} and {len(written) - 1} figure(s)")


class _Progress:
    """A rich progress bar on stderr, only when stderr is a terminal and -q is not given."""

    def __init__(self, label: str, *, enabled: bool) -> None:
        self.label = label
        self.enabled = enabled
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            with contextlib.suppress(Exception):
                self._progress.stop()
            self._progress = None

    def start(self, total: int) -> None:
        if not self.enabled or total < 2 or not _stderr_is_terminal():
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        err = console.make_console(stderr=True)
        if not err.is_terminal:
            return
        self._progress = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                  console=err, transient=True)
        self._progress.start()
        self._task = self._progress.add_task("", total=total)

    def advance(self, job: object) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=1)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):
        return False
