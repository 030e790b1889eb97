"""Bad input raises an error that names the problem: the argument, what was expected and what was given."""

import numpy as np
import pytest

from course_nn import (
    ELU,
    MSE,
    BinaryCrossEntropy,
    CrossEntropy,
    Dense,
    Dropout,
    LeakyReLU,
    Parameter,
    Perceptron,
    PerceptronCriterion,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Step,
    Tanh,
    fit,
)
from course_nn import activations as A
from course_nn.data import logic_gate
from course_nn.init import init_output_bias, initialize
from course_nn.losses import get_loss


def test_dense_wrong_input_width():
    with pytest.raises(ValueError, match=r"Dense\(3, 2\): expected x of shape \(N, 3\), got \(4, 5\)"):
        Dense(3, 2, rng=0).forward(np.ones((4, 5)))


def test_dense_one_dimensional_input_suggests_reshape():
    with pytest.raises(ValueError, match=r"x: expected a 2-D array, got shape \(3,\).*reshape\(1, -1\)"):
        Dense(3, 2, rng=0).forward(np.ones(3))


def test_dense_explicit_weights_of_wrong_shape_suggest_transpose():
    with pytest.raises(ValueError, match=r"init \(explicit W\): expected shape \(2, 3\), got \(3, 2\).*transpose"):
        Dense(2, 3, init=np.ones((3, 2)))


def test_dense_bias_of_wrong_shape():
    with pytest.raises(ValueError, match=r"bias: expected shape \(3,\), got \(2,\)"):
        Dense(2, 3, bias=[0.0, 0.0])


def test_sequential_layers_that_do_not_chain():
    with pytest.raises(ValueError, match=r"layers\[2\] is Dense\(5, 1\).*output 4 units; expected an input of 4 units"):
        Sequential([Dense(2, 4, rng=0), ReLU(), Dense(5, 1, rng=0)])


def test_sequential_rejects_non_layers():
    with pytest.raises(TypeError, match=r"layers\[1\]: expected a Layer, got ufunc"):
        Sequential([Dense(2, 4, rng=0), np.tanh])


@pytest.mark.parametrize(
    "loss, pred, y, message",
    [
        (MSE(), np.zeros((4, 2)), np.zeros((4, 3)), r"y: expected the shape of the predictions \(4, 2\).*got \(4, 3\)"),
        (BinaryCrossEntropy(), np.full((3, 1), 0.5), [0, 2, 1], r"labels 0 or 1, got values \[2.0\]"),
        (BinaryCrossEntropy(), np.full((3, 1), 0.5), [-1, 1, 1], r"Fix: for ±1 labels use \(y \+ 1\) / 2"),
        (BinaryCrossEntropy(), np.full((2, 1), 1.5), [0, 1], r"expected probabilities in \[0, 1\].*from_logits=True"),
        (
            CrossEntropy(),
            np.zeros((3, 4)),
            [0, 4, 1],
            r"y: expected integer class labels in 0..3 \(the predictions have 4 columns\), got values from 0 to 4",
        ),
        (CrossEntropy(), np.zeros((3, 4)), [0, 1], r"y: expected 3 labels, one per row of the predictions, got 2"),
        (CrossEntropy(), np.zeros((3, 4)), [0.5, 1, 2], r"integer class labels"),
        (PerceptronCriterion(), np.zeros((2, 1)), [0, 1], r"labels -1 or 1.*2\*y - 1"),
        (MSE(), np.array([[np.nan]]), [1.0], r"pred: contains 1 NaN or infinite value"),
        (MSE(), [[1.0]], [np.inf], r"y: contains 1 NaN or infinite value"),
    ],
)
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
    with pytest.raises(RuntimeError, match=r"MSE.backward was called before forward.*Fix: call loss\(pred, y\) first"):
        MSE().backward()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: MSE(reduction="avg"), r"reduction: unknown option 'avg'; expected one of \['mean', 'sum'\]"),
        (lambda: Dense(2, 2, init="kaiming"), r"init: unknown option 'kaiming'; expected one of \[.*'he_normal'"),
        (lambda: Step(values="binary"), r"values: unknown option 'binary'"),
        (lambda: Sequential([], task="ranking"), r"task: unknown option 'ranking'"),
        (lambda: logic_gate("XNOR"), r"name: unknown option 'XNOR'"),
        (lambda: initialize("orthogonal", (2, 2)), r"init: unknown option 'orthogonal'"),
    ],
)
def test_unknown_option_names(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_fit_unknown_keyword_is_a_type_error():
    X, y = logic_gate("AND")
    with pytest.raises(TypeError, match="learning_rate"):
        fit(Sequential([Dense(2, 1, rng=0), Sigmoid()]), X, y, loss="bce", learning_rate=0.1)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(loss="hinge"), ValueError, r"loss: unknown option 'hinge'"),
        (dict(loss="bce", epochs=0), ValueError, r"epochs: expected an int >= 1, got 0"),
        (dict(loss="bce", batch_size=2.5), TypeError, r"batch_size: expected an int, got 2.5"),
        (dict(loss="bce", lr=-0.1), ValueError, r"lr: expected a value in \(0.0, inf\], got -0.1"),
        (dict(loss="bce", metrics=["acc"]), ValueError, r"metrics: unknown scorer 'acc'"),
        (
            dict(loss="bce", rng="seed"),
            TypeError,
            r"rng: expected None, an int seed or a numpy.random.Generator, got str",
        ),
    ],
)
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


