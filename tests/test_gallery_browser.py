"""The gallery page (index.html) opened in a real headless Chromium, served over HTTP on 127.0.0.1.

The page is built by the code under test, every function and family sheet, into a temporary
folder (the committed ``gallery/`` is regenerated separately and checked by ``gallery --check``). Checked at a phone width
(420 px) and a desktop width: every image loads, nothing is logged as an error, nothing sticks
out sideways, every link resolves, and the filter box and family menu show exactly the matching
functions. A deliberately broken page proves that each check can fail.

Skips (with the reason) only where no Chromium is installed; ``.ci/run`` installs one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import actplot
from tests._browser import Browser, find_chromium, serve

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium browser found (apt-get install chromium, or set ACTPLOT_CHROMIUM): "
    "the gallery page was not tested in a browser",
)

WIDTHS = (360, 420, 1280)
FAMILIES = tuple(dict.fromkeys(s.family for s in actplot.SPECS))

LOAD_ALL_IMAGES = """
Promise.all(Array.from(document.images).map(function (img) {
  img.loading = "eager";
  if (img.complete) { return null; }
  return new Promise(function (done) {
    img.addEventListener("load", done); img.addEventListener("error", done);
    setTimeout(done, 10000);
  });
})).then(function () {
  return Array.from(document.images).map(function (img) {
    return {src: img.getAttribute("src"), width: img.naturalWidth};
  });
})
"""

WIDER_THAN_PAGE = """
(function () {
  var limit = document.documentElement.clientWidth;
  var out = [];
  document.querySelectorAll("body *").forEach(function (el) {
    var box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > limit + 0.5 && out.length < 10) {
      out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + el.className : "")
               + " right=" + Math.round(box.right) + " text=" + (el.textContent || "").trim().slice(0, 40));
    }
  });
  return {scroll: document.documentElement.scrollWidth, client: limit, culprits: out};
})()
"""

LINKS = """
Promise.all(Array.from(document.querySelectorAll("a[href]")).map(function (a) {
  var href = a.getAttribute("href");
  var url = new URL(href, document.baseURI);
  if (href.charAt(0) === "#") {
    return {href: href, ok: document.getElementById(href.slice(1)) !== null, kind: "anchor"};
  }
  if (url.origin !== window.location.origin) {
    return {href: href, ok: url.protocol === "https:" || url.protocol === "http:", kind: "external"};
  }
  return fetch(url.href, {method: "HEAD"}).then(function (r) {
    return {href: href, ok: r.ok, kind: "file", status: r.status};
  }, function (e) { return {href: href, ok: false, kind: "file", status: String(e)}; });
}))
"""

VISIBLE_CARDS = """
Array.from(document.querySelectorAll("article.card")).filter(function (c) {
  return c.offsetParent !== null;
}).map(function (c) { return c.id.slice(3); })
"""


def _type(browser: Browser, text: str) -> None:
    browser.evaluate(
        "(function () { var box = document.getElementById('filter-text'); box.value = " + _js(text) + ";"
        " box.dispatchEvent(new Event('input', {bubbles: true})); })()"
    )


def _choose_family(browser: Browser, family: str) -> None:
    browser.evaluate(
        "(function () { var s = document.getElementById('filter-family'); s.value = " + _js(family) + ";"
        " s.dispatchEvent(new Event('change', {bubbles: true})); })()"
    )


def _js(text: str) -> str:
    import json

    return json.dumps(text)


@pytest.fixture(scope="module")
def page_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from actplot.gallery import runner

    folder = tmp_path_factory.mktemp("gallery-page")
    summary = runner.run(folder, formats=("png", "svg"), index=True)
    assert summary.exit_code == 0 and (folder / "index.html").is_file()
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    instance = Browser(CHROMIUM)
    try:
        yield instance
    finally:
        instance.close()


@pytest.fixture(scope="module")
def base_url(page_folder: Path) -> Iterator[str]:
    with serve(page_folder) as url:
        yield url


def _members(families: tuple[str, ...]) -> list[str]:
    from actplot import registry

    return [s.name for s in registry.SPECS if s.family in families]


def _screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: $ACTPLOT_SCREENSHOTS if set (to look at them), else the test's tmp."""
    chosen = os.environ.get("ACTPLOT_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", WIDTHS)
