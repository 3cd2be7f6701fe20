"""The figure plan on its own: which panels, which curves, which style slots (no drawing)."""

from __future__ import annotations

import pytest

import actplot
from actplot.views import plan
from actplot.views.plan import DifferencePlan, SeriesPlan


def acts(*names: str) -> list[actplot.Activation]:
    return [actplot.get(n) for n in names]


def test_one_function_overlay_encodes_the_order() -> None:
    p = plan.build(acts("tanh"), orders=(0, 1, 2))
    (panel,) = p.panels
    assert p.encoding == "order" and p.title_act == 0
    assert [(s.order, s.colour_slot, s.dash_slot) for s in panel.series] == [(0, 0, 0), (1, 1, 1), (2, 2, 2)]
    assert panel.legend, "three curves on one axes need a key"
    assert not plan.build(acts("tanh")).panels[0].legend, "a lone curve needs none"


def test_one_function_grid_stacks_the_orders_in_the_same_slots() -> None:
    p = plan.build(acts("elu"), orders=(0, 1, 2), layout="grid")
    assert p.columns == 1 and [pn.ylabel for pn in p.panels] == list(plan.ORDER_SYMBOLS)
    assert [pn.series[0].dash_slot for pn in p.panels] == [0, 1, 2]
    assert [pn.user_ylim for pn in p.panels] == [True, False, False]


@pytest.mark.parametrize("diff", [False, True])
def test_compare_keeps_one_slot_per_function_in_every_panel(diff: bool) -> None:
    p = plan.build(acts("relu", "elu", "selu"), orders=(0, 1), diff=diff)
    curves = [pn for pn in p.panels if pn.kind == "curves"]
    assert [pn.ylabel for pn in curves] == ["f(x)", "f\u2032(x)"]
    for pn in curves:
        assert [(s.act, s.colour_slot, s.dash_slot) for s in pn.series] == [(0, 0, 0), (1, 1, 1), (2, 2, 2)]
    assert [pn.legend for pn in curves] == [True, False], "one key, in the f panel"
    differences = [pn for pn in p.panels if pn.kind == "difference"]
    if not diff:
        assert not differences
        return
    assert [pn.ylabel for pn in differences] == ["\u0394f(x)", "\u0394f\u2032(x)"], "Δf′ with --diff -d"
    for pn, order in zip(differences, (0, 1)):
        assert all(isinstance(s, DifferencePlan) and s.order == order for s in pn.series)
        assert [(s.act, s.colour_slot) for s in pn.series] == [(1, 1), (2, 2)], "Δ in the function's slot"
        assert not any(s.callout for s in pn.series), "three functions: gaps in the labels, not callouts"


def test_two_functions_get_a_callout_and_formulas_in_the_key() -> None:
    p = plan.build(acts("gelu", "gelu:approximate=tanh"), diff=True)
    assert all(s.callout for s in p.panels[-1].series)
    assert all(isinstance(s, SeriesPlan) and s.with_formula for s in p.panels[0].series)
    named = plan.build(acts("gelu", "gelu:approximate=tanh"), labels=["exact", "tanh"])
    assert not any(s.with_formula for s in named.panels[0].series), "user labels replace the formulas"


def test_many_functions_put_the_key_beside() -> None:
    assert not plan.build(acts("relu", "elu", "selu")).legend_beside
    assert plan.build(acts("relu", "elu", "selu", "silu")).legend_beside


@pytest.mark.parametrize("n", range(2, 13))
def test_grid_of_functions_leaves_no_empty_cell(n: int) -> None:
    names = actplot.names()[:n]
    p = plan.build(acts(*names), layout="grid")
    cells = p.grid_cells()
    assert len(cells) == n
    width = 2 * p.columns
    for row in range(p.rows):
        spans = sorted((c, c + s) for r, c, s in cells if r == row)
        assert all(0 <= a < b <= width for a, b in spans)
        assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1)), "panels side by side"
        left, right = spans[0][0], width - spans[-1][1]
        assert left == right, f"row {row} is centred, with no empty cell on one side"


def test_grid_sharey_and_the_order_key() -> None:
    shared = plan.build(acts("relu", "elu", "selu"), orders=(0, 1), layout="grid")
    assert {pn.share_group for pn in shared.panels} == {0}
    assert [(k.label, k.colour_slot, k.dash_slot) for k in shared.key] == [("f", None, 0), ("f\u2032", None, 1)]
    for i, pn in enumerate(shared.panels):
        assert [(s.colour_slot, s.dash_slot) for s in pn.series] == [(i, 0), (i, 1)]
    separate = plan.build(acts("relu", "elu", "selu"), layout="grid", sharey=False)
    assert {pn.share_group for pn in separate.panels} == {None}
    assert not separate.key, "one order: nothing for a key to explain"


def test_slots_are_unique_for_forty_functions_and_dash_alone_for_five() -> None:
    pairs = {(plan.colour_index(i), plan.dash_index(i)) for i in range(40)}
    assert len(pairs) == 40
    assert len({plan.dash_index(i) for i in range(5)}) == 5


def test_marker_sizes_nest_by_order() -> None:
    assert plan.MARKER_SIZES[0] > plan.MARKER_SIZES[1] > plan.MARKER_SIZES[2] > 0


@pytest.mark.parametrize(
    "name, expected",
    [("sigmoid", (-6.0, 6.0)), ("relu", (-6.0, 6.0)), ("threshold", (-6.0, 6.0)), ("relu6", (-6.0, 9.0))],
)
def test_default_window_shows_every_kink_with_room(name: str, expected: tuple[float, float]) -> None:
    window = plan.default_window(acts(name), (-6.0, 6.0))
    assert window == expected
    margin = plan.WINDOW_MARGIN * 12.0
    for kink in actplot.get(name).kinks:
        assert window[0] + margin <= kink.x <= window[1] - margin or -6 + margin <= kink.x <= 6 - margin


def test_every_registered_function_gets_a_window_with_its_kinks_inside() -> None:
    for spec in actplot.SPECS:
        act = actplot.get(spec.name)
        lo, hi = plan.default_window([act], (-6.0, 6.0))
        assert all(lo < k.x < hi for k in act.kinks), spec.name


def test_key_sentences_name_the_encoding() -> None:
    assert "dashed f\u2032" in plan.key_sentence(plan.build(acts("relu"), orders=(0, 1)))
    assert "same in every panel" in plan.key_sentence(plan.build(acts("relu", "elu"), orders=(0, 1)))
    assert "one panel each" in plan.key_sentence(plan.build(acts("relu", "elu"), layout="grid"))


def test_an_empty_plan_is_refused() -> None:
    with pytest.raises(ValueError):
        plan.build([])
