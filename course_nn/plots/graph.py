"""The computational graph of a ``course_nn.autograd.Value``, drawn with plain matplotlib (no graphviz).

- ``graph_layout(root, named_only=False)``: where every node goes (pure, no drawing; the tests check it).
- ``draw_graph(root, ...)``: boxes for values (their label, ``data`` and ``grad``), small circles for the
  operations, arrows in the direction of the forward pass.

Layout: columns by topological depth, read left to right like the forward pass, with the root in the last
column. Every node sits one column left of its first user (the operation that uses a value, the value an
operation makes), so a weight appears next to the product it enters and a side branch next to where it
joins. In each column, starting from the root and moving left, a node is placed at the mean height of the
nodes that use it, and nodes that would overlap are pushed apart. Ties are broken by topological order, so
the picture is the same on every run.

With ``named_only=True`` only values that have a ``label`` (and the root) are drawn, joined by an arrow
wherever one is computed from the other through unnamed steps: a whole network fits in one picture.

Patches carry a ``gid``: ``"value:i"`` and ``"op:i"`` (i = the value's index in
``course_nn.autograd.topological_order(root)``, the op being the one that made value i) and
``"edge:<from>-><to>"`` with the two node ids.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from ..autograd import Value, topological_order

LEAF_COLOR, INNER_COLOR, ROOT_COLOR, OP_COLOR = "#e8e8e8", "#cfe3f7", "#fde0c5", "#fff6c2"
OP_SYMBOLS = {"*": "×", "sigmoid": "σ", "relu": "ReLU"}  # how an op is written in its circle (else its _op)


def _named_operands(v: Value, shown: set) -> list[Value]:
    """The shown values ``v`` is computed from, looking through unnamed intermediate values."""
    found, stack, seen = [], list(v._prev), set()
    while stack:
        c = stack.pop(0)
        if c in seen:
            continue
        seen.add(c)
        if c in shown:
            found.append(c)
        else:
            stack.extend(c._prev)
    return found


def _spread(desired: list[float], gap: float) -> list[float]:
    """Heights as close to ``desired`` (sorted from top to bottom) as possible, at least ``gap`` apart."""
    ys = []
    for d in desired:
        ys.append(d if not ys else min(d, ys[-1] - gap))
    shift = sum(d - y for d, y in zip(desired, ys)) / len(ys)  # centre the block on what was wanted
    return [y + shift for y in ys]


def graph_layout(root: Value, named_only: bool = False, col_gap: float | None = None, row_gap: float = 1.1) -> dict:
    """Positions of the nodes and the arrows of the graph of ``root``.

    Parameters
    ----------
    root : Value
        The last value computed (usually the loss).
    named_only : bool
        Draw only the values with a ``label`` (and ``root``), without operation nodes.
    col_gap, row_gap : float
        Distance between neighbouring columns (default 1.3, or 2.2 with ``named_only``) and between rows.

    Returns
    -------
    dict
        ``"nodes"``: ``{id: {"kind": "value" or "op", "value": Value, "text": str, "column": int, "x": float,
        "y": float}}`` with ids ``"value:i"`` and ``"op:i"``; ``"edges"``: a list of ``(from_id, to_id)``
        pairs in the direction of the forward pass.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root: expected a course_nn.autograd.Value, got {type(root).__name__}.")
    col_gap = col_gap if col_gap is not None else (2.2 if named_only else 1.3)
    order = topological_order(root)
    index = {v: i for i, v in enumerate(order)}
    shown = [v for v in order if v.label or v is root] if named_only else order
    shown_set = set(shown)

    nodes, edges = {}, []
    for v in shown:
        i = index[v]
        nodes[f"value:{i}"] = {"kind": "value", "value": v, "text": v.label}
        operands = _named_operands(v, shown_set) if named_only else list(dict.fromkeys(v._prev))
        target = f"value:{i}"
        if operands and not named_only:  # an op node between the operands and the result
            target = f"op:{i}"
            nodes[target] = {"kind": "op", "value": v, "text": OP_SYMBOLS.get(v._op, v._op)}
            edges.append((target, f"value:{i}"))
        edges += [(f"value:{index[c]}", target) for c in operands]

    users = {node: [] for node in nodes}
    for a, b in edges:
        users[a].append(b)
    rank = {node: index[nodes[node]["value"]] + (-0.5 if node.startswith("op:") else 0.0) for node in nodes}
    column = {}
    for node in sorted(nodes, key=lambda n: -rank[n]):  # users first: each node one column left of its first user
        column[node] = min((column[u] for u in users[node]), default=1) - 1
    leftmost = min(column.values())
    column = {node: c - leftmost for node, c in column.items()}

    y = {}
    for col in sorted(set(column.values()), reverse=True):
        members = [n for n in nodes if column[n] == col]
        want = {n: (sum(y[u] for u in users[n]) / len(users[n]) if users[n] else 0.0) for n in members}
        members.sort(key=lambda n: (-want[n], rank[n]))
        y.update(zip(members, _spread([want[n] for n in members], row_gap)))
    for node, info in nodes.items():
        info.update(column=column[node], x=column[node] * col_gap, y=y[node])
    return {"nodes": nodes, "edges": edges}


