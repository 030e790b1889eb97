"""Tests of the computational-graph picture (course_nn.plots.graph): the layout and the drawn labels, not pixels."""

import itertools

import pytest
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from course_nn.autograd import Value, topological_order
from course_nn.plots.graph import draw_graph, graph_layout


def neuron():
    """a = relu(x1 w1 + x2 w2 + b), after a.backward()."""
    x1, w1, x2, w2, b = (
        Value(v, label) for v, label in ((1.0, "x1"), (0.2, "w1"), (1.0, "x2"), (0.4, "w2"), (-0.1, "b"))
    )
    z = x1 * w1 + x2 * w2 + b
    z.label = "z"
    a = z.relu()
    a.label = "a"
    a.backward()
    return a


def by_label(layout):
    return {info["text"]: info for info in layout["nodes"].values() if info["kind"] == "value" and info["text"]}


def test_every_value_and_every_operation_is_a_node():
    a = neuron()
    layout = graph_layout(a)
    order = topological_order(a)
    values = [n for n in layout["nodes"].values() if n["kind"] == "value"]
    ops = [n for n in layout["nodes"].values() if n["kind"] == "op"]
    assert len(values) == len(order) == 10
    assert sorted(op["text"] for op in ops) == sorted(["×", "×", "+", "+", "ReLU"])
    # one arrow per operand into its op, one from each op to its result
    assert len(layout["edges"]) == sum(len(v._prev) for v in order) + len(ops)


def test_columns_follow_topological_depth_and_arrows_point_right():
    layout = graph_layout(neuron())
    nodes = layout["nodes"]
    for a, b in layout["edges"]:
        assert nodes[a]["column"] < nodes[b]["column"] and nodes[a]["x"] < nodes[b]["x"]
    labelled = by_label(layout)
    assert {labelled[k]["column"] for k in ("x1", "w1", "x2", "w2")} == {0}
    assert labelled["z"]["column"] == 6 and labelled["a"]["column"] == 8
    assert labelled["b"]["column"] == 4  # a leaf sits just left of its first use, not in column 0
    values = {n["column"] for n in nodes.values() if n["kind"] == "value"}
    ops = {n["column"] for n in nodes.values() if n["kind"] == "op"}
    assert all(c % 2 == 0 for c in values) and all(c % 2 == 1 for c in ops)


def test_nodes_in_a_column_do_not_overlap_and_the_root_is_centred():
    a = neuron()
    layout = graph_layout(a, row_gap=1.0)
    columns = {}
    for n in layout["nodes"].values():
        columns.setdefault(n["column"], []).append(n["y"])
    for ys in columns.values():
        for y1, y2 in itertools.combinations(ys, 2):
            assert abs(y1 - y2) >= 1.0 - 1e-12
    assert by_label(layout)["a"]["y"] == 0.0
    assert by_label(layout)["x1"]["y"] > by_label(layout)["x2"]["y"]  # operands in the order they were written


def test_layout_is_deterministic():
    first, second = graph_layout(neuron()), graph_layout(neuron())
    assert list(first["nodes"]) == list(second["nodes"]) and first["edges"] == second["edges"]
    assert [(n["x"], n["y"]) for n in first["nodes"].values()] == [(n["x"], n["y"]) for n in second["nodes"].values()]


def test_named_only_joins_labelled_values_through_unnamed_steps():
    layout = graph_layout(neuron(), named_only=True)
    nodes = layout["nodes"]
    assert all(n["kind"] == "value" for n in nodes.values())
    assert sorted(n["text"] for n in nodes.values()) == ["a", "b", "w1", "w2", "x1", "x2", "z"]
    named_edges = {(nodes[a]["text"], nodes[b]["text"]) for a, b in layout["edges"]}
    assert named_edges == {("x1", "z"), ("w1", "z"), ("x2", "z"), ("w2", "z"), ("b", "z"), ("z", "a")}
    assert by_label(layout)["z"]["column"] == 1 and by_label(layout)["a"]["column"] == 2


def test_named_only_keeps_an_unnamed_root():
    x = Value(2.0, "x")
    out = (x * 3).exp()
    layout = graph_layout(out, named_only=True)
    assert [n["text"] for n in layout["nodes"].values()] == ["x", ""]


def test_a_value_used_twice_gets_one_arrow():
    x = Value(3.0, "x")
    layout = graph_layout(x * x)
    assert layout["edges"] == [("op:1", "value:1"), ("value:0", "op:1")]


def test_drawing_shows_data_grad_and_ops_with_gids():
    a = neuron()
    ax = draw_graph(a, title="one neuron")
    texts = [t.get_text() for t in ax.texts]
    assert "z\ndata 0.5000\ngrad 1.0000" in texts and "w2\ndata 0.4000\ngrad 1.0000" in texts
    assert "data 0.2000\ngrad 1.0000" in texts  # x1·w1 has no label
    assert {"×", "+", "ReLU"} <= set(texts) and ax.get_title() == "one neuron"
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(boxes) == 10 and len(circles) == 5 and len(arrows) == len(graph_layout(a)["edges"])
    assert {p.get_gid() for p in boxes} == {f"value:{i}" for i in range(10)}
    assert all(p.get_gid().startswith("edge:") and "->" in p.get_gid() for p in arrows)


def test_drawing_options():
    a = neuron()
    ax = draw_graph(a, named_only=True, show_grad=False, fmt="{:.1f}")
    texts = [t.get_text() for t in ax.texts]
    assert "z\ndata 0.5" in texts and not any("grad" in t for t in texts)
    assert not [p for p in ax.patches if isinstance(p, Circle)]


def test_root_must_be_a_value():
    with pytest.raises(TypeError, match="root: expected a course_nn.autograd.Value, got float"):
        graph_layout(1.0)


def test_an_arrow_that_skips_columns_is_bent_over_them():
    x, y = Value(0.5, "x"), Value(-1.0, "y")
    p = x * y
    p.label = "p"
    q = p + x
    q.label = "q"
    s = p * q.exp()
    s.label = "s"
    ax = draw_graph(s, named_only=True)
    layout = graph_layout(s, named_only=True)
    ids = {info["text"]: node for node, info in layout["nodes"].items()}
    arrows = {p.get_gid(): p for p in ax.patches if isinstance(p, FancyArrowPatch)}
    assert layout["nodes"][ids["s"]]["column"] - layout["nodes"][ids["p"]]["column"] == 2
    assert arrows[f"edge:{ids['p']}->{ids['s']}"].get_connectionstyle().rad == -0.3
    assert arrows[f"edge:{ids['p']}->{ids['q']}"].get_connectionstyle().rad == 0
    assert ax.get_ylim()[1] > max(info["y"] for info in layout["nodes"].values()) + 0.5
