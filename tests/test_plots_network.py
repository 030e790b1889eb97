"""Tests of the network / chain / matrix-product diagrams (course_nn.plots.network): the drawn data, not pixels."""

import matplotlib.colors
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

from course_nn.plots.network import draw_chain, draw_matrix_equation, draw_network, node_positions


def by_gid(ax, prefix, kind):
    return {p.get_gid(): p for p in ax.patches if isinstance(p, kind) and (p.get_gid() or "").startswith(prefix)}


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_node_positions_layers_and_centring():
    pos = node_positions([2, 3, 1], layer_gap=2.0, node_gap=1.0)
    assert [p.shape for p in pos] == [(2, 2), (3, 2), (1, 2)]
    assert np.allclose(pos[1][:, 0], 2.0)
    for p in pos:  # every layer centred on y = 0, unit 0 on top
        assert np.isclose(p[:, 1].mean(), 0.0)
        assert np.all(np.diff(p[:, 1]) < 0)


@pytest.mark.parametrize("sizes", [[1], [2, 0, 1]])
def test_node_positions_rejects_bad_sizes(sizes):
    with pytest.raises(ValueError, match="sizes"):
        node_positions(sizes)


def test_units_and_arrows_are_counted_and_named():
    ax = draw_network([2, 3, 1])
    assert len(by_gid(ax, "node:", Circle)) == 6
    edges = by_gid(ax, "edge:", FancyArrowPatch)
    assert len(edges) == 2 * 3 + 3 * 1
    assert "edge:0:1:2" in edges and "edge:1:2:0" in edges
    assert {r"$x_{1}$", r"$h_{3}$", r"$\hat y$"} <= set(texts(ax))


def test_custom_labels_edge_labels_and_layer_names():
    ax = draw_network(
        [2, 2, 1],
        labels=[None, ["$z_1$", "$z_2$"], None],
        edge_labels=[[["a", "b"], ["c", "d"]], None],
        layer_names=["in", "hid", "out"],
    )
    shown = texts(ax)
    assert {"$z_1$", "$z_2$", "$x_{1}$", "a", "b", "c", "d", "in", "hid", "out"} <= set(shown)


def test_weights_set_width_and_colour_and_label_format():
    W1 = np.array([[1.0, -2.0], [0.5, 0.0]])
    W2 = np.array([[4.0], [-1.0]])
    ax = draw_network([2, 2, 1], weights=[W1, W2], edge_labels="weights", edge_fmt="{:.1f}")
    edges = by_gid(ax, "edge:", FancyArrowPatch)
    assert edges["edge:1:0:0"].get_linewidth() > edges["edge:0:0:0"].get_linewidth()  # |4| > |1|
    pos_colour = matplotlib.colors.to_rgba("#1f5fa8")
    neg_colour = matplotlib.colors.to_rgba("#c0392b")
    assert edges["edge:0:0:0"].get_edgecolor() == pos_colour
    assert edges["edge:0:0:1"].get_edgecolor() == neg_colour
    assert {"1.0", "-2.0", "0.5", "0.0", "4.0", "-1.0"} <= set(texts(ax))


def test_bias_units_and_their_arrows():
    ax = draw_network([2, 2, 1], bias=True, bias_labels=[["b1", "b2"], ["c"]])
    assert set(by_gid(ax, "bias:", Circle)) == {"bias:0", "bias:1"}
    assert len(by_gid(ax, "bias_edge:", FancyArrowPatch)) == 3
    assert {"b1", "b2", "c"} <= set(texts(ax))
    ax2 = draw_network([2, 2, 1], bias=[True, False])
    assert set(by_gid(ax2, "bias:", Circle)) == {"bias:0"}


def test_backward_direction_reverses_arrows():
    fwd = by_gid(draw_network([2, 1]), "edge:", FancyArrowPatch)["edge:0:0:0"]
    bwd = by_gid(draw_network([2, 1], direction="backward"), "edge:", FancyArrowPatch)["edge:0:0:0"]
    (x0, _), (x1, _) = fwd._posA_posB
    (u0, _), (u1, _) = bwd._posA_posB
    assert x0 < x1 and u0 > u1


def test_emphasized_gap_is_bold():
    edges = by_gid(draw_network([2, 2, 1], emphasize=(1,)), "edge:", FancyArrowPatch)
    assert edges["edge:1:0:0"].get_linewidth() > edges["edge:0:0:0"].get_linewidth()


def test_bad_arguments_raise_helpful_errors():
    with pytest.raises(ValueError, match="direction"):
        draw_network([2, 1], direction="sideways")
    with pytest.raises(ValueError, match="weights"):
        draw_network([2, 2, 1], weights=[np.ones((2, 2))])
    with pytest.raises(ValueError, match="weights"):
        draw_network([2, 1], weights=[np.ones((2, 1)), np.ones((1, 1))])
    with pytest.raises(ValueError, match="bias"):
        draw_network([2, 2, 1], bias=[True])
    with pytest.raises(ValueError, match="edge_labels"):
        draw_network([2, 1], edge_labels="weights")


def test_draws_on_given_axes():
    fig, ax = plt.subplots()
    assert draw_network([3, 2], ax=ax) is ax
    assert ax.get_aspect() == 1.0


def test_chain_has_boxes_arrows_and_labels():
    ax = draw_chain(["w", "z", "L"], forward_labels=["f1", "f2"], backward_labels=["d1", "d2"])
    assert len(by_gid(ax, "value:", Rectangle)) == 3
    assert len(by_gid(ax, "forward:", FancyArrowPatch)) == 2
    assert len(by_gid(ax, "backward:", FancyArrowPatch)) == 2
    assert {"w", "z", "L", "f1", "f2", "d1", "d2"} <= set(texts(ax))
    with pytest.raises(ValueError, match="backward_labels"):
        draw_chain(["w", "z"], backward_labels=["a", "b"])


def test_matrix_boxes_have_the_matrix_shapes():
    ax = draw_matrix_equation([("X", (3, 2)), "·", ("W", (2, 3)), "=", ("Z", (3, 3))], scale=0.5)
    boxes = by_gid(ax, "matrix:", Rectangle)
    assert (boxes["matrix:X"].get_width(), boxes["matrix:X"].get_height()) == (1.0, 1.5)
    assert (boxes["matrix:W"].get_width(), boxes["matrix:W"].get_height()) == (1.5, 1.0)
    assert {"3×2", "2×3", "3×3", "·", "="} <= set(texts(ax))
    # a second row on the same Axes widens the limits to cover both
    draw_matrix_equation([("a", (1, 8))], ax=ax, y=-3, scale=0.5)
    assert ax.get_ylim()[0] < -3 and ax.get_xlim()[1] >= 4.0
