"""Nothing silent: random bad data fed to every public function that takes data.

Each entry of ``CASES`` is one data argument of one public function: a valid value for it (``good``) and a
call that puts a bad value in its place. Hypothesis turns ``good`` into bad values of the kinds below
(NaN and infinity, complex numbers, no rows, text, Python objects, things that are not arrays at all), as NumPy
arrays and as nested lists, and the test asserts that the call either

- raises the package's clear error: a TypeError or ValueError whose message names the argument (a checker
  raises WrongAnswer, which names the answer), or
- returns a finite result (every number in it finite).

To cover a new function, add a line to ``CASES``. ``kinds`` leaves out the kinds that are valid for an argument
(a surface of NaN is NaN; splitting does not look at the values; text labels are labels).
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course_nn as cn
from course_nn import activations as A
from course_nn import init, metrics, preprocessing, signals
from course_nn.autograd import Value
from course_nn.checkers import WrongAnswer, check, check_labels, check_scalar
from course_nn.gradcheck import gradcheck, numerical_gradient, rel_error
from course_nn.normalization import BatchNorm
from course_nn.schedules import StepDecay
from course_nn.surfaces import Canyon, run_optimizer
from course_nn.tuning import cross_validate, grid_search

ALL = ("nonfinite", "complex", "empty", "text", "objects", "not_an_array")
NUMBERS = ("complex", "text", "objects", "not_an_array")  # for arguments that are not arrays of numbers


@dataclass
class Case:
    name: str
    argument: str  # what the message must name
    good: object  # a valid value: the bad ones are made from it
    call: object  # call(bad) -> result
    kinds: tuple = ALL


# -------------------------------------------------------------------------------------------- valid values
X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
Y01, Y3, R = np.array([0, 1, 1, 0]), np.array([0, 2, 1, 0]), np.array([0.5, -1.0, 2.0, 0.0])
PM1 = np.array([1, -1, -1, 1])
P = np.array([0.2, 0.9, 0.6, 0.1])
P3 = np.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3], [0.9, 0.05, 0.05]])


def clf():
    return cn.Sequential([cn.Dense(2, 3, rng=0), cn.ReLU(), cn.Dense(3, 1, rng=1), cn.Sigmoid()])


def multi():
    return cn.Sequential([cn.Dense(2, 3, rng=0), cn.Tanh(), cn.Dense(3, 3, rng=1)], task="multiclass")


def after_forward(layer, x=X):
    layer.forward(x, training=True)
    return layer


def build(params, rng):
    return cn.Sequential([cn.Dense(2, 1, rng=rng)], task="regression"), dict(loss="mse", lr=0.1, batch_size=None)


QUIET = dict(epochs=1, verbose=0)


def value_setter(bad):
    p = cn.Parameter(np.zeros((4, 2)))
    p.value = bad


CASES = [
    # layers
    Case("Dense.forward", "x", X, lambda a: cn.Dense(2, 3, rng=0).forward(a)),
    Case(
        "Dense.backward",
        "grad",
        np.ones((4, 3)),
        lambda a: after_forward(cn.Dense(2, 3, rng=0)).backward(a),
        NUMBERS + ("empty",),
    ),  # NaN gradients pass: a diverged loss is reported where it is computed
    Case("Dropout.forward", "x", X, lambda a: cn.Dropout(0.5, rng=0).forward(a, training=True)),
    Case("BatchNorm.forward", "x", X, lambda a: BatchNorm(2).forward(a, training=True)),
    Case("Parameter", "W", X, lambda a: cn.Parameter(a)),
    Case("Parameter.value =", "Parameter W value", X, value_setter, ALL[:2] + NUMBERS[1:]),
    # activations: plain functions and layers
    *[
        Case(f"activations.{f.__name__}", "z", R, f)
        for f in (
            A.step,
            A.identity,
            A.sigmoid,
            A.sigmoid_prime,
            A.tanh_prime,
            A.relu,
            A.relu_prime,
            A.leaky_relu,
            A.leaky_relu_prime,
            A.elu,
            A.elu_prime,
            A.softmax,
        )
    ],
    *[
        Case(f"{cls.__name__}.forward", "z", X, lambda a, cls=cls: cls().forward(a))
        for cls in (cn.Step, cn.Identity, cn.Sigmoid, cn.Tanh, cn.ReLU, cn.LeakyReLU, cn.ELU, cn.Softmax)
    ],
    Case("ReLU.backward", "grad", X, lambda a: after_forward(cn.ReLU()).backward(a), NUMBERS + ("empty",)),
    # losses
    Case("MSE pred", "pred", R, lambda a: cn.MSE()(a, R)),
    Case("MSE y", "y", R, lambda a: cn.MSE()(R, a)),
    Case("BinaryCrossEntropy pred", "pred", P, lambda a: cn.BinaryCrossEntropy()(a, Y01)),
    Case("BinaryCrossEntropy y", "y", Y01, lambda a: cn.BinaryCrossEntropy()(P, a)),
    Case("BinaryCrossEntropy logits", "pred", R, lambda a: cn.BinaryCrossEntropy(from_logits=True)(a, Y01)),
    Case("CrossEntropy pred", "pred", P3, lambda a: cn.CrossEntropy()(a, Y3)),
    Case("CrossEntropy y", "y", Y3, lambda a: cn.CrossEntropy()(P3, a)),
    Case("CrossEntropy probabilities", "pred", P3, lambda a: cn.CrossEntropy(from_logits=False)(a, Y3)),
    Case("PerceptronCriterion pred", "pred", R, lambda a: cn.PerceptronCriterion()(a, PM1)),
    Case("PerceptronCriterion y", "y", PM1, lambda a: cn.PerceptronCriterion()(R, a)),
    # the model, training and evaluation
    Case("Sequential.forward", "x", X, lambda a: clf().forward(a)),
    Case("Sequential.predict", "x", X, lambda a: clf().predict(a)),
    Case("Sequential.predict_proba", "x", X, lambda a: multi().predict_proba(a)),
    Case(
        "Sequential.load_state_dict",
        "state['0.W']",
        np.zeros((2, 3)),
        lambda a: multi().load_state_dict({**multi().state_dict(), "0.W": a}),
    ),
    Case("evaluate X", "X", X, lambda a: cn.evaluate(clf(), a, Y01, "bce")),
    Case("evaluate y", "y", Y01, lambda a: cn.evaluate(clf(), X, a, "bce", metrics=["accuracy"])),
    Case("fit X", "X", X, lambda a: cn.fit(clf(), a, Y01, loss="bce", **QUIET)),
    Case("fit y", "y", Y01, lambda a: cn.fit(multi(), X, a, loss="cross_entropy", **QUIET)),
    Case(
        "fit validation X",
        "validation_data[0]",
        X,
        lambda a: cn.fit(clf(), X, Y01, loss="bce", validation_data=(a, Y01), **QUIET),
    ),
    Case(
        "fit validation y",
        "validation_data[1]",
        Y01,
        lambda a: cn.fit(clf(), X, Y01, loss="bce", validation_data=(X, a), **QUIET),
    ),
    Case("train_step X", "x", X, lambda a: cn.train_step(m := clf(), cn.MSE(), cn.SGD(m, lr=0.1), a, R)),
    Case("train_step y", "y", R, lambda a: cn.train_step(m := clf(), cn.MSE(), cn.SGD(m, lr=0.1), X, a)),
    Case("layer_signals X", "X", X, lambda a: signals.layer_signals(multi(), a, Y3, cn.CrossEntropy())),
    Case(
        "loss_curve y",
        "y",
        Y3,
        lambda a: signals.loss_curve(m := multi(), X, a, cn.CrossEntropy(), cn.SGD(m, lr=0.1), steps=2, rng=0),
    ),
    # optimizers, penalties and schedules given arrays where they expect parameters or a step number
    Case("Adam params", "params", X, lambda a: cn.Adam(a), NUMBERS + ("empty", "nonfinite")),
    Case("L2.loss params", "params", X, lambda a: cn.L2(0.1).loss(a), NUMBERS + ("empty", "nonfinite")),
    Case("StepDecay t", "t", X, lambda a: StepDecay(0.1)(a)),
    # initialization, gradient checks, the perceptron, surfaces, autograd
    Case("init_output_bias regression", "y", R, lambda a: init.init_output_bias(cn.Dense(2, 1), a, "regression")),
    Case("init_output_bias multiclass", "y", Y3, lambda a: init.init_output_bias(cn.Dense(2, 3), a, "multiclass")),
    Case("gradcheck x", "x", X, lambda a: gradcheck(cn.Dense(2, 2, rng=0), a)),
    Case("numerical_gradient x", "x", R, lambda a: numerical_gradient(lambda: 0.0, a)),
    Case("rel_error a", "a", R, lambda a: rel_error(a, R)),
    Case("rel_error b", "b", R, lambda a: rel_error(R, a)),
    Case("Perceptron w", "w", np.ones(2), lambda a: cn.Perceptron(2, w=a)),
    Case("Perceptron.fit X", "X", X, lambda a: cn.Perceptron(2).fit(a, PM1, max_epochs=2)),
    Case("Perceptron.fit y", "y", PM1, lambda a: cn.Perceptron(2).fit(X, a, max_epochs=2)),
    Case("Perceptron.predict", "X", X, lambda a: cn.Perceptron(2).predict(a)),
    Case("Perceptron.step", "x", np.ones(2), lambda a: cn.Perceptron(2).step(a, 1)),
    Case("Canyon.value", "x", R, lambda a: Canyon().value(a, R), NUMBERS),  # NaN in, NaN out
    Case("Canyon.grad", "y", R, lambda a: Canyon().grad(R, a), NUMBERS),
    Case("run_optimizer start", "start", np.array([1.0, 1.0]), lambda a: run_optimizer(Canyon(), start=a, steps=3)),
    Case("autograd.Value", "data", R, lambda a: Value(a), NUMBERS + ("empty", "nonfinite")),
    # preprocessing
    Case("Standardizer.fit", "X", X, lambda a: cn.Standardizer().fit(a).transform(X)),
    Case("Standardizer.transform", "X", X, lambda a: cn.Standardizer().fit(X).transform(a)),
    Case("Standardizer.inverse_transform", "Z", X, lambda a: cn.Standardizer().fit(X).inverse_transform(a)),
    Case("one_hot", "y", Y3, lambda a: cn.one_hot(a)),
    Case("train_test_split", "arrays", X, lambda a: cn.train_test_split(a, rng=0), ("empty", "not_an_array")),
    Case(
        "train_test_split stratify",
        "stratify",
        np.array([0, 1, 0, 1]),
        lambda a: cn.train_test_split(X, stratify=a, test_size=2, rng=0),
        ("nonfinite", "complex", "empty"),
    ),
    Case(
        "stratified_kfold",
        "y",
        np.array([0, 1, 0, 1]),
        lambda a: preprocessing.stratified_kfold(a, k=2, rng=0),
        ("nonfinite", "complex", "empty", "objects", "not_an_array"),
    ),
    # metrics (labels, scores, probabilities, regression)
    *[
        Case(
            f"metrics.{f.__name__} {arg}",
            arg,
            Y01,
            (lambda a, f=f: f(a, Y01)) if arg == "y_true" else (lambda a, f=f: f(Y01, a)),
            ("nonfinite", "complex", "empty", "objects", "not_an_array"),
        )
        for f in (
            metrics.accuracy_score,
            metrics.balanced_accuracy_score,
            metrics.precision_score,
            metrics.recall_score,
            metrics.specificity_score,
            metrics.f1_score,
            metrics.matthews_corrcoef,
            metrics.confusion_matrix,
            metrics.multilabel_confusion_matrix,
            metrics.classification_report,
        )
        for arg in ("y_true", "y_pred")
    ],
    Case(
        "metrics.fbeta_score y_pred",
        "y_pred",
        Y01,
        lambda a: metrics.fbeta_score(Y01, a, beta=2),
        ("nonfinite", "complex", "empty", "objects", "not_an_array"),
    ),
    *[
        Case(f"metrics.{f.__name__} y_score", "y_score", P, lambda a, f=f: f(Y01, a))
        for f in (
            metrics.roc_curve,
            metrics.roc_auc_score,
            metrics.precision_recall_curve,
            metrics.average_precision_score,
        )
    ],
    *[
        Case(f"metrics.{f.__name__} y_proba", "y_proba", P, lambda a, f=f: f(Y01, a))
        for f in (metrics.log_loss, metrics.brier_score_loss)
    ],
    Case("metrics.log_loss y_true", "y_true", Y01, lambda a: metrics.log_loss(a, P), ALL[:3] + ("objects",)),
    Case("metrics.auc x", "x", np.array([0.0, 0.5, 1.0]), lambda a: metrics.auc(a, [0.0, 0.5, 1.0])),
    *[
        Case(
            f"metrics.{f.__name__} {arg}",
            arg,
            R,
            (lambda a, f=f: f(a, R)) if arg == "y_true" else (lambda a, f=f: f(R, a)),
        )
        for f in (
            metrics.mean_squared_error,
            metrics.mean_absolute_error,
            metrics.median_absolute_error,
            metrics.max_error,
            metrics.mean_absolute_percentage_error,
            metrics.r2_score,
        )
        for arg in ("y_true", "y_pred")
    ],
    # tuning
    Case(
        "grid_search X",
        "X",
        X,
        lambda a: grid_search(build, {"lr": [0.1]}, a, R, validation_data=(X, R), epochs=1, verbose=False),
    ),
    Case("cross_validate y", "y", R, lambda a: cross_validate(build, {"lr": 0.1}, X, a, cv=2, epochs=1)),
    # exercise checkers: a bad answer is a WrongAnswer that names it
    Case("check", "answer", R, lambda a: check(a, R)),
    Case("check_scalar", "answer", np.array(0.5), lambda a: check_scalar(a, 0.5)),
    Case("check_labels", "labels", Y01, lambda a: check_labels(a, Y01), ALL[:2] + ("empty", "text", "objects")),
]


# -------------------------------------------------------------------------------------------- bad values
def _at_least_one(good, draw, values):
    """A float copy of ``good`` with 1 .. size of its entries (drawn) replaced by draws from ``values``."""
    bad = np.array(good, dtype=float)
    flat = bad.reshape(-1)
    where = draw(st.lists(st.integers(0, flat.size - 1), min_size=1, max_size=flat.size, unique=True))
    for i in where:
        flat[i] = draw(values)
    return bad


@st.composite
def bad_values(draw, good, kinds):
    good = np.asarray(good)
    kind = draw(st.sampled_from(kinds))
    if kind == "nonfinite":
        bad = _at_least_one(good, draw, st.sampled_from([np.nan, np.inf, -np.inf]))
    elif kind == "complex":
        imag = draw(st.sampled_from([0.0, 1.0, -2.5]))  # complex with zero imaginary parts is refused too
        bad = good.astype(complex) + 1j * imag
    elif kind == "empty":
        bad = np.zeros(draw(st.sampled_from([(0,), (0, *good.shape[1:]), (0, 0)])))
    elif kind == "text":
        bad = draw(st.sampled_from([good.astype(str), np.full(good.shape, "abc"), np.full(good.shape, "")]))
    elif kind == "objects":
        bad = good.astype(object)
        bad.reshape(-1)[draw(st.integers(0, max(good.size - 1, 0)))] = draw(st.sampled_from([None, "x", {}, []]))
    else:
        return draw(st.sampled_from([None, "data", {"x": 1}, object(), b"\x00"]))
    return bad.tolist() if draw(st.booleans()) else bad


def names(message: str, argument: str) -> bool:
    """True if ``message`` names ``argument`` as a word of its own (not the x of "expected")."""
    return re.search(rf"(?<![\w]){re.escape(argument)}(?![\w])", message) is not None


def finite(out) -> bool:
    """True if every number in ``out`` (arrays, numbers, containers, tables, History) is finite."""
    if out is None or isinstance(out, (str, bool, np.bool_)):
        return True
    if isinstance(out, (int, float, np.number)):
        return math.isfinite(out)
    if isinstance(out, np.ndarray):
        return out.dtype.kind not in "fc" or bool(np.isfinite(out).all())
    if isinstance(out, dict):
        return all(finite(v) for v in out.values())
    if isinstance(out, (list, tuple)):
        return all(finite(v) for v in out)
    if hasattr(out, "select_dtypes"):  # a pandas DataFrame
        return finite(out.select_dtypes("number").to_numpy())
    if isinstance(out, cn.History):
        return finite(out.history)
    return True  # a fitted object (Standardizer, Perceptron, Adam ...): its arrays were checked when it was built


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_bad_data_raises_a_clear_error_or_gives_a_finite_result(case, data):
    bad = data.draw(bad_values(case.good, case.kinds), label="bad")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # rows of probabilities not summing to 1, undefined metrics
        try:
            out = case.call(bad)
        except (TypeError, ValueError, WrongAnswer) as err:
            assert names(str(err), case.argument), f"{case.name}: the message does not name {case.argument}: {err}"
            return
    assert finite(out), f"{case.name}: a silent non-finite result {out!r} for {bad!r}"


def test_the_table_covers_the_public_functions_that_take_data():
    """Every public data-taking function of the engine's modules has an entry (so a new one is not forgotten)."""
    named = {case.name.split()[0].split(".")[-1] for case in CASES}
    for module in (A, metrics):
        public = {name for name in getattr(module, "__all__", dir(module)) if not name.startswith("_")}
        functions = {
            name
            for name in public
            if callable(obj := getattr(module, name))
            and name[0].islower()
            and getattr(obj, "__module__", "").startswith(module.__name__)
            and name not in ("get_activation", "get_scorer", "get_scorer_names")
        }
        assert functions <= named, sorted(functions - named)
