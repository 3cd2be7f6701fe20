"""``index.md``: the gallery index as Markdown, for reading on a code-hosting site.

One table per family (plot, function, formula, properties, flavours and reference), preceded by
the family's comparison sheets. Thumbnails are raw ``<img>`` tags so they can be given a width;
everything else is plain Markdown, with ``|`` and ``\\`` escaped inside table cells.
"""

from __future__ import annotations

import re

from actplot.gallery.index import THUMB_WIDTH, FamilySection, GalleryIndex


def write_markdown(index: GalleryIndex) -> str:
    """The text of ``index.md`` for ``index``."""
    out: list[str] = [
        "# actplot gallery",
        "",
        f"{index.n_functions} activation functions in {len(index.sections)} families, drawn by `actplot gallery` "
        "from the registry. Do not edit these files by hand: regenerate them with `actplot gallery --force`; "
        "`actplot gallery --check` fails when they no longer match what the code draws.",
        "",
        index.legend,
        "",
        "Families: " + " · ".join(f"[{s.family}](#{md_anchor(s.family)})" for s in index.sections),
        "",
    ]
    for section in index.sections:
        out += _section(section)
    return "\n".join(out).rstrip("\n") + "\n"


def _section(section: FamilySection) -> list[str]:
    out = [f"## {section.family}", ""]
    for what, links in section.sheets:
        if links.thumb is not None:
            out += [f'<a href="{links.full}"><img src="{links.thumb}" width="720" alt="{section.family} family: {what}"></a>', ""]
        out += [f"Comparison sheet, {what} of every member: [{links.full}]({links.full})", ""]
    if not section.members:
        return out
    out += ["| Plot | Function | Formula | Properties | Flavours and reference |", "|---|---|---|---|---|"]
    for entry, links in section.members:
        image = (
            f'<a href="{links.full}"><img src="{links.thumb}" width="{THUMB_WIDTH}" alt="{entry.name}"></a>'
            if links.thumb is not None
            else f"[{links.full}]({links.full})"
        )
        files = " · ".join(f"[{fmt}]({name})" for fmt, name in links.files)
        name_cell = f"**{md_cell(entry.title)}**<br>{md_code(entry.name)}"
        if entry.aliases:
            name_cell += "<br>aliases: " + ", ".join(md_code(a) for a in entry.aliases)
        if entry.params:
            name_cell += "<br>" + ", ".join(md_code(f"{p.name}={p.value}") for p in entry.params)
        name_cell += f"<br>{files}"
        formula_cell = f"f: {md_code(entry.formula)}<br>f′: {md_code(entry.derivative)}"
        props_cell = "<br>".join(md_cell(line) for line in entry.property_lines())
        flavors = [md_cell(line) for line in entry.framework_lines()]
        if entry.flavor_groups:
            flavors.append("**flavours differ:** " + md_cell("; ".join(entry.flavor_groups)))
        flavors.append("ref: " + md_cell(entry.reference))
        out.append(f"| {image} | {name_cell} | {formula_cell} | {props_cell} | {'<br>'.join(flavors)} |")
    out.append("")
    return out


def md_anchor(heading: str) -> str:
    """The anchor a code-hosting site (GitHub) gives a Markdown heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def md_cell(text: str) -> str:
    """``text`` safe inside a table cell: ``\\`` and ``|`` escaped, one line."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def md_code(text: str) -> str:
    """``text`` as inline code inside a table cell (a longer fence when it holds a backtick)."""
    text = text.replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"
