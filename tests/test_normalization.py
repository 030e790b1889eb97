"""BatchNorm: gradient checks, the PyTorch oracle (forward, backward, running statistics), errors, training."""

import numpy as np
import pytest
from oracles import require

import course_nn as cn
from course_nn import BatchNorm, Dense, ReLU, Sequential, gradcheck

RTOL = 1e-10


@pytest.fixture(scope="module")
def torch():
    t = require("torch")
    t.set_default_dtype(t.float64)
    return t


def _bn(n=4, seed=0, **kwargs):
    """A BatchNorm with random gamma and beta (not the 1 and 0 it starts with, which hide mistakes)."""
    rng = np.random.default_rng(seed)
    bn = BatchNorm(n, **kwargs)
    bn.gamma.value = rng.normal(1.0, 0.5, n)
    bn.beta.value = rng.normal(0.0, 0.5, n)
    return bn


def _torch_bn(torch, bn):
    tb = torch.nn.BatchNorm1d(bn.n_features, momentum=bn.momentum, eps=bn.eps)
    with torch.no_grad():
        tb.weight.copy_(torch.tensor(bn.gamma.value))
        tb.bias.copy_(torch.tensor(bn.beta.value))
    return tb


# ------------------------------------------------------------------ gradient checks
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradcheck_training_mode(seed):
    x = np.random.default_rng(seed).normal(2.0, 3.0, size=(6, 4))
    # (the upstream gradient must not come from the same seed as x: an upstream proportional to x - mean
    # lies in the directions batch norm removes, dL/dx is then ~0 and its relative error meaningless)
    errors = gradcheck(_bn(4, seed), x, training=True, rng=seed + 100)
    assert set(errors) == {"input", "gamma", "beta"}
    assert max(errors.values()) < 1e-7, errors


def test_gradcheck_evaluation_mode_and_inside_a_model():
    rng = np.random.default_rng(3)
    bn = _bn(4, 3)
    for _ in range(3):  # running statistics away from 0 and 1
        bn.forward(rng.normal(1.0, 2.0, size=(8, 4)), training=True)
    errors = gradcheck(bn, rng.normal(size=(5, 4)), training=False)
    assert max(errors.values()) < 1e-7, errors
    # no bias before BatchNorm: the mean subtraction cancels it (its gradient is exactly 0)
    model = Sequential([Dense(3, 5, bias=False, rng=0), BatchNorm(5), ReLU(), Dense(5, 2, rng=1)])
    errors = gradcheck(model, rng.normal(size=(7, 3)), rng.normal(size=(7, 2)), loss=cn.MSE(), training=True)
    assert {"1.gamma", "1.beta"} <= set(errors) and max(errors.values()) < 1e-6, errors


def test_gradcheck_catches_a_backward_without_the_mean_terms():
    """The naive dL/dx = gamma * dy / sigma (as if mu and sigma were constants) must fail the check."""

    class Naive(BatchNorm):
        def backward(self, grad):
            super().backward(grad)
            return grad * self.gamma.value / self._cache[1]

    x = np.random.default_rng(0).normal(size=(6, 3))
    assert gradcheck(Naive(3), x, training=True)["input"] > 0.1


# ------------------------------------------------------------------ the PyTorch oracle
def test_training_forward_backward_and_running_statistics_match_torch(torch):
    rng = np.random.default_rng(0)
    bn = _bn(5, 0, momentum=0.2, eps=1e-3)
    tb = _torch_bn(torch, bn)
    for n in (8, 3, 16, 2):  # several steps, several batch sizes
        x = rng.normal(rng.normal(size=5), rng.uniform(0.5, 3, 5), size=(n, 5))
        upstream = rng.normal(size=(n, 5))
        bn.gamma.zero_grad()
        bn.beta.zero_grad()
        out = bn.forward(x, training=True)
        dx = bn.backward(upstream)
        xt = torch.tensor(x, requires_grad=True)
        tb.train()
        tb.zero_grad()
        t_out = tb(xt)
        t_out.backward(torch.tensor(upstream))
        np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=RTOL, atol=1e-12)
        np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(bn.gamma.grad, tb.weight.grad.numpy(), rtol=RTOL, atol=1e-12)
        np.testing.assert_allclose(bn.beta.grad, tb.bias.grad.numpy(), rtol=RTOL, atol=1e-12)
        np.testing.assert_allclose(bn.running_mean, tb.running_mean.numpy(), rtol=RTOL)
        np.testing.assert_allclose(bn.running_var, tb.running_var.numpy(), rtol=RTOL)


def test_evaluation_forward_and_backward_match_torch(torch):
    rng = np.random.default_rng(1)
    bn = _bn(3, 1)
    tb = _torch_bn(torch, bn)
    for _ in range(4):
        x = rng.normal(2.0, 3.0, size=(10, 3))
        bn.forward(x, training=True)
        tb.train()
        tb(torch.tensor(x))
    x, upstream = rng.normal(size=(1, 3)), rng.normal(size=(1, 3))  # one row is fine in evaluation
    out = bn.forward(x)
    dx = bn.backward(upstream)
    tb.eval()
    xt = torch.tensor(x, requires_grad=True)
    t_out = tb(xt)
    t_out.backward(torch.tensor(upstream))
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=RTOL)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=RTOL)
    np.testing.assert_allclose(bn.gamma.grad, tb.weight.grad.numpy(), rtol=RTOL)
    np.testing.assert_allclose(bn.beta.grad, tb.bias.grad.numpy(), rtol=RTOL)
    np.testing.assert_allclose(bn.running_var, tb.running_var.numpy(), rtol=RTOL)


