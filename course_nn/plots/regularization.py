"""Figures for the regularization notebook (06) and its explorer demo.

Drawing functions take ``ax`` (or ``axes``) and return them; the few computations behind the pictures
(the constrained minimum on an L1 or L2 ball, random dropout masks, polynomial fits) are pure functions
that tests call directly.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Polygon

from . import _axes, finish_axes
from .network import draw_network

TRAIN_COLOR, VAL_COLOR = "C0", "C3"


# ---------------------------------------------------------------- pure functions
def polynomial_fit(x, y, degree: int, lam: float = 0.0) -> np.ndarray:
    """Least-squares (ridge when lam > 0, intercept not penalized) polynomial coefficients, highest power
    first (as ``np.polyval`` expects). The columns are powers of x, so keep x within about [-1, 1]."""
    x, y = np.ravel(x), np.ravel(y)
    V = np.vander(x, degree + 1)
    D = np.eye(degree + 1)
    D[-1, -1] = 0.0  # the constant column (last in np.vander) is not penalized
    return np.linalg.solve(V.T @ V + lam * D, V.T @ y)


def constrained_minimum(center, A, radius: float, norm: str = "l2", n: int = 20001):
    """The point of the ball {‖w‖ ≤ radius} (L2: circle, L1: diamond) where the quadratic
    Q(w) = (w − center)ᵀ A (w − center) is lowest, found by scanning the ball's boundary (``center`` lies
    outside the ball). Returns (w, Q(w))."""
    t = np.linspace(0, 2 * np.pi, n)
    if norm == "l2":
        W = radius * np.c_[np.cos(t), np.sin(t)]
    elif norm == "l1":
        c, s = np.cos(t), np.sin(t)
        W = radius * np.c_[c, s] / (np.abs(c) + np.abs(s))[:, None]
    else:
        raise ValueError(f"norm: expected 'l2' or 'l1', got {norm!r}.")
    D = W - np.asarray(center, float)
    Q = np.einsum("ni,ij,nj->n", D, np.asarray(A, float), D)
    k = int(np.argmin(Q))
    return W[k], float(Q[k])


def dropout_masks(sizes, rate: float, n_masks: int, rng) -> list:
    """Random keep-masks for the hidden layers of a network with layer sizes ``sizes`` (input first):
    a list of ``n_masks`` items, each a list with one boolean array per hidden layer (True = kept). Every
    hidden layer keeps at least one unit."""
    masks = []
    for _ in range(n_masks):
        one = []
        for n in sizes[1:-1]:
            keep = rng.random(n) >= rate
            if not keep.any():
                keep[rng.integers(n)] = True
            one.append(keep)
        masks.append(one)
    return masks


# ---------------------------------------------------------------- drawing
def boundary(grid, X, y, ax=None, X_val=None, y_val=None, title: str | None = None):
    """A classifier's probability of class 1 on a grid ``(xx, yy, proba)``, its 0.5 contour (the decision
    boundary), the training points (large, black edge) and, if given, the validation points (small, faint)."""
    ax = _axes(ax)
    xx, yy, p = grid
    ax.contourf(xx, yy, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.55)
    if p.min() < 0.5 < p.max():
        ax.contour(xx, yy, p, levels=[0.5], colors="k", linewidths=1.5)
    if X_val is not None:
        ax.scatter(X_val[:, 0], X_val[:, 1], c=y_val, cmap="RdBu_r", s=8, alpha=0.35, vmin=0, vmax=1)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu_r", edgecolors="k", s=40, vmin=0, vmax=1, zorder=4)
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    return finish_axes(ax, "$x_1$", "$x_2$", title, title_size=10)


def train_val_curves(
    history,
    ax=None,
    best_epoch: int | None = None,
    stopped_epoch: int | None = None,
    keys=("loss", "val_loss"),
    labels=("training loss", "validation loss"),
    logy: bool = False,
    title: str | None = None,
):
    """Training and validation loss per epoch (``history``: a History or a dict of lists). ``best_epoch``
    (counted from 1) gets a dotted vertical line and a dot on the validation curve; ``stopped_epoch`` a grey
    dashed line. Returns the Axes; the loss lines come first in ``ax.lines``."""
    ax = _axes(ax, figsize=(6, 3.8))
    records = getattr(history, "history", history)
    for key, label, color in zip(keys, labels, (TRAIN_COLOR, VAL_COLOR)):
        values = records[key]
        ax.plot(np.arange(1, len(values) + 1), values, lw=2, color=color, label=label)
    if best_epoch is not None:
        best = records[keys[1]][best_epoch - 1]
        ax.axvline(best_epoch, color="k", ls=":", lw=1)
        ax.plot([best_epoch], [best], "o", color="k", ms=7, zorder=5, label=f"best epoch {best_epoch}")
    if stopped_epoch is not None:
        ax.axvline(stopped_epoch, color="0.5", ls="--", lw=1, label=f"stopped after epoch {stopped_epoch}")
    return finish_axes(ax, "epoch", "loss", title, logy=logy, legend=True, title_size=10)


def weight_histograms(weights: dict, ax=None, bins: int = 60, lim: float | None = None, title: str | None = None):
    """Overlaid histograms (step outlines) of several weight vectors ``{label: array}``, log-scaled counts."""
    ax = _axes(ax, figsize=(6, 3.8))
    lim = lim or max(float(np.abs(w).max()) for w in weights.values())
    edges = np.linspace(-lim, lim, bins + 1)
    for label, w in weights.items():
        ax.hist(np.ravel(w), bins=edges, histtype="step", lw=2, label=label)
    return finish_axes(ax, "weight value", "number of weights", title, logy=True, legend=True, title_size=10)


def penalty_shapes(axes=None, lam: float = 1.0):
    """Left: the penalties λ|w| and λw² of one weight. Right: their gradients — a constant pull λ·sign(w)
    (L1) against a pull 2λw that fades near 0 (L2). Returns the two Axes."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    w = np.linspace(-2, 2, 401)
    axes[0].plot(w, lam * np.abs(w), lw=2, label=r"L1: $\lambda|w|$")
    axes[0].plot(w, lam * w**2, lw=2, label=r"L2: $\lambda w^2$")
    axes[0].set_title("penalty of one weight", fontsize=10)
    axes[1].plot(w, lam * np.sign(w), lw=2, label=r"L1: $\lambda\,\mathrm{sign}(w)$")
    axes[1].plot(w, 2 * lam * w, lw=2, label=r"L2: $2\lambda w$")
    axes[1].set_title("its gradient: the pull towards 0", fontsize=10)
    for ax in axes:
        ax.axhline(0, color="0.7", lw=0.8)
        ax.axvline(0, color="0.7", lw=0.8)
        ax.set_xlabel("$w$")
        ax.legend(fontsize=8)
    return axes


