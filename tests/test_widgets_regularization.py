"""Regularization notebook helpers (course_nn.plots.regularization) and the λ / dropout explorer, from Python."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import course_nn as cn
from course_nn.plots import regularization as rp
from course_nn.widgets import regularization as rw


def test_moons_split_is_deterministic_and_read_only():
    X, y, X_val, y_val = rw.moons_split()
    assert X.shape == (40, 2) and y.shape == (40,) and X_val.shape == (200, 2) and y_val.shape == (200,)
    assert set(np.unique(y)) == {0, 1}
    assert rw.moons_split()[0] is X  # cached
    with pytest.raises(ValueError):
        X[0, 0] = 1.0


def test_build_net_layers():
    net = rw.build_net(8, 0.0, seed=1)
    assert not any(isinstance(layer, cn.Dropout) for layer in net.layers)
    assert [p.shape for p in net.parameters() if p.regularize] == [(2, 8), (8, 8), (8, 1)]
    dropped = rw.build_net(8, 0.5, seed=1)
    assert sum(isinstance(layer, cn.Dropout) for layer in dropped.layers) == 2
    np.testing.assert_array_equal(net.layers[0].W.value, dropped.layers[0].W.value)  # same seed, same start


def test_train_regularized_result_and_cache():
    r = rw.train_regularized(0.0, 0.0)
    assert rw.train_regularized(0.0, 0.0) is r  # cached per argument values
    assert len(r["history"]["loss"]) == len(r["history"]["val_loss"]) == 300
    assert r["best_epoch"] == int(np.argmin(r["history"]["val_loss"])) + 1
    assert r["weights"].size == 2 * 32 + 32 * 32 + 32
    xx, yy, p = r["grid"]
    assert xx.shape == yy.shape == p.shape == (60, 60) and 0 <= p.min() and p.max() <= 1
    assert r["train_acc"] > r["val_acc"]  # the unregularized net overfits
    assert r["history"]["val_loss"][-1] > 2 * min(r["history"]["val_loss"])
    X, y, X_val, y_val = rw.moons_split()
    assert r["val_loss"] == pytest.approx(cn.BinaryCrossEntropy(from_logits=True)(r["model"].forward(X_val), y_val))
    assert "validation accuracy" in rw.describe(r)
    with pytest.raises(ValueError, match="penalty"):
        rw.train_regularized(0.01, 0.0, "l3")


def test_penalties_shrink_and_sparsify_weights():
    plain = rw.train_regularized(0.0, 0.0)
    l2 = rw.train_regularized(0.003, 0.0, "l2")
    l1 = rw.train_regularized(0.003, 0.0, "l1")
    assert np.linalg.norm(l2["weights"]) < np.linalg.norm(plain["weights"])
    small = lambda r: np.mean(np.abs(r["weights"]) < 0.01)  # noqa: E731
    assert small(l1) > 0.9 > small(l2) > small(plain)
    assert "penalty" in l2["history"] and "penalty" not in plain["history"]
    assert l2["val_loss"] < plain["val_loss"] and l1["val_loss"] < plain["val_loss"]


def test_explorer_retrains_on_slider_and_penalty_changes():
    ex = rw.regularization_explorer()
    assert ex.state["lam"] == 0.0 and ex.state["rate"] == 0.0 and ex.state["penalty"] == "l2"
    val_line = ex.axes[1].lines[1]
    assert val_line.get_ydata().tolist() == ex.state["result"]["history"]["val_loss"]
    ex.sliders["lam"].value = 0.003
    assert ex.state["lam"] == 0.003 and ex.state["result"] is rw.train_regularized(0.003, 0.0, "l2")
    assert ex.axes[1].lines[1].get_ydata().tolist() == ex.state["result"]["history"]["val_loss"]
    assert "L2 λ = 0.003" in ex.axes[0].get_title()
    assert ex.axes[1].get_ylim()[0] == 0
    ex.penalty.value = "l1"
    assert ex.state["result"] is rw.train_regularized(0.003, 0.0, "l1")
    assert "L1 λ = 0.003" in ex.axes[0].get_title()
    ex.sliders["lam"].value = 0.0
    ex.sliders["rate"].value = 0.5
    assert ex.state["rate"] == 0.5 and ex.state["result"]["settings"]["rate"] == 0.5
    assert "dropout 0.5" in ex.axes[0].get_title()
    assert "validation accuracy" in ex.status.value
    assert list(ex.sliders["lam"].options[i][1] for i in range(len(rw.LAMBDAS))) == list(rw.LAMBDAS)


def test_explorer_prefetches_the_runs_one_step_away():
    ex = rw.regularization_explorer(lam=0.001, rate=0.0, penalty="l1")
    assert ex.nearby() == [(0.003, 0.0, "l1"), (0.0003, 0.0, "l1"), (0.001, 0.1, "l1"), (0.001, 0.0, "l2")]
    job = next(ex.prefetch())
    job()  # trains λ = 0.003 and keeps its picture
    shown = bytes(ex.image.value)
    assert ex.state["lam"] == 0.001  # what is shown did not change
    ex.sliders["lam"].value = 0.003
    assert ex.state["result"] is rw.train_regularized(0.003, 0.0, "l1")
    ex.sliders["lam"].value = 0.001
    assert bytes(ex.image.value) == shown


def test_pure_plot_helpers():
    x = np.linspace(-1, 1, 7)
    y = 3.0 + x
    coef = rp.polynomial_fit(x, y, 1, lam=100.0)
    assert coef[-1] == pytest.approx(3.0, rel=1e-2)  # intercept not shrunk ...
    assert abs(coef[0]) < 0.1  # ... the slope is
    w, q = rp.constrained_minimum((2.0, 0.6), np.eye(2), 1.0, "l1")
    np.testing.assert_allclose(w, (1.0, 0.0), atol=1e-3)  # a corner of the diamond
    w, q = rp.constrained_minimum((2.0, 0.6), np.eye(2), 1.0, "l2")
    np.testing.assert_allclose(w, np.array([2.0, 0.6]) / np.hypot(2.0, 0.6), atol=1e-3)
    masks = rp.dropout_masks((3, 4, 2, 1), 0.99, 5, np.random.default_rng(0))
    assert len(masks) == 5 and all(m[0].any() and m[1].any() for m in masks)
    with pytest.raises(ValueError):
        rp.constrained_minimum((2, 0), np.eye(2), 1.0, "l3")


def test_drawing_helpers_run():
    axes, masks = rp.thinned_networks(sizes=(3, 4, 4, 1), rate=0.5, rng=3)
    greyed = [p for p in axes[1].patches if (p.get_gid() or "").startswith("node") and p.get_hatch() == "xx"]
    assert len(greyed) == sum((~m).sum() for m in masks[0])
    r = rw.train_regularized(0.0, 0.0)
    ax = rp.train_val_curves(r["history"], best_epoch=r["best_epoch"], stopped_epoch=60)
    assert ax.lines[2].get_xdata()[0] == r["best_epoch"]
    ax = rp.capacity_curve([1, 2, 4], [0.5, 0.3, 0.1], [0.6, 0.4, 0.5])
    assert "width 2" in ax.get_legend().get_texts()[-1].get_text()
    ax = rp.weight_histograms({"a": np.array([-1.0, 0.0, 1.0])})
    assert ax.get_yscale() == "log"
    rp.penalty_shapes()
    rp.l1_l2_picture()
    rp.overview()
    xs = np.linspace(-1, 1, 10)
    rp.under_over_fit(xs, np.sin(xs), xs, np.sin(xs), np.sin, degrees=(1, 3))
    X, y, X_val, y_val = rw.moons_split()
    rp.boundary(r["grid"], X, y, X_val=X_val, y_val=y_val, title="t")
    plt.close("all")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(penalty="l3"), r"^penalty: unknown option 'l3'; expected one of \['l1', 'l2'\]"),
        (dict(lam=0.05), r"^lam: unknown option 0.05; expected one of \[0.0, 0.0001, "),
        (dict(rate=0.9), r"^rate: unknown option 0.9; expected one of \[0.0, 0.1, "),
    ],
)
def test_explorer_values_off_its_sliders_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rw.regularization_explorer(**kwargs)


def test_the_loss_panel_holds_the_training_curve_too():
    ex = rw.regularization_explorer(rate=0.7)  # with dropout the training loss lies above the validation loss
    history = ex.state["result"]["history"]
    assert max(history["loss"]) > max(history["val_loss"])
    assert ex.axes[1].get_ylim()[1] >= max(history["loss"])
