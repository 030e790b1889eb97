"""Figures for the tuning notebook: grid vs random search, search results, successive-halving rungs,
learning and validation curves, a tracking-dashboard view of many runs, and gradient norms per layer.

The tables are the pandas DataFrames that ``course_nn.tuning`` returns, with scikit-learn's ``cv_results_``
columns (``param_<name>``, ``mean_test_score``, ``rank_test_score`` ...). Every function draws on ``ax`` (or
``axes``) when given, otherwise on a new figure, and returns the Axes.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from . import _axes, finish_axes


def grid_vs_random(n_side: int = 3, rng=0, important=None, axes=None):
    """Why random search often beats grid search with the same budget (n_side² trials).

    Two hyperparameters, of which only the first matters (the curve ``important(x)`` on top of each
    panel is the score as a function of it). The grid tries only ``n_side`` distinct values of the
    important one; ``n_side²`` random draws try ``n_side²`` distinct values. Returns the two main Axes
    (the small top panels are ``ax.top``).
    """
    rng = np.random.default_rng(rng)
    important = important or (lambda x: np.exp(-(((x - 0.73) / 0.12) ** 2)))
    n = n_side * n_side
    g = (np.arange(n_side) + 0.5) / n_side
    grid = np.array([(a, b) for a in g for b in g])
    random = rng.random((n, 2))
    if axes is None:
        fig = plt.figure(figsize=(9, 4.6))
        spec = fig.add_gridspec(2, 2, height_ratios=(1, 3.2), hspace=0.05, wspace=0.3)
        axes = [fig.add_subplot(spec[1, i]) for i in range(2)]
        tops = [fig.add_subplot(spec[0, i], sharex=axes[i]) for i in range(2)]
    else:
        tops = [None, None]
    xs = np.linspace(0, 1, 300)
    for ax, top, pts, name in zip(axes, tops, (grid, random), ("grid search", "random search")):
        ax.scatter(pts[:, 0], pts[:, 1], s=50, color="C0", edgecolors="k", zorder=3)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("important hyperparameter")
        ax.set_ylabel("unimportant hyperparameter")
        distinct = len(np.unique(np.round(pts[:, 0], 12)))
        best = important(pts[:, 0]).max()
        (top if top is not None else ax).set_title(
            f"{name}: {n} trials,\n{distinct} values of the important one tried, best score {best:.2f}", fontsize=9
        )
        if top is not None:
            top.plot(xs, important(xs), color="k")
            top.plot(pts[:, 0], important(pts[:, 0]), "o", color="C3", ms=5)
            top.tick_params(labelbottom=False)
            top.set_yticks([])
            top.set_ylabel("score", fontsize=8)
            ax.top = top
    return axes


def _score_name(table) -> str:
    """What the table's scores measure, for axis labels: the scorer's title (``table.attrs["scoring"]``)."""
    from ..metrics.scorers import SCORERS

    scoring = table.attrs.get("scoring", "score")
    return SCORERS[scoring].title if scoring in SCORERS else str(scoring)


def _params(table, name: str):
    """The column of hyperparameter ``name`` (``param_<name>`` in a search table)."""
    return table[f"param_{name}"]


def search_scatter(
    table,
    x: str,
    ax=None,
    hue: str | None = None,
    score: str = "mean_test_score",
    logx: bool = True,
    title: str | None = None,
):
    """Each setting of a search as a dot: hyperparameter ``x`` against its score; ``hue`` colours the dots
    by a second hyperparameter. The best setting (``rank_test_score`` smallest) is ringed."""
    ax = _axes(ax, figsize=(5.5, 3.8))
    if hue is None:
        ax.scatter(_params(table, x), table[score], s=40, edgecolors="k", zorder=3)
    else:
        for value in sorted(_params(table, hue).unique()):
            part = table[_params(table, hue) == value]
            ax.scatter(_params(part, x), part[score], s=40, edgecolors="k", zorder=3, label=f"{hue} = {value}")
        ax.legend(fontsize=8)
    best = table.loc[table["rank_test_score"].idxmin()]
    ax.scatter([best[f"param_{x}"]], [best[score]], s=220, facecolors="none", edgecolors="C3", lw=2, zorder=4)
    return finish_axes(ax, x, f"validation {_score_name(table)}", title, logx=logx)


def halving_plot(table, ax=None, score: str = "mean_test_score"):
    """Successive halving: every setting's validation score at each rung it reached (x = epochs, log
    scale). Settings dropped after a rung end there; the winner, the best of the last rung, is starred."""
    ax = _axes(ax, figsize=(6, 4))
    names = [c for c in table if c.startswith("param_")]
    for _, rows in table.sort_values("iter").groupby(names, sort=True):
        ax.plot(rows["n_resources"], rows[score], "-o", ms=5, lw=1.5, alpha=0.85)
    last = table[table["iter"] == table["iter"].max()]
    winner = last.loc[last["rank_test_score"].idxmin()]
    ax.plot([winner["n_resources"]], [winner[score]], "*", ms=16, color="gold", mec="k", zorder=5, label="winner")
    ax.set_xscale("log", base=3)
    epochs = sorted(table["n_resources"].unique())
    ax.set_xticks(epochs, [str(int(e)) for e in epochs])
    return finish_axes(ax, "epochs of training (budget per setting)", f"validation {_score_name(table)}", legend=True)


def _train_and_validation(ax, x, table, xlabel, ylabel, title, logx=False):
    """The mean training and validation scores against ``x``, with a band of ± one standard deviation of
    the validation score when there are several splits (cross-validation)."""
    ax.plot(x, table["mean_train_score"], "-o", label="training")
    ax.plot(x, table["mean_test_score"], "-o", label="validation")
    if "split1_test_score" in table:
        mean, std = table["mean_test_score"], table["std_test_score"]
        ax.fill_between(x, mean - std, mean + std, color="C1", alpha=0.2)
    return finish_axes(ax, xlabel, ylabel or _score_name(table), title, logx=logx, legend=True)


def learning_curve_plot(table, ax=None, ylabel: str | None = None, title: str | None = None):
    """Training and validation score against the number of training samples (a ``learning_curve`` table)."""
    ax = _axes(ax, figsize=(5.5, 3.8))
    return _train_and_validation(ax, table["train_size"], table, "training samples", ylabel, title)


def validation_curve_plot(
    table, param: str, ax=None, logx: bool = True, ylabel: str | None = None, title: str | None = None
):
    """Training and validation score as one hyperparameter varies (a ``validation_curve`` table)."""
    ax = _axes(ax, figsize=(5.5, 3.8))
    return _train_and_validation(ax, _params(table, param), table, param, ylabel, title, logx=logx)


def parallel_coordinates(table, columns, ax=None, score: str = "mean_test_score", log=(), cmap: str = "viridis"):
    """A tracking dashboard's favourite view: one vertical axis per hyperparameter (``columns``: their names)
    and one for the score, one line per run, coloured by its score. Each axis is scaled to [0, 1] between
    its smallest and largest value (``log``: names to scale logarithmically); the ends are written at the
    top and bottom."""
    ax = _axes(ax, figsize=(7, 3.8))
    names = list(columns) + [score]
    values = np.column_stack(
        [np.asarray(_params(table, c), float) for c in columns] + [np.asarray(table[score], float)]
    )
    for j, name in enumerate(names):
        if name in log:
            values[:, j] = np.log10(values[:, j])
    lo, hi = np.nanmin(values, axis=0), np.nanmax(values, axis=0)
    scaled = (values - lo) / np.where(hi > lo, hi - lo, 1.0)
    s = scaled[:, -1]
    colours = plt.get_cmap(cmap)(np.nan_to_num(s, nan=0.0))
    xs = np.arange(len(names))
    for row, colour in zip(scaled, colours):
        ax.plot(xs, row, color=colour, lw=1.5, alpha=0.9)
    for j, name in enumerate(names):
        ax.axvline(j, color="k", lw=0.8)
        fmt = (lambda v: f"{10**v:.3g}") if name in log else (lambda v: f"{v:.3g}")
        ax.text(j, 1.04, fmt(hi[j]), ha="center", fontsize=8)
        ax.text(j, -0.08, fmt(lo[j]), ha="center", fontsize=8)
    ax.set_xticks(xs, names[:-1] + [f"validation {_score_name(table)}"])
    ax.set_yticks([])
    ax.set_ylim(-0.12, 1.1)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    return ax


def gradient_norms_plot(norms: dict, ax=None, title: str | None = None):
    """The size of the gradient reaching each layer, one line per network (``norms``: name -> list of
    norms, first layer first), on a log scale: vanishing gradients fall to the left, exploding ones rise."""
    ax = _axes(ax, figsize=(6, 3.8))
    for name, values in norms.items():
        ax.plot(np.arange(1, len(values) + 1), values, "-o", label=name)
    return finish_axes(ax, "layer (1 = next to the input)", "‖∂L/∂W‖ of the layer", title, logy=True, legend=True)