def l1_l2_picture(axes=None, center=(2.0, 0.6), A=((1.0, 0.3), (0.3, 0.8)), radius: float = 1.0):
    """The classic picture: loss contours (ellipses around the unpenalized minimum) meeting the L2 ball
    (a circle) and the L1 ball (a diamond). The penalized minimum is where the lowest contour touches the
    ball; on the diamond that is usually a corner, where one weight is exactly 0. Returns the two Axes."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 4.6))
    center, A = np.asarray(center, float), np.asarray(A, float)
    g = np.linspace(-2.2, 3.0, 300)
    W1, W2 = np.meshgrid(g, g)
    D = np.stack([W1 - center[0], W2 - center[1]], axis=-1)
    Q = np.einsum("...i,ij,...j->...", D, A, D)
    for ax, norm in zip(axes, ("l2", "l1")):
        w_star, q_star = constrained_minimum(center, A, radius, norm)
        ax.contour(
            W1, W2, Q, levels=[q_star / 4, q_star / 2, q_star, 2 * q_star, 3.5 * q_star], colors="0.5", linewidths=0.8
        )
        ax.contour(W1, W2, Q, levels=[q_star], colors="C3", linewidths=2)
        if norm == "l2":
            t = np.linspace(0, 2 * np.pi, 200)
            ax.fill(radius * np.cos(t), radius * np.sin(t), color="C0", alpha=0.3)
            name = r"L2: $w_1^2 + w_2^2 \leq t^2$"
        else:
            ax.add_patch(Polygon([(radius, 0), (0, radius), (-radius, 0), (0, -radius)], color="C0", alpha=0.3))
            name = r"L1: $|w_1| + |w_2| \leq t$"
        ax.plot(*center, "k+", ms=12, mew=2, label="minimum without penalty")
        ax.plot(*w_star, "o", color="C3", ms=8, zorder=5, label=f"with penalty: ({w_star[0]:.2f}, {w_star[1]:.2f})")
        ax.axhline(0, color="0.6", lw=0.8)
        ax.axvline(0, color="0.6", lw=0.8)
        ax.set_aspect("equal")
        ax.set_xlim(-2.2, 3.0)
        ax.set_ylim(-2.2, 3.0)
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        ax.set_title(name, fontsize=10)
        ax.legend(fontsize=8, loc="lower left")
    return axes


def thinned_networks(sizes=(4, 5, 5, 1), rate: float = 0.5, rng=None, axes=None):
    """Dropout's thinned networks: (a) the full network, (b)-(d) three random draws in which dropped hidden
    units are grey and their arrows vanish. Returns (axes, masks) with masks from ``dropout_masks``."""
    rng = np.random.default_rng(rng)
    if axes is None:
        _, axes = plt.subplots(1, 4, figsize=(14, 3.6))
    masks = dropout_masks(sizes, rate, len(axes) - 1, rng)
    titles = ["(a) the full network"] + [f"({chr(98 + k)}) training step {k + 1}" for k in range(len(axes) - 1)]
    for k, ax in enumerate(axes):
        draw_network(sizes, ax=ax, labels=[[""] * n for n in sizes], radius=0.3, title=titles[k])
        if k == 0:
            continue
        dropped = {(layer + 1, i) for layer, keep in enumerate(masks[k - 1]) for i in np.flatnonzero(~keep)}
        for patch in ax.patches:
            gid = patch.get_gid() or ""
            parts = gid.split(":")
            if parts[0] == "node" and (int(parts[1]), int(parts[2])) in dropped:
                patch.set_facecolor("0.55")
                patch.set_hatch("xx")
            elif parts[0] == "edge":
                g, i, j = int(parts[1]), int(parts[2]), int(parts[3])
                if (g, i) in dropped or (g + 1, j) in dropped:
                    patch.set_alpha(0.08)
    return axes, masks


def overview(ax=None):
    """A map of the regularization methods: what each one changes, the knob it turns, and where this
    notebook shows it. Returns the Axes."""
    ax = _axes(ax, figsize=(12, 5.2))
    ax.set_xlim(0, 12)
    ax.set_ylim(0, 6.4)
    ax.axis("off")
    centre = (6, 3.2)
    ax.add_patch(FancyBboxPatch((4.45, 2.75), 3.1, 0.9, boxstyle="round,pad=0.1", fc="#fde0c5", ec="k"))
    ax.text(*centre, "overfitting\n(the network learns the noise)", ha="center", va="center", fontsize=11)
    boxes = [
        ((1.6, 5.4), "change the loss", "L2 / L1 penalty  λΣw², λΣ|w|", "knob: λ"),
        ((6.0, 5.6), "change the network in training", "dropout", "knob: rate"),
        ((10.4, 5.4), "change when to stop", "early stopping", "knob: patience"),
        ((1.6, 1.0), "change the data", "augmentation (noise, shifts)", "knob: noise level"),
        ((6.0, 0.8), "change the size", "fewer layers / units", "knob: width, depth"),
        ((10.4, 1.0), "change the optimisation", "small mini-batches", "knob: batch size"),
    ]
    for (x, y), head, what, knob in boxes:
        ax.add_patch(FancyBboxPatch((x - 1.45, y - 0.55), 2.9, 1.1, boxstyle="round,pad=0.08", fc="#cfe3f7", ec="0.3"))
        ax.text(x, y + 0.28, head, ha="center", va="center", fontsize=9, style="italic")
        ax.text(x, y - 0.02, what, ha="center", va="center", fontsize=10, weight="bold")
        ax.text(x, y - 0.32, knob, ha="center", va="center", fontsize=8.5, color="0.25")
        start = (x + (centre[0] - x) * 0.35, y + (centre[1] - y) * 0.35)
        end = (centre[0] + (x - centre[0]) * 0.45, centre[1] + (y - centre[1]) * 0.45)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color="0.4", lw=1.2))
    ax.set_title("ways to regularize a network: each one works against overfitting", fontsize=12)
    return ax


def capacity_curve(widths, train_losses, val_losses, ax=None, title: str | None = None):
    """Final training and validation loss against the hidden width (log scale), lowest validation loss
    marked. Returns the Axes."""
    ax = _axes(ax, figsize=(6, 3.8))
    ax.plot(widths, train_losses, "o-", lw=2, color=TRAIN_COLOR, label="training loss")
    ax.plot(widths, val_losses, "o-", lw=2, color=VAL_COLOR, label="validation loss")
    k = int(np.argmin(val_losses))
    ax.plot(
        [widths[k]],
        [val_losses[k]],
        "o",
        ms=12,
        mfc="none",
        mec="k",
        mew=2,
        label=f"lowest validation loss: width {widths[k]}",
    )
    ax.set_xscale("log", base=2)
    ax.set_xticks(list(widths))
    ax.set_xticklabels([str(w) for w in widths])
    return finish_axes(ax, "hidden units per layer", "loss", title, legend=True, title_size=10)


def under_over_fit(x, y, x_val, y_val, truth, degrees=(1, 3, 15), axes=None, lam: float = 0.0):
    """Three polynomial fits of rising degree to the same noisy points: too simple, about right, too
    flexible; each panel's title gives the training and validation mean squared error. Returns the Axes."""
    if axes is None:
        _, axes = plt.subplots(1, len(degrees), figsize=(4 * len(degrees), 3.4))
    grid = np.linspace(min(np.min(x), np.min(x_val)), max(np.max(x), np.max(x_val)), 400)
    for ax, degree in zip(axes, degrees):
        coef = polynomial_fit(x, y, degree, lam)
        mse = lambda xs, ys: float(np.mean((np.polyval(coef, xs) - ys) ** 2))  # noqa: E731, B023 (used in the loop)
        ax.plot(grid, truth(grid), color="0.6", lw=2, ls="--", label="true function")
        ax.plot(grid, np.polyval(coef, grid), color="C3", lw=2, label=f"degree {degree}")
        ax.scatter(x_val, y_val, s=10, color="0.6", alpha=0.5, label="validation points")
        ax.scatter(x, y, s=30, color="k", zorder=5, label="training points")
        ax.set_ylim(np.min(y_val) - 1, np.max(y_val) + 1)
        ax.set_title(f"degree {degree}: train MSE {mse(x, y):.3f}, validation {mse(x_val, y_val):.3f}", fontsize=9)
        ax.set_xlabel("$x$")
    axes[0].legend(fontsize=7, loc="upper left")
    return axes
