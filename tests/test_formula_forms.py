"""The mathtext formula (figure titles) and the plain-text formula (terminal, tables, ``info``) of
every function and every formula variant say the same thing in the same form.

Both are reduced to a *skeleton*: the mathtext's commands become the words and symbols the text
form uses (``\\sigma`` → σ, ``\\frac{a}{b}`` → a / b, ``\\leq`` → ≤), both are folded to ASCII
(``eˣ`` → ``e^x``), and what only typesets — spaces, thin spaces, brackets and braces, ``^``, ``_``,
``*`` and ``·`` — is dropped. What is left (names, numbers, operators, in order) must be equal, so a
formula rewritten in one field and not the other fails here.
"""

from __future__ import annotations

import re

import pytest

import actplot
from actplot.spec import ActivationSpec, Formulas
from actplot.text import asciify

_COMMANDS = {
    # Greek letters and named functions: their text spelling
    **{name: name for name in ("alpha", "beta", "gamma", "lambda", "sigma", "theta", "tau", "pi", "mu", "varphi", "Phi")},
    "varphi": "phi",
    "tanh": "tanh", "log": "log", "ln": "ln", "exp": "exp", "max": "max", "min": "min", "sin": "sin",
    "cos": "cos", "arctan": "arctan", "arg": "arg", "sqrt": "sqrt", "sum": "\u03a3", "int": "int",
    # relations and symbols, as asciify writes them
    "infty": "\u221e", "leq": "<=", "geq": ">=", "neq": "!=", "in": " in ", "ldots": "...", "approx": "~", "times": "x", "cdot": "",
    # spacing and sizing: typesetting only
    "left": "", "right": "", "quad": "", "qquad": "",
}
_DROP = re.compile(r"[\s(){}\[\]*^_\u00b7]")


def _group(tex: str, start: int) -> tuple[str, int]:
    """The balanced ``{...}`` group opening at ``start``: its inside and the index after it."""
    assert tex[start] == "{", tex
    depth = 0
    for i in range(start, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[i], 0)
        if depth == 0:
            return tex[start + 1 : i], i + 1
    raise AssertionError(f"unbalanced braces in {tex!r}")


def _fractions(tex: str) -> str:
    r"""``\frac{a}{b}`` (and ``\dfrac``) → ``(a)/(b)``, nested ones included."""
    match = re.search(r"\\d?frac(?=\{)", tex)
    if match is None:
        return tex
    top, after_top = _group(tex, match.end())
    bottom, after = _group(tex, after_top)
    return tex[: match.start()] + f"({_fractions(top)})/({_fractions(bottom)})" + _fractions(tex[after:])


def _mathtext_to_text(tex: str) -> str:
    """Mathtext in the words and symbols of the text form (before ASCII folding)."""
    out = tex.replace(r"\,", " ").replace(r"\ ", " ").replace(r"\;", " ").replace(r"\!", "")
    out = _fractions(out)
    out = re.sub(r"\\(?:mathrm|operatorname|text)\{([^{}]*)\}", r"\1", out)

    def command(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in _COMMANDS:
            raise AssertionError(f"no text equivalent known for \\{name} in {tex!r}: add it to _COMMANDS")
        return f" {_COMMANDS[name]} "

    return re.sub(r"\\([A-Za-z]+)", command, out)


def skeleton_of_mathtext(tex: str) -> str:
    return _DROP.sub("", asciify(_mathtext_to_text(tex)))


def skeleton_of_text(text: str) -> str:
    return _DROP.sub("", asciify(text.replace("\u222b", " int ").replace("\u2211", "\u03a3")))


def _cases() -> list[tuple[str, int, Formulas]]:
    """Per function: the formulas of the spec itself (``actplot list``), then each variant's."""
    out = []
    for spec in actplot.SPECS:
        whole = Formulas(formula=spec.formula, formula_text=spec.formula_text,
                         derivative_formula=spec.derivative_formula, derivative_formula_text=spec.derivative_formula_text)
        forms = [whole, *(v.formulas for v in spec.formula_variants)]
        seen = set()
        for i, form in enumerate(forms):
            if form not in seen:
                seen.add(form)
                out.append((spec.name, i, form))
    return out


@pytest.mark.parametrize(("name", "variant", "form"), _cases(), ids=lambda v: v if isinstance(v, str) else str(v) if isinstance(v, int) else "")
@pytest.mark.parametrize("which", ["formula", "derivative_formula"])
def test_mathtext_and_text_forms_agree(name: str, variant: int, form: Formulas, which: str):
    tex, text = getattr(form, which), getattr(form, which + "_text")
    assert skeleton_of_mathtext(tex) == skeleton_of_text(text), (
        f"{name} (variant {variant}) {which}:\n  mathtext {tex!r}\n  text     {text!r}"
    )


def test_the_skeleton_sees_real_differences():
    """The normalisation drops typesetting only: a changed operator, name, order or constant shows."""
    same = (r"f(x) = \max(0, x) + a\,\min(0, x)", "f(x) = max(0, x) + a·min(0, x)")
    assert skeleton_of_mathtext(same[0]) == skeleton_of_text(same[1])
    for text in ("f(x) = x if x ≥ 0, else a·x", "f(x) = max(0, x) − a·min(0, x)", "f(x) = min(0, x) + a·max(0, x)",
                 "f(x) = max(0, x) + 2·min(0, x)"):
        assert skeleton_of_mathtext(same[0]) != skeleton_of_text(text), text
    assert skeleton_of_mathtext(r"\frac{x}{1 + e^{-x}}") == skeleton_of_text("x / (1 + e^(−x))")
    assert skeleton_of_mathtext(r"\sigma'(x) = \sigma(x)\,(1 - \sigma(x))") == skeleton_of_text("σ′(x) = σ(x)(1 − σ(x))")
    with pytest.raises(AssertionError, match="no text equivalent"):
        skeleton_of_mathtext(r"\wp(x)")


def test_every_spec_is_covered():
    assert {name for name, _, _ in _cases()} == {s.name for s in actplot.SPECS}
    assert all(isinstance(s, ActivationSpec) for s in actplot.SPECS)