# ------------------------------------------------------------------ behaviour
def test_training_output_is_standardized_and_evaluation_uses_running_statistics():
    rng = np.random.default_rng(2)
    bn = BatchNorm(3)
    x = rng.normal([5.0, -2.0, 0.0], [3.0, 0.1, 1.0], size=(50, 3))
    y = bn.forward(x, training=True)
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(y.std(axis=0), np.sqrt(x.var(axis=0) / (x.var(axis=0) + 1e-5)), rtol=1e-12)
    np.testing.assert_allclose(bn.running_mean, 0.1 * x.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(bn.running_var, 0.9 + 0.1 * x.var(axis=0, ddof=1), rtol=1e-12)
    np.testing.assert_allclose(bn.forward(x), (x - bn.running_mean) / np.sqrt(bn.running_var + 1e-5), rtol=1e-12)
    assert not np.allclose(bn.forward(x), y)  # evaluation differs until the statistics settle


def test_buffers_are_the_running_statistics_updated_in_place():
    bn = BatchNorm(2)
    buffers = bn.buffers()
    assert set(buffers) == {"running_mean", "running_var"}
    np.testing.assert_array_equal(buffers["running_mean"], [0.0, 0.0])
    np.testing.assert_array_equal(buffers["running_var"], [1.0, 1.0])
    bn.forward(np.array([[1.0, 2.0], [3.0, 6.0]]), training=True)
    assert buffers["running_mean"] is bn.running_mean
    np.testing.assert_allclose(buffers["running_mean"], [0.2, 0.4])
    np.testing.assert_allclose(buffers["running_var"], [0.9 + 0.1 * 2.0, 0.9 + 0.1 * 8.0])
    assert [p.name for p in bn.parameters()] == ["gamma", "beta"]
    assert not any(p.regularize for p in bn.parameters())
    before = bn.running_mean.copy()
    bn.forward(np.ones((4, 2)))  # evaluation never changes them
    np.testing.assert_array_equal(bn.running_mean, before)


def test_errors_are_clear():
    bn = BatchNorm(3)
    with pytest.raises(ValueError, match=r"at least 2 rows, got 1.*batch_size"):
        bn.forward(np.ones((1, 3)), training=True)
    with pytest.raises(ValueError, match=r"BatchNorm\(3\): expected x of shape \(N, 3\), got \(4, 2\)"):
        bn.forward(np.ones((4, 2)), training=True)
    with pytest.raises(ValueError, match="2-D"):
        bn.forward(np.ones(3))
    with pytest.raises(RuntimeError, match="before forward"):
        BatchNorm(3).backward(np.ones((2, 3)))
    bn.forward(np.arange(6.0).reshape(2, 3), training=True)
    with pytest.raises(
        ValueError, match=r"expected grad of shape \(2, 3\) \(the shape of the last output\), got \(3, 3\)"
    ):
        bn.backward(np.ones((3, 3)))
    with pytest.raises(ValueError, match="n_features"):
        BatchNorm(0)
    with pytest.raises(ValueError, match="momentum"):
        BatchNorm(3, momentum=1.5)
    with pytest.raises(ValueError, match="eps"):
        BatchNorm(3, eps=0.0)
    assert repr(BatchNorm(3)) == "BatchNorm(3)"
    assert repr(BatchNorm(3, momentum=0.01)) == "BatchNorm(3, momentum=0.01, eps=1e-05)"


def _digits_model(batch_norm, seed=0):
    rng = np.random.default_rng(seed)
    layers = []
    for n_in in (64, 32, 32):
        layers += [Dense(n_in, 32, init="he_normal", rng=rng)] + ([BatchNorm(32)] if batch_norm else []) + [ReLU()]
    return Sequential(layers + [Dense(32, 10, rng=rng)], task="multiclass")


def test_a_network_with_batch_norm_trains_with_fit():
    X, y = cn.load_digits()
    X = cn.Standardizer().fit_transform(X)
    model = _digits_model(batch_norm=True)
    history = model.fit(
        X[:1000],
        y[:1000],
        loss=cn.CrossEntropy(),
        optimizer=cn.SGD(model.parameters(), lr=0.1),
        epochs=5,
        batch_size=50,
        rng=0,
        verbose=0,
    )
    assert history["loss"][-1] < 0.3 * history["loss"][0]
    assert np.mean(model.predict(X[1000:]) == y[1000:]) > 0.85  # evaluation mode: the running statistics
    bn = model.layers[1]
    assert not np.allclose(bn.running_mean, 0) and not np.allclose(bn.gamma.value, 1)
    print(model.summary())
    assert "BatchNorm(32)" in model.summary()


def test_fit_reports_a_last_batch_of_one_row():
    X, y = np.random.default_rng(0).normal(size=(9, 64)), np.arange(9) % 10
    model = _digits_model(batch_norm=True)
    with pytest.raises(ValueError, match="last mini-batch"):
        model.fit(X, y, loss=cn.CrossEntropy(), epochs=1, batch_size=4, shuffle=False, verbose=0)


def test_save_and_load_carry_the_running_statistics(tmp_path):
    X, y = cn.load_digits()
    X = cn.Standardizer().fit_transform(X)[:200]
    model = _digits_model(batch_norm=True)
    model.fit(X, y[:200], loss=cn.CrossEntropy(), epochs=2, batch_size=50, rng=0, verbose=0)
    model.save(tmp_path / "bn.npz")
    fresh = _digits_model(batch_norm=True, seed=1)
    fresh.load(tmp_path / "bn.npz")
    np.testing.assert_array_equal(fresh.forward(X), model.forward(X))
