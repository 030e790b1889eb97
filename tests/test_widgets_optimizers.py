"""Optimizers notebook helpers (course_nn.plots.optimizers) and the optimizer-race demo, driven from Python."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_nn.gradcheck import numerical_gradient, rel_error
from course_nn.plots import optimizers as op
from course_nn.schedules import Constant, StepDecay
from course_nn.surfaces import Canyon, run_optimizer
from course_nn.widgets import optimizers as ow


def _line_data():
    rng = np.random.default_rng(0)
    x = rng.random(15)
    return x, 1.0 + 2.0 * x + 0.3 * rng.normal(size=15)


def test_gd_1d_on_a_bowl_multiplies_by_one_minus_two_eta():
    xs = op.gd_1d(lambda w: 2 * w, -2.0, lr=0.1, steps=5)
    np.testing.assert_allclose(xs, -2.0 * 0.8 ** np.arange(6))
    diverging = op.gd_1d(lambda w: 2 * w, 1.0, lr=5.0, steps=20)
    assert np.isnan(diverging[-1]) and np.isfinite(diverging[:3]).all()


def test_line_fit_gradient_matches_finite_differences_and_gd_reaches_closed_form():
    x, y = _line_data()
    phi = np.array([0.3, -0.7])
    numeric = numerical_gradient(lambda: op.line_fit_loss(phi[0], phi[1], x, y), phi)
    assert rel_error(op.line_fit_gradient(phi, x, y), numeric) < 1e-8
    X1 = np.c_[np.ones_like(x), x]
    closed = np.linalg.solve(X1.T @ X1, X1.T @ y)
    path = op.line_fit_gd(x, y, phi0=(-1.0, -1.0), lr=0.02, steps=3000)
    assert path.shape == (3001, 2)
    np.testing.assert_allclose(path[-1], closed, atol=1e-8)
    L = op.line_fit_loss(*np.meshgrid([0.0, 1.0], [2.0, 3.0]), x, y)  # works on grids
    assert L.shape == (2, 2) and np.isclose(L[0, 1], op.line_fit_loss(1.0, 2.0, x, y))


def test_gabor_fit_gradient_and_critical_points():
    rng = np.random.default_rng(2)
    x = rng.uniform(-15, 15, 40)
    y = op.GaborFit.model(x, [0.0, 16.6]).ravel() + rng.normal(0, 0.1, 40)
    fit = op.GaborFit(x, y)
    phi = np.array([1.3, 9.0])
    numeric = numerical_gradient(lambda: float(fit.loss(phi)), phi)
    assert rel_error(fit.grad(phi), numeric) < 1e-7
    minima, saddles = fit.critical_points(n=12)
    assert len(minima) >= 3 and len(saddles) >= 1
    assert np.all(np.linalg.norm(fit.grad(minima), axis=1) < 1e-4)  # points are rounded to 1e-6
    losses = fit.loss(minima)
    assert np.all(np.diff(losses) >= 0)  # global minimum first
    assert abs(minima[0][0]) < 0.5 and abs(minima[0][1] - 16.6) < 1.0  # near the true parameters
    eig = np.linalg.eigvalsh(fit.hessian(saddles))
    assert np.all(eig[:, 0] < 0) and np.all(eig[:, 1] > 0)


def test_endpoints_are_plain_rounded_floats():
    ends = op.endpoints({"a": np.array([[0.0, 0.0], [1.23456, -2.0]]), "b": np.array([[1.0, 1.0], [np.nan, np.nan]])})
    assert ends == {"a": (1.235, -2.0), "b": (1.0, 1.0)}
    assert all(type(v) is float for v in ends["a"])


def test_race_matches_run_optimizer_and_cuts_diverged_paths():
    paths = ow.race("canyon", ("sgd", "adam"), lr=0.05, steps=20)
    np.testing.assert_array_equal(paths["sgd"], run_optimizer(Canyon(), "sgd", steps=20, lr=0.05))
    np.testing.assert_array_equal(paths["adam"], run_optimizer(Canyon(), "adam", steps=20, lr=0.05))
    wild = ow.race("canyon", ("sgd", "adam"), lr=0.3, steps=200)  # SGD diverges: |1 - 0.3*20| = 5
    assert np.isnan(wild["sgd"][-1]).all() and np.isfinite(wild["sgd"][:3]).all()
    assert np.isfinite(wild["adam"]).all()
    rows = ow.race_summary("canyon", wild)
    assert [r["name"] for r in rows] == ["adam", "sgd"]
    assert rows[1]["diverged"] and not rows[0]["diverged"]
    assert "diverged" in ow.summary_html(rows)
    with pytest.raises(ValueError, match="surface"):
        ow.race("volcano")


def test_optimizer_race_widget_redraws_on_every_control():
    w = ow.optimizer_race("canyon")
    assert w.state["lr"] == ow.DEFAULTS["canyon"]["lr"] and w.state["steps"] == ow.DEFAULTS["canyon"]["steps"]
    shown = [line.get_label() for line in w.lines.values() if line.get_visible()]
    assert shown == ["SGD", "momentum", "RMSProp", "Adam"]
    boxes = [box.description for box in w.controls["optimizers"].values() if box.value]
    assert boxes == shown  # the checkboxes are the legend
    png = bytes(w.image.value)
    assert png.startswith(b"\x89PNG")

    before = w.lines["sgd"].get_xdata().copy()
    w.sliders["lr"].value = 0.01
    assert w.state["lr"] == pytest.approx(0.01) and bytes(w.image.value) != png
    after = w.lines["sgd"].get_xdata()
    assert not np.allclose(before, after)
    np.testing.assert_allclose(after, run_optimizer(Canyon(), "sgd", steps=w.state["steps"], lr=w.state["lr"])[:, 0])

    w.sliders["steps"].value = 10
    assert len(w.lines["adam"].get_xdata()) == 11

    w.controls["optimizers"]["momentum"].value = False  # a checkbox per optimizer
    assert w.selected() == ("sgd", "rmsprop", "adam") and not w.lines["momentum"].get_visible()
    w.select(("nesterov",))
    assert set(w.state["paths"]) == {"nesterov"}
    assert [line.get_label() for line in w.lines.values() if line.get_visible()] == ["Nesterov"]

    redraws = []
    w.update = lambda update=w.update: redraws.append(1) or update()
    w.controls["surface"].value = "styblinski_tang"  # resets lr and steps, redraws once
    assert len(redraws) == 1
    assert w.state["surface"] == "styblinski_tang"
    assert w.state["lr"] == pytest.approx(ow.DEFAULTS["styblinski_tang"]["lr"])
    assert w.state["steps"] == ow.DEFAULTS["styblinski_tang"]["steps"]
    assert "styblinski_tang" in w.ax.get_title()
    assert "Nesterov" in w.status.value

    w.select(())
    assert w.state["paths"] == {} and "choose at least one" in w.status.value
    assert not any(line.get_visible() for line in w.lines.values())


def test_one_list_of_optimizers_for_figures_demo_and_engine():
    from course_nn.optim import OPTIMIZERS

    assert ow.OPTIMIZER_NAMES == tuple(op.OPTIMIZER_STYLES)
    assert set(op.OPTIMIZER_STYLES) <= set(OPTIMIZERS)
    ax = op.trajectories(Canyon(), {"adam": np.zeros((3, 2)), "other": np.ones((3, 2))})
    paths = [(line.get_label(), line.get_color()) for line in ax.lines if not line.get_label().startswith("_")]
    assert paths == [("Adam", "C3"), ("other", "C1")]
    plt.close("all")


def test_drawing_helpers_run():
    x, y = _line_data()
    path = op.line_fit_gd(x, y, steps=30, lr=0.02)
    axes = op.line_fit_descent(x, y, path, iterations=(0, 5, 30), solution=path[-1])
    assert len(axes[1].lines) == 3
    ax, xs = op.downhill(lambda w: w**2, lambda w: 2 * w, -2.0, 0.3, steps=4)
    assert len(xs) == 5 and ax.lines[1].get_label() == "visited points"
    ax = op.schedule_curves({"c": Constant(0.1), "s": StepDecay(0.1, drop=0.5, every=5)}, steps=12)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0.1] * 5 + [0.05] * 5 + [0.025] * 2)
    ax = op.curves({"a": [1.0, 0.5, np.inf], "b": [2.0, 1.0, 0.5]})
    assert np.isnan(ax.lines[0].get_ydata()[-1])
    plt.close("all")


def test_race_pictures_drawn_ahead_match_fresh_ones():
    ex = ow.optimizer_race("canyon")
    d = ow.DEFAULTS["saddle"]
    key = ("saddle", ex.selected(), d["lr"], d["steps"])
    assert key in ex.nearby() and ex.picture_key()[0] == "canyon"
    flipped = [k for k in ex.nearby() if k[0] == "canyon" and k[1] != ex.selected()]
    assert len(flipped) == len(ow.OPTIMIZER_NAMES)  # one per checkbox
    for job in ex.prefetch():
        job()
    assert ex.state["surface"] == "canyon"  # drawing ahead leaves the shown state alone
    assert ow.optimizer_race("saddle").image.value == ex._pictures[key][0]
    ex.controls["surface"].value = "saddle"  # the picture drawn ahead is the one shown
    assert ex.image.value == ex._pictures[key][0] and ex.state["surface"] == "saddle"


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: ow.optimizer_race(lr=-1),
            ValueError,
            r"^lr: expected a value in \[0.0001, 1\] \(the range of the slider 'learning rate'\), got -1. "
            r"Fix: pass a value in that range, e.g. lr=0.0001.",
        ),
        (lambda: ow.optimizer_race(lr=1e9), ValueError, r"^lr: expected a value in \[0.0001, 1\].*e.g. lr=1\."),
        (lambda: ow.optimizer_race(lr=0), ValueError, r"^lr: expected a value in \[0.0001, 1\].*got 0\."),
        (lambda: ow.optimizer_race(steps=0), ValueError, r"^steps: expected an int in \[1, 500\].*got 0"),
        (lambda: ow.optimizer_race(steps=10.5), TypeError, r"^steps: expected an int, got 10.5"),
        (
            lambda: ow.optimizer_race(optimizers="adam"),
            TypeError,
            r"^optimizers: expected a list, got str \('adam'\). Fix: put it in a list, optimizers=\['adam'\]",
        ),
        (
            lambda: ow.race(optimizers="adam", steps=2),
            TypeError,
            r"^optimizers: expected a list, got str \('adam'\). Fix: put it in a list, optimizers=\['adam'\]",
        ),
        (lambda: ow.race(optimizers=None, steps=2), TypeError, r"^optimizers: expected a list, got NoneType"),
    ],
)
def test_race_arguments_out_of_range_are_refused_not_clamped(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_race_takes_a_tuple_or_list_of_names_and_defaults_its_sliders():
    assert list(ow.race(optimizers=["adam"], steps=2)) == list(ow.race(optimizers=("adam",), steps=2)) == ["adam"]
    demo = ow.optimizer_race("rosenbrock", optimizers=["adam"])
    assert demo.sliders["lr"].value == ow.DEFAULTS["rosenbrock"]["lr"] and demo.selected() == ("adam",)
