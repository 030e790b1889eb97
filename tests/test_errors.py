"""Bad input raises an error that names the problem: the argument, what was expected and what was given."""
import numpy as np
import pytest

from course_nn import (MSE, BinaryCrossEntropy, CrossEntropy, Dense, LeakyReLU, Parameter, PerceptronCriterion,
                       Perceptron, ReLU, Sequential, Sigmoid, Step, fit)
from course_nn.data import logic_gate
from course_nn.init import init_output_bias, initialize


def test_dense_wrong_input_width():
    with pytest.raises(ValueError, match=r"Dense\(3, 2\): expected x of shape \(N, 3\), got \(4, 5\)"):
        Dense(3, 2, rng=0).forward(np.ones((4, 5)))


def test_dense_one_dimensional_input_suggests_reshape():
    with pytest.raises(ValueError, match=r"x: expected a 2-D array, got shape \(3,\).*reshape\(1, -1\)"):
        Dense(3, 2, rng=0).forward(np.ones(3))


def test_dense_explicit_weights_of_wrong_shape_suggest_transpose():
    with pytest.raises(ValueError, match=r"init array must have shape \(n_in, n_out\) = \(2, 3\), got \(3, 2\).*transpose"):
        Dense(2, 3, init=np.ones((3, 2)))


def test_dense_bias_of_wrong_shape():
    with pytest.raises(ValueError, match=r"bias must have shape \(3,\), got \(2,\)"):
        Dense(2, 3, bias=[0.0, 0.0])


def test_sequential_layers_that_do_not_chain():
    with pytest.raises(ValueError, match=r"layers\[2\] is Dense\(5, 1\).*output 4 units; expected an input of 4 units"):
        Sequential([Dense(2, 4, rng=0), ReLU(), Dense(5, 1, rng=0)])


def test_sequential_rejects_non_layers():
    with pytest.raises(TypeError, match=r"layers\[1\]: expected a Layer .* got ufunc"):
        Sequential([Dense(2, 4, rng=0), np.tanh])


@pytest.mark.parametrize("loss, pred, y, message", [
    (MSE(), np.zeros((4, 2)), np.zeros((4, 3)), r"y: expected the shape of the predictions \(4, 2\).*got \(4, 3\)"),
    (BinaryCrossEntropy(), np.full((3, 1), 0.5), [0, 2, 1], r"labels 0 or 1, got values \[2.0\]"),
    (BinaryCrossEntropy(), np.full((3, 1), 0.5), [-1, 1, 1], r"Fix: for ±1 labels use \(y \+ 1\) / 2"),
    (BinaryCrossEntropy(), np.full((2, 1), 1.5), [0, 1], r"expected probabilities in \[0, 1\].*from_logits=True"),
    (CrossEntropy(), np.zeros((3, 4)), [0, 4, 1], r"y: expected integer class labels in 0..3 \(the predictions have 4 columns\), got values from 0 to 4"),
    (CrossEntropy(), np.zeros((3, 4)), [0, 1], r"y: expected 3 labels, one per row of the predictions, got 2"),
    (CrossEntropy(), np.zeros((3, 4)), [0.5, 1, 2], r"integer class labels"),
    (PerceptronCriterion(), np.zeros((2, 1)), [0, 1], r"labels -1 or \+1.*2\*y - 1"),
    (MSE(), np.array([[np.nan]]), [1.0], r"pred: contains 1 NaN or infinite value"),
    (MSE(), [[1.0]], [np.inf], r"y: contains 1 NaN or infinite value"),
])
def test_losses_reject_bad_input(loss, pred, y, message):
    with pytest.raises(ValueError, match=message):
        loss(pred, y)


def test_nan_input_to_a_model():
    model = Sequential([Dense(2, 1, rng=0)])
    with pytest.raises(ValueError, match=r"x: contains 1 NaN or infinite value\(s\); expected finite numbers"):
        model.forward([[np.nan, 1.0]])


@pytest.mark.parametrize("layer", [Dense(2, 2, rng=0), ReLU(), Sigmoid(), Step()], ids=repr)
def test_backward_before_forward(layer):
    with pytest.raises(RuntimeError, match=r"backward was called before forward.*forward\(x, training=True\)"):
        layer.backward(np.ones((1, 2)))


def test_loss_backward_before_forward():
    with pytest.raises(RuntimeError, match=r"MSE.backward was called before the loss was computed"):
        MSE().backward()


