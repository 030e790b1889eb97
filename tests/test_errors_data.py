"""Catalogue of bad inputs, data side: data sets and generators, preprocessing, initializers, gradient checks, the
perceptron, optimizer test surfaces, search spaces and the exercise checkers. Each row is (id, call, exception,
message); the message regex starts with the argument's name and, where there is one, asserts what was expected,
what was given and the fix."""

import numpy as np
import pytest

from course_nn import (
    Dense,
    Perceptron,
    ReLU,
    Standardizer,
    data,
    gradcheck,
    init,
    init_output_bias,
    numerical_gradient,
    one_hot,
    rel_error,
)
from course_nn.checkers import WrongAnswer, check, check_labels, check_scalar
from course_nn.preprocessing import kfold, stratified_kfold, train_test_split, train_val_test_split
from course_nn.search_space import Choice, IntRange, LogUniform, Uniform
from course_nn.surfaces import Canyon, Rosenbrock, run_optimizer

X6, Y6 = np.arange(12.0).reshape(6, 2), np.array([0, 1, 0, 1, 0, 1])


def table(*rows):
    return pytest.mark.parametrize("call, error, message", [pytest.param(*row[1:], id=row[0]) for row in rows])


@table(
    (
        "load_digits as_frame='yes'",
        lambda: data.load_digits(as_frame="yes"),
        TypeError,
        r"^as_frame: expected True or False, got 'yes'",
    ),
    (
        "load_xor data_dir=3",
        lambda: data.load_xor(data_dir=3),
        TypeError,
        r"^data_dir: expected a file name \(a str or a pathlib.Path\), got int",
    ),
    (
        "load_expense missing folder",
        lambda: data.load_expense(data_dir="/nonexistent"),
        FileNotFoundError,
        r"data file 'expense.csv' not found at /nonexistent/expense.csv. That folder was chosen by data_dir=. Fix:",
    ),
    ("two_moons n=1", lambda: data.two_moons(n=1), ValueError, r"^n: expected an int >= 2, got 1"),
    ("two_moons n='5'", lambda: data.two_moons(n="5"), TypeError, r"^n: expected an int, got '5'"),
    ("two_moons noise=-1", lambda: data.two_moons(noise=-1), ValueError, r"^noise: expected a value in \[0.0, inf\]"),
    ("two_moons noise=nan", lambda: data.two_moons(noise=np.nan), TypeError, r"^noise: expected a finite number"),
    ("two_moons rng=-1", lambda: data.two_moons(rng=-1), ValueError, r"^rng: expected a seed >= 0, got -1. Fix:"),
    ("circles factor=1.5", lambda: data.circles(factor=1.5), ValueError, r"^factor: expected a value in \(0.0, 1.0\)"),
    ("spirals classes=1", lambda: data.spirals(classes=1), ValueError, r"^classes: expected an int >= 2, got 1"),
    ("spirals turns=0", lambda: data.spirals(turns=0), ValueError, r"^turns: expected a value in \(0.0, inf\]"),
    ("noisy_line n=0", lambda: data.noisy_line(n=0), ValueError, r"^n: expected an int >= 1, got 0"),
    ("noisy_line slope='2'", lambda: data.noisy_line(slope="2"), TypeError, r"^slope: expected a finite number"),
    ("logic_gate XNOR", lambda: data.logic_gate("XNOR"), ValueError, r"^name: unknown option 'XNOR'; expected one of"),
    ("logic_gate labels", lambda: data.logic_gate("AND", labels="+-"), ValueError, r"^labels: unknown option '\+-'"),
    ("minibatches n=0", lambda: list(data.minibatches(0, 3)), ValueError, r"^n: expected an int >= 1, got 0"),
    (
        "minibatches batch_size=0",
        lambda: list(data.minibatches(10, 0)),
        ValueError,
        r"^batch_size: expected an int >= 1",
    ),
    (
        "minibatches shuffle='no'",
        lambda: list(data.minibatches(10, 3, shuffle="no")),
        TypeError,
        r"^shuffle: expected True or False, got 'no'",
    ),
)
def test_data_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


def fitted():
    return Standardizer().fit(X6)