# ---------------------------------------------------------------------------------------------------------------
# The catalogue: bad inputs as a new user gives them, by area. Each row is (id, call, exception, message); the
# message is a regex that starts with the argument's name and, where there is one, asserts the expected value,
# the given value and the fix. NumPy arrays and lists go through the same checks (course_nn._checks).
NAN, INF = np.array([[np.nan, 1.0]]), np.array([[np.inf, 1.0]])
TEXT, OBJECTS, COMPLEX = np.array([["a", "b"]]), np.array([[object(), 1.0]], dtype=object), np.array([[1 + 1j, 2.0]])
X4, Y4 = np.zeros((4, 2)), np.array([0, 1, 1, 0])


def net():
    return Sequential([Dense(2, 3, rng=0), ReLU(), Dense(3, 1, rng=0), Sigmoid()])


def after_forward(layer, x=X4):
    layer.forward(x)
    return layer


def table(*rows):
    return pytest.mark.parametrize("call, error, message", [pytest.param(*row[1:], id=row[0]) for row in rows])


@table(
    ("Dense n_in=0", lambda: Dense(0, 2), ValueError, r"^n_in: expected an int >= 1, got 0"),
    ("Dense n_in=2.0", lambda: Dense(2.0, 2), TypeError, r"^n_in: expected an int, got 2.0"),
    ("Dense n_out='3'", lambda: Dense(2, "3"), TypeError, r"^n_out: expected an int, got '3'"),
    (
        "Dense init NaN",
        lambda: Dense(2, 2, init=[[np.nan, 0], [0, 0]]),
        ValueError,
        r"^init \(explicit W\): contains 1 NaN or infinite value\(s\); expected finite numbers. Fix:",
    ),
    (
        "Dense init text array",
        lambda: Dense(2, 2, init=np.full((2, 2), "w")),
        TypeError,
        r"^init \(explicit W\): expected an array of numbers, got text",
    ),
    ("Dense init name", lambda: Dense(2, 2, init="glorot"), ValueError, r"^init: unknown option 'glorot'"),
    ("Dense bias inf", lambda: Dense(2, 2, bias=[0.0, np.inf]), ValueError, r"^bias: contains 1 NaN or infinite"),
    ("Dense bias text", lambda: Dense(2, 2, bias="zeros"), TypeError, r"^bias: expected an array of numbers, got text"),
    ("Dense rng=-1", lambda: Dense(2, 2, rng=-1), ValueError, r"^rng: expected a seed >= 0, got -1. Fix: .*rng=0"),
    ("Dense rng='0'", lambda: Dense(2, 2, rng="0"), TypeError, r"^rng: expected None, an int seed or a numpy"),
    (
        "Dense dtype int32",
        lambda: Dense(2, 2, dtype=np.int32),
        TypeError,
        r"^dtype: expected np.float64 or np.float32, got <class 'numpy.int32'>. Fix: dtype=np.float32",
    ),
    ("Dense dtype 'half'", lambda: Dense(2, 2, dtype="float16"), TypeError, r"^dtype: expected np.float64 or"),
    ("Dense.forward NaN", lambda: Dense(2, 2, rng=0).forward(NAN), ValueError, r"^x: contains 1 NaN or infinite"),
    ("Dense.forward inf list", lambda: Dense(2, 2, rng=0).forward([[np.inf, 0.0]]), ValueError, r"^x: contains 1 NaN"),
    (
        "Dense.forward complex",
        lambda: Dense(2, 2, rng=0).forward(COMPLEX),
        TypeError,
        r"^x: expected real numbers, got complex values \(dtype complex128\). Fix: pass x.real",
    ),
    (
        "Dense.forward text",
        lambda: Dense(2, 2, rng=0).forward(TEXT),
        TypeError,
        r"^x: expected an array of numbers, got text \(dtype <U1\). Fix: convert",
    ),
    (
        "Dense.forward objects",
        lambda: Dense(2, 2, rng=0).forward(OBJECTS),
        TypeError,
        r"^x: expected an array of numbers, got values of type object",
    ),
    ("Dense.forward None", lambda: Dense(2, 2, rng=0).forward(None), TypeError, r"^x: expected an array of numbers"),
    (
        "Dense.forward empty",
        lambda: Dense(2, 2, rng=0).forward(np.zeros((0, 2))),
        ValueError,
        r"^x: expected at least one value, got an empty array of shape \(0, 2\)",
    ),
    (
        "Dense.forward ragged",
        lambda: Dense(2, 2, rng=0).forward([[1.0, 2.0], [3.0]]),
        ValueError,
        r"^x: expected a rectangular array of numbers.*Fix: give every row the same number of values",
    ),
    (
        "Dense.forward 3-D",
        lambda: Dense(2, 2, rng=0).forward(np.zeros((1, 1, 2))),
        ValueError,
        r"^x: expected a 2-D array, got shape \(1, 1, 2\)",
    ),
    (
        "Dense.backward shape",
        lambda: after_forward(Dense(2, 2, rng=0)).backward(np.ones((4, 3))),
        ValueError,
        r"Dense\(2, 2\).backward: expected grad of shape \(4, 2\) \(the shape of the last output\), got \(4, 3\)",
    ),
    (
        "Dense.backward text",
        lambda: after_forward(Dense(2, 2, rng=0)).backward(np.full((4, 2), "g")),
        TypeError,
        r"^grad: expected an array of numbers, got text",
    ),
    (
        "Dense.backward complex",
        lambda: after_forward(Dense(2, 2, rng=0)).backward(np.full((4, 2), 1j)),
        TypeError,
        r"^grad: expected real numbers, got complex values",
    ),
    ("Dropout rate=1", lambda: Dropout(1.0), ValueError, r"^rate: expected a value in \[0.0, 1.0\), got 1.0"),
    ("Dropout rate='0.5'", lambda: Dropout("0.5"), TypeError, r"^rate: expected a finite number, got '0.5'"),
    ("Dropout rng=-2", lambda: Dropout(0.5, rng=-2), ValueError, r"^rng: expected a seed >= 0, got -2"),
    ("Dropout.forward inf", lambda: Dropout(0.5, rng=0).forward(INF, training=True), ValueError, r"^x: contains 1"),
    ("Dropout.forward complex", lambda: Dropout(0.5, rng=0).forward(COMPLEX), TypeError, r"^x: expected real numbers"),
    ("Parameter text", lambda: Parameter("abc"), TypeError, r"^W: expected an array of numbers, got text"),
    ("Parameter NaN", lambda: Parameter([1.0, np.nan], "b"), ValueError, r"^b: contains 1 NaN or infinite"),
    (
        "Parameter regularize='yes'",
        lambda: Parameter([1.0], regularize="yes"),
        TypeError,
        r"^regularize: expected True or False, got 'yes'",
    ),
    (
        "Parameter value NaN",
        lambda: setattr(Parameter([1.0, 2.0]), "value", [np.nan, 0.0]),
        ValueError,
        r"^Parameter W value: contains 1 NaN",
    ),
    (
        "Parameter grad complex",
        lambda: setattr(Parameter([1.0, 2.0]), "grad", [1j, 0.0]),
        TypeError,
        r"^Parameter W grad: expected real numbers",
    ),
)
def test_layers_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


