"""Figures for the perceptron notebook and its playground widget.

A perceptron with weights ``w = (w1, w2)`` and bias ``b`` splits the plane along the line
``w1·x1 + w2·x2 + b = 0``: points with a positive score s = w·x + b are predicted +1, the others -1.
The pure functions here compute that line and the predicted half-planes; the drawing functions put
them on an Axes next to a gate's four points.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from . import _axes, finish_axes

POS_COLOR, NEG_COLOR = "#b2182b", "#2166ac"  # class +1 red, class -1 blue (as RdBu_r in plots.decision_boundary)
LIMITS = (-0.5, 1.5)


# ---------------------------------------------------------------- pure functions
def line_points(w, b, xlim=LIMITS, ylim=LIMITS):
    """Two points on the line w1·x1 + w2·x2 + b = 0 spanning the box ``xlim`` × ``ylim``.

    Returns (xs, ys), each of length 2; both are empty when w = (0, 0) (there is no line: every point
    gets the same prediction, the sign of b).
    """
    w1, w2 = (float(v) for v in np.asarray(w, float).ravel())
    b = float(b)
    if abs(w2) > 1e-12:
        xs = np.array(xlim, float)
        return xs, -(w1 * xs + b) / w2
    if abs(w1) > 1e-12:
        return np.full(2, -b / w1), np.array(ylim, float)
    return np.array([]), np.array([])


def predicted_region(w, b, xlim=LIMITS, ylim=LIMITS, resolution: int = 101):
    """1 where w·x + b > 0 (predicted +1), 0 elsewhere, on a ``resolution``² grid over the box
    (row 0 at the bottom, as ``imshow(origin="lower")`` draws it)."""
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    xx, yy = np.meshgrid(xs, ys)
    w1, w2 = (float(v) for v in np.asarray(w, float).ravel())
    return (w1 * xx + w2 * yy + float(b) > 0).astype(float)


def signed_labels(y):
    """Labels as ±1 (0/1 labels are mapped with 2y - 1)."""
    y = np.asarray(y)
    return np.where(y > 0, 1, -1)


# ---------------------------------------------------------------- drawing
def gate_points(X, y, ax=None, s: float = 120, annotate: bool = False):
    """The gate's points: red circles for label +1 (or 1), blue squares for -1 (or 0)."""
    ax = _axes(ax, (4, 4))
    X, y = np.asarray(X, float), signed_labels(y)
    pos, neg = y > 0, y <= 0
    ax.scatter(X[pos, 0], X[pos, 1], s=s, c=POS_COLOR, marker="o", edgecolors="k", zorder=4, label="+1")
    ax.scatter(X[neg, 0], X[neg, 1], s=s, c=NEG_COLOR, marker="s", edgecolors="k", zorder=4, label="−1")
    if annotate:
        for (x1, x2), t in zip(X, y):
            ax.annotate(f"{t:+d}", (x1, x2), textcoords="offset points", xytext=(9, 7), fontsize=9)
    _frame(ax)
    return ax


def _frame(ax):
    ax.set_xlim(*LIMITS)
    ax.set_ylim(*LIMITS)
    ax.set_aspect("equal")
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    finish_axes(ax, "$x_1$", "$x_2$")


def decision_line(w, b, ax=None, shade: bool = True, color: str = "k", **line_kw):
    """Draw the line w·x + b = 0 and (if ``shade``) tint the half-plane predicted +1 red and the
    other blue. Returns (line, image): the Line2D and the AxesImage of the tint (``None`` without
    shading), so a widget can update them with ``set_data``."""
    ax = _axes(ax, (4, 4))
    xs, ys = line_points(w, b)
    (line,) = ax.plot(xs, ys, color=color, lw=line_kw.pop("lw", 2), **line_kw)
    image = None
    if shade:
        from matplotlib.colors import ListedColormap

        image = ax.imshow(
            predicted_region(w, b),
            origin="lower",
            extent=(*LIMITS, *LIMITS),
            vmin=0,
            vmax=1,
            cmap=ListedColormap([NEG_COLOR, POS_COLOR]),
            alpha=0.18,
            zorder=0,
            interpolation="nearest",
        )
    _frame(ax)
    return line, image


def gate_panel(X, y, w, b, ax=None, title: str | None = None, annotate: bool = False):
    """A gate's points with a perceptron's decision line and predicted half-planes."""
    ax = _axes(ax, (4, 4))
    decision_line(w, b, ax=ax)
    gate_points(X, y, ax=ax, annotate=annotate)
    if title:
        ax.set_title(title)
    return ax


def mistakes_per_epoch(mistakes: dict, ax=None, logx: bool = False):
    """Plot the mistakes of each epoch for several runs: ``mistakes`` maps a label to a list.
    Each run gets its own marker and line style, so runs that coincide stay visible."""
    from matplotlib.ticker import MaxNLocator

    ax = _axes(ax, (5, 3.5))
    styles = [("o", "-"), ("s", "--"), ("^", "-."), ("D", ":")]
    for k, (label, m) in enumerate(mistakes.items()):
        marker, ls = styles[k % len(styles)]
        ax.plot(np.arange(1, len(m) + 1), m, marker=marker, ls=ls, ms=6 - k, lw=1.6, label=label)
    finish_axes(ax, "epoch", "mistakes in the epoch", logx=logx)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(-0.2, None)
    ax.legend()
    return ax


def weight_trace(trace, axes=None, names=("$w_1$", "$w_2$", "$b$"), epoch_length: int | None = None):
    """Weights after every single update step, one small panel per weight (stacked, shared step axis).

    ``trace`` is an array (n_steps + 1, 3) of (w1, w2, b), starting with the initial values. With
    ``epoch_length`` a grey line marks the end of each epoch. Returns the list of Axes.
    """
    trace = np.asarray(trace, float)
    if axes is None:
        _, axes = plt.subplots(trace.shape[1], 1, figsize=(6, 4), sharex=True)
    steps = np.arange(len(trace))
    for k, (ax, name) in enumerate(zip(axes, names)):
        ax.step(steps, trace[:, k], where="post", color=f"C{k}", lw=2)
        ax.set_ylabel(name, rotation=0, labelpad=12)
        lo, hi = trace[:, k].min(), trace[:, k].max()
        ax.set_ylim(lo - 0.5, hi + 0.5)
        ax.set_yticks(np.arange(np.floor(lo), np.ceil(hi) + 1))
        if epoch_length:
            for e in range(epoch_length, len(trace), epoch_length):
                ax.axvline(e, color="0.8", lw=0.8, zorder=0)
    from matplotlib.ticker import MaxNLocator

    axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[-1].set_xlabel("examples presented (steps)")
    return list(axes)


def margin_losses(margins=None, ax=None):
    """The perceptron criterion max(0, -m) and the logistic loss log(1 + e^(-m)) against the margin
    m = y·s (plus the 0/1 mistake count for reference). Returns the Axes."""
    ax = _axes(ax, (6, 3.8))
    m = np.linspace(-3, 3, 601) if margins is None else np.asarray(margins, float)
    ax.plot(m, (m <= 0).astype(float), color="0.6", lw=1.5, ls=":", label="mistake (0/1)")
    ax.plot(m, np.maximum(0.0, -m), lw=2, label=r"perceptron criterion $\max(0, -y s)$")
    ax.plot(m, np.logaddexp(0.0, -m), lw=2, label=r"logistic loss $\log(1 + e^{-y s})$")
    ax.axvline(0, color="k", lw=0.8)
    finish_axes(ax, "margin $y\\cdot s$  (> 0: correct side)", "loss")
    ax.legend(loc="upper right")
    return ax