@table(
    (
        "Standardizer.fit empty",
        lambda: Standardizer().fit(np.zeros((0, 3))),
        ValueError,
        r"^X: expected at least one value, got an empty array of shape \(0, 3\)",
    ),
    ("Standardizer.fit complex", lambda: Standardizer().fit(X6 + 1j), TypeError, r"^X: expected real numbers"),
    ("Standardizer.fit NaN", lambda: Standardizer().fit([[np.nan, 1.0]]), ValueError, r"^X: contains 1 NaN"),
    ("Standardizer.fit text", lambda: Standardizer().fit(X6.astype(str)), TypeError, r"^X: expected an array of numb"),
    ("Standardizer.fit 1-D", lambda: Standardizer().fit([1.0, 2.0]), ValueError, r"^X: expected a 2-D array.*reshape"),
    (
        "Standardizer.transform unfitted",
        lambda: Standardizer().transform(X6),
        RuntimeError,
        r"^Standardizer.transform: this Standardizer is not fitted yet. Fix: call fit\(X_train\) first",
    ),
    (
        "Standardizer.transform columns",
        lambda: fitted().transform(np.zeros((2, 3))),
        ValueError,
        r"^Standardizer.transform: X has 3 columns but the Standardizer was fitted on 2",
    ),
    ("Standardizer.transform inf", lambda: fitted().transform([[np.inf, 0.0]]), ValueError, r"^X: contains 1 NaN"),
    (
        "Standardizer.inverse_transform text",
        lambda: fitted().inverse_transform([["a", "b"]]),
        TypeError,
        r"^Z: expected an array of numbers",
    ),
    (
        "Standardizer.inverse_transform columns",
        lambda: fitted().inverse_transform(np.zeros((2, 3))),
        ValueError,
        r"^Standardizer.inverse_transform: Z has 3 columns but the Standardizer was fitted on 2",
    ),
    ("Standardizer.inverse_transform 1-D", lambda: fitted().inverse_transform([1.0, 2.0]), ValueError, r"^Z: expected"),
    ("one_hot empty", lambda: one_hot([]), ValueError, r"^y: expected at least one value, got an empty array"),
    (
        "one_hot 0.5",
        lambda: one_hot([0.5, 1.0]),
        ValueError,
        r"^y: expected integer class labels in 0 .. K-1, got values from 0.5 to 1. Fix: classes, y = np.unique",
    ),
    ("one_hot -1", lambda: one_hot([-1, 0]), ValueError, r"^y: expected integer class labels in 0 .. K-1, got values"),
    (
        "one_hot beyond n_classes",
        lambda: one_hot([0, 2], n_classes=2),
        ValueError,
        r"^y: expected integer class labels in 0..1 \(n_classes=2\), got values from 0 to 2",
    ),
    ("one_hot 2-D", lambda: one_hot([[0, 1]]), ValueError, r"^y: expected a 1-D array, got shape \(1, 2\)"),
    ("one_hot text", lambda: one_hot(["cat", "dog"]), TypeError, r"^y: expected an array of numbers, got text"),
    ("one_hot NaN", lambda: one_hot([0.0, np.nan]), ValueError, r"^y: contains 1 NaN"),
    ("one_hot n_classes=0", lambda: one_hot([0], n_classes=0), ValueError, r"^n_classes: expected an int >= 1, got 0"),
    ("train_test_split()", lambda: train_test_split(), ValueError, r"^train_test_split: expected at least one array"),
    (
        "train_test_split(3)",
        lambda: train_test_split(3),
        ValueError,
        r"^arrays\[0\]: expected an array with one row per sample, got a single value 3. Fix: call train_test_split",
    ),
    (
        "train_test_split lengths",
        lambda: train_test_split(X6, Y6[:4]),
        ValueError,
        r"^train_test_split: the arrays have different lengths \[6, 4\]",
    ),
    (
        "train_test_split test_size=1.5",
        lambda: train_test_split(X6, test_size=1.5),
        ValueError,
        r"^test_size: expected a fraction in \(0, 1\) or a number of rows, got 1.5",
    ),
    (
        "train_test_split test_size='a'",
        lambda: train_test_split(X6, test_size="a"),
        ValueError,
        r"^test_size: expected",
    ),
    (
        "train_test_split test_size=6",
        lambda: train_test_split(X6, test_size=6),
        ValueError,
        r"^test_size=6 gives 6 of 6 rows; each part needs at least one row",
    ),
    (
        "train_test_split stratify NaN",
        lambda: train_test_split(X6, stratify=[0, 1, 0, 1, np.nan, 1]),
        ValueError,
        r"^train_test_split: stratify contains 1 NaN or infinite value\(s\); expected class labels",
    ),
    (
        "train_test_split stratify 2-D",
        lambda: train_test_split(X6, stratify=np.eye(6)),
        ValueError,
        r"^train_test_split: stratify must be a 1-D array of class labels, got shape \(6, 6\)",
    ),
    (
        "train_test_split stratify length",
        lambda: train_test_split(X6, stratify=[0, 1]),
        ValueError,
        r"^train_test_split: stratify has 2 labels but the arrays have 6 rows",
    ),
    ("train_test_split rng=-1", lambda: train_test_split(X6, rng=-1), ValueError, r"^rng: expected a seed >= 0"),
    (
        "train_val_test_split sizes",
        lambda: train_val_test_split(X6, val_size=3, test_size=3),
        ValueError,
        r"^train_val_test_split: val_size=3 and test_size=3 leave no training rows",
    ),
    ("kfold n=1", lambda: kfold(1), ValueError, r"^n: expected an int >= 2, got 1"),
    ("kfold k=1", lambda: kfold(10, k=1), ValueError, r"^k: expected an int >= 2, got 1"),
    ("kfold k > n", lambda: kfold(3, k=5), ValueError, r"^kfold: k=5 folds need at least 5 rows, got n=3"),
    ("kfold shuffle='yes'", lambda: kfold(10, shuffle="yes"), TypeError, r"^shuffle: expected True or False"),
    ("stratified_kfold empty", lambda: stratified_kfold([]), ValueError, r"^stratified_kfold: y is empty"),
    (
        "stratified_kfold NaN",
        lambda: stratified_kfold([np.nan] * 10),
        ValueError,
        r"^stratified_kfold: y contains 10 NaN or infinite value\(s\)",
    ),
    (
        "stratified_kfold one-hot",
        lambda: stratified_kfold(np.eye(10)),
        ValueError,
        r"^stratified_kfold: y must be a 1-D array of class labels.*Fix: .*argmax",
    ),
    ("stratified_kfold k=0", lambda: stratified_kfold(Y6, k=0), ValueError, r"^k: expected an int >= 2, got 0"),
)
def test_preprocessing_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