@table(
    ("sigmoid text", lambda: A.sigmoid("a"), TypeError, r"^z: expected an array of numbers, got text"),
    ("sigmoid NaN", lambda: A.sigmoid([np.nan]), ValueError, r"^z: contains 1 NaN or infinite value\(s\)"),
    ("sigmoid objects", lambda: A.sigmoid(OBJECTS), TypeError, r"^z: expected an array of numbers, got values of type"),
    ("sigmoid_prime inf", lambda: A.sigmoid_prime(INF), ValueError, r"^z: contains 1 NaN"),
    ("relu text array", lambda: A.relu(np.array(["1"])), TypeError, r"^z: expected an array of numbers, got text"),
    ("relu None", lambda: A.relu(None), TypeError, r"^z: expected an array of numbers, got values of type NoneType"),
    ("relu complex", lambda: A.relu([1j]), TypeError, r"^z: expected real numbers, got complex values"),
    (
        "relu_prime grad_at_zero=2",
        lambda: A.relu_prime([0.0], grad_at_zero=2),
        ValueError,
        r"^grad_at_zero: expected a value in \[0.0, 1.0\], got 2",
    ),
    ("softmax complex", lambda: A.softmax([1j, 2.0]), TypeError, r"^z: expected real numbers, got complex values"),
    ("softmax empty", lambda: A.softmax([]), ValueError, r"^z: expected at least one value, got an empty array"),
    ("softmax inf", lambda: A.softmax([np.inf, 0.0]), ValueError, r"^z: contains 1 NaN or infinite"),
    ("tanh_prime text", lambda: A.tanh_prime(["x"]), TypeError, r"^z: expected an array of numbers"),
    (
        "leaky_relu slope=None",
        lambda: A.leaky_relu([1.0], slope=None),
        TypeError,
        r"^slope: expected a finite number, got None",
    ),
    ("elu alpha='1'", lambda: A.elu([-1.0], alpha="1"), TypeError, r"^alpha: expected a finite number, got '1'"),
    ("elu_prime NaN", lambda: A.elu_prime([np.nan]), ValueError, r"^z: contains 1 NaN"),
    ("step values", lambda: A.step([1.0], values="binary"), ValueError, r"^values: unknown option 'binary'"),
    ("identity objects", lambda: A.identity(OBJECTS), TypeError, r"^z: expected an array of numbers"),
    ("ReLU.forward text", lambda: ReLU().forward(TEXT), TypeError, r"^z: expected an array of numbers, got text"),
    ("Sigmoid.forward NaN", lambda: Sigmoid().forward(NAN), ValueError, r"^z: contains 1 NaN"),
    ("Softmax.forward complex", lambda: Softmax().forward(COMPLEX), TypeError, r"^z: expected real numbers"),
    ("Tanh.forward empty", lambda: Tanh().forward(np.zeros((0, 3))), ValueError, r"^z: expected at least one value"),
    (
        "Sigmoid.backward shape",
        lambda: after_forward(Sigmoid()).backward(np.ones((4, 3))),
        ValueError,
        r"Sigmoid\(\).backward: expected grad of shape \(4, 2\)",
    ),
    ("ReLU.backward text", lambda: after_forward(ReLU()).backward(np.full((4, 2), "g")), TypeError, r"^grad: expected"),
    ("ReLU grad_at_zero=-1", lambda: ReLU(grad_at_zero=-1), ValueError, r"^grad_at_zero: expected a value in \[0.0"),
    ("LeakyReLU slope=-0.1", lambda: LeakyReLU(slope=-0.1), ValueError, r"^slope: expected a value in \[0.0, 1.0\)"),
    ("LeakyReLU slope='0.1'", lambda: LeakyReLU(slope="0.1"), TypeError, r"^slope: expected a finite number"),
    ("ELU alpha=0", lambda: ELU(alpha=0), ValueError, r"^alpha: expected a value in \(0.0, inf\], got 0"),
    (
        "get_activation gelu",
        lambda: A.get_activation("gelu"),
        ValueError,
        r"^activation: unknown option 'gelu'; expected one of \[",
    ),
)
def test_activations_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


