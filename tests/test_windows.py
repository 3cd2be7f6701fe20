"""Default views: ``--range auto`` (actplot.windows) and the windows specs declare.

Features are checked against the mathematics written here with the standard library (where σ′
falls below 2 % of its peak, where relu6 caps), not against the window code's own numbers.
"""

from __future__ import annotations

import math

import pytest

import actplot
from actplot import windows
from actplot.views import plan
from tests.helpers import one_error_line, run

by_windowed_spec = pytest.mark.parametrize(
    "spec", [s for s in actplot.SPECS if s.window is not None], ids=lambda s: s.name
)


def _inside(window: tuple[float, float], x: float, room: float = 0.1) -> bool:
    """``x`` lies in ``window`` with at least ``room`` of the width on either side."""
    lo, hi = window
    return lo + room * (hi - lo) <= x <= hi - room * (hi - lo)


def test_relu6_auto_window_shows_the_cap():
    window = windows.auto_window([actplot.get("relu6")])
    assert _inside(window, 0.0) and _inside(window, 6.0)
    assert window[1] <= 12.0, "the cap should not be lost in a wide view"


@pytest.mark.parametrize("name", ["hardshrink", "softshrink"])
def test_shrinkage_auto_window_shows_the_thresholds(name: str):
    window = windows.auto_window([actplot.get(name)])
    assert _inside(window, -0.5) and _inside(window, 0.5)
    assert window[1] - window[0] <= 6.0, "±0.5 must stay a visible fraction of the width"


def test_sigmoid_auto_window_shows_both_saturations():
    def slope(x: float) -> float:  # σ′(x) = e^(−|x|) / (1 + e^(−|x|))², peak 1/4 at 0
        e = math.exp(-abs(x))
        return e / (1.0 + e) ** 2

    lo, hi = windows.auto_window([actplot.get("sigmoid")])
    assert slope(lo) < 0.02 * 0.25 and slope(hi) < 0.02 * 0.25, "both flat ends must be in view"
    assert hi <= 10.0


def test_an_expression_gets_its_corners():
    window = windows.auto_window([actplot.get("min(max(x,0),3)")])
    assert _inside(window, 0.0) and _inside(window, 3.0)


def test_sin_shows_a_whole_period_and_a_gaussian_its_inflections():
    lo, hi = windows.auto_window([actplot.get("sinusoid")])
    assert hi - lo >= 2 * math.pi
    assert _inside(windows.auto_window([actplot.get("gaussian")]), 1 / math.sqrt(2))


def test_a_function_without_features_gets_the_generic_window():
    assert windows.auto_window([actplot.get("0*x+2")]) == windows.GENERIC_WINDOW
    # a line has one feature, its zero, shown with the minimum context
    assert windows.auto_window([actplot.get("2*x+1")]) == (-windows.MIN_HALF_WIDTH, windows.MIN_HALF_WIDTH)


def test_every_registered_function_gets_an_auto_window_with_its_kinks_inside():
    for spec in actplot.SPECS:
        act = actplot.get(spec.name)
        lo, hi = windows.auto_window([act])
        assert -1e6 <= lo < 0 < hi <= 1e6, spec.name
        assert all(lo < k.x < hi for k in act.kinks if k.kind in ("kink", "jump")), spec.name


@by_windowed_spec
def test_a_declared_window_shows_the_kinks_and_saturation(spec: actplot.ActivationSpec):
    """A declared window was chosen by looking at the plot; it must still hold what defines the
    function: every kink and jump (away from the edge), and the start of each saturation."""
    assert spec.window is not None
    act = actplot.get(spec.name)
    for kink in act.kinks:
        if kink.kind in ("kink", "jump"):
            assert _inside(spec.window, kink.x, room=plan.DECLARED_EDGE), f"{spec.name}: kink at {kink.x}"
    for point in windows.saturation_points(act):
        assert spec.window[0] < point < spec.window[1], f"{spec.name}: saturation starts at {point:.3g}"


def test_range_auto_on_the_command_line(tmp_path):
    out = run(["relu6", "--range", "auto"]).stdout
    lo, hi = windows.auto_window([actplot.get("relu6")])
    assert f"f on [{lo:g}, {hi:g}]: 0 .. 6" in out
    assert f"f on [{lo:g}, {hi:g}]" in run(["relu6", "--range=auto"]).stdout
    # the one word does not swallow the next option
    target = tmp_path / "hs.svg"
    assert run(["hardshrink", "--range", "auto", "-o", str(target)]).exit_code == 0
    assert target.exists()
    compared = run(["compare", "relu6", "hardshrink", "--range", "AUTO", "--layout", "grid"])
    assert compared.exit_code == 0, compared.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["table", "relu", "--range", "auto"], "--range auto is for plots"),
        (["relu", "--range", "-3", "auto"], "two numbers A B or the one word 'auto'"),
    ],
)
def test_range_auto_errors_are_one_line_usage_errors(args: list[str], message: str):
    assert message in one_error_line(run(args))


def test_the_notebook_api_takes_auto_too():
    fig = actplot.plot("relu6", x_range="auto")
    assert fig.axes[0].get_xlim()[1] >= 8.0
    with pytest.raises(actplot.ActplotError, match="or 'auto'"):
        actplot.plot("relu6", x_range="wide")


def test_saturation_starts_where_the_slope_falls_below_two_percent():
    # σ′(x) = 0.02 · σ′(0) = 0.005 at |x| = ln((1 + √(1 − 4·0.005)) / (2·0.005) − 1) ≈ 5.293
    c = 0.02 * 0.25
    edge = math.log((1 + math.sqrt(1 - 4 * c)) / (2 * c) - 1)
    low, high = windows.saturation_points(actplot.get("sigmoid"))
    assert abs(low + edge) < 0.01 and abs(high - edge) < 0.01
    assert windows.saturation_points(actplot.get("identity")) == []