def _box_text(info: dict, fmt: str, show_grad: bool) -> str:
    v = info["value"]
    lines = ([info["text"]] if info["text"] else []) + [f"data {fmt.format(v.data)}"]
    return "\n".join(lines + ([f"grad {fmt.format(v.grad)}"] if show_grad else []))


def draw_graph(
    root: Value,
    ax=None,
    *,
    named_only: bool = False,
    fmt: str = "{:.4f}",
    show_grad: bool = True,
    fontsize: float = 8,
    box_width: float | None = None,
    col_gap: float | None = None,
    row_gap: float = 1.1,
    title: str | None = None,
):
    """Draw the computational graph of ``root``: values as boxes, operations as small circles.

    Parameters
    ----------
    root : Value
        The last value computed; after ``root.backward()`` every box shows d(root)/d(value) as its grad.
    named_only : bool
        Only the labelled values (and the root), joined through the unnamed steps between them.
    fmt : str
        Format of ``data`` and ``grad`` (``"{:.4f}"``).
    show_grad : bool
        Add the ``grad`` line to each box.
    box_width, col_gap, row_gap : float, optional
        Size of a value box and spacing of the layout (see ``graph_layout``).

    Returns
    -------
    matplotlib Axes
    """
    layout = graph_layout(root, named_only=named_only, col_gap=col_gap, row_gap=row_gap)
    nodes = layout["nodes"]
    box_width = box_width or (1.7 if named_only else 1.15)
    box_height, radius = (0.85 if show_grad else 0.6), 0.3
    xs, ys = [n["x"] for n in nodes.values()], [n["y"] for n in nodes.values()]
    if ax is None:
        width, height = max(xs) - min(xs) + box_width, max(ys) - min(ys) + box_height
        _, ax = plt.subplots(figsize=(min(0.75 * width + 0.6, 16), min(0.75 * height + 0.6, 12)))

    def half_width(node):
        return box_width / 2 if nodes[node]["kind"] == "value" else radius

    top = max(ys) + box_height / 2
    for a, b in layout["edges"]:
        start = (nodes[a]["x"] + half_width(a), nodes[a]["y"])
        end = (nodes[b]["x"] - half_width(b), nodes[b]["y"])
        long = nodes[b]["column"] - nodes[a]["column"] > 1  # bend it over the columns it skips
        arrow = FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=9,
            lw=0.9,
            color="0.35",
            shrinkA=0,
            shrinkB=0,
            zorder=1,
            connectionstyle=f"arc3,rad={-0.3 if long else 0}",
        )
        if long:  # the curve rises about 0.15 of its length above the straight line
            top = max(top, max(start[1], end[1]) + 0.15 * (end[0] - start[0]))
        arrow.set_gid(f"edge:{a}->{b}")
        ax.add_patch(arrow)
    for node, info in nodes.items():
        x, y = info["x"], info["y"]
        if info["kind"] == "op":
            patch = Circle((x, y), radius, fc=OP_COLOR, ec="0.3", lw=1.0, zorder=2)
            ax.text(x, y, info["text"], ha="center", va="center", fontsize=fontsize, zorder=3)
        else:
            v = info["value"]
            fc = ROOT_COLOR if v is root else (INNER_COLOR if v._prev else LEAF_COLOR)
            patch = FancyBboxPatch(
                (x - box_width / 2, y - box_height / 2),
                box_width,
                box_height,
                boxstyle="round,pad=0.02",
                fc=fc,
                ec="0.2",
                lw=1.0,
                zorder=2,
            )
            ax.text(
                x,
                y,
                _box_text(info, fmt, show_grad),
                ha="center",
                va="center",
                fontsize=fontsize,
                zorder=3,
                linespacing=1.3,
            )
        patch.set_gid(node)
        ax.add_patch(patch)
    ax.set_xlim(min(xs) - box_width / 2 - 0.1, max(xs) + box_width / 2 + 0.1)
    ax.set_ylim(min(ys) - box_height / 2 - 0.1, top + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
