"""The output-layer initialization rule (curriculum T3/FV9, numbers from §2f "Output-bias init")."""

import numpy as np
import pytest

from course_nn.activations import Sigmoid, softmax
from course_nn.init import init_output_bias
from course_nn.layers import Dense
from course_nn.losses import MSE, BinaryCrossEntropy, CrossEntropy
from course_nn.model import Sequential


def labels(p, n=20):
    """n 0/1 labels with a fraction p of ones."""
    return (np.arange(n) < round(p * n)).astype(float)


@pytest.mark.parametrize("p, bias, entropy", [(0.5, 0.0, 0.6931), (0.25, -1.0986, 0.5623), (0.1, -2.1972, 0.3251)])
def test_binary_bias_is_the_logit_and_starts_at_the_entropy(p, bias, entropy):
    # b = ln(p/(1 − p)): ln 1 = 0, ln(1/3) = −1.0986, ln(1/9) = −2.1972; the starting BCE is then
    # H(p) = −p ln p − (1 − p) ln(1 − p) whatever the inputs, because every prediction is σ(b) = p
    y = labels(p)
    X = np.random.default_rng(0).normal(size=(len(y), 3))
    out = Dense(3, 1, rng=0)
    b = init_output_bias(out, y, task="binary")
    assert b[0] == pytest.approx(bias, abs=5e-5)
    np.testing.assert_array_equal(out.W.value, np.zeros((3, 1)))
    model = Sequential([out, Sigmoid()])
    np.testing.assert_allclose(model.forward(X), p, rtol=1e-12)
    assert BinaryCrossEntropy()(model.forward(X), y) == pytest.approx(entropy, abs=5e-5)


def test_regression_bias_is_the_mean_target():
    # curriculum §2b targets t = [1, 0.4, 0.6]: b = 0.666667, starting ½Σ(f − t)² = 0.093333
    X = np.array([[1, 0.875], [0.25, 1], [0.75, 0.25]])
    t = np.array([1.0, 0.4, 0.6])
    out = Dense(2, 1, rng=0)
    assert init_output_bias(out, t, task="regression")[0] == pytest.approx(0.666667, abs=5e-7)
    assert MSE(reduction="sum", half=True)(out.forward(X), t) == pytest.approx(0.093333, abs=5e-7)


def test_regression_bias_per_output_column():
    y = np.array([[1.0, 10.0], [3.0, 20.0]])
    out = Dense(4, 2, rng=0)
    np.testing.assert_allclose(init_output_bias(out, y, task="regression"), [2.0, 15.0])


def test_multiclass_bias_gives_the_class_frequencies():
    y = np.array([0, 0, 0, 1, 2, 2, 2, 2, 2, 2])
    out = Dense(3, 3, rng=0)
    b = init_output_bias(out, y, task="multiclass")
    np.testing.assert_allclose(softmax(b), [0.3, 0.1, 0.6], rtol=1e-14)
    X = np.random.default_rng(0).normal(size=(10, 3))
    entropy = -(0.3 * np.log(0.3) + 0.1 * np.log(0.1) + 0.6 * np.log(0.6))
    assert CrossEntropy()(out.forward(X), y) == pytest.approx(entropy, rel=1e-14)


@pytest.mark.parametrize(
    "layer, y, task, message",
    [
        (Dense(2, 1, rng=0), [1, 1, 1], "binary", r"y: expected 0/1 labels containing both classes"),
        (Dense(2, 1, rng=0), [0, 1, 2], "binary", r"y: expected 0/1 labels"),
        (
            Dense(2, 1, bias=False, rng=0),
            [0, 1],
            "binary",
            r"layer: the output-bias rule needs a Dense layer with a bias",
        ),
        (
            Dense(2, 3, rng=0),
            [0, 1, 1],
            "multiclass",
            r"y: expected every class 0..2 to appear, got counts \[1, 2, 0\]",
        ),
        (Dense(2, 1, rng=0), [0, 1], "logistic", r"task: unknown option 'logistic'"),
    ],
)
def test_bad_input(layer, y, task, message):
    with pytest.raises(ValueError, match=message):
        init_output_bias(layer, y, task=task)


def test_regression_targets_must_match_the_outputs():
    with pytest.raises(ValueError, match=r"y: expected 3 target column\(s\), one per output of Dense\(2, 3\), got 2"):
        init_output_bias(Dense(2, 3, rng=0), np.ones((4, 2)), task="regression")
