"""course_nn.autograd: every operation's gradient against central differences, whole expressions, the
XOR 2-2-1 network of notebook 04 against the layer engine and PyTorch, the accumulation rule, the
topological order, and the errors."""

import ast
import doctest
import math
from pathlib import Path

import numpy as np
import pytest
from oracles import require

import course_nn.autograd
from course_nn import BinaryCrossEntropy, Dense, ReLU, Sequential, Sigmoid
from course_nn.autograd import Value, topological_order


def numeric_derivative(f, x, h=1e-6):
    """(f(x + h) - f(x - h)) / 2h for a function of plain floats."""
    return (f(x + h) - f(x - h)) / (2 * h)


def autograd_derivative(f, x):
    v = Value(x)
    f(v).backward()
    return v.grad


ONE_OPERAND = {  # name: (function of a Value or a float, test points)
    "x + 2.5": (lambda x: x + 2.5, [-1.3, 0.7]),
    "2.5 + x": (lambda x: 2.5 + x, [0.7]),
    "x * -1.7": (lambda x: x * -1.7, [-1.3, 0.7]),
    "-1.7 * x": (lambda x: -1.7 * x, [0.7]),
    "x - 4": (lambda x: x - 4, [0.7]),
    "4 - x": (lambda x: 4 - x, [0.7]),
    "-x": (lambda x: -x, [0.7]),
    "x / 3": (lambda x: x / 3, [0.7]),
    "3 / x": (lambda x: 3 / x, [-1.3, 0.7]),
    "x ** 3": (lambda x: x**3, [-1.3, 0.7]),
    "x ** -2": (lambda x: x**-2, [-1.3, 0.7]),
    "x ** 0.5": (lambda x: x**0.5, [0.7, 2.0]),
    "x ** 0": (lambda x: x**0, [0.0, 0.7]),
    "x ** 1": (lambda x: x**1, [0.0, -0.7]),
    "exp": (lambda x: x.exp() if isinstance(x, Value) else math.exp(x), [-2.0, 0.0, 1.5]),
    "log": (lambda x: x.log() if isinstance(x, Value) else math.log(x), [0.1, 1.0, 3.0]),
    "tanh": (lambda x: x.tanh() if isinstance(x, Value) else math.tanh(x), [-2.0, 0.0, 0.5]),
    "sigmoid": (lambda x: x.sigmoid() if isinstance(x, Value) else 1 / (1 + math.exp(-x)), [-30.0, -1.0, 0.0, 2.0]),
    "relu": (lambda x: x.relu() if isinstance(x, Value) else max(x, 0.0), [-0.5, 0.5]),
}


@pytest.mark.parametrize("name, x", [(name, x) for name, (_, xs) in ONE_OPERAND.items() for x in xs])
def test_one_operand_gradient_matches_finite_differences(name, x):
    f = ONE_OPERAND[name][0]
    out = f(Value(x))
    assert out.data == pytest.approx(f(x), rel=1e-15, abs=1e-15)
    assert autograd_derivative(f, x) == pytest.approx(numeric_derivative(f, x), rel=1e-7, abs=1e-9)


@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_two_operand_gradients_match_finite_differences(op):
    f = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}[op]
    a0, b0 = 1.7, -0.6
    a, b = Value(a0), Value(b0)
    out = f(a, b)
    out.backward()
    assert out._op in ("+", "*") and out.data == pytest.approx(f(a0, b0))
    assert a.grad == pytest.approx(numeric_derivative(lambda t: f(t, b0), a0), rel=1e-8)
    assert b.grad == pytest.approx(numeric_derivative(lambda t: f(a0, t), b0), rel=1e-8)


def test_local_derivative_rules_by_formula():
    """The rules the docstrings state, at one point each (exact, not finite differences)."""
    x = 0.8
    cases = [
        (lambda v: v.exp(), math.exp(x)),
        (lambda v: v.log(), 1 / x),
        (lambda v: v.tanh(), 1 - math.tanh(x) ** 2),
        (lambda v: v.sigmoid(), (s := 1 / (1 + math.exp(-x))) * (1 - s)),
        (lambda v: v**3, 3 * x**2),
        (lambda v: v.relu(), 1.0),
        (lambda v: v * 5, 5.0),
        (lambda v: v + 5, 1.0),
    ]
    for f, expected in cases:
        assert autograd_derivative(f, x) == pytest.approx(expected, rel=1e-14)


