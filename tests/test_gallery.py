"""actplot.gallery and ``actplot gallery``: files, index, determinism, check, failures, interruption."""

from __future__ import annotations

import dataclasses
import html.parser
import json
import os
import re
import signal
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import actplot
from actplot import _files, registry
from actplot.errors import ActplotError, UnknownActivationError
from actplot.gallery import draw, flavors, folder, index, plan, runner
from actplot.gallery.summary import GalleryInterrupted
from actplot.spec import FAMILIES

NAMES = actplot.names()
FEW = NAMES[:3]


def small_family() -> str:
    """The family with the fewest members (at least 2), to keep runs short."""
    sizes = {f: sum(1 for s in actplot.SPECS if s.family == f) for f in FAMILIES}
    candidates = [f for f, n in sizes.items() if n >= 2]
    return min(candidates, key=lambda f: (sizes[f], f))


def files_of(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def temp_files(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if _files.is_temp_file(p.name)]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def assert_image_ok(path: Path, item: plan.Item, dpi: float) -> None:
    data = path.read_bytes()
    width, height = draw.item_size(item)
    if path.suffix == ".png":
        image = Image.open(BytesIO(data))
        image.verify()
        assert image.size == (round(width * dpi), round(height * dpi)) == png_size(data)
    elif path.suffix == ".svg":
        root = ET.fromstring(data)
        assert root.get("width") == f"{width * 72:g}pt" and root.get("height") == f"{height * 72:g}pt"
    elif path.suffix == ".pdf":
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
        assert box is not None and (float(box.group(1)), float(box.group(2))) == (width * 72, height * 72)
    else:  # pragma: no cover
        raise AssertionError(path)


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.targets.append(values["href"] or "")
        if tag == "img" and values.get("src"):
            self.targets.append(values["src"] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")


def index_links(directory: Path) -> tuple[list[str], list[str], set[str]]:
    parser = _Links()
    parser.feed((directory / "index.html").read_text(encoding="utf-8"))
    md = (directory / "index.md").read_text(encoding="utf-8")
    md_targets = re.findall(r"\]\(([^)\s]+)\)", md) + re.findall(r'(?:href|src)="([^"]+)"', md)
    return parser.targets, md_targets, parser.ids


def assert_links_exist(directory: Path) -> None:
    html_targets, md_targets, ids = index_links(directory)
    assert html_targets and md_targets
    for target in html_targets:
        if target.startswith("#"):
            assert target[1:] in ids, f"index.html links to missing anchor {target}"
        elif not target.startswith(("http://", "https://")):
            assert (directory / target).is_file(), f"index.html links to missing {target}"
    for target in md_targets:
        if not target.startswith(("#", "http://", "https://")):
            assert (directory / target).is_file(), f"index.md links to missing {target}"


# --- planning --------------------------------------------------------------------------------------------


def test_plan_follows_the_registry() -> None:
    items = plan.plan()
    functions = [it.key for it in items if it.kind == "function"]
    assert functions == NAMES
    families = [it.key for it in items if it.kind == "family"]
    assert families == [f for f in FAMILIES if any(s.family == f for s in actplot.SPECS)]
    stems = [it.stem for it in items]
    assert len(stems) == len(set(stems))
    assert all(it.stem == f"family-{plan.family_slug(it.key)}" for it in items if it.kind == "family")


def test_plan_only_names_aliases_and_families() -> None:
    items = plan.plan([f"{NAMES[0]},{NAMES[1]}"])
    assert [it.key for it in items] == NAMES[:2]
    alias_spec = next((s for s in actplot.SPECS if s.aliases), None)
    if alias_spec is not None:
        assert [it.key for it in plan.plan([alias_spec.aliases[0]])] == [alias_spec.name]
    family = small_family()
    items = plan.plan([plan.family_slug(family).upper()])
    members = [s.name for s in actplot.SPECS if s.family == family]
    assert [it.key for it in items] == [*members, family, family]
    assert [it.kind for it in items][-2:] == ["family", "family-derivative"]
    with pytest.raises(UnknownActivationError) as info:
        plan.plan(["sigmoidd"])
    assert info.value.exit_code == 2
    with pytest.raises(ActplotError, match="rectifier"):
        plan.plan(["rectifer"])
    with pytest.raises(ActplotError):
        plan.plan([" , "])


def test_flavor_groups() -> None:
    for spec in actplot.SPECS:
        groups = flavors.flavor_groups(spec)
        # a group = one set of parameters and one choice of f′ at each kink
        keys = [(tuple(g.act.params.items()), tuple(g.act.derivative(np.array([k.x for k in g.act.kinks] or [0.0]))))
                for g in groups]
        assert len(keys) == len(set(keys)), spec.name
        flavors_seen = [f for g in groups for f in g.flavors]
        assert len(flavors_seen) == len(set(flavors_seen))
        if len(groups) > 1:
            assert set(flavors_seen) == set(spec.frameworks)
        for g in groups:  # every flavor in a group gives the same f′ at the kinks
            for flavor in g.flavors:
                act = registry.get(spec.name, flavor=flavor)
                xs = np.array([k.x for k in act.kinks] or [0.0])
                assert np.array_equal(act.derivative(xs), g.act.derivative(xs), equal_nan=True), (spec.name, flavor)
    # leaky_relu: torch and jax share the slope 0.01 but not f′(0) (0.01 vs 1); hard_tanh likewise at ±1
    expected = {"hard_sigmoid": 2, "gelu": 2, "leaky_relu": 4, "hard_tanh": 2}
    for name, n in expected.items():
        groups = flavors.flavor_groups(registry.lookup(name))
        assert len(groups) == n, (name, [g.label for g in groups])
    labels = [g.label for g in flavors.flavor_groups(registry.lookup("gelu"))]
    assert any("jax" in label and "tanh" in label for label in labels)
    labels = [g.label for g in flavors.flavor_groups(registry.lookup("leaky_relu"))]
    assert "torch (negative_slope=0.01; f′(0) = 0.01)" in labels
    assert "jax (negative_slope=0.01; f′(0) = 1)" in labels


def test_flavor_figure_overlays_each_group() -> None:
    name = "hard_sigmoid"
    item = plan.function_item(name)
    fig = draw.draw_item(item, plan.Settings(out_dir="unused"))
    groups = flavors.flavor_groups(registry.lookup(name))
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == [g.label for g in groups]
    assert len(fig.axes) >= 2  # f and f' panels


# --- small runs -------------------------------------------------------------------------------------------


def test_run_writes_registry_files_and_is_deterministic(tmp_path: Path) -> None:
    out = tmp_path / "g"
    summary = runner.run(out, only=FEW, formats=["png,svg,pdf"], jobs=1, index=True)
    assert summary.exit_code == 0 and not summary.failures
    expected = {f"{n}.{fmt}" for n in FEW for fmt in ("png", "svg", "pdf")} | set(plan.INDEX_FILES)
    assert set(files_of(out)) == expected
    for item in plan.plan(FEW):
        for fmt in ("png", "svg", "pdf"):
            assert_image_ok(out / f"{item.stem}.{fmt}", item, plan.DEFAULT_DPI)
    assert_links_exist(out)
    first = files_of(out)
    # rerun in parallel: nothing changes, every file reported up to date
    again = runner.run(out, only=FEW, formats=["png", "svg", "pdf"], jobs=2, index=True)
    assert again.exit_code == 0
    assert again.names(folder.UNCHANGED) == sorted(expected)
    assert files_of(out) == first
    # a fresh folder rendered by workers is byte-identical to the sequential one
    other = tmp_path / "h"
    runner.run(other, only=FEW, formats=["png,svg,pdf"], jobs=2, index=True)
    assert files_of(other) == first


def test_dpi_changes_png_size(tmp_path: Path) -> None:
    summary = runner.run(tmp_path, only=FEW[:1], formats=["png"], jobs=1, dpi=50)
    assert summary.exit_code == 0
    item = plan.plan(FEW[:1])[0]
    assert_image_ok(tmp_path / f"{item.stem}.png", item, 50)


def test_family_sheet_and_index(tmp_path: Path) -> None:
    family = small_family()
    summary = runner.run(tmp_path, only=[family], formats=["svg"], jobs=2, index=True)
    assert summary.exit_code == 0, summary.failures
    sheet = f"family-{plan.family_slug(family)}.svg"
    assert sheet in files_of(tmp_path)
    members = [s.name for s in actplot.SPECS if s.family == family]
    html_text = (tmp_path / "index.html").read_text(encoding="utf-8")
    md_text = (tmp_path / "index.md").read_text(encoding="utf-8")
    for name in members:
        assert f'id="fn-{name}"' in html_text
        assert f"`{name}`" in md_text
        props = actplot.get(name).properties()
        assert props.monotonic in html_text
    assert 'href="http' not in html_text.split("<main>")[0]  # no external assets
    # standalone: the filter script is inline, the only <link> is an empty data: icon
    assert not re.search(r'<(?:script|link|img)[^>]*(?:src|href)="(?:https?:)?//', html_text)
    assert re.findall(r"<link[^>]*>", html_text) == ['<link rel="icon" href="data:,">']
    assert "<script src" not in html_text
    assert_links_exist(tmp_path)


def test_index_lists_properties_and_flavors() -> None:
    items = plan.plan(FEW)
    entries = [index.function_entry(registry.lookup(n)) for n in FEW]
    pages = runner.index_pages(items, entries, ("png", "svg"))
    for entry in entries:
        props = entry.properties
        assert props is not None, entry.properties_error  # computed, not unavailable
        assert all((props.range, props.monotonic, props.smoothness, props.df0))
        for text in pages.values():
            assert props.range.replace("<", "&lt;") in text or props.range in text
    spec = registry.lookup(FEW[0])
    for flavor in spec.frameworks:
        assert flavor in pages["index.md"]


def test_conflicts_are_refused_without_force(tmp_path: Path) -> None:
    runner.run(tmp_path, only=FEW[:2], formats=["png"], jobs=1)
    victim = tmp_path / f"{FEW[0]}.png"
    victim.write_bytes(b"edited by hand")
    (tmp_path / f"{FEW[1]}.png").unlink()
    summary = runner.run(tmp_path, only=FEW[:2], formats=["png"], jobs=1)
    assert summary.exit_code == 2
    assert summary.conflicts == [victim.name]
    assert victim.read_bytes() == b"edited by hand"
    assert (tmp_path / f"{FEW[1]}.png").is_file()  # missing files are still completed
    forced = runner.run(tmp_path, only=FEW[:2], formats=["png"], jobs=1, force=True)
    assert forced.exit_code == 0 and forced.names(folder.OVERWRITTEN) == [victim.name]
    assert victim.read_bytes().startswith(b"\x89PNG")


def test_check_detects_changed_function(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner.run(tmp_path, only=FEW, formats=["svg"], jobs=1, index=True)
    clean = runner.run(tmp_path, only=FEW, formats=["svg"], jobs=1, index=True, check=True)
    assert clean.exit_code == 0 and clean.clean
    before = files_of(tmp_path)
    spec = registry.lookup(FEW[1])
    changed_kernel = dataclasses.replace(spec, value=lambda x, **p: spec.value(x, **p) * 1.01 + 0.01)
    with registry.registered(changed_kernel, replace=True):
        stale = runner.run(tmp_path, only=FEW, formats=["svg"], jobs=2, index=True, check=True)
    assert stale.exit_code == 1
    assert f"{spec.name}.svg" in stale.stale
    assert f"{FEW[0]}.svg" not in stale.stale
    assert files_of(tmp_path) == before  # --check writes nothing
    with registry.registered(dataclasses.replace(spec, formula_text="changed(x)"), replace=True):
        stale = runner.run(tmp_path, only=FEW, formats=["svg"], jobs=1, index=True, check=True)
    assert stale.stale == ["index.html", "index.md"]
    (tmp_path / f"{FEW[2]}.svg").unlink()
    missing = runner.run(tmp_path, only=FEW, formats=["svg"], jobs=1, index=True, check=True)
    assert missing.missing == [f"{FEW[2]}.svg"] and missing.exit_code == 1
    with pytest.raises(ActplotError):
        runner.run(tmp_path, only=FEW, check=True, force=True)


def _failing_draw(name: str):
    real = draw.draw_item

    def failing(item, settings, figure=None):
        if item.key == name:
            raise RuntimeError("renderer exploded")
        return real(item, settings, figure)

    return failing


@pytest.mark.parametrize("jobs", [1, 2])
def test_partial_failure_is_reported_and_others_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    monkeypatch.setattr(draw, "draw_item", _failing_draw(FEW[1]))
    summary = runner.run(tmp_path, only=FEW, formats=["png", "svg"], jobs=jobs, index=True)
    assert summary.exit_code == 1
    assert list(summary.failures) == [FEW[1]] and "renderer exploded" in summary.failures[FEW[1]]
    written = set(files_of(tmp_path))
    assert written == {f"{n}.{fmt}" for n in (FEW[0], FEW[2]) for fmt in ("png", "svg")}
    assert not summary.index_written and "index" in summary.index_note
    assert temp_files(tmp_path) == []
    monkeypatch.undo()
    rerun = runner.run(tmp_path, only=FEW, formats=["png", "svg"], jobs=jobs, index=True)
    assert rerun.exit_code == 0
    assert len(rerun.names(folder.UNCHANGED)) == 4


def test_interrupt_in_process_leaves_whole_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real_replace = os.replace

    def replace(src, dst):
        calls["n"] += 1
        if calls["n"] == 3:  # Ctrl-C while the third file is being moved into place
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(_files.os, "replace", replace)
    with pytest.raises(GalleryInterrupted) as info:
        runner.run(tmp_path, only=FEW, formats=["png", "svg"], jobs=1, index=True)
    summary = info.value.summary
    assert summary.interrupted and summary.exit_code == 130
    assert summary.done == 2 and len(summary.planned) == 2 * len(FEW) + 2
    assert "interrupted after 2 of" in str(info.value)
    assert temp_files(tmp_path) == []
    monkeypatch.undo()
    partial = files_of(tmp_path)
    assert len(partial) == 2
    done = runner.run(tmp_path, only=FEW, formats=["png", "svg"], jobs=1, index=True)
    assert done.exit_code == 0
    for name, data in partial.items():  # the finished files were whole: the rerun keeps them
        assert done.statuses[name] == folder.UNCHANGED and (tmp_path / name).read_bytes() == data


def test_leftover_temp_files_are_swept(tmp_path: Path) -> None:
    stray = tmp_path / f".{FEW[0]}.png.tmp-0123abcd"
    stray.write_bytes(b"half a png")
    foreign = tmp_path / ".notes.tmp-0123abcd"
    foreign.write_bytes(b"not ours")
    runner.run(tmp_path, only=FEW[:1], formats=["png"], jobs=1)
    assert not stray.exists() and foreign.exists()


def test_worker_settings_are_validated(tmp_path: Path) -> None:
    with pytest.raises(ActplotError, match="format"):
        runner.run(tmp_path, only=FEW[:1], formats=["gif"])
    with pytest.raises(ActplotError, match="jobs"):
        runner.run(tmp_path, only=FEW[:1], jobs=0)
    with pytest.raises(ActplotError, match="theme"):
        runner.run(tmp_path, only=FEW[:1], theme="neon")


# --- the command line ------------------------------------------------------------------------------------


def _cli(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "actplot", *args], capture_output=True, text=True, env=env, **kwargs)


def test_cli_json_summary_and_exit_codes(tmp_path: Path) -> None:
    out = tmp_path / "g"
    result = _cli("gallery", "-o", str(out), "--only", ",".join(FEW[:2]), "-f", "svg", "-j", "2", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)  # stdout holds the JSON summary only
    assert data["written"] == sorted(f"{n}.svg" for n in FEW[:2]) and data["exit_code"] == 0
    assert "2 of 2 files" in result.stderr
    (out / f"{FEW[0]}.svg").write_text("<svg/>")
    result = _cli("gallery", "-o", str(out), "--only", ",".join(FEW[:2]), "-f", "svg", "-q")
    assert result.returncode == 2 and result.stdout == ""
    assert "refusing to overwrite 1 file" in result.stderr and f"{FEW[0]}.svg" in result.stderr
    result = _cli("gallery", "-o", str(out), "--only", ",".join(FEW[:2]), "-f", "svg", "--check")
    assert result.returncode == 1 and f"stale (1): {FEW[0]}.svg" in result.stderr
    result = _cli("gallery", "-o", str(out), "--only", "nonesuch")
    assert result.returncode == 2 and result.stderr.startswith("Error:") and "Traceback" not in result.stderr
    result = _cli("gallery", "-o", str(out), "-f", "gif")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_cli_gallery_module_is_light() -> None:
    code = (
        "import sys, actplot.cli.gallery; assert 'matplotlib' not in sys.modules; "
        "assert not [m for m in sys.modules if m.startswith('actplot.gallery.')], sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_quickly_and_rerun_completes(tmp_path: Path) -> None:
    out = tmp_path / "g"
    names = ",".join(NAMES[:16])
    args = [sys.executable, "-m", "actplot", "gallery", "-o", str(out), "--only", names, "-f", "png,svg", "-j", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if out.is_dir() and any(p.suffix in (".png", ".svg") for p in out.iterdir()):
            break
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.skip("the run finished before it could be interrupted")
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=30)
    elapsed = time.monotonic() - sent
    assert proc.returncode == 130, stderr
    assert elapsed < 3.0, f"took {elapsed:.2f} s to stop"
    match = re.search(r"Interrupted after (\d+) of (\d+) files", stderr)
    assert match is not None, stderr
    assert int(match.group(2)) == 2 * 16
    assert "Traceback" not in stderr and stdout == ""
    assert temp_files(out) == []
    for path in out.iterdir():  # every file that exists is whole
        if path.suffix == ".png":
            Image.open(path).verify()
        elif path.suffix == ".svg":
            ET.parse(path)
    rerun = subprocess.run([*args, "--json"], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    data = json.loads(rerun.stdout)
    assert data["done"] == 32 and not data["conflicts"]


# --- the whole gallery (one run) ----------------------------------------------------------------------------


def test_full_gallery_matches_registry(tmp_path: Path) -> None:
    summary = runner.run(tmp_path, formats=["png"], jobs=2)
    if summary.failures:
        pytest.fail(f"functions failed to render: {summary.failures}")
    items = plan.plan()
    expected = {f"{it.stem}.png" for it in items} | set(plan.INDEX_FILES)
    assert set(files_of(tmp_path)) == expected
    assert len([it for it in items if it.kind == "function"]) == len(NAMES)
    for item in items:
        assert_image_ok(tmp_path / f"{item.stem}.png", item, plan.DEFAULT_DPI)
    assert_links_exist(tmp_path)
    html_text = (tmp_path / "index.html").read_text(encoding="utf-8")
    for name in NAMES:
        assert f'id="fn-{name}"' in html_text
    check = runner.run(tmp_path, formats=["png"], jobs=2, check=True)
    assert check.exit_code == 0, (check.stale, check.missing, check.extra)
    (tmp_path / "stray.png").write_bytes(b"x")
    check = runner.run(tmp_path, formats=["png"], jobs=2, check=True)
    assert check.extra == ["stray.png"] and check.exit_code == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="the platform has no FIFOs")
def test_fifo_in_place_of_an_image_is_reported_not_read(tmp_path: Path) -> None:
    """Reading a FIFO nobody writes would block the run forever: it is a failure, by name."""
    out = tmp_path / "g"
    out.mkdir()
    os.mkfifo(out / "relu.png")
    summary = runner.run(out, only=["relu"], formats=["png"], jobs=1, index=False)
    assert summary.exit_code == 1
    assert "not a regular file" in summary.failures["relu"]
