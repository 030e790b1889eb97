"""Figures for the notebooks. Importing this package loads matplotlib (``import course_nn`` does not).

The functions here are shared by several notebooks; figures that belong to one topic live in a module
of their own (``course_nn.plots.perceptron`` ...). Every function draws on ``ax`` when given one (or on
a new figure) and returns the Axes, so a notebook can add to it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


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
    X = np.asarray(X, float)
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


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
    ax = _axes(ax)
    xx, yy, points = grid_over(X, resolution, padding)
    zz = np.asarray(predict(points), float).reshape(xx.shape)
    if proba:
        ax.contourf(xx, yy, zz, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
        ax.contour(xx, yy, zz, levels=[0.5], colors="k", linewidths=1.5)
    else:
        ax.contourf(xx, yy, zz, levels=np.unique(zz).size - 1 or 1, cmap="RdBu_r", alpha=0.35)
    y = np.asarray(y)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu_r", edgecolors="k", s=40, vmin=y.min(), vmax=y.max())
    return finish_axes(ax, "$x_1$", "$x_2$", title)


def loss_curves(
    history, keys=("loss", "val_loss"), ax=None, logy: bool = False, title: str | None = None, label_prefix: str = ""
):
    """Plot per-epoch values from a ``History`` (or a dict of lists) against the epoch number."""
    ax = _axes(ax)
    records = getattr(history, "history", history)
    for key in keys:
        if key in records:
            values = records[key]
            ax.plot(np.arange(1, len(values) + 1), values, label=f"{label_prefix}{key}")
    finish_axes(ax, "epoch", "loss", title, logy=logy)
    ax.legend()
    return ax