@table(
    ("initialize orthogonal", lambda: init.initialize("orthogonal", (2, 2)), ValueError, r"^init: unknown option"),
    (
        "initialize shape='ab'",
        lambda: init.initialize("he_normal", "ab"),
        ValueError,
        r"^shape: expected a shape of 2 ints >= 1 such as \(n_in, n_out\), got 'ab'",
    ),
    ("xavier_uniform shape=(3,)", lambda: init.xavier_uniform((3,)), ValueError, r"^shape: expected a shape of 2 ints"),
    ("he_uniform shape=(2, 0)", lambda: init.he_uniform((2, 0)), ValueError, r"^shape: expected a shape of 2 ints"),
    ("zeros shape=(2, -1)", lambda: init.zeros((2, -1)), ValueError, r"^shape: expected a shape of ints >= 1"),
    ("uniform scale=-1", lambda: init.uniform((2, 2), scale=-1), ValueError, r"^scale: expected a value in \[0.0"),
    ("normal std='1'", lambda: init.normal((2, 2), std="1"), TypeError, r"^std: expected a finite number, got '1'"),
    ("xavier_normal rng=-1", lambda: init.xavier_normal((2, 2), rng=-1), ValueError, r"^rng: expected a seed >= 0"),
    (
        "init_output_bias layer=ReLU()",
        lambda: init_output_bias(ReLU(), [0, 1], "binary"),
        ValueError,
        r"^layer: the output-bias rule needs a Dense layer with a bias, got ReLU\(\)",
    ),
    (
        "init_output_bias y NaN",
        lambda: init_output_bias(Dense(2, 1), [np.nan], "regression"),
        ValueError,
        r"^y: contains 1 NaN",
    ),
    (
        "init_output_bias y empty",
        lambda: init_output_bias(Dense(2, 1), [], "regression"),
        ValueError,
        r"^y: expected at least one value",
    ),
    (
        "init_output_bias y fractions",
        lambda: init_output_bias(Dense(2, 3), [0, 0.5, 2], "multiclass"),
        ValueError,
        r"^y: expected integer class labels in 0..2 \(the layer has 3 outputs\), got values from 0 to 2",
    ),
    (
        "init_output_bias y beyond K",
        lambda: init_output_bias(Dense(2, 3), [0, 1, 5], "multiclass"),
        ValueError,
        r"^y: expected integer class labels in 0..2",
    ),
    (
        "init_output_bias class missing",
        lambda: init_output_bias(Dense(2, 3), [0, 1, 1], "multiclass"),
        ValueError,
        r"^y: expected every class 0..2 to appear, got counts \[1, 2, 0\]",
    ),
    (
        "init_output_bias task",
        lambda: init_output_bias(Dense(2, 1), [0, 1], "ranking"),
        ValueError,
        r"^task: unknown option 'ranking'",
    ),
    (
        "gradcheck obj=3",
        lambda: gradcheck(3, X6),
        TypeError,
        r"^obj: expected a Loss or a Layer, got int \(3\). Fix: pass a layer, a model \(Sequential\) or a loss",
    ),
    ("gradcheck x text", lambda: gradcheck(Dense(2, 2, rng=0), "a"), TypeError, r"^x: expected an array of numbers"),
    ("gradcheck x NaN", lambda: gradcheck(Dense(2, 2, rng=0), [[np.nan, 0.0]]), ValueError, r"^x: contains 1 NaN"),
    ("gradcheck x complex", lambda: gradcheck(Dense(2, 2, rng=0), [[1j, 0.0]]), TypeError, r"^x: expected real"),
    (
        "gradcheck loss='hinge'",
        lambda: gradcheck(Dense(2, 1, rng=0), X6, Y6, loss="hinge"),
        ValueError,
        r"^loss: unknown option 'hinge'",
    ),
    (
        "numerical_gradient int array",
        lambda: numerical_gradient(lambda: 0.0, np.array([1, 2])),
        TypeError,
        r"^x: expected a NumPy float array \(it is changed in place, entry by entry\), got an array of dtype int64. "
        r"Fix: x = np.asarray\(x, dtype=float\)",
    ),
    (
        "numerical_gradient list",
        lambda: numerical_gradient(lambda: 0.0, [1.0, 2.0]),
        TypeError,
        r"^x: expected a NumPy float array .*got list",
    ),
    (
        "numerical_gradient NaN",
        lambda: numerical_gradient(lambda: 0.0, np.array([np.nan])),
        ValueError,
        r"^x: contains",
    ),
    (
        "numerical_gradient f='f'",
        lambda: numerical_gradient("f", np.zeros(2)),
        TypeError,
        r"^f: expected a function such as lambda: loss\(model.forward\(X\), y\), got str",
    ),
    (
        "numerical_gradient h=0",
        lambda: numerical_gradient(lambda: 0.0, np.zeros(2), h=0),
        ValueError,
        r"^h: expected a value in \(0.0, inf\], got 0",
    ),
    ("rel_error text", lambda: rel_error("a", "b"), TypeError, r"^a: expected an array of numbers, got text"),
    (
        "rel_error shapes",
        lambda: rel_error([1.0, 2.0], [[1.0], [2.0]]),
        ValueError,
        r"^b: expected the shape of a, \(2,\), got \(2, 1\)",
    ),
    ("rel_error NaN", lambda: rel_error([np.nan], [1.0]), ValueError, r"^a: contains 1 NaN"),
    ("rel_error complex", lambda: rel_error([1.0], [1j]), TypeError, r"^b: expected real numbers"),
)
def test_init_and_gradcheck_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


