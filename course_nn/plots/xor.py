"""Figures for the XOR notebook: XOR built from gates, training traces, success over seeds, and a
trained network's decision boundary next to its loss curve."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np

from . import _axes, finish_axes, grid_over
from .perceptron import decision_line, gate_points

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
XOR_Y = np.array([0, 1, 1, 0])


def gate_spaces(hidden_lines, output_line, hidden_names=("OR", "NAND"), axes=None):
    """XOR seen twice: in the input plane with the two hidden units' lines, and in the plane of the
    hidden units' outputs (h1, h2), where one line (the output unit) separates the classes.

    hidden_lines : [(w, b), (w, b)] of the two hidden threshold units; output_line : (w, b).
    Returns the two Axes.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9, 4.2))
    ax_in, ax_h = axes
    styles = ("--", ":")
    for (w, b), name, ls in zip(hidden_lines, hidden_names, styles):
        line, _ = decision_line(w, b, ax=ax_in, shade=False, ls=ls, label=f"$h$ = {name}")
    gate_points(XOR_X, XOR_Y, ax=ax_in, annotate=True)
    ax_in.set_title("input space: two lines (the hidden units)")
    ax_in.legend(handles=ax_in.lines, loc="lower left", fontsize=8)

    H = np.column_stack([(XOR_X @ np.asarray(w, float) + b > 0).astype(float) for w, b in hidden_lines])
    decision_line(*output_line, ax=ax_h, label="output unit")
    gate_points(H, XOR_Y, ax=ax_h)
    sources: dict = {}
    for h, x in zip(map(tuple, H), XOR_X):
        sources.setdefault(h, []).append(f"({x[0]:g},{x[1]:g})")
    for (h1, h2), xs in sources.items():  # inputs that land on the same hidden point share one label
        ax_h.annotate(
            "x = " + " and ".join(xs), (h1, h2), textcoords="offset points", xytext=(0, -22), ha="center", fontsize=8
        )
    ax_h.set_xlabel(f"$h_1$ = {hidden_names[0]}($x$)")
    ax_h.set_ylabel(f"$h_2$ = {hidden_names[1]}($x$)")
    ax_h.set_title("hidden space: one line suffices")
    return axes


def prediction_traces(outputs, ax=None, labels=("00", "01", "10", "11"), targets=(0, 1, 1, 0)):
    """Network outputs on the four XOR inputs after each epoch: ``outputs`` has shape (epochs, 4)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    outputs = np.asarray(outputs, float)
    epochs = np.arange(1, len(outputs) + 1)
    for k, (label, t) in enumerate(zip(labels, targets)):
        ax.plot(epochs, outputs[:, k], lw=2, ls="-" if t == 1 else "--", label=f"x = {label} (target {t})")
    ax.axhline(0.5, color="k", lw=0.8)
    ax.set_xlabel("epoch")
    ax.set_ylabel("network output")
    ax.set_xscale("log")
    ax.legend(fontsize=8)
    return ax


def success_bars(table, ax=None):
    """Bar chart of how many seeds solved XOR, one bar per hidden width (``table`` from
    ``course_nn.widgets.xor.success_table``)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 3.2))
    widths = list(table)
    counts = [sum(table[w]["solved"]) for w in widths]
    n = len(table[widths[0]]["solved"])
    bars = ax.bar([str(w) for w in widths], counts, color="C0")
    for bar, c in zip(bars, counts):
        ax.text(bar.get_x() + bar.get_width() / 2, c + 0.3, f"{c}/{n}", ha="center")
    ax.set_ylim(0, n + 2)
    ax.set_xlabel("hidden units")
    ax.set_ylabel("seeds that solved XOR")
    return ax


def probability_grid(model, resolution: int = 80, padding: float = 0.5):
    """(xx, yy, zz): the network's output (probability of class 1) on a resolution × resolution grid
    around the XOR square. ``model.forward`` must return probabilities (a Sigmoid output)."""
    xx, yy, points = grid_over(XOR_X, resolution, padding)
    return xx, yy, np.asarray(model.forward(points), float).reshape(xx.shape)


def boundary_contour(ax, grid):
    """The 0.5 contour of ``grid`` = (xx, yy, zz): the decision boundary (black); None where there is none."""
    xx, yy, zz = grid
    if not (zz.min() < 0.5 < zz.max()):  # a network that answers 0.5 or more everywhere has no 0.5 contour
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return ax.contour(xx, yy, zz, levels=[0.5], colors="k", linewidths=1.5)


def xor_boundary(model, ax=None, title: str | None = None, resolution: int = 80, padding: float = 0.5):
    """The network's probability of class 1 over the plane (colour: red near 1, blue near 0), its 0.5
    contour (the decision boundary, black) and the four XOR points. ``model.forward`` must return
    probabilities (a Sigmoid output). Drawn as an image, which renders much faster than filled contours.
    Returns the Axes; ``boundary_artists`` gives the artists (the demo moves them)."""
    ax = _axes(ax, figsize=(4, 4))
    boundary_artists(ax, probability_grid(model, resolution, padding), title)
    return ax


def boundary_artists(ax, grid, title: str | None = None) -> dict:
    """Draw ``xor_boundary``'s picture of ``grid`` = (xx, yy, zz); return its artists: ``image``,
    ``contour`` (None without a boundary), ``points`` and ``title``."""
    xx, yy, zz = grid
    image = ax.imshow(
        zz,
        origin="lower",
        extent=(xx.min(), xx.max(), yy.min(), yy.max()),
        cmap="RdBu_r",
        vmin=0,
        vmax=1,
        alpha=0.6,
        interpolation="bilinear",
        aspect="equal",
    )
    contour = boundary_contour(ax, grid)
    points = ax.scatter(
        XOR_X[:, 0], XOR_X[:, 1], c=XOR_Y, cmap="RdBu_r", vmin=0, vmax=1, edgecolors="k", s=50, zorder=3
    )
    ax.set_xticks([0, 1])  # few ticks: the inputs are bits (and tick labels dominate the drawing time)
    ax.set_yticks([0, 1])
    finish_axes(ax, "$x_1$", "$x_2$", title or "decision boundary", title_size=10)
    return {"image": image, "contour": contour, "points": points, "title": ax.title}


def loss_panel(ax, loss, epochs: int | None = None):
    """The training loss per epoch with ln 2 (the loss of answering 0.5 for every input) for reference,
    on 0 .. max(1, 1.05 · largest loss) (and epochs 1 .. ``epochs`` if given). Returns the loss line."""
    (line,) = ax.plot(np.arange(1, len(loss) + 1), loss, lw=2)
    ax.axhline(np.log(2), color="0.5", ls=":", label="ln 2 (output 0.5 everywhere)")
    ax.set_ylim(0, loss_top(loss))
    if epochs is not None:
        ax.set_xlim(0, epochs + 1)
    finish_axes(ax, "epoch", "mean BCE", f"training loss (final {loss[-1]:.4f})", legend=True, title_size=10)
    return line


def loss_top(loss) -> float:
    """Top of the loss panel's y-axis: max(1, 1.05 · largest loss)."""
    return max(1.0, max(loss) * 1.05)


def boundary_and_loss(model, history, axes=None, title: str | None = None, resolution: int = 80):
    """Left: ``xor_boundary``. Right: ``loss_panel`` of the training loss. Returns the two Axes."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9, 3.6))
    ax_b, ax_l = axes
    xor_boundary(model, ax=ax_b, title=title, resolution=resolution)
    loss_panel(ax_l, history["loss"])
    return axes