def test_relu_at_zero_takes_the_left_branch_like_the_layer_engine():
    z = np.array([[-1.0, 0.0, 2.0]])
    layer = ReLU()
    layer.forward(z, training=True)
    engine = layer.backward(np.ones_like(z)).ravel()
    ours = [autograd_derivative(lambda v: v.relu(), float(x)) for x in z.ravel()]
    assert ours == engine.tolist() == [0.0, 0.0, 1.0]


def test_sigmoid_and_its_gradient_are_stable_far_from_zero():
    for x, expected in ((-800.0, 0.0), (800.0, 1.0)):
        v = Value(x)
        s = v.sigmoid()
        s.backward()
        assert s.data == pytest.approx(expected, abs=1e-300) and v.grad == 0.0


def test_whole_expression_against_finite_differences():
    def f(a, b, c):
        if isinstance(a, Value):
            return ((a * b + c).tanh() * a - (b**2 / c).exp()).sigmoid() + (a.relu() * c + 1).log()
        t = math.tanh(a * b + c) * a - math.exp(b**2 / c)
        return 1 / (1 + math.exp(-t)) + math.log(max(a, 0.0) * c + 1)

    point = [0.9, -0.4, 1.3]
    values = [Value(p) for p in point]
    out = f(*values)
    out.backward()
    assert out.data == pytest.approx(f(*point), rel=1e-14)
    for k, v in enumerate(values):

        def along_k(t, k=k):
            p = list(point)
            p[k] = t
            return f(*p)

        assert v.grad == pytest.approx(numeric_derivative(along_k, point[k]), rel=1e-7)


# --------------------------------------------------------------------------- the accumulation rule
def test_a_value_used_twice_accumulates():
    x = Value(3.0)
    (x * x).backward()  # both operands are x: 3 + 3, not 3
    assert x.grad == 6.0
    x.zero_grad()
    (x + x).backward()
    assert x.grad == 2.0


def test_shared_subexpression_sums_over_paths():
    a, b = Value(2.0), Value(-1.5)
    c = a * b  # c is used three times
    L = c * c + c.tanh() + 4 * c
    L.backward()
    cd = c.data
    assert c.grad == pytest.approx(2 * cd + (1 - math.tanh(cd) ** 2) + 4, rel=1e-14)
    assert a.grad == pytest.approx(c.grad * b.data, rel=1e-14) and b.grad == pytest.approx(c.grad * a.data, rel=1e-14)


def test_leaves_accumulate_over_backward_calls_inner_values_do_not():
    w = Value(0.5)
    h = w * 4.0
    L = h * h  # dL/dh = 2h = 4, dL/dw = 16
    L.backward()
    L.backward()
    assert (h.grad, w.grad) == (4.0, 32.0)  # inner value fresh, leaf summed like PyTorch's leaf tensors
    L.zero_grad()
    assert (L.grad, h.grad, w.grad) == (0.0, 0.0, 0.0)
    L.backward()
    assert w.grad == 16.0


# --------------------------------------------------------------------------- topological order
def test_topological_order_lists_operands_first_and_shared_values_once():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    c = a * b
    c.label = "c"
    d = c + a
    d.label = "d"
    L = d * c
    L.label = "L"
    order = topological_order(L)
    assert order[-1] is L and len(order) == len({id(v) for v in order}) == 5
    position = {id(v): i for i, v in enumerate(order)}
    for v in order:
        assert all(position[id(child)] < position[id(v)] for child in v._prev)
    assert [v.label for v in order] == ["a", "b", "c", "d", "L"]  # depth first, operands left to right


def test_reverse_topological_order_is_needed():
    """Processing c before d (breadth first from L) would send c's gradient on before d's share arrives."""
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    L = d * c
    L.backward()
    # L = (ab + a) ab: dL/da = (b + 1) ab + (ab + a) b
    assert a.grad == pytest.approx((2 + 1) * 2 + (2 + 1) * 2)
    assert c.grad == pytest.approx(d.data + c.data)