@table(
    ("Perceptron n_features=0", lambda: Perceptron(0), ValueError, r"^n_features: expected an int >= 1, got 0"),
    ("Perceptron lr=0", lambda: Perceptron(2, lr=0), ValueError, r"^lr: expected a value in \(0.0, inf\], got 0"),
    (
        "Perceptron w shape",
        lambda: Perceptron(2, w=[1.0, 2.0, 3.0]),
        ValueError,
        r"^w: expected shape \(2,\), got \(3,\)",
    ),
    ("Perceptron w NaN", lambda: Perceptron(2, w=[np.nan, 0.0]), ValueError, r"^w: contains 1 NaN"),
    ("Perceptron b='1'", lambda: Perceptron(2, b="1"), TypeError, r"^b: expected a finite number, got '1'"),
    ("Perceptron.fit X NaN", lambda: Perceptron(2).fit([[np.nan, 0.0]], [1]), ValueError, r"^X: contains 1 NaN"),
    ("Perceptron.fit X complex", lambda: Perceptron(2).fit(XOR + 1j, [1, -1, -1, 1]), TypeError, r"^X: expected real"),
    (
        "Perceptron.fit y 0/1",
        lambda: Perceptron(2).fit(XOR, [0, 1, 1, 0]),
        ValueError,
        r"^y: the perceptron expects labels -1 or \+1. Fix: for 0/1 labels use 2\*y - 1",
    ),
    (
        "Perceptron.fit y length",
        lambda: Perceptron(2).fit(XOR, [1, -1, 1]),
        ValueError,
        r"^y: expected one label per row of X \(4 rows\), got 3",
    ),
    (
        "Perceptron.fit max_epochs=0",
        lambda: Perceptron(2).fit(XOR, [1, -1, -1, 1], max_epochs=0),
        ValueError,
        r"^max_epochs: expected an int >= 1, got 0",
    ),
    (
        "Perceptron.fit shuffle='yes'",
        lambda: Perceptron(2).fit(XOR, [1, -1, -1, 1], shuffle="yes"),
        TypeError,
        r"^shuffle: expected True or False",
    ),
    (
        "Perceptron.predict width",
        lambda: Perceptron(2).predict(np.zeros((4, 3))),
        ValueError,
        r"^X: expected 2 columns \(n_features\), got shape \(4, 3\)",
    ),
    ("Perceptron.step x NaN", lambda: Perceptron(2).step([np.nan, 1.0], 1), ValueError, r"^x: contains 1 NaN"),
    (
        "Perceptron.step x width",
        lambda: Perceptron(2).step([1.0, 2.0, 3.0], 1),
        ValueError,
        r"^x: expected 2 columns \(n_features\)",
    ),
    (
        "Perceptron.step y=0",
        lambda: Perceptron(2).step([1.0, 1.0], 0),
        ValueError,
        r"^y: the perceptron expects labels",
    ),
    (
        "Perceptron.step two labels",
        lambda: Perceptron(2).step([1, 2], [1, 1]),
        ValueError,
        r"^y: expected one label \(-1 or \+1\) for the one example x, got 2 values \[1.0, 1.0\]. "
        r"Fix: call step\(x, y\) once per example, or train_epoch\(X, y\)",
    ),
    ("Perceptron.step no label", lambda: Perceptron(2).step([1, 2], []), ValueError, r"^y: expected at least one"),
    (
        "Perceptron.step x as a row",
        lambda: Perceptron(2).step([[1.0, 2.0]], 1),
        ValueError,
        r"^x: expected a 1-D array, got shape \(1, 2\)",
    ),
    (
        "Perceptron.train_epoch text",
        lambda: Perceptron(2).train_epoch([["a", "b"]], [1]),
        TypeError,
        r"^X: expected an array of numbers",
    ),
    ("Canyon a='x'", lambda: Canyon(a="x"), TypeError, r"^a: expected a finite number, got 'x'"),
    ("Canyon b=0", lambda: Canyon(b=0), ValueError, r"^b: expected a value in \(0.0, inf\], got 0"),
    ("Rosenbrock b=-1", lambda: Rosenbrock(b=-1), ValueError, r"^b: expected a value in \(0.0, inf\]"),
    ("Canyon.value text", lambda: Canyon().value("a", 1.0), TypeError, r"^x: expected an array of numbers, got text"),
    ("Canyon.grad complex", lambda: Canyon().grad(1.0, 1j), TypeError, r"^y: expected real numbers, got complex"),
    ("Canyon.grid n=1", lambda: Canyon().grid(n=1), ValueError, r"^n: expected an int >= 2, got 1"),
    (
        "run_optimizer surface=3",
        lambda: run_optimizer(3),
        TypeError,
        r"^surface: expected a Surface, got int \(3\). Fix: pass a surface such as Canyon\(\)",
    ),
    (
        "run_optimizer optimizer=3",
        lambda: run_optimizer(Canyon(), optimizer=3),
        TypeError,
        r"^optimizer: expected a name such as 'adam' or an optimizer class such as Adam, got int",
    ),
    (
        "run_optimizer optimizer='adamx'",
        lambda: run_optimizer(Canyon(), "adamx"),
        ValueError,
        r"^optimizer: unknown option 'adamx'",
    ),
    ("run_optimizer start NaN", lambda: run_optimizer(Canyon(), start=[np.nan, 1.0]), ValueError, r"^start: contains"),
    (
        "run_optimizer start (x, y, z)",
        lambda: run_optimizer(Canyon(), start=[1.0, 2.0, 3.0]),
        ValueError,
        r"^start: expected a point \(x, y\), got shape \(3,\)",
    ),
    ("run_optimizer steps=-1", lambda: run_optimizer(Canyon(), steps=-1), ValueError, r"^steps: expected an int >= 0"),
    ("run_optimizer lr=-1", lambda: run_optimizer(Canyon(), lr=-1), ValueError, r"^lr: expected a value in \(0.0"),
)
def test_perceptron_and_surfaces_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


