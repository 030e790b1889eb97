"""Rosenblatt's perceptron on the logic gates (curriculum.md §2f) and its link to the perceptron criterion."""

import numpy as np
import pytest

from course_nn import Perceptron, PerceptronCriterion
from course_nn.data import logic_gate


@pytest.mark.parametrize("gate, epochs, w, b", [("AND", 6, [2, 1], -2), ("OR", 4, [1, 1], 0), ("NAND", 6, [-2, -1], 3)])
def test_rule_learns_the_gates_as_in_the_course(gate, epochs, w, b):
    X, y = logic_gate(gate, labels="pm1")
    p = Perceptron(2).fit(X, y)
    assert p.converged_ and len(p.mistakes_) == epochs and p.mistakes_[-1] == 0
    np.testing.assert_array_equal(p.w, w)
    assert p.b == b
    np.testing.assert_array_equal(p.predict(X), y)
    assert len(p.history_) == epochs + 1 and p.history_[0][1] == 0.0


def test_rule_never_converges_on_xor_and_cycles():
    X, y = logic_gate("XOR", labels="pm1")
    p = Perceptron(2).fit(X, y, max_epochs=100)
    assert not p.converged_ and len(p.mistakes_) == 100 and min(p.mistakes_) > 0
    states = [(tuple(w), b) for w, b in p.history_[10:]]
    assert len(set(states)) < len(states) / 10  # the same few weights come back again and again


@pytest.mark.parametrize("w, b, gate", [([1, 1], -1.5, "AND"), ([1, 1], -0.5, "OR"), ([-2, -2], 3, "NAND")])
def test_hand_set_weights(w, b, gate):
    X, y = logic_gate(gate, labels="pm1")
    np.testing.assert_array_equal(Perceptron(2, w=w, b=b).predict(X), y)


def test_step_reports_mistakes_and_moves_by_lr_y_x():
    p = Perceptron(2, lr=0.5)
    assert p.step([1.0, 1.0], 1) is True  # score 0 is predicted -1: a mistake
    np.testing.assert_array_equal(p.w, [0.5, 0.5])
    assert p.b == 0.5
    assert p.step([1.0, 1.0], 1) is False


def test_rule_is_sgd_on_the_perceptron_criterion():
    """On a misclassified point the criterion's gradient is -y·x, so an SGD step with lr is the rule."""
    rng = np.random.default_rng(0)
    w, b, x = rng.normal(size=2), 0.3, rng.normal(size=2)
    y = -1.0 if x @ w + b > 0 else 1.0  # make it a mistake
    loss = PerceptronCriterion(reduction="sum")
    loss(np.array([[x @ w + b]]), [y])
    ds = loss.backward()[0, 0]
    p = Perceptron(2, w=w, b=b)
    p.step(x, y)
    np.testing.assert_allclose(p.w, w - ds * x)
    assert p.b == pytest.approx(b - ds)


def test_shuffled_epochs_are_reproducible():
    X, y = logic_gate("OR", labels="pm1")
    a = Perceptron(2).fit(X, y, shuffle=True, rng=3)
    b = Perceptron(2).fit(X, y, shuffle=True, rng=3)
    assert a.mistakes_ == b.mistakes_ and np.array_equal(a.w, b.w)
