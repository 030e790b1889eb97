"""Figures for the initialization and normalization notebook (09) and its demo.

A deep network's signals are drawn as a *ridgeline*: one histogram per hidden layer, stacked on one Axes
with layer 1 at the bottom, all on the same value axis, each labelled with its standard deviation σ. A
signal that vanishes with depth narrows into a spike at 0; one that explodes stretches the axis until the
early layers are the spikes. The pure function ``layer_histograms`` computes what is drawn (tests call it);
``Ridgeline`` draws it and redraws in place (the demo changes its data, never re-creates it).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator
from matplotlib.transforms import blended_transform_factory

KINDS = {"activations": ("activations a", "C0"), "gradients": ("gradients dL/da", "C3")}


# ---------------------------------------------------------------- pure functions
def layer_histograms(values, bins: int = 41) -> dict:
    """Histograms of a list of per-layer arrays on one common range.

    Exact zeros are left out of the counts (a ReLU layer's inactive units: a spike holding half the
    values would flatten the rest), but not out of the standard deviations. The range runs from the
    smallest 0.5th to the largest 99.5th percentile over the layers (and always includes 0), so a few
    extreme values do not squeeze every histogram into one bin.

    Returns
    -------
    dict with ``counts`` (n_layers, bins), each row scaled to a maximum of 1 (all zeros if a layer has only
    zeros); ``edges`` (bins + 1,); ``stds`` (n_layers,), the standard deviation of each layer's values.
    """
    flat = [np.asarray(v, float).ravel() for v in values]
    nonzero = [v[v != 0] for v in flat]
    lows = [np.percentile(v, 0.5) for v in nonzero if v.size]
    highs = [np.percentile(v, 99.5) for v in nonzero if v.size]
    lo, hi = min([0.0, *lows]), max([0.0, *highs])
    if hi == lo:
        lo, hi = -1.0, 1.0
    edges = np.linspace(lo, hi, bins + 1)
    counts = np.zeros((len(flat), bins))
    for k, v in enumerate(nonzero):
        c, _ = np.histogram(v, bins=edges)
        counts[k] = c / c.max() if c.max() > 0 else c
    return {"counts": counts, "edges": edges, "stds": np.array([v.std() for v in flat])}


# ---------------------------------------------------------------- drawing
class Ridgeline:
    """Per-layer histograms on one Axes, layer 1 at the bottom, redrawn in place by ``update``.

    Parameters
    ----------
    ax : Axes
    max_layers : int
        How many histograms the Axes can show (``update`` hides the ones it does not need).
    kind : {"activations", "gradients"}
        Sets the colour and the axis label.
    sigma_labels : bool, default True
        Write each layer's σ beside its histogram (text is the slowest thing to draw: the demo leaves it out
        and lists the σ's under the figure).
    """

    def __init__(self, ax, max_layers: int, kind: str = "activations", sigma_labels: bool = True):
        if kind not in KINDS:
            raise ValueError(f"kind: expected one of {sorted(KINDS)}, got {kind!r}.")
        label, color = KINDS[kind]
        self.ax = ax
        self.patches = [
            ax.stairs([0.0], [0.0, 1.0], baseline=k, fill=True, color=color, alpha=0.6, lw=0)
            for k in range(1, max_layers + 1)
        ]
        right = blended_transform_factory(ax.transAxes, ax.transData)
        self.labels = (
            [
                ax.text(1.01, k + 0.25, "", transform=right, ha="left", va="center", fontsize=7)
                for k in range(1, max_layers + 1)
            ]
            if sigma_labels
            else []
        )
        ax.set_xlabel(label)
        ax.set_ylabel("layer")
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.ticklabel_format(axis="x", style="sci", scilimits=(-2, 3))  # 1e-4 as an offset, not 0.0001 per tick
        ax.axvline(0, color="0.6", lw=0.8, zorder=0)

    def update(self, hist: dict, title: str | None = None):
        """Show ``hist`` (from ``layer_histograms``): layer k's histogram rises from the line y = k."""
        counts, edges, stds = hist["counts"], hist["edges"], hist["stds"]
        n = len(counts)
        if n > len(self.patches):
            raise ValueError(f"hist: {n} layers, but this Ridgeline was made for at most {len(self.patches)}.")
        for k, patch in enumerate(self.patches):
            patch.set_visible(k < n)
            if k < n:
                patch.set_data(k + 1 + 0.9 * counts[k], edges, baseline=k + 1)
        for k, label in enumerate(self.labels):
            label.set_visible(k < n)
            label.set_text(f"σ = {stds[k]:.1e}" if k < n else "")
        self.ax.set_xlim(edges[0], edges[-1])
        self.ax.set_ylim(0.8, n + 1)
        self.ax.set_yticks(range(1, n + 1, max(1, (n + 2) // 4)))  # about four labels: 1, 4, 7, 10
        if title is not None:
            self.ax.set_title(title, fontsize=9, y=1.0)  # a fixed y: placing a title automatically is slow
        return self.ax


def ridgeline(values, ax=None, kind: str = "activations", title: str | None = None, bins: int = 41):
    """Draw the per-layer histograms of ``values`` (a list of arrays, first layer first); returns the Axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    Ridgeline(ax, len(values), kind).update(layer_histograms(values, bins), title)
    return ax


def signal_histograms(runs: dict, axes=None):
    """Activations (top row) and gradients (bottom row) of several networks, one column each.

    ``runs`` maps a column title to the dict of ``course_nn.signals.layer_signals``. Returns the (2, n) axes.
    A new figure gets fixed margins with room for the σ labels (no ``tight_layout`` needed: it would draw
    the many labels once more).
    """
    if axes is None:
        fig, axes = plt.subplots(2, len(runs), figsize=(3.3 * len(runs), 7.5), squeeze=False)
        fig.subplots_adjust(left=0.05, right=0.93, bottom=0.07, top=0.9, wspace=0.5, hspace=0.3)
    for column, (title, signals) in enumerate(runs.items()):
        ridgeline(signals["activations"], axes[0][column], "activations", title)
        ridgeline(signals["gradients"], axes[1][column], "gradients")
    return axes


def std_per_layer(stds: dict, ax=None, ylabel: str = "standard deviation", title: str | None = None):
    """The standard deviation of each layer's signal, one line per entry of ``{label: stds}``, on a log scale."""
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.6))
    for label, s in stds.items():
        ax.plot(np.arange(1, len(s) + 1), s, "o-", ms=4, label=str(label))
    ax.set_yscale("log")
    ax.yaxis.set_minor_locator(NullLocator())  # over many decades minor ticks add clutter (and drawing time)
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return ax
