"""The exercise checkers recognise a right answer and explain the typical wrong ones."""

import numpy as np
import pytest

from course_nn.checkers import (
    WrongAnswer,
    check,
    check_function,
    check_gate,
    check_gradient,
    check_labels,
    check_order,
    check_predictions,
    check_scalar,
    diagnose,
)

E = np.arange(1.0, 7.0).reshape(2, 3)  # a non-square matrix
S = np.array([[1.0, 2.0], [3.0, 5.0]])  # a square, non-symmetric one
N = {"the batch size N": 4}


def wrong(call, *args, **kwargs) -> str:
    """Run a checker that must fail and return its message."""
    with pytest.raises(WrongAnswer) as info:
        call(*args, **kwargs)
    return str(info.value)


# ------------------------------------------------------------------ check / diagnose
def test_right_answer_prints_correct(capsys):
    check(E.copy(), E, name="Z")
    check(E + 1e-12, E, name="Z")
    check([1, 2], np.array([1.0, 2.0]), name="v")
    assert capsys.readouterr().out == "Z: correct.\nZ: correct.\nv: correct.\n"
    assert diagnose(E, E) is None


def test_wrong_answer_is_an_assertion_error_named_after_the_variable():
    with pytest.raises(AssertionError, match=r"^dW: "):
        check(E + 1, E, name="dW")


@pytest.mark.parametrize("answer", [None, ...])
def test_missing_answer(answer):
    assert "no answer yet" in wrong(check, answer, E, name="Z")


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda x: x, "a function, not its result"),
        ("3.0", "text"),
        ({"a": 1}, "expected a number or an array"),
        (np.array([1.0, np.nan]), "NaN"),
    ],
)
def test_not_numbers(answer, words):
    assert words in wrong(check, answer, np.array([1.0, 2.0]))


def test_transposed_matrix():
    msg = wrong(check, E.T, E, name="W")
    assert "transpose of the expected (2, 3) array (you gave (3, 2))" in msg
    assert "transpose of the expected matrix" in wrong(check, S.T, S)
    assert "once transposed, the sign is flipped" in wrong(check, -E.T, E)
    assert "transpose" in wrong(check, 2 * S.T, S) and "factor ½" in wrong(check, 2 * S.T, S)


def test_sign_error():
    assert "the sign is flipped" in wrong(check, -E, E)
    assert "the sign is flipped" in wrong(check, -0.25, 0.25)
    msg = wrong(check, E * np.array([1, -1, 1]), E)
    assert "sign is wrong in 2 of 6 entries" in msg and "(0, 1)" in msg


def test_factor_one_half_and_two():
    msg = wrong(check, 2 * E, E)
    assert "twice the expected value: a factor ½ is missing" in msg
    assert "half the expected value: a factor 2 is missing" in wrong(check, E / 2, E)
    assert "twice" in wrong(check, 3.0, 1.5)
    assert "sign is flipped, and your answer is twice" in wrong(check, -2 * E, E)


def test_factor_batch_size():
    msg = wrong(check, 4 * E, E, factors=N)
    assert msg == (
        "answer: your answer is 4 times the expected value: did you forget to divide by the batch size N "
        "(= 4), or multiply by it once too often?"
    )
    msg = wrong(check, E / 4, E, factors=N)
    assert "1/4 of the expected value: did you forget to multiply by the batch size N (= 4)" in msg
    assert "two factors seem off at once, the batch size N (= 4) and ½ (or 2)" in wrong(check, 8 * E, E, factors=N)
    # a factor below 1 (a learning rate) reads the other way round
    assert "multiply by η (= 0.1) once too often" in wrong(check, 0.1 * E, E, factors={"η": 0.1})


def test_named_factor_wins_over_the_builtin_two():
    assert "divide by the batch size N (= 2)" in wrong(check, 2 * E, E, factors={"the batch size N": 2})


def test_other_constant_factor_and_offset():
    assert "proportional to the expected one, 3.3 times it" in wrong(check, 3.3 * E, E)
    assert "off by the same amount, +1" in wrong(check, E + 1, E)


def test_shape_problems():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    assert "Use .ravel()" in wrong(check, y[:, None], y)
    assert "Use .reshape(-1, 1)" in wrong(check, y, y[:, None])
    assert "Use .reshape(2, 3)" in wrong(check, E.ravel(), E)
    assert "broadcasts to an (n, n) matrix" in wrong(check, y[:, None] - y, y)
    assert "Use .sum(axis=0)" in wrong(check, np.ones((4, 3)), np.full(3, 4.0))
    assert "Use .mean(axis=0)" in wrong(check, np.ones((4, 3)), np.ones(3))
    assert "expected a single number" in wrong(check, y, 99.0)
    assert "use np.mean" in wrong(check, y, 2.5)
    assert "which arrays you multiplied and in what order" in wrong(check, np.ones((3, 3)), np.ones((4, 2)))
    assert "right numbers, wrong shape: expected (2, 3), got (6, 1)" in wrong(check, E.reshape(6, 1), E)


