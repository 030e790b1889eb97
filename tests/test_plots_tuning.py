"""Figures of the tuning notebook, on hand-made tables and on a tiny real search."""

import numpy as np
import pandas as pd

import course_nn as cn
from course_nn import tuning
from course_nn.plots import tuning as tplots


def search_table():
    table = pd.DataFrame(
        {
            "param_lr": [0.01, 1.0, 0.1, 0.001],
            "param_hidden": [8, 4, 8, 4],
            "mean_test_score": [0.6, 0.45, 0.85, 0.2],
            "rank_test_score": [2, 3, 1, 4],
            "mean_train_score": [0.7, 0.5, 0.9, 0.2],
        }
    )
    table.attrs["scoring"] = "balanced_accuracy"
    return table


def test_grid_vs_random_tries_more_values_with_random_draws():
    ax_grid, ax_random = tplots.grid_vs_random(3, rng=0)
    grid_x = ax_grid.collections[0].get_offsets()[:, 0]
    random_x = ax_random.collections[0].get_offsets()[:, 0]
    assert len(grid_x) == len(random_x) == 9
    assert len(np.unique(np.round(grid_x, 12))) == 3 and len(np.unique(random_x)) == 9
    assert "3 values" in ax_grid.top.get_title() and "9 values" in ax_random.top.get_title()
    again = tplots.grid_vs_random(3, rng=0)[1].collections[0].get_offsets()
    assert np.array_equal(again, ax_random.collections[0].get_offsets())  # reproducible


def test_search_scatter_rings_the_best_trial():
    table = search_table()
    ax = tplots.search_scatter(table, "lr", hue="hidden")
    points = np.vstack([c.get_offsets() for c in ax.collections[:-1]])
    assert sorted(map(tuple, points)) == sorted(zip(table["param_lr"], table["mean_test_score"]))
    assert ax.collections[-1].get_offsets().tolist() == [[0.1, 0.85]]  # rank 1, not the first row
    assert ax.get_xscale() == "log"
    assert ax.get_ylabel() == "validation balanced accuracy"  # the scorer's title


def test_halving_plot_follows_each_setting_through_its_rungs():
    table = pd.DataFrame(
        {
            "iter": [0, 0, 0, 1, 1, 2],
            "n_resources": [1, 1, 1, 3, 3, 9],
            "param_lr": [0.1, 0.2, 0.3, 0.2, 0.1, 0.2],
            "mean_test_score": [0.6, 0.5, 0.1, 0.8, 0.7, 0.9],
            "rank_test_score": [4, 5, 6, 2, 3, 1],
        }
    )
    table.attrs["scoring"] = "loss"
    ax = tplots.halving_plot(table)
    lines = {tuple(line.get_xdata()): list(line.get_ydata()) for line in ax.lines[:-1]}
    assert lines == {(1, 3): [0.6, 0.7], (1, 3, 9): [0.5, 0.8, 0.9], (1,): [0.1]}
    assert ax.lines[-1].get_xdata().tolist() == [9] and ax.lines[-1].get_ydata().tolist() == [0.9]
    assert ax.get_ylabel() == "validation loss"


def test_the_halving_winner_is_the_best_of_the_last_rung():
    """A setting dropped early may rank first overall (ties, or a lucky short run); the winner is not it."""
    table = pd.DataFrame(
        {
            "iter": [0, 0, 1],
            "n_resources": [1, 1, 3],
            "param_lr": [0.1, 0.2, 0.2],
            "mean_test_score": [0.9, 0.8, 0.85],
            "rank_test_score": [1, 3, 2],
        }
    )
    ax = tplots.halving_plot(table)
    assert ax.lines[-1].get_xdata().tolist() == [3] and ax.lines[-1].get_ydata().tolist() == [0.85]