@table(
    (
        "Choice('abc')",
        lambda: Choice("abc"),
        TypeError,
        r"^options: expected a list, got str \('abc'\). Fix: put it in a list, options=\['abc'\]",
    ),
    ("Choice(None)", lambda: Choice(None), TypeError, r"^options: expected a list, got NoneType"),
    ("Choice([])", lambda: Choice([]), ValueError, r"^Choice: expected at least one option, got an empty list"),
    ("Uniform(1, 0)", lambda: Uniform(1, 0), ValueError, r"^Uniform: expected low < high, got low=1, high=0"),
    ("Uniform(nan, 1)", lambda: Uniform(np.nan, 1), TypeError, r"^low: expected a finite number, got nan"),
    ("LogUniform(0, 1)", lambda: LogUniform(0, 1), ValueError, r"^low: expected a value in \(0.0, inf\], got 0"),
    ("IntRange(1.5, 3)", lambda: IntRange(1.5, 3), TypeError, r"^low: expected an int, got 1.5"),
    ("IntRange(3, 1)", lambda: IntRange(3, 1), ValueError, r"^IntRange: expected low <= high, got low=3, high=1"),
)
def test_search_space_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


@table(
    (
        "check complex answer",
        lambda: check(np.array([1 + 1j]), [1.0], name="z"),
        WrongAnswer,
        r"^z: expected real numbers, got complex ones",
    ),
    (
        "check text array",
        lambda: check(np.array(["1.5"]), [1.5], name="w"),
        WrongAnswer,
        r"^w: expected numbers, got text inside the array",
    ),
    ("check None", lambda: check(None, [1.0], name="grad"), WrongAnswer, r"^grad: no answer yet"),
    ("check NaN", lambda: check([np.nan], [1.0], name="loss"), WrongAnswer, r"^loss: the answer contains NaN"),
    ("check_scalar complex", lambda: check_scalar(1j, 1.0, name="loss"), WrongAnswer, r"^loss: expected real numbers"),
    (
        "check_scalar text",
        lambda: check_scalar("0.5", 0.5, name="p"),
        WrongAnswer,
        r"^p: expected numbers, got the text",
    ),
    (
        "check_labels objects",
        lambda: check_labels(np.array([object()]), [1], name="y_hat"),
        WrongAnswer,
        r"^y_hat: expected a number or an array of numbers, got ndarray",
    ),
)
def test_checkers_catalogue(call, error, message):
    """The checkers' answers come from students: a bad one is a WrongAnswer that says what is wrong."""
    with pytest.raises(error, match=message):
        call()
