"""The gallery index model and its two writers: one model, so index.md and index.html list the same
families and functions in the same order and link the same files. Nothing is drawn here."""

from __future__ import annotations

import dataclasses
import html.parser
import re
import tomllib
from pathlib import Path

import pytest

import actplot
from actplot import registry
from actplot.gallery import html_page, index, markdown_page, plan
from actplot.spec import FAMILIES

ROOT = Path(__file__).resolve().parents[1]
FORMAT_CHOICES = [("png", "svg"), ("svg",), ("png",), ("pdf",), ("svg", "pdf", "png")]


def two_families() -> list[str]:
    """The two smallest families with at least two members (a sheet each)."""
    sizes = {f: sum(1 for s in actplot.SPECS if s.family == f) for f in FAMILIES}
    return sorted((f for f, n in sizes.items() if n >= 2), key=lambda f: (sizes[f], f))[:2]


@pytest.fixture(scope="module")
def items_and_entries() -> tuple[list[plan.Item], list[index.FunctionEntry]]:
    names = actplot.names()
    items = plan.plan([*two_families(), names[0], names[-1]])
    entries = [index.function_entry(registry.lookup(it.key)) for it in items if it.kind == plan.FUNCTION]
    return items, entries


class _Html(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: list[str] = []
        self.sections: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("href", "src"):
            if values.get(key) and tag in ("a", "img"):
                self.targets.append(values[key] or "")
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if tag == "section":
            self.sections.append(values.get("data-family") or "")


def local(targets: list[str]) -> set[str]:
    return {t for t in targets if not t.startswith(("#", "http://", "https://", "data:"))}


def parse_html(text: str) -> _Html:
    parser = _Html()
    parser.feed(text)
    return parser


def markdown_targets(text: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'(?:href|src)="([^"]+)"', text)


def markdown_rows(text: str) -> list[str]:
    """Function names in table order (the code span after the bold title of each row)."""
    return re.findall(r"^\| .*? \| \*\*.*?\*\*<br>`([^`]+)`", text, flags=re.MULTILINE)


@pytest.mark.parametrize("formats", FORMAT_CHOICES, ids=",".join)
def test_both_pages_list_the_same_entries_and_link_the_same_files(items_and_entries, formats) -> None:
    items, entries = items_and_entries
    model = index.build_index(items, entries, formats)
    md = markdown_page.write_markdown(model)
    page = parse_html(html_page.write_html(model))
    families = [s.family for s in model.sections]
    functions = [entry.name for s in model.sections for entry, _ in s.members]
    assert families == [f for f in FAMILIES if f in set(families)]  # family order of the registry
    assert functions == [e.name for f in families for e in entries if e.family == f]  # grouped, plan order within
    # the same sections and entries, in the same order, on both pages
    assert page.sections == families
    assert re.findall(r"^## (.+)$", md, flags=re.MULTILINE) == families
    assert [i[3:] for i in page.ids if i.startswith("fn-")] == functions
    assert markdown_rows(md) == functions
    # the same files, and exactly the files the model names
    assert local(page.targets) == local(markdown_targets(md)) == model.file_targets()
    drawn = {f"{it.stem}.{fmt}" for it in items for fmt in formats}
    assert model.file_targets() <= drawn
    assert {f"{name}.{fmt}" for name in functions for fmt in formats} <= model.file_targets()
    # every in-page link lands: HTML ids, Markdown heading anchors
    assert {t[1:] for t in page.targets if t.startswith("#")} <= set(page.ids)
    anchors = {markdown_page.md_anchor(f) for f in families}
    assert {t[1:] for t in markdown_targets(md) if t.startswith("#")} == anchors


def test_each_page_shows_what_the_model_holds(items_and_entries) -> None:
    items, entries = items_and_entries
    model = index.build_index(items, entries, ("png", "svg"))
    md = markdown_page.write_markdown(model)
    text = html_page.write_html(model)
    for section in model.sections:
        for entry, _ in section.members:
            props = entry.properties
            assert props is not None, entry.properties_error
            for line in entry.property_lines():
                assert markdown_page.md_cell(line) in md
            for value in (props.range, props.monotonic, props.smoothness, props.df0):
                assert html_page.esc(value) in text
            for line in entry.framework_lines():
                assert markdown_page.md_cell(line) in md and html_page.esc(line) in text
            for group in entry.flavor_groups:
                assert group in md and html_page.esc(group) in text
    assert f"{model.n_functions} activation functions in {len(model.sections)} families" in md
    assert f"{model.n_functions} activation functions in {len(model.sections)} families" in text


def test_flavor_groups_reach_both_pages() -> None:
    spec = registry.lookup("leaky_relu")
    entry = index.function_entry(spec)
    assert "torch (negative_slope=0.01; f′(0) = 0.01)" in entry.flavor_groups
    model = index.build_index(plan.plan(["leaky_relu"]), [entry], ("png",))
    assert "flavours differ:** " in markdown_page.write_markdown(model)
    assert '<dd class="differ">' in html_page.write_html(model)


def test_failed_figure_is_left_out_and_a_sheet_alone_is_listed() -> None:
    family = two_families()[0]
    members = plan.families()[family]
    items = [*(plan.function_item(n) for n in members), plan.family_item(family, members)]
    kept = [index.function_entry(registry.lookup(n)) for n in members[1:]]  # members[0] failed: no entry
    model = index.build_index(items, kept, ("svg",))
    assert [e.name for s in model.sections for e, _ in s.members] == members[1:]
    assert f"{members[0]}.svg" not in model.file_targets()
    sheet_only = index.build_index([plan.family_item(family, members)], [], ("svg",))
    (section,) = sheet_only.sections
    assert section.members == () and [what for what, _ in section.sheets] == ["f", "f\u2032"]
    stem = f"family-{plan.family_slug(family)}"
    assert sheet_only.file_targets() == {f"{stem}.svg", f"{stem}-derivative.svg"}


def test_unavailable_properties_are_said_on_both_pages(items_and_entries) -> None:
    _, entries = items_and_entries
    broken = dataclasses.replace(entries[0], properties=None, properties_error="ValueError: no limit")
    model = index.build_index([plan.function_item(broken.name)], [broken], ("png",))
    assert "properties unavailable (ValueError: no limit)" in markdown_page.write_markdown(model)
    assert "<dd>unavailable (ValueError: no limit)</dd>" in html_page.write_html(model)


@pytest.mark.parametrize(
    ("formats", "thumb", "full"),
    [
        (("png", "svg"), "relu.png", "relu.svg"),  # the PNG shows, the SVG scales
        (("svg",), "relu.svg", "relu.svg"),
        (("png",), "relu.png", "relu.png"),
        (("pdf",), None, "relu.pdf"),  # no image a browser shows inline: a plain link
        (("pdf", "png"), "relu.png", "relu.png"),
    ],
)
def test_image_links(formats, thumb, full) -> None:
    links = index.ImageLinks.for_stem("relu", formats, every_format=True)
    assert (links.thumb, links.full) == (thumb, full)
    assert links.files == tuple((fmt, f"relu.{fmt}") for fmt in formats)
    assert index.ImageLinks.for_stem("relu", formats).files == ()  # a family sheet: thumbnail and full image only


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "n/a"), (float("nan"), "undefined"), (float("inf"), "∞"), (-float("inf"), "−∞"), (-0.0, "0"),
     (-1e-7, "−1e−07"), (0.25, "0.25"), (1 / 3, "0.333333"), (-2.5, "−2.5")],
)
def test_display_number(value, text) -> None:
    assert index.display_number(value) == text


def test_page_resources_are_inlined_and_shipped() -> None:
    text = html_page.write_html(index.build_index([], [], ("png",)))
    css, js = html_page.page_resource("page.css"), html_page.page_resource("page.js")
    assert f"<style>\n{css}</style>" in text and f"<script>\n{js}</script>" in text
    for element_id in re.findall(r'getElementById\("([\w-]+)"\)', js):
        assert f'id="{element_id}"' in text, element_id
    # a non-editable install has them only if the package data lists every resource file
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = set(config["tool"]["setuptools"]["package-data"]["actplot.gallery"])
    resources = {p.name for p in (ROOT / "actplot" / "gallery").iterdir() if p.suffix not in (".py", ".pyc") and p.is_file()}
    assert resources == {"page.css", "page.js"} and resources <= shipped