def test_long_chains_need_no_recursion():
    x = Value(1.0)
    total = sum(x * float(k) for k in range(5000))  # a chain of 5000 additions
    total.backward()
    assert x.grad == sum(range(5000))


def test_module_is_pure_python_and_its_example_runs():
    tree = ast.parse(Path(course_nn.autograd.__file__).read_text())
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"math", "numbers", "__future__"}
    assert doctest.testmod(course_nn.autograd).failed == 0


# --------------------------------------------------------------------------- the XOR network of notebook 04
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([0, 1, 1, 0], dtype=float)
W1_0 = np.array([[0.1, 0.2], [0.3, 0.4]])
B1_0 = np.array([0.0, 0.0])
W2_0 = np.array([[0.5], [0.6]])
B2_0 = np.array([0.0])


def xor_values(rows):
    """The 2-2-1 ReLU/sigmoid network of notebook 04 in Values, mean BCE over ``rows``: (loss, params)."""
    W1 = [[Value(W1_0[i, j]) for j in range(2)] for i in range(2)]
    b1 = [Value(b) for b in B1_0]
    W2 = [Value(W2_0[j, 0]) for j in range(2)]
    b2 = Value(B2_0[0])
    losses = []
    for x, y in zip(X[rows].tolist(), Y[rows].tolist()):
        h = [sum((W1[i][j] * x[i] for i in range(2)), b1[j]).relu() for j in range(2)]
        p = sum((W2[j] * h[j] for j in range(2)), b2).sigmoid()
        losses.append(-(y * p.log() + (1 - y) * (1 - p).log()))
    loss = sum(losses) / len(losses)
    return loss, {"W1": W1, "b1": b1, "W2": W2, "b2": [b2]}


def grads_of(params):
    return {
        name: np.array([[v.grad for v in row] if isinstance(row, list) else row.grad for row in vs])
        for name, vs in params.items()
    }


@pytest.mark.parametrize("rows", [slice(0, 2), slice(2, 4), slice(0, 4)], ids=["batch 1", "batch 2", "all"])
def test_xor_network_gives_the_layer_engines_gradients(rows):
    loss, params = xor_values(rows)
    loss.backward()
    ours = grads_of(params)
    net = Sequential([Dense(2, 2, init=W1_0, bias=B1_0), ReLU(), Dense(2, 1, init=W2_0, bias=B2_0), Sigmoid()])
    bce = BinaryCrossEntropy()
    engine_loss = bce(net.forward(X[rows], training=True), Y[rows].reshape(-1, 1))
    net.backward(bce.backward())
    W1, b1, W2, b2 = (p.grad for p in net.parameters())
    assert loss.data == pytest.approx(engine_loss, rel=1e-13)
    np.testing.assert_allclose(ours["W1"], W1, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours["b1"].ravel(), b1, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours["W2"].reshape(2, 1), W2, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours["b2"].ravel(), b2, rtol=1e-12, atol=1e-15)


def test_xor_batch_one_matches_notebook_04():
    """Batch 1 with ReLU'(0) = 0 (curriculum §2a, run B): dW2 = [-0.060558, -0.080743], db2 = 0.048141."""
    loss, params = xor_values(slice(0, 2))
    loss.backward()
    g = grads_of(params)
    assert loss.data == pytest.approx(0.605094, abs=5e-7)
    np.testing.assert_allclose(g["W2"].ravel(), [-0.060558, -0.080743], atol=5e-7)
    np.testing.assert_allclose(g["b2"].ravel(), [0.048141], atol=5e-7)
    np.testing.assert_allclose(g["W1"], [[0, 0], [-0.100929, -0.121115]], atol=5e-7)
    np.testing.assert_allclose(g["b1"].ravel(), [-0.100929, -0.121115], atol=5e-7)  # the x = 00 row sits on the kink