def test_one_row_or_column_off_is_counted_not_blamed_on_the_product():
    path = wrong(check, np.ones((30, 2)), np.ones((31, 2)), name="path")
    assert "expected (31, 2), got (30, 2): 1 row too few" in path and "off by one" in path
    assert "matrix" not in path and "order" not in path
    assert "1 column too few" in wrong(check, np.ones((2, 10)), np.ones((2, 11)))
    many = wrong(check, np.ones((2, 5)), E)
    assert "2 columns too many" in many and "off by one" not in many


def test_a_ratio_near_plus_one_is_imprecision_not_a_sign_or_a_factor():
    # the rounded value a notebook prints, checked at a tight tolerance
    msg = wrong(check_scalar, 0.98128936, 0.9812893612345, rtol=1e-10)
    assert "close, but not within the tolerance" in msg and "sign" not in msg
    msg = wrong(check, E * 1.000005, E)
    assert "close, but not within the tolerance" in msg and "proportional" not in msg and "1 times" not in msg
    assert "proportional to the expected one, 1.1 times it" in wrong(check, 1.1 * E, E)


def test_sign_message_only_for_minus_one_and_without_a_gradient_story():
    msg = wrong(check_scalar, -0.5004, 0.5004, name="entropy")
    assert "the sign is flipped" in msg and "gradient" not in msg
    assert "the sign is flipped" in wrong(check, -E * 1.000005, E)
    assert "sign" not in wrong(check, E * 1.000005, E)


def test_zeros_and_ones_swapped():
    msg = wrong(check, np.array([0.0, 1.0, 1.0, 0.0]), np.array([1.0, 0.0, 0.0, 1.0]), name="XNOR outputs")
    assert "every 0 should be a 1 and every 1 a 0" in msg and "different order" not in msg


def test_different_numbers_say_where():
    answer = E.copy()
    answer[1, 2] = 10.0
    msg = wrong(check, answer, E)
    assert "1 of 6 entries" in msg and "(1, 2)" in msg and "got 10" in msg and "expected 6" in msg
    assert "in a different order" in wrong(check, E[::-1], E)
    assert "close, but not within the tolerance" in wrong(check, E * (1 + 1e-4) + np.array([0, 1e-4, 0]), E)
    assert "got 1, expected 1.5" in wrong(check, 1.0, 1.5)


def test_tolerances_are_honoured(capsys):
    check(E * (1 + 1e-3), E, rtol=1e-2)
    assert "correct" in capsys.readouterr().out


def test_tuples_and_dicts():
    dW, db = E, np.array([1.0, 2.0])
    check((dW, db), (dW, db))
    assert "item 1: your answer is twice" in wrong(check, (dW, 2 * db), (dW, db))
    assert "expected 2 values, got 1" in wrong(check, (dW,), (dW, db))
    assert "missing key(s) ['b']" in wrong(check, {"W": dW}, {"W": dW, "b": db})
    assert "['b']: the sign is flipped" in wrong(check, {"W": dW, "b": -db}, {"W": dW, "b": db})


def test_hint_is_appended():
    assert wrong(check, -E, E, hint="δ = a - y").endswith("\nHint: δ = a - y")


# ------------------------------------------------------------------ check_scalar
def test_check_scalar(capsys):
    check_scalar(np.float64(0.25), 0.25, name="loss")
    check_scalar(np.array([0.25]), 0.25, name="loss")
    assert capsys.readouterr().out == "loss: correct.\nloss: correct.\n"
    assert "twice" in wrong(check_scalar, 0.5, 0.25)
    assert "divide by the batch size N" in wrong(check_scalar, 1.0, 0.25, factors=N)
    assert "True/False" in wrong(check_scalar, True, 1.0)
    assert "its mean is right" in wrong(check_scalar, np.array([0.2, 0.3]), 0.25)
    assert "no answer yet" in wrong(check_scalar, None, 0.25)


