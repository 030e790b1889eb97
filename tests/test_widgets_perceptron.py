"""Perceptron playground and its plotting functions, driven from Python (no browser)."""

import numpy as np
import pytest

from course_nn import Perceptron
from course_nn.data import logic_gate
from course_nn.plots import perceptron as pplots
from course_nn.widgets import perceptron as pw


def test_line_points_general_vertical_and_none():
    xs, ys = pplots.line_points((1, 1), -1.5)
    assert np.allclose(xs + ys, 1.5)  # points on x1 + x2 = 1.5
    xs, ys = pplots.line_points((2, 0), -1)
    assert np.allclose(xs, 0.5) and np.allclose(ys, pplots.LIMITS)
    xs, ys = pplots.line_points((0, 0), 1)
    assert xs.size == 0 and ys.size == 0


def test_predicted_region_matches_sign_of_score():
    region = pplots.predicted_region((1, 1), -1.5, resolution=5)  # grid -0.5, 0, 0.5, 1, 1.5
    grid = np.linspace(-0.5, 1.5, 5)
    xx, yy = np.meshgrid(grid, grid)
    assert np.array_equal(region, (xx + yy - 1.5 > 0).astype(float))
    assert region[0, 0] == 0 and region[-1, -1] == 1  # row 0 is the bottom (x2 = -0.5)


@pytest.mark.parametrize("gate, w, b", [("AND", (1, 1), -1.5), ("OR", (1, 1), -0.5), ("NAND", (-2, -2), 3)])
def test_truth_table_of_hand_set_gates(gate, w, b):
    rows = pw.truth_table(w, b, gate)
    assert [r["y_hat"] for r in rows] == list(logic_gate(gate, "pm1")[1])
    assert all(r["correct"] for r in rows)
    assert "4 of 4 right" in pw.truth_table_html(rows)


def test_score_zero_predicts_minus_one():
    rows = pw.truth_table((0, 0), 0, "AND")
    assert [r["y_hat"] for r in rows] == [-1, -1, -1, -1]


@pytest.mark.parametrize("gate, epochs, w, b", [("AND", 6, (2, 1), -2), ("OR", 4, (1, 1), 0), ("NAND", 6, (-2, -1), 3)])
def test_training_steps_reproduce_the_curriculum_numbers(gate, epochs, w, b):
    state = pw.PlaygroundState(gate)
    for _ in range(4 * epochs):
        pw.training_step(state)
    assert state.epoch_mistakes[-1] == 0 and len(state.epoch_mistakes) == epochs
    assert np.array_equal(state.w, w) and state.b == b
    ref = Perceptron(2).fit(*logic_gate(gate, "pm1"))
    assert state.epoch_mistakes == ref.mistakes_


def test_describe_step_mentions_mistake_and_epoch_end():
    state = pw.PlaygroundState("AND")
    texts = [pw.describe_step(pw.training_step(state)) for _ in range(4)]
    assert "right: no change" in texts[0]  # s = 0 predicts -1, the right answer for (0, 0)
    assert "mistake" in texts[3] and "Epoch 1 done with 1 mistake" in texts[3]


def test_playground_sliders_move_the_line_and_the_table():
    pg = pw.perceptron_playground("AND")
    assert pg.line.get_xdata().size == 0  # w = 0: no line
    pg.sliders["w1"].value, pg.sliders["w2"].value, pg.sliders["b"].value = 1.0, 1.0, -1.5
    assert np.allclose(pg.line.get_xdata() + pg.line.get_ydata(), 1.5)
    assert "4 of 4 right" in pg.table.value
    assert np.array_equal(pg.state.w, [1, 1]) and pg.state.b == -1.5
    assert pg.region.get_array().mean() > 0
    assert "4/4 right" in pg.ax.get_title()


def test_playground_button_trains_and_moves_the_sliders():
    pg = pw.perceptron_playground("AND")
    for _ in range(24):
        pg.button.click()
    assert pg.state.epoch_mistakes == [1, 3, 3, 2, 1, 0]
    assert [s.value for s in pg.sliders.values()] == [2.0, 1.0, -2.0]
    assert "converged" in pg.status.value
    assert np.allclose(pg.line.get_ydata(), -(2 * pg.line.get_xdata() - 2) / 1)
    pg.reset_button.click()
    assert [s.value for s in pg.sliders.values()] == [0.0, 0.0, 0.0] and pg.state.epoch == 1


def test_playground_gate_dropdown_changes_points_and_table():
    pg = pw.perceptron_playground("AND", w=(1, 1), b=-1.5)
    before = [c.get_offsets().copy() for c in pg._points]
    pg.dropdown.value = "XOR"
    assert pg.state.gate == "XOR" and "1 of 4 right" in pg.table.value  # AND weights get only x = 00 right
    after = [c.get_offsets() for c in pg._points]
    assert len(after[0]) == 2 and len(before[0]) == 1  # XOR has two +1 points, AND one
    assert len(pg.ax.collections) == 2


def test_xor_steps_never_converge():
    state = pw.PlaygroundState("XOR")
    for _ in range(4 * 50):
        pw.training_step(state)
    assert min(state.epoch_mistakes) > 0


def test_slider_range_grows_instead_of_clamping():
    pg = pw.PerceptronPlayground("AND", limit=1.0)
    for _ in range(24):
        pg.button.click()
    assert pg.sliders["w1"].value == 2.0 and pg.sliders["b"].value == -2.0


def test_static_figure_helpers_run():
    import matplotlib.pyplot as plt

    ax = pplots.gate_panel(*logic_gate("AND", "pm1"), (1, 1), -1.5, title="AND", annotate=True)
    assert len(ax.lines) == 1 and len(ax.collections) == 2
    ax = pplots.mistakes_per_epoch({"AND": [1, 3, 3, 2, 1, 0]})
    assert list(ax.lines[0].get_ydata()) == [1, 3, 3, 2, 1, 0]
    ax = pplots.margin_losses()
    perc, logistic = ax.lines[1].get_ydata(), ax.lines[2].get_ydata()
    m = ax.lines[1].get_xdata()
    assert np.allclose(perc, np.maximum(0, -m)) and np.allclose(logistic, np.log1p(np.exp(-m)))
    trace = np.arange(15.0).reshape(5, 3)
    axes = pplots.weight_trace(trace, epoch_length=2)
    assert len(axes) == 3 and np.array_equal(axes[2].lines[0].get_ydata(), trace[:, 2])
    plt.close("all")


def test_a_start_beyond_the_slider_range_widens_the_slider_instead_of_clamping():
    pg = pw.PerceptronPlayground("AND", w=(8.0, -1.0), b=-12.0, limit=5.0)
    assert (pg.sliders["w1"].max, pg.sliders["w1"].value) == (8.0, 8.0)
    assert (pg.sliders["b"].min, pg.sliders["b"].value) == (-12.0, -12.0)
    np.testing.assert_array_equal(pg.state.w, [8.0, -1.0])  # the picture and the sliders agree
    with pytest.raises(ValueError, match=r"^limit: expected a value in \(0.0, inf\], got 0"):
        pw.PerceptronPlayground("AND", limit=0)