@pytest.mark.parametrize("make, message", [
    (lambda: MSE(reduction="avg"), r"reduction: unknown option 'avg'; expected one of \['mean', 'sum'\]"),
    (lambda: Dense(2, 2, init="kaiming"), r"init: unknown option 'kaiming'; expected one of \[.*'he_normal'"),
    (lambda: Step(values="binary"), r"values: unknown option 'binary'"),
    (lambda: Sequential([], task="ranking"), r"task: unknown option 'ranking'"),
    (lambda: logic_gate("XNOR"), r"name: unknown option 'XNOR'"),
    (lambda: initialize("orthogonal", (2, 2)), r"init: unknown option 'orthogonal'"),
])
def test_unknown_option_names(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_fit_unknown_keyword_is_a_type_error():
    X, y = logic_gate("AND")
    with pytest.raises(TypeError, match="learning_rate"):
        fit(Sequential([Dense(2, 1, rng=0), Sigmoid()]), X, y, loss="bce", learning_rate=0.1)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(loss="hinge"), ValueError, r"loss: unknown option 'hinge'"),
    (dict(loss="bce", epochs=0), ValueError, r"epochs: expected an int >= 1, got 0"),
    (dict(loss="bce", batch_size=2.5), TypeError, r"batch_size: expected an int, got 2.5"),
    (dict(loss="bce", lr=-0.1), ValueError, r"lr: expected a value in \(0.0, inf\], got -0.1"),
    (dict(loss="bce", metrics=["acc"]), ValueError, r"metrics: unknown scorer 'acc'"),
    (dict(loss="bce", rng="seed"), TypeError, r"rng: expected None, an int seed or a numpy.random.Generator, got str"),
])
def test_fit_bad_arguments(kwargs, error, message):
    X, y = logic_gate("AND")
    with pytest.raises(error, match=message):
        fit(Sequential([Dense(2, 1, rng=0), Sigmoid()]), X, y, **kwargs)


def test_fit_mismatched_rows():
    with pytest.raises(ValueError, match=r"y: expected one target per row of X \(4 rows\), got 3"):
        fit(Sequential([Dense(2, 1, rng=0), Sigmoid()]), np.zeros((4, 2)), [0, 1, 0], loss="bce")


def test_parameter_assignment_checks_shape():
    p = Parameter(np.zeros((2, 3)), "W")
    with pytest.raises(ValueError, match=r"Parameter W: expected a value of shape \(2, 3\), got \(3, 2\)"):
        p.value = np.zeros((3, 2))


def test_activation_options_are_checked():
    with pytest.raises(ValueError, match="give slope or divisor, not both"):
        LeakyReLU(slope=0.1, divisor=10)
    with pytest.raises(ValueError, match=r"divisor: expected a value in \(1.0, inf\], got 0.5"):
        LeakyReLU(divisor=0.5)
    with pytest.raises(ValueError, match=r"grad_at_zero: expected a value in \[0.0, 1.0\], got 2"):
        ReLU(grad_at_zero=2)


def test_perceptron_labels_and_shapes():
    with pytest.raises(ValueError, match=r"labels -1 or \+1"):
        Perceptron(2).fit(*logic_gate("AND", labels="01"))
    with pytest.raises(ValueError, match=r"X: expected 2 columns \(n_features\), got shape \(4, 3\)"):
        Perceptron(2).predict(np.zeros((4, 3)))


def test_predict_needs_a_known_task():
    with pytest.raises(ValueError, match="cannot tell whether this model is a classifier or a regressor"):
        Sequential([Dense(2, 1, rng=0)]).predict(np.zeros((1, 2)))
    with pytest.raises(ValueError, match="probabilities exist only for 'binary' and 'multiclass'"):
        Sequential([Dense(2, 1, rng=0)], task="regression").predict_proba(np.zeros((1, 2)))


def test_output_bias_rule_checks_labels():
    with pytest.raises(ValueError, match="both classes"):
        init_output_bias(Dense(2, 1, rng=0), [1, 1, 1], "binary")
    with pytest.raises(ValueError, match="needs a Dense layer with a bias"):
        init_output_bias(Dense(2, 1, rng=0, bias=False), [0, 1], "binary")


def test_load_state_into_another_architecture(tmp_path):
    small = Sequential([Dense(2, 3, rng=0), ReLU(), Dense(3, 1, rng=0)])
    small.save(tmp_path / "small.npz")
    other = Sequential([Dense(2, 4, rng=0), ReLU(), Dense(4, 1, rng=0)])
    with pytest.raises(ValueError, match=r"state\['0.W'\]: expected shape \(2, 4\), got \(2, 3\)"):
        other.load(tmp_path / "small.npz")
    with pytest.raises(ValueError, match="keys .* do not match"):
        Sequential([Dense(2, 1, rng=0)]).load(tmp_path / "small.npz")