# ------------------------------------------------------------------ check_labels
def test_check_labels(capsys):
    y = np.array([0, 1, 1, 0])
    check_labels(np.array([0.0, 1.0, 1.0, 0.0]), y)
    check_labels(np.array([False, True, True, False]), y)
    assert capsys.readouterr().out.count("correct") == 2
    assert "probabilities or scores" in wrong(check_labels, np.array([0.1, 0.9, 0.8, 0.2]), y)
    assert "Use .ravel()" in wrong(check_labels, y[:, None], y)
    assert "every label is flipped" in wrong(check_labels, 1 - y, y)
    assert "0/1 labels where -1/+1" in wrong(check_labels, y, 2 * y - 1)
    assert "-1/+1 labels where 0/1" in wrong(check_labels, 2 * y - 1, y)
    assert "one-hot rows" in wrong(check_labels, np.eye(2)[y], y)
    msg = wrong(check_labels, np.array([0, 1, 0, 0]), y)
    assert "1 of 4 labels are wrong (index 2: got 0, expected 1)" in msg


# ------------------------------------------------------------------ check_gate / check_predictions
def test_check_gate(capsys):
    check_gate([1.0, 1.0], -1.5, "AND")
    check_gate(np.array([[1.0], [1.0]]), np.array([-0.5]), "OR")
    check_gate([-1, -1], 1.5, "NAND")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    check_gate([1, 1], -1.5, (X, np.array([-1, -1, -1, 1])))  # ±1 labels work too
    assert capsys.readouterr().out.count("correct") == 4


def test_check_gate_wrong_weights():
    assert "exactly 0" in wrong(check_gate, [1.0, 1.0], -2.0, "AND")
    assert "opposite of AND" in wrong(check_gate, [-1.0, -1.0], 1.5, "AND")
    msg = wrong(check_gate, [1.0, 1.0], -0.5, "AND")
    assert "wrong on 2 of 4 inputs" in msg and "x = (0, 1): score +0.5, output 1, expected 0" in msg
    assert "cannot be split by one line" in wrong(check_gate, [1.0, 1.0], -0.5, "XOR")
    assert "2 weights" in wrong(check_gate, [1.0, 1.0, 1.0], 0.0, "AND")
    assert "single number" in wrong(check_gate, [1.0, 1.0], [0.0, 1.0], "AND")
    assert "no answer yet" in wrong(check_gate, None, 0.0, "AND")


def test_check_predictions(capsys):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    y = np.array([0, 1, 1, 0])
    xor = lambda X: ((X[:, 0] + X[:, 1]) == 1).astype(int)  # noqa: E731
    check_predictions(xor, X, y, name="xor_net")
    assert capsys.readouterr().out == "xor_net: correct.\n"
    msg = wrong(check_predictions, lambda X: (X.sum(axis=1) > 0.5).astype(int), X, y, name="net")
    assert "1 of 4 labels are wrong (input [1., 1.]: got 1, expected 0)" in msg
    assert "return" in wrong(check_predictions, lambda X: None, X, y)
    assert "raised ZeroDivisionError" in wrong(check_predictions, lambda X: 1 / 0, X, y)
    with pytest.raises(NotImplementedError):
        check_predictions(_not_done, X, y)


# ------------------------------------------------------------------ check_function
def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _not_done(*args):
    raise NotImplementedError("exercise not done yet")


def test_check_function_right(capsys):
    check_function(lambda z: np.exp(-np.logaddexp(0, -z)), _sigmoid, [np.array([-1.0, 0.0, 2.0]), 0.5], name="sigmoid")
    check_function(
        lambda a, y: a - y, [np.array([0.5]), 1.0], [(np.array([1.0]), np.array([0.5])), (2.0, 1.0)], name="delta"
    )
    assert capsys.readouterr().out == "sigmoid: correct.\ndelta: correct.\n"


def test_check_function_wrong():
    z = np.array([-1.0, 0.0, 2.0])
    msg = wrong(check_function, lambda z: 1 / (1 + np.exp(z)), _sigmoid, [z], name="sigmoid")
    assert msg.startswith("sigmoid([-1.,  0.,  2.]): ")
    assert "the sign is flipped" in wrong(
        check_function, lambda a, y: y - a, lambda a, y: a - y, [(np.array([0.2, 0.9]), np.array([0.0, 1.0]))]
    )
    assert "return" in wrong(check_function, lambda z: None, _sigmoid, [z], name="f")
    assert "raised TypeError" in wrong(check_function, lambda z: z + None, _sigmoid, [z], name="f")

    def in_place(x):
        x *= 2
        return x

    assert "changed its argument 1 in place" in wrong(check_function, in_place, lambda x: 2 * x, [z.copy()])
    assert "expected a function" in wrong(check_function, 3.0, _sigmoid, [z], name="f")
    with pytest.raises(NotImplementedError):
        check_function(_not_done, _sigmoid, [z])