@table(
    ("MSE pred complex", lambda: MSE()([1 + 1j], [1.0]), TypeError, r"^pred: expected real numbers, got complex"),
    ("MSE y complex", lambda: MSE()([1.0], [1 + 1j]), TypeError, r"^y: expected real numbers, got complex"),
    ("MSE pred text", lambda: MSE()(["1"], [1.0]), TypeError, r"^pred: expected an array of numbers, got text"),
    ("MSE y objects", lambda: MSE()([[1.0]], OBJECTS[:, :1]), TypeError, r"^y: expected an array of numbers"),
    (
        "MSE empty",
        lambda: MSE()(np.zeros((0, 1)), np.zeros(0)),
        ValueError,
        r"^pred: expected at least one value, got an empty array of shape \(0, 1\)",
    ),
    ("MSE empty y", lambda: MSE()(np.zeros((1, 1)), []), ValueError, r"^y: expected at least one value"),
    ("CrossEntropy empty", lambda: CrossEntropy()(np.zeros((0, 3)), []), ValueError, r"^pred: expected at least one"),
    (
        "BinaryCrossEntropy empty",
        lambda: BinaryCrossEntropy()(np.zeros((0, 1)), []),
        ValueError,
        r"^pred: expected at least one value",
    ),
    ("PerceptronCriterion empty", lambda: PerceptronCriterion()([], []), ValueError, r"^pred: expected at least one"),
    ("MSE pred 3-D", lambda: MSE()(np.zeros((1, 1, 1)), [0.0]), ValueError, r"^pred: expected a 1-D or 2-D array"),
    ("MSE pred inf", lambda: MSE()(INF, [[0.0, 0.0]]), ValueError, r"^pred: contains 1 NaN or infinite"),
    (
        "CrossEntropy y text",
        lambda: CrossEntropy()(np.zeros((2, 3)), ["cat", "dog"]),
        TypeError,
        r"^y: expected an array of numbers, got text",
    ),
    (
        "CrossEntropy y negative",
        lambda: CrossEntropy()(np.zeros((2, 3)), [-1, 0]),
        ValueError,
        r"^y: expected integer class labels in 0..2 \(the predictions have 3 columns\), got values from -1 to 0. Fix:",
    ),
    (
        "CrossEntropy one-hot rows",
        lambda: CrossEntropy()(np.zeros((2, 2)), [[1.0, 1.0], [0.0, 1.0]]),
        ValueError,
        r"^y: one-hot targets must be non-negative and each row must sum to 1",
    ),
    (
        "CrossEntropy one-hot shape",
        lambda: CrossEntropy()(np.zeros((2, 3)), np.eye(2)),
        ValueError,
        r"^y: expected one-hot rows of the predictions' shape \(2, 3\), got \(2, 2\)",
    ),
    (
        "CrossEntropy probabilities < 0",
        lambda: CrossEntropy(from_logits=False)([[-0.5, 1.5]], [1]),
        ValueError,
        r"^CrossEntropy: expected probabilities in \[0, 1\] as pred, got values outside. Fix:.*from_logits=True",
    ),
    ("BinaryCrossEntropy y NaN", lambda: BinaryCrossEntropy()([[0.5]], [np.nan]), ValueError, r"^y: contains 1 NaN"),
    ("MSE half='yes'", lambda: MSE(half="yes"), TypeError, r"^half: expected True or False, got 'yes'"),
    ("BCE from_logits=1", lambda: BinaryCrossEntropy(from_logits=1), TypeError, r"^from_logits: expected True or"),
    (
        "CrossEntropy from_logits='False'",
        lambda: CrossEntropy(from_logits="False"),
        TypeError,
        r"^from_logits: expected True or False, got 'False'",
    ),
    (
        "CrossEntropy reduction",
        lambda: CrossEntropy(reduction="none"),
        ValueError,
        r"^reduction: unknown option 'none'",
    ),
    ("get_loss hinge", lambda: get_loss("hinge"), ValueError, r"^loss: unknown option 'hinge'; expected one of"),
    ("get_loss number", lambda: get_loss(3), ValueError, r"^loss: unknown option 3"),
)
def test_losses_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_probability_rows_that_do_not_sum_to_1_warn_the_same_way_in_losses():
    with pytest.warns(UserWarning, match=r"CrossEntropy: the rows of pred do not sum to 1; pass probabilities"):
        CrossEntropy(from_logits=False)(np.array([[0.2, 0.2]]), [0])