def test_page_loads_cleanly_and_fits(browser: Browser, base_url: str, width: int, tmp_path: Path):
    browser.events.clear()
    browser.set_viewport(width, 900)
    browser.open(base_url + "index.html")

    images: list[dict[str, Any]] = browser.evaluate(LOAD_ALL_IMAGES)
    expected = {f"{name}.png" for name in _members(FAMILIES)}
    assert expected <= {img["src"] for img in images}, "a function's thumbnail is missing from the page"
    broken = [img["src"] for img in images if not img["width"]]
    assert not broken, f"images that did not load: {broken}"

    layout = browser.evaluate(WIDER_THAN_PAGE)
    assert layout["scroll"] <= layout["client"], f"horizontal overflow at {width} px: {layout}"
    assert not layout["culprits"], f"elements beyond the right edge at {width} px: {layout['culprits']}"

    links: list[dict[str, Any]] = browser.evaluate(LINKS)
    assert any(link["kind"] == "file" for link in links) and any(link["kind"] == "anchor" for link in links)
    dead = [link for link in links if not link["ok"]]
    assert not dead, f"links that do not resolve: {dead}"

    browser.screenshot(_screenshot_dir(tmp_path) / f"gallery-{width}.png")
    assert browser.problems() == []


def test_filter_by_name_alias_and_family(browser: Browser, base_url: str):
    browser.events.clear()
    browser.set_viewport(1280, 900)
    browser.open(base_url + "index.html")
    everything = _members(FAMILIES)
    assert sorted(browser.evaluate(VISIBLE_CARDS)) == sorted(everything)
    assert browser.evaluate("document.getElementById('filter').hidden") is False

    _type(browser, "relu")
    shown = browser.evaluate(VISIBLE_CARDS)
    from actplot import registry

    wanted = [
        s.name for s in registry.SPECS if s.name in everything
        and any("relu" in word for word in (s.name, s.title.lower(), *s.aliases))
    ]
    assert sorted(shown) == sorted(wanted) and "relu" in shown
    assert browser.evaluate("document.getElementById('filter-count').textContent") == (
        f"{len(wanted)} of {len(everything)} functions"
    )
    # a section without matches disappears, one with matches stays
    assert browser.evaluate("document.getElementById('family-shrinkage').offsetParent === null")
    assert browser.evaluate("document.getElementById('family-rectifier').offsetParent !== null")

    _type(browser, "expit")  # an alias of sigmoid
    assert browser.evaluate(VISIBLE_CARDS) == ["sigmoid"]

    _type(browser, "")
    _choose_family(browser, "shrinkage")
    assert sorted(browser.evaluate(VISIBLE_CARDS)) == sorted(_members(("shrinkage",)))
    assert browser.evaluate("document.getElementById('family-rectifier').offsetParent === null")

    _type(browser, "no-such-function")
    assert browser.evaluate(VISIBLE_CARDS) == []
    assert browser.evaluate("document.getElementById('filter-count').textContent").startswith("0 of ")

    browser.evaluate(
        "document.getElementById('filter-text').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))"
    )
    assert browser.evaluate("document.getElementById('filter-text').value") == ""
    assert sorted(browser.evaluate(VISIBLE_CARDS)) == sorted(_members(("shrinkage",)))  # the menu still holds

    # a family link to a hidden section clears the filter
    browser.evaluate("document.querySelector('nav.families a[href=\"#family-rectifier\"]').click()")
    assert browser.evaluate("document.getElementById('filter-family').value") == ""
    assert sorted(browser.evaluate(VISIBLE_CARDS)) == sorted(everything)
    assert browser.problems() == []


def test_filter_from_the_address(browser: Browser, base_url: str):
    browser.open(base_url + "index.html?q=shrink&family=shrinkage")
    assert sorted(browser.evaluate(VISIBLE_CARDS)) == sorted(
        n for n in _members(("shrinkage",)) if "shrink" in n
    )
    assert browser.evaluate("document.getElementById('filter-text').value") == "shrink"


def test_checks_catch_a_broken_page(browser: Browser, tmp_path: Path):
    """The same checks on a page with a missing image, a dead link, a script error and a wide
    element: each one is reported."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        '<meta name="viewport" content="width=device-width"></head><body>'
        '<img src="missing.png" alt="x"><a href="gone.svg">gone</a><a href="#nowhere">anchor</a>'
        '<div style="width: 2000px">wide</div><script>console.error("boom")</script></body></html>',
        encoding="utf-8",
    )
    with serve(tmp_path) as url:
        browser.events.clear()
        browser.set_viewport(420, 900)
        browser.open(url + "index.html")
        images = browser.evaluate(LOAD_ALL_IMAGES)
        layout = browser.evaluate(WIDER_THAN_PAGE)
        links = browser.evaluate(LINKS)
        problems = browser.problems()
    assert [img["width"] for img in images] == [0]
    assert layout["scroll"] > layout["client"] and layout["culprits"]
    assert sorted(link["href"] for link in links if not link["ok"]) == ["#nowhere", "gone.svg"]
    assert any("boom" in p for p in problems) and any("404" in p for p in problems), problems