def test_check_function_reference_list_length():
    with pytest.raises(ValueError, match="reference"):
        check_function(_sigmoid, [1.0], [0.0, 1.0])


# ------------------------------------------------------------------ check_gradient
def _softplus(x):
    return np.logaddexp(0.0, x)


def test_check_gradient_right(capsys):
    check_gradient(lambda x: _sigmoid(x), _softplus, [-2.0, 0.0, 1.5], name="softplus'")
    check_gradient(
        lambda x: 2 * x, lambda x: float(np.sum(x**2)), [np.array([[1.0, -2.0], [0.5, 3.0]])], name="grad of |x|^2"
    )
    assert capsys.readouterr().out == "softplus': correct.\ngrad of |x|^2: correct.\n"


@pytest.mark.parametrize(
    "grad, words",
    [
        (lambda x: 2 * _sigmoid(x), "softplus'(-2): your answer is twice the expected value"),
        (lambda x: -_sigmoid(x), "softplus'(-2): the sign is flipped"),
        (lambda x: _sigmoid(x) * (1 - _sigmoid(x)), "softplus'(-2): the numbers differ"),
        (lambda x: None, "returned None"),
        (lambda x: 1 / 0, "raised ZeroDivisionError"),
        (lambda x: np.array([_sigmoid(x)] * 2), "expected a single number"),
    ],
)
def test_check_gradient_wrong(grad, words):
    assert words in wrong(check_gradient, grad, _softplus, [-2.0, 1.0], name="softplus'")


def test_check_gradient_reports_the_first_wrong_point_and_passes_not_implemented_on():
    message = wrong(check_gradient, lambda x: 1.0 if x < 1 else 0.0, lambda x: x, [0.5, 2.0], name="g")
    assert message.startswith("g(2): ")
    with pytest.raises(NotImplementedError):
        check_gradient(_not_done, _softplus, [0.0])
    assert "expected a function" in wrong(check_gradient, 3, _softplus, [0.0], name="g")


# ------------------------------------------------------------------ check_order
RULES = [("a", "c"), ("b", "c"), ("c", "d"), ("a", "d"), ("c", "L"), ("d", "L")]


def test_check_order_accepts_every_valid_order(capsys):
    check_order(["a", "b", "c", "d", "L"], RULES, name="order")
    check_order(("b", "a", "c", "d", "L"), RULES, name="order")
    assert capsys.readouterr().out == "order: correct.\norder: correct.\n"


@pytest.mark.parametrize(
    "answer, words",
    [
        (None, "no answer yet"),
        ("abcdL", "expected a list of the items ['a', 'c', 'b', 'd', 'L'], got str"),
        (["a", "b", "c", "L"], "missing: ['d']"),
        (["a", "b", "c", "c", "d", "L"], "listed more than once: ['c']"),
        (["a", "b", "c", "d", "L", "e"], "not among the items: ['e']"),
        (["L", "d", "c", "b", "a"], "back to front"),
        (["a", "b", "d", "c", "L"], "'d' is placed before 'c', but 'c' must come first (1 of 6 rules broken)"),
        (["c", "a", "b", "d", "L"], "'c' is placed before 'a', but 'a' must come first (2 of 6 rules broken)"),
    ],
)
def test_check_order_explains(answer, words):
    assert words in wrong(check_order, answer, RULES, name="order")


def test_a_namedtuple_names_the_wrong_item():
    from collections import namedtuple

    Grads = namedtuple("Grads", "dW db")
    expected = Grads(np.ones((2, 3)), np.arange(3.0))
    with pytest.raises(WrongAnswer, match=r"item 1 \(db\): your answer has one row per example"):
        check((np.ones((2, 3)), np.tile(np.arange(3.0), (4, 1)) / 4), expected, name="grads")
    with pytest.raises(WrongAnswer, match=r"item 0 \(dW\): your answer is the transpose"):
        check((np.ones((3, 2)), np.arange(3.0)), expected, name="grads")
    check((np.ones((2, 3)), np.arange(3.0)), expected, name="grads")


def test_check_function_shows_a_long_call_by_its_shapes():
    args = (np.linspace(0.123, 1.456, 12).reshape(3, 4), np.linspace(0.5, 2.0, 4), 2.0)  # in full: too long
    msg = wrong(check_function, lambda a, b, c: 2 * a.sum(), lambda a, b, c: a.sum(), [args], name="f")
    assert msg.startswith("f(an array of shape (3, 4), an array of shape (4,), 2): ")
    short = wrong(check_function, lambda a: 2 * a, lambda a: a, [np.array([1.0, 2.0])], name="g")
    assert short.startswith("g([1., 2.]): ")