def saved(tmp_path, **arrays):
    path = tmp_path / "weights.npz"
    np.savez(path, **arrays)
    return path


def tiny():
    return Sequential([Dense(2, 1, rng=0)], task="regression")


@table(
    (
        "Sequential(None)",
        lambda: Sequential(None),
        TypeError,
        r"^layers: expected a list of Layer objects, got NoneType \(None\). Fix: pass a list of layers",
    ),
    (
        "Sequential(one layer)",
        lambda: Sequential(Dense(2, 3, rng=0)),
        TypeError,
        r"^layers: expected a list of Layer objects, got Dense .*Fix: put it in a list, layers=\[Dense\(2, 3\)\]",
    ),
    ("Sequential('abc')", lambda: Sequential("abc"), TypeError, r"^layers: expected a list of Layer objects, got str"),
    ("Sequential([class])", lambda: Sequential([Dense]), TypeError, r"^layers\[0\]: expected a Layer, got type"),
    (
        "forward NaN array",
        lambda: net().forward(NAN),
        ValueError,
        r"^x: contains 1 NaN or infinite value\(s\); expected finite numbers. Fix: clean or impute",
    ),
    ("forward inf array", lambda: net().forward(INF), ValueError, r"^x: contains 1 NaN or infinite"),
    ("predict NaN array", lambda: net().predict(NAN), ValueError, r"^x: contains 1 NaN or infinite"),
    ("predict_proba inf array", lambda: net().predict_proba(INF), ValueError, r"^x: contains 1 NaN or infinite"),
    ("predict -inf list", lambda: net().predict([[-np.inf, 0.0]]), ValueError, r"^x: contains 1 NaN or infinite"),
    ("forward text", lambda: net().forward(TEXT), TypeError, r"^x: expected an array of numbers, got text"),
    ("predict objects", lambda: net().predict(OBJECTS), TypeError, r"^x: expected an array of numbers, got values"),
    ("predict_proba complex", lambda: net().predict_proba(COMPLEX), TypeError, r"^x: expected real numbers"),
    ("predict complex list", lambda: net().predict([[1j, 0.0]]), TypeError, r"^x: expected real numbers"),
    ("forward empty", lambda: net().forward(np.zeros((0, 2))), ValueError, r"^x: expected at least one value"),
    (
        "predict 1-D",
        lambda: net().predict([1.0, 2.0]),
        ValueError,
        r"^x: expected a 2-D array, got shape \(2,\). Fix: use x.reshape\(1, -1\) for one sample",
    ),
    (
        "forward wrong width",
        lambda: net().forward(np.zeros((1, 3))),
        ValueError,
        r"^Dense\(2, 3\): expected x of shape \(N, 2\), got \(1, 3\). Fix:",
    ),
    (
        "forward training='yes'",
        lambda: net().forward(X4, training="yes"),
        TypeError,
        r"^training: expected True or False, got 'yes'",
    ),
    ("summary n_features='a'", lambda: net().summary("a"), TypeError, r"^n_features: expected an int, got 'a'"),
    ("summary n_features=0", lambda: net().summary(0), ValueError, r"^n_features: expected an int >= 1, got 0"),
    (
        "save(None)",
        lambda: net().save(None),
        TypeError,
        r"^path: expected a file name \(a str or a pathlib.Path\), got NoneType \(None\). Fix:",
    ),
    ("load(3)", lambda: net().load(3), TypeError, r"^path: expected a file name"),
    ("load_state_dict list", lambda: net().load_state_dict([1, 2]), ValueError, r"^state: keys list do not match"),
    (
        "load_state_dict NaN",
        lambda: tiny().load_state_dict({"0.W": [[np.nan], [0.0]], "0.b": [0.0]}),
        ValueError,
        r"^state\['0.W'\]: contains 1 NaN or infinite",
    ),
    (
        "load_state_dict text",
        lambda: tiny().load_state_dict({"0.W": [["a"], ["b"]], "0.b": [0.0]}),
        TypeError,
        r"^state\['0.W'\]: expected an array of numbers, got text",
    ),
)
def test_model_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_model_files_catalogue(tmp_path):
    """A missing file, a file of another kind and weights with text or objects: the message names the file and
    the weight."""
    cases = [
        (tmp_path / "missing.npz", FileNotFoundError, r"^path: no file '.*missing.npz'. Fix: check the name"),
        (
            saved(tmp_path, **{"0.W": np.array([["a"], ["b"]]), "0.b": np.zeros(1)}),
            TypeError,
            r"^state\['0.W'\]: expected an array of numbers, got text",
        ),
    ]
    text = tmp_path / "notes.txt"
    text.write_text("these are not weights\n")
    cases.append((text, ValueError, r"^path: '.*notes.txt' is not a weight file written by save\(\)"))
    single = tmp_path / "single.npy"
    np.save(single, np.zeros(3))
    cases.append((single, ValueError, r"^path: '.*single.npy' holds a single array \(.npy\)"))
    objects = tmp_path / "objects.npz"
    np.savez(objects, **{"0.W": np.array([[None], [1]], dtype=object), "0.b": np.zeros(1)})
    cases.append((objects, TypeError, r"^path: the array '0.W' in '.*objects.npz' holds Python objects"))
    for path, error, message in cases:
        with pytest.raises(error, match=message):
            tiny().load(path)
