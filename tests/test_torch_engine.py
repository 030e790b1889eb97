"""PyTorch oracle: every layer, activation and loss, and a 3-layer model, forward and backward in float64.

torch's Linear stores its weight as (n_out, n_in); ours is (n_in, n_out), so weights are copied transposed.
"""

import numpy as np
import pytest
from oracles import require

from course_nn import (
    ELU,
    MSE,
    BinaryCrossEntropy,
    CrossEntropy,
    Dense,
    Identity,
    LeakyReLU,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
)

RTOL = 1e-10


@pytest.fixture(scope="module")
def torch():
    t = require("torch")
    t.set_default_dtype(t.float64)
    return t


def torch_grad(torch, f, x, upstream):
    """Output of f(x) and d(Σ f(x)·upstream)/dx with torch autograd."""
    xt = torch.tensor(x, requires_grad=True)
    out = f(xt)
    out.backward(torch.tensor(upstream))
    return out.detach().numpy(), xt.grad.numpy()


def ours(layer, x, upstream):
    out = layer.forward(x, training=True)
    return out, layer.backward(upstream)


def torch_activation(torch, name):
    F = torch.nn.functional
    return {
        "Identity": lambda z: z * 1.0,
        "Sigmoid": torch.sigmoid,
        "Tanh": torch.tanh,
        "ReLU": F.relu,
        "LeakyReLU": lambda z: F.leaky_relu(z, 0.1),
        "ELU": lambda z: F.elu(z, 0.7),
        "Softmax": lambda z: torch.softmax(z, dim=1),
    }[name]


@pytest.mark.parametrize(
    "layer",
    [Identity(), Sigmoid(), Tanh(), ReLU(), LeakyReLU(0.1), ELU(0.7), Softmax()],
    ids=lambda layer: type(layer).__name__,
)
def test_activations_match_torch(torch, layer):
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3, size=(7, 5))
    z[0, :3] = [1e4, -1e4, 0.0]  # extremes and the kink
    upstream = rng.normal(size=z.shape)
    out, dz = ours(layer, z, upstream)
    t_out, t_dz = torch_grad(torch, torch_activation(torch, type(layer).__name__), z, upstream)
    np.testing.assert_allclose(out, t_out, rtol=RTOL, atol=1e-300)
    np.testing.assert_allclose(dz, t_dz, rtol=RTOL, atol=1e-300)


def test_dense_matches_torch(torch):
    rng = np.random.default_rng(1)
    layer = Dense(4, 3, rng=rng, bias=rng.normal(size=3))
    lin = torch.nn.Linear(4, 3)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(layer.W.value.T))
        lin.bias.copy_(torch.tensor(layer.b.value))
    x, upstream = rng.normal(size=(6, 4)), rng.normal(size=(6, 3))
    out, dx = ours(layer, x, upstream)
    t_out, t_dx = torch_grad(torch, lin, x, upstream)
    np.testing.assert_allclose(out, t_out, rtol=RTOL)
    np.testing.assert_allclose(dx, t_dx, rtol=RTOL)
    np.testing.assert_allclose(layer.W.grad, lin.weight.grad.numpy().T, rtol=RTOL)
    np.testing.assert_allclose(layer.b.grad, lin.bias.grad.numpy(), rtol=RTOL)


def _loss_case(torch, name, rng):
    F = torch.nn.functional
    n = 8
    if name.startswith("mse"):
        pred, y = rng.normal(size=(n, 3)), rng.normal(size=(n, 3))
        ours_ = {"mse_mean": MSE(), "mse_sum": MSE(reduction="sum"), "mse_half_sum": MSE(reduction="sum", half=True)}[
            name
        ]
        scale = 0.5 if name == "mse_half_sum" else 1.0
        red = "mean" if name == "mse_mean" else "sum"
        return ours_, pred, y, lambda p: scale * F.mse_loss(p, torch.tensor(y), reduction=red)
    if name == "bce_probs":
        pred, y = rng.uniform(0.01, 0.99, size=(n, 1)), rng.integers(0, 2, size=(n, 1)).astype(float)
        pred[0, 0] = 0.0  # a confident, correct prediction at the boundary: both clamp the log at -100
        y[0, 0] = 0.0
        return BinaryCrossEntropy(), pred, y, lambda p: F.binary_cross_entropy(p, torch.tensor(y))
    if name == "bce_logits":
        pred, y = rng.normal(scale=5, size=(n, 1)), rng.integers(0, 2, size=(n, 1)).astype(float)
        pred[0, 0] = 1e4
        return (
            BinaryCrossEntropy(from_logits=True, reduction="sum"),
            pred,
            y,
            lambda p: F.binary_cross_entropy_with_logits(p, torch.tensor(y), reduction="sum"),
        )
    if name == "ce_logits":
        pred, y = rng.normal(scale=5, size=(n, 4)), rng.integers(0, 4, size=n)
        pred[0] = [1e4, -1e4, 0, 3]
        return CrossEntropy(), pred, y, lambda p: F.cross_entropy(p, torch.tensor(y))
    if name == "ce_probs":
        pred, y = rng.dirichlet(np.ones(4), size=n), rng.integers(0, 4, size=n)
        return CrossEntropy(from_logits=False), pred, y, lambda p: F.nll_loss(torch.log(p), torch.tensor(y))
    raise KeyError(name)


@pytest.mark.parametrize(
    "name", ["mse_mean", "mse_sum", "mse_half_sum", "bce_probs", "bce_logits", "ce_logits", "ce_probs"]
)
def test_losses_match_torch(torch, name):
    loss, pred, y, torch_loss = _loss_case(torch, name, np.random.default_rng(2))
    value = loss(pred, y)
    grad = loss.backward()
    pt = torch.tensor(pred, requires_grad=True)
    t_value = torch_loss(pt)
    t_value.backward()
    assert value == pytest.approx(t_value.item(), rel=RTOL)
    np.testing.assert_allclose(grad, pt.grad.numpy(), rtol=RTOL, atol=1e-300)


def test_three_layer_model_matches_torch(torch):
    rng = np.random.default_rng(3)
    model = Sequential(
        [
            Dense(5, 8, rng=rng, bias=rng.normal(size=8)),
            ReLU(),
            Dense(8, 6, rng=rng, bias=rng.normal(size=6)),
            Tanh(),
            Dense(6, 3, rng=rng, bias=rng.normal(size=3)),
        ]
    )
    net = torch.nn.Sequential(
        torch.nn.Linear(5, 8), torch.nn.ReLU(), torch.nn.Linear(8, 6), torch.nn.Tanh(), torch.nn.Linear(6, 3)
    )
    dense = [layer for layer in model.layers if isinstance(layer, Dense)]
    linear = [m for m in net if isinstance(m, torch.nn.Linear)]
    with torch.no_grad():
        for d, lin in zip(dense, linear):
            lin.weight.copy_(torch.tensor(d.W.value.T))
            lin.bias.copy_(torch.tensor(d.b.value))
    X, y = rng.normal(size=(10, 5)), rng.integers(0, 3, size=10)
    loss = CrossEntropy()
    value = loss(model.forward(X, training=True), y)
    model.backward(loss.backward())
    t_value = torch.nn.functional.cross_entropy(net(torch.tensor(X)), torch.tensor(y))
    t_value.backward()
    assert value == pytest.approx(t_value.item(), rel=RTOL)
    for d, lin in zip(dense, linear):
        np.testing.assert_allclose(d.W.grad, lin.weight.grad.numpy().T, rtol=RTOL)
        np.testing.assert_allclose(d.b.grad, lin.bias.grad.numpy(), rtol=RTOL)
