"""``index.html``: the gallery index as one standalone web page.

Standalone means the page loads nothing from the network: the style sheet (``page.css``) and the
filter script (``page.js``) are package resource files, inlined into the page when it is written;
the only ``<link>`` is an empty ``data:`` icon so browsers do not request ``/favicon.ico``. Every
family is a ``<section>`` (id ``family-SLUG``), every function an ``<article class="card">`` (id
``fn-NAME``) carrying ``data-family`` and ``data-search`` (the words the filter box matches:
name, title, aliases, family). The filter controls stay hidden until the script shows them, so
without JavaScript the whole page shows. See ``docs/gallery-page.md`` for how it is tested in a
real browser.
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources

from actplot.gallery.index import THUMB_WIDTH, FamilySection, FunctionEntry, GalleryIndex, ImageLinks
from actplot.gallery.plan import family_slug


@cache
def page_resource(name: str) -> str:
    """The text of a resource file shipped next to this module (``page.css``, ``page.js``)."""
    return resources.files("actplot.gallery").joinpath(name).read_text(encoding="utf-8")


def write_html(index: GalleryIndex) -> str:
    """The text of ``index.html`` for ``index``."""
    families = [section.family for section in index.sections]
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>actplot gallery</title>",
        '<link rel="icon" href="data:,">',
        f"<style>\n{page_resource('page.css')}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>actplot gallery</h1>",
        f'<p class="lead">{index.n_functions} activation functions in {len(families)} families, drawn by '
        "<code>actplot gallery</code> from the registry. Regenerate with <code>actplot gallery --force</code>; "
        "<code>actplot gallery --check</code> fails when these files no longer match what the code draws.</p>",
        f'<p class="note">{esc(index.legend)}</p>',
        '<nav class="families" aria-label="families">'
        + "\n".join(f'<a href="#family-{family_slug(f)}">{esc(f)}</a>' for f in families)
        + "</nav>",
        # shown by the script (without JavaScript there is nothing to filter with)
        '<form class="filter" id="filter" role="search" hidden onsubmit="return false">',
        '<input type="search" id="filter-text" placeholder="Filter by name, alias or family" '
        'aria-label="Filter functions by name, alias or family" autocomplete="off">',
        '<select id="filter-family" aria-label="Family"><option value="">all families</option>'
        + "".join(f'<option value="{esc(f)}">{esc(f)}</option>' for f in families)
        + "</select>",
        '<output id="filter-count" aria-live="polite"></output>',
        "</form>",
        "</header>",
        "<main>",
    ]
    for section in index.sections:
        out += _section(section)
    out += ["</main>", f"<script>\n{page_resource('page.js')}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _section(section: FamilySection) -> list[str]:
    family = section.family
    out = [
        f'<section id="family-{family_slug(family)}" data-family="{esc(family)}" data-search="{esc(family.lower())}">',
        f"<h2>{esc(family)}</h2>",
    ]
    for what, links in section.sheets:
        if links.thumb is not None:
            out.append(
                f'<figure class="sheet"><a href="{esc(links.full)}"><img src="{esc(links.thumb)}" width="900" '
                f'alt="{esc(family)} family: {what} of every member, one panel each"></a></figure>'
            )
        else:
            out.append(f'<p><a href="{esc(links.full)}">{esc(family)} family sheet ({what})</a></p>')
    if section.members:
        out.append('<div class="cards">')
        for entry, links in section.members:
            out += _card(entry, links)
        out.append("</div>")
    out.append("</section>")
    return out


def _card(entry: FunctionEntry, links: ImageLinks) -> list[str]:
    name = entry.name
    words = " ".join([name, entry.title, *entry.aliases, entry.family]).lower()
    out = [f'<article class="card" id="fn-{esc(name)}" data-family="{esc(entry.family)}" data-search="{esc(words)}">']
    if links.thumb is not None:
        out.append(
            f'<a href="{esc(links.full)}"><img src="{esc(links.thumb)}" width="{THUMB_WIDTH}" '
            f'alt="{esc(name)}: f and its derivatives" loading="lazy"></a>'
        )
    out.append(f"<h3>{esc(entry.title)} <code>{esc(name)}</code></h3>")
    files = " ".join(f'<a href="{esc(file)}">{fmt}</a>' for fmt, file in links.files)
    out.append(f'<div class="files">{files}</div>')
    out.append("<dl>")
    if entry.aliases:
        out.append(f"<dt>aliases</dt><dd>{', '.join(f'<code>{esc(a)}</code>' for a in entry.aliases)}</dd>")
    if entry.params:
        params = ", ".join(f'<code title="{esc(p.doc)}">{esc(p.name)}={esc(p.value)}</code>' for p in entry.params)
        out.append(f"<dt>parameters</dt><dd>{params}</dd>")
    out.append(f"<dt>f(x)</dt><dd>{esc(entry.formula)}</dd>")
    out.append(f"<dt>f′(x)</dt><dd>{esc(entry.derivative)}</dd>")
    props = entry.properties
    if props is None:
        out.append(f"<dt>properties</dt><dd>unavailable ({esc(entry.properties_error)})</dd>")
    else:
        out.append(f"<dt>range</dt><dd>{esc(props.range)}</dd>")
        out.append(f"<dt>monotonic</dt><dd>{esc(props.monotonic)}</dd>")
        out.append(f"<dt>smoothness</dt><dd>{esc(props.smoothness)}</dd>")
        out.append(f"<dt>f′(0)</dt><dd>{esc(props.df0)}</dd>")
    frameworks = "".join(f"<li>{esc(line)}</li>" for line in entry.framework_lines())
    out.append(f'<dt>flavours</dt><dd><ul class="flav">{frameworks}</ul></dd>')
    if entry.flavor_groups:
        out.append(f'<dt class="differ">differ</dt><dd class="differ">{esc("; ".join(entry.flavor_groups))}</dd>')
    out.append(f"<dt>reference</dt><dd>{linkify(entry.reference)}</dd>")
    out.append("</dl>")
    out.append("</article>")
    return out


def esc(text: str) -> str:
    """``text`` escaped for HTML text and attribute values (quotes included)."""
    return html.escape(text, quote=True)


_URL_RE = re.compile(r"https?://[^\s)<>,;]+")
_ARXIV_RE = re.compile(r"arXiv:(\d{4}\.\d{4,5})")
_LINK_RE = re.compile(f"{_URL_RE.pattern}|{_ARXIV_RE.pattern}")


def linkify(text: str) -> str:
    """Escape ``text`` and turn URLs and arXiv ids into links."""
    pieces: list[str] = []
    pos = 0
    for match in _LINK_RE.finditer(text):
        pieces.append(esc(text[pos:match.start()]))
        token = match.group(0)
        if token.startswith("arXiv:"):
            url = f"https://arxiv.org/abs/{token.split(':', 1)[1]}"
        else:
            url = token.rstrip(".")
        pieces.append(f'<a href="{esc(url)}">{esc(token)}</a>')
        pos = match.end()
    pieces.append(esc(text[pos:]))
    return "".join(pieces)
