"""XOR notebook helpers and its two demos (activation explorer, hidden width / seed explorer)."""

import numpy as np
import pytest

from course_nn import activations as act
from course_nn.plots import activations as aplots
from course_nn.plots import xor as xplots
from course_nn.widgets import activations as aw
from course_nn.widgets import xor as xw

Z = np.array([-2.5, -0.7, 0.3, 1.9])  # away from the kinks at 0


@pytest.mark.parametrize("name", list(aplots.CATALOGUE))
def test_catalogue_derivatives_match_finite_differences(name):
    _, da = aplots.activation(name, Z)
    assert np.allclose(da, aplots.numerical_derivative(name, Z), atol=1e-6)


def test_one_list_of_activation_names():
    from course_nn.activations import ACTIVATIONS

    assert set(aplots.CATALOGUE) - {"leaky_relu_divisor"} <= set(ACTIVATIONS)  # the slides' divisor form aside
    ex = aw.activation_explorer("tanh")
    assert list(ex.dropdown.options) == list(aplots.CATALOGUE)


def test_activation_parameters_and_slide_forms():
    z = np.array([-2.0, 3.0])
    assert np.allclose(aplots.activation("leaky_relu", z, 0.1)[0], np.maximum(0.1 * z, z))  # max(0.1x, x)
    assert np.allclose(aplots.activation("leaky_relu_divisor", z, 10)[0], [-0.2, 3.0])  # x/a, a = 10
    assert np.allclose(aplots.activation("elu", z, 2.0)[0], [2 * np.expm1(-2.0), 3.0])
    assert aplots.activation("relu", np.array([0.0]), 1.0)[1][0] == 1.0  # ReLU'(0) = 1
    assert aplots.activation("relu", np.array([0.0]))[1][0] == 0.0
    assert np.allclose(
        aplots.activation("sigmoid", np.array([-2, 0, 0.39, 3.0]))[1], [0.104994, 0.25, 0.240730, 0.045177], atol=5e-7
    )  # curriculum 2f
    with pytest.raises(ValueError, match="unknown activation"):
        aplots.activation("swish", z)


def test_activation_explorer_follows_dropdown_and_slider():
    ex = aw.activation_explorer("sigmoid")
    assert ex.slider.disabled
    z, f = ex.lines["f"].get_data()
    assert np.allclose(f, act.sigmoid(z))
    ex.dropdown.value = "leaky_relu"
    assert not ex.slider.disabled and ex.slider.value == 0.1
    ex.slider.value = 0.3
    z, f = ex.lines["f"].get_data()
    assert np.allclose(f, np.where(z >= 0, z, 0.3 * z))
    _, df = ex.lines["df"].get_data()
    assert set(np.unique(df[~np.isnan(df)])) == {0.3, 1.0}
    assert np.isnan(df).sum() == 1  # a gap at the jump of f' at 0, not a vertical line
    zc, fd = ex.lines["fd"].get_data()
    assert np.allclose(fd, np.where(zc >= 0, 1.0, 0.3), atol=1e-6)
    ex.dropdown.value = "elu"
    assert ex.slider.value == 1.0 and ex.state == {"name": "elu", "param": 1.0}
    ex.dropdown.value = "leaky_relu_divisor"
    assert ex.slider.value == 10.0 and ex.slider.min == 1.5
    _, f = ex.lines["f"].get_data()
    assert np.isclose(f[0], -0.4)  # z = -4, a = 10
    assert "divisor a = 10" in ex.axes[0].get_title()


def test_slide_network_reproduces_slide_forward_pass():
    X, y = xw.xor_data()
    out = xw.slide_network().forward(X).ravel()
    assert np.allclose(out, [0.5, 0.596283, 0.542398, 0.636453], atol=1e-6)  # curriculum 2a side notes


def test_slide_network_three_epochs_match_run_a():
    from course_nn import BinaryCrossEntropy, fit

    X, y = xw.xor_data()
    model = xw.slide_network()
    rec = xw.RecordPredictions(X)
    fit(
        model,
        X,
        y,
        loss=BinaryCrossEntropy(),
        lr=0.1,
        epochs=3,
        batch_size=2,
        shuffle=False,
        verbose=0,
        callbacks=[rec],
    )
    assert np.allclose(rec.outputs[-1], [0.491854, 0.580595, 0.529195, 0.616500], atol=1e-6)
    assert len(rec.outputs) == 3


def test_train_xor_is_deterministic_and_solved_flags():
    m1, h1 = xw.train_xor(8, 0, stop_when_solved=True)
    m2, h2 = xw.train_xor(8, 0, stop_when_solved=True)
    assert h1["loss"] == h2["loss"] and xw.solved(m1)
    assert h1["loss"][-1] < 0.05 and len(h1) < 200
    assert 0 <= xw.dead_units(m1) <= 8


def test_success_table_shape_and_counts():
    table = xw.success_table(widths=(2, 8), seeds=range(3))
    assert set(table) == {2, 8}
    for rows in table.values():
        assert all(len(v) == 3 for v in rows.values())
    assert sum(table[8]["solved"]) == 3
    ax = xplots.success_bars(table)
    assert [p.get_height() for p in ax.patches] == [sum(table[2]["solved"]), 3]


