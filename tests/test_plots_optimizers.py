"""The look-ahead diagram of Nesterov momentum (course_nn.plots.optimizers): its points, then its drawing."""

import numpy as np
import pytest

from course_nn.layers import Parameter
from course_nn.optim import SGD
from course_nn.plots.optimizers import nesterov_diagram, nesterov_lookahead
from course_nn.surfaces import Canyon

CANYON = Canyon()


def test_lookahead_points_by_hand():
    p = nesterov_lookahead(CANYON, w=(-3.0, 0.5), v=(0.3, -1.0), lr=0.02, momentum=0.9)
    np.testing.assert_allclose(p["ahead"], [-2.73, -0.4])
    np.testing.assert_allclose(p["grad_here"], [-3.0, 10.0])  # ∇f = (a x, b y) at w
    np.testing.assert_allclose(p["grad_ahead"], [-2.73, -8.0])  # the slope ahead points back up
    np.testing.assert_allclose(p["momentum_step"], [-2.67, -0.6])
    np.testing.assert_allclose(p["nesterov_step"], [-2.6754, -0.24])


@pytest.mark.parametrize("momentum", [0.5, 0.9])
def test_the_nesterov_point_is_where_sgd_nesterov_moves_the_lookahead_variable(momentum):
    # cn.SGD(nesterov=True) stores the look-ahead point w + αv; one step of it from there lands on
    # nesterov_step + α·v_new, the next look-ahead point.
    w, v, lr = np.array([-3.0, 0.5]), np.array([0.3, -1.0]), 0.02
    p = nesterov_lookahead(CANYON, w, v, lr, momentum)
    theta = Parameter(p["ahead"].copy())
    opt = SGD([theta], lr=lr, momentum=momentum, nesterov=True)
    opt.v[0][...] = v
    theta.grad[...] = CANYON.grad(*theta.value)
    opt.step()
    v_new = p["nesterov_step"] - w
    np.testing.assert_allclose(v_new, momentum * v - lr * p["grad_ahead"])
    np.testing.assert_allclose(theta.value, p["nesterov_step"] + momentum * v_new)


def test_diagram_draws_the_four_points_and_zooms():
    ax = nesterov_diagram(CANYON, (-3.0, 0.5), (0.3, -1.0), 0.02, 0.9, window=((-3.2, -2.4), (-0.8, 0.7)), title="t")
    p = nesterov_lookahead(CANYON, (-3.0, 0.5), (0.3, -1.0), 0.02, 0.9)
    points = {
        tuple(np.round(np.ravel([line.get_xdata(), line.get_ydata()]), 6))
        for line in ax.get_lines()
        if len(line.get_xdata()) == 1
    }
    for key in ("w", "ahead", "momentum_step", "nesterov_step"):
        assert tuple(np.round(p[key], 6)) in points
    assert ax.get_xlim() == (-3.2, -2.4) and ax.get_ylim() == (-0.8, 0.7)
    labels = [line.get_label() for line in ax.get_lines()]
    assert any(label.startswith("Nesterov") for label in labels)
    assert any(label.startswith("momentum") for label in labels)
    assert len(ax.texts) >= 4
