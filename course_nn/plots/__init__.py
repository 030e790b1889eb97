"""Figures for the notebooks. Importing this package loads matplotlib (``import course_nn`` does not).

The functions here are shared by several notebooks; figures that belong to one topic live in a module
of their own (``course_nn.plots.perceptron`` ...). Every function draws on ``ax`` when given one (or on
a new figure) and returns the Axes, so a notebook can add to it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .._checks import as_array, check_bool, check_callable, check_int, check_list, check_number


def _axes(ax=None, figsize=(5, 4)):
    """``ax``, or the Axes of a new figure of size ``figsize`` (every drawing function starts with this)."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def finish_axes(
    ax,
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    *,
    logx: bool = False,
    logy: bool = False,
    legend: bool | str = False,
    title_size: float | None = None,
):
    """The finishing touches the course's figures share: log scales, axis labels, a title (``title_size``
    points, or matplotlib's title size) and a legend in 8-point type (``legend``: True for matplotlib's
    choice of place, or a location such as "lower right"). Returns ``ax``."""
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, **({} if title_size is None else {"fontsize": title_size}))
    if legend:
        ax.legend(fontsize=8, **({} if legend is True else {"loc": legend}))
    return ax


def grid_over(X, resolution: int = 200, padding: float = 0.5):
    """A grid covering the 2-D points ``X`` (N, 2): returns (xx, yy, points) with points (resolution², 2)."""
    X = _points(X)
    resolution = check_int(resolution, "resolution", low=2)
    padding = check_number(padding, "padding", low=0.0)
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def _points(X, name: str = "X") -> np.ndarray:
    """``X`` as finite points of the plane, an array (N, 2)."""
    X = as_array(X, name, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(
            f"{name}: expected points of the plane, an array of shape (N, 2), got shape {X.shape}. "
            "Fix: pick two features, e.g. X[:, :2]."
        )
    return X


def decision_boundary(
    predict, X, y, ax=None, resolution: int = 200, padding: float = 0.5, proba: bool = False, title: str | None = None
):
    """Colour the plane by the class ``predict`` gives each point, then scatter the data on top.

    Parameters
    ----------
    predict : callable
        Maps an (M, 2) array to M labels (or M probabilities of class 1 when ``proba=True``; the 0.5
        contour is then drawn as the boundary).
    X : array (N, 2);  y : array (N,) of labels.
    """
    check_callable(predict, "predict", "model.predict")
    X = _points(X)
    y = as_array(y, "y", ndim=(1, 2)).ravel()
    if len(y) != len(X):
        raise ValueError(f"y: expected one label per row of X ({len(X)} rows), got {len(y)}.")
    proba = check_bool(proba, "proba")
    xx, yy, points = grid_over(X, resolution, padding)
    zz = as_array(predict(points), "predict(points)", ndim=(1, 2))
    if zz.size != xx.size:
        raise ValueError(
            f"predict(points): expected one {'probability' if proba else 'label'} per point of the grid "
            f"({xx.size} points, an array (M, 2)), got {zz.size} values. Fix: pass a function of the points, "
            "such as model.predict."
        )
    ax = _axes(ax)
    zz = zz.reshape(xx.shape)
    if proba:
        ax.contourf(xx, yy, zz, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
        ax.contour(xx, yy, zz, levels=[0.5], colors="k", linewidths=1.5)
    else:
        ax.contourf(xx, yy, zz, levels=np.unique(zz).size - 1 or 1, cmap="RdBu_r", alpha=0.35)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu_r", edgecolors="k", s=40, vmin=y.min(), vmax=y.max())
    return finish_axes(ax, "$x_1$", "$x_2$", title)


def loss_curves(
    history, keys=("loss", "val_loss"), ax=None, logy: bool = False, title: str | None = None, label_prefix: str = ""
):
    """Plot per-epoch values from a ``History`` (or a dict of lists) against the epoch number; the ``keys`` it
    does not hold are left out (a run without validation has no ``val_loss``), but at least one must be there."""
    records = getattr(history, "history", history)
    if not isinstance(records, dict):
        raise TypeError(
            f"history: expected a History (what fit returns) or a dict of lists, got {type(history).__name__}."
        )
    keys = check_list(keys, "keys")
    if not any(key in records for key in keys):
        raise ValueError(
            f"keys: none of {keys} is in the history, which holds {sorted(records)}. Fix: pass keys from those."
        )
    ax = _axes(ax)
    for key in keys:
        if key in records:
            values = records[key]
            ax.plot(np.arange(1, len(values) + 1), values, label=f"{label_prefix}{key}")
    finish_axes(ax, "epoch", "loss", title, logy=logy)
    ax.legend()
    return ax
