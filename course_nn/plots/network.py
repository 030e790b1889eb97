"""Diagrams of layered networks, chains of functions and matrix products, drawn with plain matplotlib.

- ``draw_network(sizes, ...)``: circles for units, arrows for weights, optional bias units, weight labels,
  weights shown by line width and colour, arrows pointing forward (prediction) or backward (deltas).
- ``draw_chain(names, ...)``: a composition v0 -> v1 -> ... -> vn with the functions on the forward arrows
  and the local derivatives on the backward arrows (the chain rule as a picture).
- ``draw_matrix_equation(terms, ...)``: a row of boxes whose height and width are the matrices' numbers of
  rows and columns, so a product that does not conform is visible at a glance.

Every function draws on ``ax`` (or a new figure) and returns the Axes. Each unit and arrow of a network
gets a ``gid`` (``"node:l:i"``, ``"bias:l"``, ``"edge:l:i:j"``, ``"bias_edge:l:j"``; layers counted from 0)
so tests and notebooks can find them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

from . import _axes

NODE_COLORS = ("#e8e8e8", "#cfe3f7", "#fde0c5")  # input, hidden, output
BIAS_COLOR = "#fff6c2"
POSITIVE, NEGATIVE = "#1f5fa8", "#c0392b"


def node_positions(sizes, layer_gap: float = 2.5, node_gap: float = 1.2) -> list[np.ndarray]:
    """Centres of the units: one (n, 2) array per layer, layer l at x = l·layer_gap, centred on y = 0,
    unit 0 at the top."""
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes: expected at least two layers of at least one unit each, got {sizes}.")
    return [
        np.column_stack([np.full(n, k * layer_gap), (n - 1) / 2 * node_gap - np.arange(n) * node_gap])
        for k, n in enumerate(sizes)
    ]


def _default_label(layer, i, sizes):
    if layer == 0:
        return f"$x_{{{i + 1}}}$"
    if layer == len(sizes) - 1:
        return r"$\hat y$" if sizes[-1] == 1 else f"$\\hat y_{{{i + 1}}}$"
    return f"$h_{{{i + 1}}}$" if len(sizes) == 3 else f"$h^{{({layer})}}_{{{i + 1}}}$"


def _fmt(value, fmt):
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return fmt.format(float(value))


def _arrow(ax, p, q, radius, direction, lw, color, gid, zorder=1, linestyle="-"):
    u = (q - p) / np.linalg.norm(q - p)
    start, end = p + radius * u, q - radius * u
    if direction == "backward":
        start, end = end, start
    style = "-" if direction == "none" else "-|>"
    arrow = FancyArrowPatch(
        tuple(start),
        tuple(end),
        arrowstyle=style,
        mutation_scale=10 + 2 * lw,
        lw=lw,
        color=color,
        shrinkA=0,
        shrinkB=0,
        zorder=zorder,
        linestyle=linestyle,
    )
    arrow.set_gid(gid)
    ax.add_patch(arrow)
    return arrow


def _edge_label(ax, p, q, t, text, fontsize, color="black"):
    x, y = p + t * (q - p)
    ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=fontsize,
        color=color,
        zorder=4,
        bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.9),
    )


def draw_network(
    sizes,
    labels=None,
    ax=None,
    *,
    weights=None,
    edge_labels=None,
    edge_fmt: str = "{:.2f}",
    bias=False,
    bias_labels=None,
    layer_names=None,
    emphasize=(),
    direction: str = "forward",
    node_colors=None,
    edge_color: str = "0.45",
    radius: float = 0.32,
    fontsize: float = 12,
    edge_fontsize: float = 9,
    layer_gap: float = 2.5,
    node_gap: float = 1.2,
    title=None,
    figsize=(6, 4),
):
    """Draw a fully connected layered network.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, input first: ``(2, 3, 1)`` is the 2-3-1 network.
    labels : list of lists of str, optional
        Text inside each unit, one list per layer (``None`` for a layer or a unit keeps the default
        ``x_i``, ``h_i``, ``ŷ``).
    weights : list of arrays, optional
        One ``(n_in, n_out)`` array per pair of layers (the package's layout, ``W[i, j]`` from unit i to
        unit j). Arrow width grows with ``|w|``, colour shows the sign (blue +, red −).
    edge_labels : list, or "weights", optional
        One entry per pair of layers: an ``(n_in, n_out)`` nested list/array of strings or numbers (numbers
        are formatted with ``edge_fmt``), or ``None`` for no labels there. ``"weights"`` labels every arrow
        with its weight.
    bias : bool or sequence of bool
        Draw a bias unit "1" above every layer but the last (or above the layers marked True).
    bias_labels : list, optional
        Labels of the bias arrows: one length-``n_out`` sequence (or ``None``) per pair of layers.
    layer_names : list of str, optional
        Text under each layer.
    emphasize : sequence of int
        Pairs of layers (0 = input to first hidden) whose arrows are drawn bold.
    direction : "forward", "backward" or "none"
        Which way the arrowheads point: forward for the prediction, backward for the deltas.
    node_colors : list of colours, optional
        One colour per layer (default: grey inputs, blue hidden, orange outputs).

    Returns
    -------
    matplotlib Axes
    """
    if direction not in ("forward", "backward", "none"):
        raise ValueError(f"direction: expected 'forward', 'backward' or 'none', got {direction!r}.")
    sizes = [int(n) for n in sizes]
    n_gaps = len(sizes) - 1
    pos = node_positions(sizes, layer_gap, node_gap)
    ax = _axes(ax, figsize)
    if weights is not None:
        if len(weights) != n_gaps:
            raise ValueError(f"weights: expected {n_gaps} arrays (one per pair of layers), got {len(weights)}.")
        weights = [np.asarray(w, float).reshape(sizes[g], sizes[g + 1]) for g, w in enumerate(weights)]
        w_max = max(float(np.abs(w).max()) for w in weights) or 1.0
    if isinstance(edge_labels, str):
        if edge_labels != "weights" or weights is None:
            raise ValueError("edge_labels='weights' needs weights=...; otherwise pass a list of label arrays.")
        edge_labels = weights
    bias_flags = [bool(bias)] * n_gaps if np.isscalar(bias) else [bool(b) for b in bias]
    if len(bias_flags) != n_gaps:
        raise ValueError(
            f"bias: expected True/False or {n_gaps} flags (one per pair of layers), got {len(bias_flags)}."
        )
    top = max(p[0, 1] for p in pos)
    bias_pos = [np.array([p[0, 0], top + node_gap]) if bias_flags[g] else None for g, p in enumerate(pos[:-1])]

    # arrows first, so the units are drawn on top of them
    for g in range(n_gaps):
        bold = g in emphasize
        for i, p in enumerate(pos[g]):
            for j, q in enumerate(pos[g + 1]):
                color, lw = ("black" if bold else edge_color), (2.6 if bold else 1.1)
                if weights is not None:
                    w = weights[g][i, j]
                    color = POSITIVE if w >= 0 else NEGATIVE
                    lw = 0.6 + 4.0 * abs(w) / w_max + (1.0 if bold else 0.0)
                _arrow(ax, p, q, radius, direction, lw, color, f"edge:{g}:{i}:{j}")
                if edge_labels is not None and edge_labels[g] is not None:
                    text = _fmt(
                        np.asarray(edge_labels[g], dtype=object).reshape(sizes[g], sizes[g + 1])[i, j], edge_fmt
                    )
                    if text:
                        # near the target, staggered by source, so labels of crossing arrows stay apart
                        n_in, n_out = sizes[g], sizes[g + 1]
                        t = 0.45 if n_out == 1 else 0.68 - (0.3 * i / (n_in - 1) if n_in > 1 else 0.0)
                        _edge_label(ax, p, q, t, text, edge_fontsize)
        if bias_pos[g] is not None:
            for j, q in enumerate(pos[g + 1]):
                _arrow(ax, bias_pos[g], q, radius, direction, 0.9, "0.6", f"bias_edge:{g}:{j}", linestyle="--")
                if bias_labels is not None and bias_labels[g] is not None:
                    text = _fmt(bias_labels[g][j], edge_fmt)
                    if text:
                        _edge_label(ax, bias_pos[g], pos[g + 1][j], 0.3, text, edge_fontsize, color="0.3")

    colors = (
        list(node_colors)
        if node_colors is not None
        else ([NODE_COLORS[0]] + [NODE_COLORS[1]] * (len(sizes) - 2) + [NODE_COLORS[2]])
    )
    for k, layer in enumerate(pos):
        for i, (x, y) in enumerate(layer):
            circle = Circle((x, y), radius, fc=colors[k], ec="black", lw=1.2, zorder=3)
            circle.set_gid(f"node:{k}:{i}")
            ax.add_patch(circle)
            text = None
            if labels is not None and labels[k] is not None:
                text = labels[k][i]
            if text is None:
                text = _default_label(k, i, sizes)
            ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, zorder=5)
    for g, b in enumerate(bias_pos):
        if b is not None:
            circle = Circle(tuple(b), radius * 0.8, fc=BIAS_COLOR, ec="0.4", lw=1.0, ls="--", zorder=3)
            circle.set_gid(f"bias:{g}")
            ax.add_patch(circle)
            ax.text(b[0], b[1], "1", ha="center", va="center", fontsize=fontsize - 1, zorder=5)

    bottom = min(p[-1, 1] for p in pos)
    if layer_names is not None:
        for k, name in enumerate(layer_names):
            if name:
                ax.text(pos[k][0, 0], bottom - radius - 0.35, name, ha="center", va="top", fontsize=fontsize - 1)
    upper = top + (node_gap if any(bias_flags) else 0.0) + radius + 0.2
    lower = bottom - radius - (1.0 if layer_names is not None else 0.2)
    ax.set_xlim(-radius - 0.6, n_gaps * layer_gap + radius + 0.6)
    ax.set_ylim(lower, upper)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def draw_chain(
    names,
    forward_labels=None,
    backward_labels=None,
    ax=None,
    *,
    fontsize: float = 12,
    box_width: float = 1.1,
    gap: float = 1.9,
    title=None,
    figsize=(9, 2.6),
):
    """The chain rule as a picture: values in boxes, left to right, joined by the functions applied.

    Parameters
    ----------
    names : list of str
        The values ``v0, v1, ..., vn`` (e.g. ``["$x$", "$z$", "$a$", "$L$"]``).
    forward_labels : list of str, optional
        ``len(names) - 1`` labels on the forward arrows (the functions, e.g. ``"$z = wx + b$"``).
    backward_labels : list of str, optional
        ``len(names) - 1`` labels on the backward arrows (the local derivatives ``∂v_k/∂v_{k-1}``).
        The gradient of the last value with respect to any earlier one is the product of the labels
        between them.
    """
    n = len(names)
    if n < 2:
        raise ValueError(f"names: expected at least two values, got {n}.")
    for arg, value in (("forward_labels", forward_labels), ("backward_labels", backward_labels)):
        if value is not None and len(value) != n - 1:
            raise ValueError(f"{arg}: expected {n - 1} labels (one per arrow), got {len(value)}.")
    ax = _axes(ax, figsize)
    h = 0.7
    xs = np.arange(n) * (box_width + gap)
    for k, (x, name) in enumerate(zip(xs, names)):
        box = Rectangle(
            (x - box_width / 2, -h / 2),
            box_width,
            h,
            fc="#cfe3f7" if 0 < k < n - 1 else "#e8e8e8",
            ec="black",
            lw=1.2,
            zorder=3,
        )
        box.set_gid(f"value:{k}")
        ax.add_patch(box)
        ax.text(x, 0, name, ha="center", va="center", fontsize=fontsize, zorder=4)
    for k in range(n - 1):
        a, b = xs[k] + box_width / 2, xs[k + 1] - box_width / 2
        fwd = FancyArrowPatch((a, 0.15), (b, 0.15), arrowstyle="-|>", mutation_scale=14, lw=1.4, color=POSITIVE)
        fwd.set_gid(f"forward:{k}")
        ax.add_patch(fwd)
        if forward_labels is not None:
            ax.text(
                (a + b) / 2, 0.3, forward_labels[k], ha="center", va="bottom", fontsize=fontsize - 2, color=POSITIVE
            )
        bwd = FancyArrowPatch((b, -0.15), (a, -0.15), arrowstyle="-|>", mutation_scale=14, lw=1.4, color=NEGATIVE)
        bwd.set_gid(f"backward:{k}")
        ax.add_patch(bwd)
        if backward_labels is not None:
            ax.text((a + b) / 2, -0.3, backward_labels[k], ha="center", va="top", fontsize=fontsize - 2, color=NEGATIVE)
    ax.set_xlim(xs[0] - box_width, xs[-1] + box_width)
    ax.set_ylim(-1.1, 1.1)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def _visible_length(text: str) -> int:
    """Rough number of characters a (mathtext) label shows: a TeX command counts as one."""
    import re

    return len(re.sub(r"[${}^_]", "", re.sub(r"\\[a-zA-Z]+ ?", "x", text)))


def draw_matrix_equation(
    terms,
    ax=None,
    *,
    y: float = 0.0,
    x: float = 0.0,
    scale: float = 0.35,
    gap: float = 0.35,
    fontsize: float = 11,
    color: str = "#cfe3f7",
    figsize=(9, 2.5),
):
    """Matrices as boxes of their shape, in a row: a picture of a matrix equation.

    Parameters
    ----------
    terms : list
        Each item is either an operator string (``"·"``, ``"⊙"``, ``"="``, ``"→ σ →"`` ...) or a tuple
        ``(name, shape)`` or ``(name, shape, colour)``; ``shape`` is ``(rows, cols)``. A box is
        ``cols·scale`` wide and ``rows·scale`` tall, with the name inside and "rows×cols" under it.
    y, x : float
        Where the row starts (its vertical centre and left end), so several equations can share one Axes.

    Returns
    -------
    matplotlib Axes. The row's extent is added to ``ax.matrix_extent`` = [xmin, xmax, ymin, ymax] and the
    limits are set to cover every row drawn so far.
    """
    ax = _axes(ax, figsize)
    left = cursor = float(x)
    low, high = y - 0.5, y + 0.5
    for term in terms:
        if isinstance(term, str):
            width = max(0.25, 0.13 * len(term))
            ax.text(cursor + width / 2, y, term, ha="center", va="center", fontsize=fontsize + 2)
            cursor += width + gap
            continue
        name, shape = term[0], tuple(int(s) for s in term[1])
        fc = term[2] if len(term) > 2 else color
        rows, cols = shape
        w, h = cols * scale, rows * scale
        box = Rectangle((cursor, y - h / 2), w, h, fc=fc, ec="black", lw=1.2)
        box.set_gid(f"matrix:{name}")
        ax.add_patch(box)
        inside = w >= 0.13 * _visible_length(name) + 0.1 and h >= 0.5
        if inside:
            ax.text(cursor + w / 2, y, name, ha="center", va="center", fontsize=fontsize)
        else:  # too small for the name: write it above the box
            ax.text(cursor + w / 2, y + h / 2 + 0.08, name, ha="center", va="bottom", fontsize=fontsize)
        ax.text(
            cursor + w / 2,
            y - h / 2 - 0.08,
            f"{rows}×{cols}",
            ha="center",
            va="top",
            fontsize=fontsize - 2,
            color="0.3",
        )
        low, high = min(low, y - h / 2 - 0.45), max(high, y + h / 2 + (0.1 if inside else 0.45))
        cursor += w + gap
    extent = getattr(ax, "matrix_extent", None)
    new = [left - 0.2, cursor, low, high]
    extent = (
        new
        if extent is None
        else [min(extent[0], new[0]), max(extent[1], new[1]), min(extent[2], new[2]), max(extent[3], new[3])]
    )
    ax.matrix_extent = extent
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
