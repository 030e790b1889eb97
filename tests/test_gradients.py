"""Finite-difference gradient checks of every layer, activation, loss and whole models (float64)."""

import warnings

import numpy as np
import pytest

from course_nn import (
    ELU,
    MSE,
    BinaryCrossEntropy,
    CrossEntropy,
    Dense,
    Identity,
    LeakyReLU,
    PerceptronCriterion,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
    gradcheck,
)

TOL = 1e-7
SEEDS = range(5)


def away_from_zero(rng, shape, margin=0.05):
    """Random values with |x| >= margin, so kinks (ReLU at 0) are not straddled by the differences."""
    x = rng.normal(size=shape)
    return np.where(np.abs(x) < margin, np.sign(x) * margin + x, x)


@pytest.mark.parametrize("seed", SEEDS)
def test_dense(seed):
    rng = np.random.default_rng(seed)
    n_in, n_out, n = rng.integers(1, 6, size=3)
    layer = Dense(int(n_in), int(n_out), rng=rng)
    layer.b.value = rng.normal(size=n_out)
    errors = gradcheck(layer, rng.normal(size=(n, n_in)), rng=seed)
    assert set(errors) == {"input", "W", "b"}
    assert max(errors.values()) < TOL, errors


def test_dense_without_bias():
    errors = gradcheck(Dense(3, 2, bias=False, rng=0), np.random.default_rng(1).normal(size=(4, 3)))
    assert set(errors) == {"input", "W"} and max(errors.values()) < TOL


@pytest.mark.parametrize(
    "layer",
    [
        Identity(),
        Sigmoid(),
        Tanh(),
        ReLU(),
        ReLU(grad_at_zero=1.0),
        LeakyReLU(),
        LeakyReLU(divisor=10),
        ELU(),
        ELU(alpha=0.5),
        Softmax(),
    ],
    ids=repr,
)
@pytest.mark.parametrize("seed", SEEDS)
def test_activation(layer, seed):
    rng = np.random.default_rng(seed)
    shape = tuple(int(s) for s in rng.integers(1, 6, size=2))
    errors = gradcheck(layer, 3 * away_from_zero(rng, shape), rng=seed)
    assert errors["input"] < TOL, errors


def _targets(loss, rng, shape):
    if isinstance(loss, MSE):
        return rng.normal(size=shape)
    if isinstance(loss, BinaryCrossEntropy):
        return rng.integers(0, 2, size=shape).astype(float)
    if isinstance(loss, PerceptronCriterion):
        return rng.choice([-1.0, 1.0], size=shape)
    return rng.integers(0, shape[1], size=shape[0])


LOSSES = [
    MSE(),
    MSE(half=True),
    MSE(reduction="sum"),
    MSE(reduction="sum", half=True),
    BinaryCrossEntropy(),
    BinaryCrossEntropy(reduction="sum"),
    BinaryCrossEntropy(from_logits=True),
    CrossEntropy(),
    CrossEntropy(reduction="sum"),
    CrossEntropy(from_logits=False),
    PerceptronCriterion(),
    PerceptronCriterion(reduction="sum"),
]


@pytest.mark.parametrize("loss", LOSSES, ids=repr)
@pytest.mark.parametrize("seed", SEEDS)
def test_loss(loss, seed):
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(1, 7)), int(rng.integers(2, 5))
    shape = (n, 1) if isinstance(loss, (BinaryCrossEntropy, PerceptronCriterion)) else (n, k)
    pred = away_from_zero(rng, shape)
    if isinstance(loss, BinaryCrossEntropy) and not loss.from_logits:
        pred = rng.uniform(0.05, 0.95, size=shape)
    if isinstance(loss, CrossEntropy) and not loss.from_logits:
        pred = rng.dirichlet(np.ones(k), size=n) * 0.9 + 0.1 / k
    with warnings.catch_warnings():  # finite differences step off the simplex: rows then sum to 1 ± h
        warnings.filterwarnings("ignore", "CrossEntropy: the rows of pred do not sum to 1", UserWarning)
        errors = gradcheck(loss, pred, _targets(loss, rng, shape))
    assert errors["pred"] < TOL, errors


def test_cross_entropy_one_hot_equals_integer_labels():
    rng = np.random.default_rng(0)
    z, labels = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    a, b = CrossEntropy(), CrossEntropy()
    assert a(z, labels) == pytest.approx(b(z, np.eye(3)[labels]), rel=1e-15)
    np.testing.assert_allclose(a.backward(), b.backward(), rtol=1e-15)
    assert gradcheck(CrossEntropy(), z, np.eye(3)[labels])["pred"] < TOL


@pytest.mark.parametrize("seed", SEEDS)
def test_whole_models(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 4))
    classifier = Sequential([Dense(4, 5, rng=rng), Tanh(), Dense(5, 3, rng=rng), ELU(), Dense(3, 3, rng=rng)])
    errors = gradcheck(classifier, X, rng.integers(0, 3, size=6), loss=CrossEntropy())
    assert max(errors.values()) < TOL, errors
    binary = Sequential([Dense(4, 3, rng=rng), Sigmoid(), Dense(3, 1, rng=rng), Sigmoid()])
    errors = gradcheck(binary, X, rng.integers(0, 2, size=6), loss=BinaryCrossEntropy())
    assert max(errors.values()) < TOL, errors
    regressor = Sequential([Dense(4, 8, rng=rng), LeakyReLU(0.1), Dense(8, 2, rng=rng)])
    errors = gradcheck(regressor, X, rng.normal(size=(6, 2)), loss=MSE(half=True))
    assert max(errors.values()) < TOL, errors


def test_gradcheck_catches_a_wrong_backward():
    class BrokenTanh(Tanh):
        def backward(self, grad):  # forgets the square: 1 - a instead of 1 - a²
            return grad * (1.0 - np.tanh(self.z))

    errors = gradcheck(BrokenTanh(), np.random.default_rng(0).normal(size=(3, 4)))
    assert errors["input"] > 1e-2


def test_gradcheck_of_a_loss_on_one_dimensional_predictions():
    from course_nn import MSE

    errors = gradcheck(MSE(), [1.0, 2.0], [0.0, 1.0])
    assert errors["pred"] < 1e-8


def test_gradcheck_arguments_are_checked():
    from course_nn import Dense
    from course_nn.gradcheck import numerical_gradient

    with pytest.raises(TypeError, match=r"^training: expected True or False"):
        gradcheck(Dense(2, 1, rng=0), [[1.0, 2.0]], training="no")
    with pytest.raises(TypeError, match=r"^f: expected a function that returns one number \(a loss\).*shape \(2,\)"):
        numerical_gradient(lambda: np.ones(2), np.zeros(2))