def test_learning_and_validation_curve_plots():
    lc = pd.DataFrame(
        {
            "train_size": [10, 20, 40],
            "split0_test_score": [0.4, 0.65, 0.78],
            "split1_test_score": [0.6, 0.75, 0.82],
            "mean_test_score": [0.5, 0.7, 0.8],
            "std_test_score": [0.1, 0.05, 0.02],
            "mean_train_score": [1.0, 0.95, 0.9],
        }
    )
    lc.attrs["scoring"] = "r2"
    ax = tplots.learning_curve_plot(lc)
    assert ax.lines[1].get_ydata().tolist() == [0.5, 0.7, 0.8] and len(ax.collections) == 1  # the ± std band
    assert ax.get_ylabel() == "R²"
    vc = pd.DataFrame(
        {
            "param_lr": [0.01, 0.1, 1.0],
            "split0_test_score": [0.3, 0.85, 0.6],
            "mean_train_score": [0.3, 0.9, 0.95],
            "mean_test_score": [0.3, 0.85, 0.6],
            "std_test_score": [0.0, 0.0, 0.0],
        }
    )
    ax = tplots.validation_curve_plot(vc, "lr", ylabel="accuracy")
    assert ax.lines[0].get_xdata().tolist() == [0.01, 0.1, 1.0] and ax.get_xscale() == "log"
    assert len(ax.collections) == 0 and ax.get_ylabel() == "accuracy"  # one split: no band


def test_parallel_coordinates_scales_every_axis_to_unit_range():
    table = search_table()
    ax = tplots.parallel_coordinates(table, ["lr", "hidden"], log=("lr",))
    runs = [line for line in ax.lines if len(line.get_xdata()) == 3]
    assert len(runs) == 4
    ys = np.array([line.get_ydata() for line in runs])
    assert ys.min() == 0 and ys.max() == 1
    assert np.allclose(ys[:, 0], (np.log10(table["param_lr"]) + 3) / 3)  # log axis: 1e-3 -> 0, 1 -> 1
    assert "0.001" in [t.get_text() for t in ax.texts] and "1" in [t.get_text() for t in ax.texts]


def test_gradient_norms_plot():
    ax = tplots.gradient_norms_plot({"a": [1e-6, 1e-3, 1.0], "b": [1.0, 1.0, 1.0]})
    assert ax.get_yscale() == "log" and ax.lines[0].get_xdata().tolist() == [1, 2, 3]


def test_plots_accept_the_tables_of_a_real_search():
    r = np.random.default_rng(0)
    X = r.normal(size=(60, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(float)

    def build(params, rng):
        model = cn.Sequential(
            [cn.Dense(2, params["hidden"], rng=rng), cn.ReLU(), cn.Dense(params["hidden"], 1, rng=rng), cn.Sigmoid()]
        )
        return model, dict(loss="bce", lr=params["lr"], batch_size=20)

    space = {"lr": tuning.LogUniform(0.01, 1.0), "hidden": tuning.IntRange(2, 6)}
    halving = tuning.successive_halving(
        build,
        space,
        X[:40],
        y[:40],
        validation_data=(X[40:], y[40:]),
        n_candidates=4,
        eta=2,
        scoring="accuracy",
        rng=0,
        verbose=False,
    )
    ax = tplots.halving_plot(halving)
    assert ax.lines[-1].get_ydata()[0] == halving.loc[halving.attrs["best_index"], "mean_test_score"]
    rung_0 = halving[halving["iter"] == 0]
    ax = tplots.search_scatter(rung_0, "lr")
    best = rung_0.loc[rung_0["rank_test_score"].idxmin()]
    assert ax.collections[-1].get_offsets().tolist() == [[best["param_lr"], best["mean_test_score"]]]
    assert ax.get_ylabel() == "validation accuracy"
    tplots.parallel_coordinates(halving, ["lr", "hidden"], log=("lr",))
    curve = tuning.learning_curve(
        build,
        {"lr": 0.3, "hidden": 4},
        X[:40],
        y[:40],
        validation_data=(X[40:], y[40:]),
        train_sizes=(0.5, 1.0),
        epochs=3,
        scoring="accuracy",
        rng=0,
    )
    ax = tplots.learning_curve_plot(curve)
    assert ax.lines[0].get_xdata().tolist() == [20, 40] and len(ax.collections) == 0