@pytest.mark.parametrize("rows", [slice(0, 2), slice(0, 4)], ids=["batch 1", "all"])
def test_xor_network_gives_torchs_gradients(rows):
    torch = require("torch")
    loss, params = xor_values(rows)
    loss.backward()
    ours = grads_of(params)
    W1 = torch.tensor(W1_0, requires_grad=True)
    b1 = torch.tensor(B1_0, requires_grad=True)
    W2 = torch.tensor(W2_0, requires_grad=True)
    b2 = torch.tensor(B2_0, requires_grad=True)
    p = torch.sigmoid(torch.relu(torch.tensor(X[rows]) @ W1 + b1) @ W2 + b2)
    torch_loss = torch.nn.functional.binary_cross_entropy(p, torch.tensor(Y[rows]).reshape(-1, 1))
    torch_loss.backward()
    assert loss.data == pytest.approx(torch_loss.item(), rel=1e-13)
    np.testing.assert_allclose(ours["W1"], W1.grad.numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours["b1"].ravel(), b1.grad.numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours["W2"].reshape(2, 1), W2.grad.numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours["b2"].ravel(), b2.grad.numpy(), rtol=1e-12, atol=1e-15)


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "bad, words", [("0.5", "str"), (True, "bool"), (np.array(0.5), "ndarray"), (None, "NoneType"), (1 + 2j, "complex")]
)
def test_data_must_be_a_real_number(bad, words):
    with pytest.raises(TypeError, match=rf"data: expected a real number .*{words}.*Fix"):
        Value(bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_data_must_be_finite(bad):
    with pytest.raises(ValueError, match="data: expected a finite number"):
        Value(bad)


def test_numbers_from_numpy_are_accepted():
    assert Value(np.float64(0.25)).data == 0.25 and Value(np.int64(3)).data == 3.0
    assert isinstance(np.float64(2.0) * Value(3.0), Value)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda x: x + "1", TypeError, "other operand of \\+: expected a real number"),
        (lambda x: x * [1], TypeError, "other operand of \\*: expected a real number"),
        (lambda x: x ** Value(2.0), TypeError, "exponent: expected a plain number.*log\\(\\)\\).exp\\(\\)"),
        (lambda x: x ** "2", TypeError, "exponent: expected a real number"),
        (lambda x: 2**x, TypeError, "exponent: 2 \\*\\* Value is not supported.*math.log\\(base\\)\\).exp\\(\\)"),
        (lambda x: x / 0, ZeroDivisionError, "divisor: its data is 0.*eps"),
        (lambda x: x / Value(0.0), ZeroDivisionError, "divisor"),
        (lambda x: (x - 2).log(), ValueError, "log: expected data > 0, got 0.*eps"),
        (lambda x: (-x).log(), ValueError, "log: expected data > 0, got -2"),
        (lambda x: (x - 2) ** -1, ValueError, "infinite value.*eps"),
        (lambda x: (x - 2) ** 0.5, ValueError, "infinite derivative"),
        (lambda x: (-x) ** 0.5, ValueError, "negative base"),
        (lambda x: (x * 400).exp(), OverflowError, "exp: e\\^800 is too large"),
    ],
)
def test_bad_operations_say_what_and_how_to_fix(call, error, words):
    with pytest.raises(error, match=words):
        call(Value(2.0))


def test_topological_order_needs_a_value():
    with pytest.raises(TypeError, match="root: expected a Value, got float"):
        topological_order(1.0)


@pytest.mark.parametrize(
    "overflow",
    [lambda: Value(1e160) ** 2, lambda: Value(1.0) / Value(1e-200), lambda: Value(1e200) * Value(1e200)],
    ids=["power", "derivative of 1/x", "product"],
)
def test_a_result_beyond_the_largest_float_is_explained(overflow):
    with pytest.raises(OverflowError, match=r"too large for a float|beyond the largest float.*Fix"):
        overflow()


def test_backward_from_a_leaf_adds_to_its_gradient_like_every_leaf():
    x = Value(3.0)
    x.grad = 5.0
    x.backward()
    assert x.grad == 6.0  # as PyTorch: leaves accumulate


def test_losses_give_the_gradient_the_shape_of_the_predictions():
    from course_nn import MSE

    loss = MSE()
    loss(np.array([1.0, 2.0, 3.0]), np.zeros(3))
    assert loss.backward().shape == (3,)  # not (3, 1), which would broadcast p - lr * grad to (3, 3)
    loss(np.ones((3, 2)), np.zeros((3, 2)))
    assert loss.backward().shape == (3, 2)