def test_width_seed_explorer_retrains_on_slider_moves():
    ex = xw.width_seed_explorer(width=2, seed=0)
    first = list(ex.state["history"]["loss"])
    assert list(ex.loss_line.get_ydata()) == first
    ex.sliders["seed"].value = 1
    assert ex.state["seed"] == 1 and ex.state["history"]["loss"] != first
    assert list(ex.loss_line.get_ydata()) == ex.state["history"]["loss"]
    ex.sliders["width"].value = 8
    assert ex.state["width"] == 8 and ex.state["model"].layers[0].W.shape == (2, 8)
    assert ex.state["solved"] and "solved" in ex.status.value
    assert "8 hidden units, seed 1" in ex.axes[0].get_title()


def test_width_seed_explorer_prefetches_the_runs_one_step_away():
    ex = xw.width_seed_explorer(width=1, seed=0)
    assert ex.nearby() == [(1, 1), (2, 0)]  # no seed -1, no width 0
    before = xw.explorer_run.cache_info().currsize
    next(ex.prefetch())()  # trains (1, 1) and keeps its picture
    assert xw.explorer_run.cache_info().currsize == before + 1 and ex.state["seed"] == 0
    ex.sliders["seed"].value = 1  # a kept picture, and the state that goes with it
    assert ex.state["history"] is ex._run(1, 1)["history"] and "seed 1" in ex.axes[0].get_title()
    kept = bytes(ex.image.value)
    ex.invalidate()
    ex.draw_key((1, 1))
    assert ex.render() == kept  # the kept picture is the one drawing it gives


def test_break_jumps_puts_a_gap_after_each_jump():
    out = aplots.break_jumps([0.0, 0.0, 1.0, 1.0, 1.05])
    assert np.isnan(out[2]) and np.isfinite(out[[0, 1, 3, 4]]).all()


def test_plot_helpers_run():
    import matplotlib.pyplot as plt

    fig = aplots.catalogue_figure()
    assert len(fig.axes) == 6
    ax = aplots.maxout_examples()
    z = ax.lines[2].get_xdata()
    assert np.allclose(ax.lines[2].get_ydata(), np.abs(z))
    axes = aplots.softmax_bars([2.0, 1.0, 0.1, -1.0])
    assert np.isclose(sum(p.get_height() for p in axes[1].patches), 1.0)
    axes = xplots.gate_spaces([((1, 1), -0.5), ((-2, -2), 3)], ((1, 1), -1.5))
    assert len(axes) == 2
    ax = xplots.prediction_traces(np.full((5, 4), 0.5))
    assert len(ax.lines) == 5
    plt.close("all")


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: aw.activation_explorer("leaky_relu", param=-5),
            ValueError,
            r"^param: expected a value in \[0, 0.5\] \(the range of the slider 'slope c'\), got -5. "
            r"Fix: pass a value in that range, e.g. param=0.",
        ),
        (lambda: aw.activation_explorer("elu", param=10), ValueError, r"^param: expected a value in \[0.1, 3\]"),
        (lambda: aw.activation_explorer("elu", param="a"), TypeError, r"^param: expected a finite number, got 'a'"),
        (
            lambda: aw.activation_explorer("sigmoid", param=1.0),
            ValueError,
            r"^param: the activation 'sigmoid' has no parameter, got param=1.0. Fix: leave param out, or choose an "
            r"activation with one: \['elu', ",
        ),
        (
            lambda: xw.width_seed_explorer(width=100),
            ValueError,
            r"^width: expected an int in \[1, 8\] \(the range of the slider 'hidden units'\), got 100. "
            r"Fix: pass a value in that range, e.g. width=8.",
        ),
        (
            lambda: xw.width_seed_explorer(seed=500),
            ValueError,
            r"^seed: expected an int in \[0, 19\].*got 500.*seed=19",
        ),
        (lambda: xw.width_seed_explorer(seed=-1), ValueError, r"^seed: expected an int in \[0, 19\].*got -1.*seed=0"),
        (lambda: xw.width_seed_explorer(seed=1.5), TypeError, r"^seed: expected an int, got 1.5"),
        (lambda: xw.build_xor_mlp(2, "a"), TypeError, r"^seed: expected an int, got 'a'"),
        (lambda: xw.build_xor_mlp(2, -1), ValueError, r"^seed: expected an int >= 0, got -1"),
        (lambda: xw.build_xor_mlp(0, 0), ValueError, r"^width: expected an int >= 1, got 0"),
        (lambda: xw.train_xor(2, "a"), TypeError, r"^seed: expected an int, got 'a'"),
    ],
)
def test_explorer_arguments_out_of_range_are_refused_not_clamped(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_build_xor_mlp_takes_a_generator_as_its_seed():
    a = xw.build_xor_mlp(2, np.random.default_rng(3)).forward(xw.xor_data()[0])
    np.testing.assert_array_equal(a, xw.build_xor_mlp(2, 3).forward(xw.xor_data()[0]))


def test_the_activation_catalogue_shows_every_curve_whole():
    import matplotlib.pyplot as plt

    fig = aplots.catalogue_figure(params={"elu": 3.0, "leaky_relu_divisor": 1.5})
    for ax in fig.axes[:6]:
        low, high = ax.get_ylim()
        for line in ax.lines[:2]:  # f and f'
            y = np.asarray(line.get_ydata(), float)
            assert low <= np.nanmin(y) and np.nanmax(y) <= high
    plt.close(fig)
