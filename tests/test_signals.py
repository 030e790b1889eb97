"""Signals through depth (course_nn.signals) and their figures (course_nn.plots.initialization), on data."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import course_nn as cn
from course_nn.init import initialize
from course_nn.plots import initialization as ip
from course_nn.signals import deep_mlp, draw_weights, layer_signals, loss_curve


def _batch(n=300, n_in=100, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_in)), rng.integers(0, 10, n)


@pytest.mark.parametrize(
    "name, variance",
    [
        ("lecun_normal", lambda i, o: 1 / i),
        ("he_normal", lambda i, o: 2 / i),
        ("xavier_normal", lambda i, o: 2 / (i + o)),
        ("xavier_uniform", lambda i, o: 2 / (i + o)),
        ("he_uniform", lambda i, o: 2 / i),
    ],
)
def test_initializers_have_the_derived_variance(name, variance):
    W = initialize(name, (200, 300), rng=0)
    assert W.var() == pytest.approx(variance(200, 300), rel=0.02)
    assert abs(W.mean()) < 0.01 * W.std()


def test_draw_weights_takes_a_name_or_a_standard_deviation():
    np.testing.assert_array_equal(draw_weights("he_normal", (3, 4), rng=1), initialize("he_normal", (3, 4), rng=1))
    assert draw_weights(0.5, (400, 500), rng=0).std() == pytest.approx(0.5, rel=0.01)
    with pytest.raises(ValueError, match="unknown initializer 'kaiming'"):
        draw_weights("kaiming", (2, 2))
    with pytest.raises(ValueError, match="standard deviation"):
        draw_weights(-1.0, (2, 2))


def test_deep_mlp_layers():
    model = deep_mlp(3, 8, n_in=5, n_out=2, init="xavier_normal", activation="tanh", rng=0)
    assert [type(layer).__name__ for layer in model.layers] == ["Dense", "Tanh"] * 3 + ["Dense"]
    assert model.layers[0].W.shape == (5, 8) and model.layers[-1].W.shape == (8, 2)
    assert all(layer.b is not None for layer in model.layers if isinstance(layer, cn.Dense))
    bn = deep_mlp(3, 8, n_in=5, n_out=2, activation="relu", batch_norm=True, rng=0)
    assert [type(layer).__name__ for layer in bn.layers] == ["Dense", "BatchNorm", "ReLU"] * 3 + ["Dense"]
    assert [layer.b is None for layer in bn.layers if isinstance(layer, cn.Dense)] == [True] * 3 + [False]
    again = deep_mlp(3, 8, n_in=5, n_out=2, init="xavier_normal", activation="tanh", rng=0)
    np.testing.assert_array_equal(again.layers[4].W.value, model.layers[4].W.value)
    with pytest.raises(ValueError, match="activation"):
        deep_mlp(2, activation="swish")
    with pytest.raises(ValueError, match="depth"):
        deep_mlp(0)


def test_layer_signals_keep_each_hidden_layers_activation_and_gradient():
    X, y = _batch(20, 6)
    model = deep_mlp(3, 7, n_in=6, n_out=10, init="he_normal", activation="relu", rng=1)
    loss = cn.CrossEntropy()
    s = layer_signals(model, X, y, loss)
    assert len(s["activations"]) == len(s["gradients"]) == 3
    assert all(a.shape == (20, 7) for a in s["activations"] + s["gradients"])
    out = model.layers[-1].forward(s["activations"][-1])
    np.testing.assert_allclose(out, model.forward(X))
    assert s["loss"] == pytest.approx(loss(out, y))
    np.testing.assert_allclose(s["gradients"][-1], loss.backward() @ model.layers[-1].W.value.T)
    # dL/da of layer 1 by finite differences: perturb a and run the rest of the network
    a1, rest = s["activations"][0].copy(), cn.Sequential(model.layers[2:])
    numeric = cn.numerical_gradient(lambda: loss(rest.forward(a1), y), a1)
    assert cn.rel_error(s["gradients"][0], numeric) < 1e-7
    grads = [p.grad.copy() for p in model.parameters()]  # the parameters hold this batch's gradient
    layer_signals(model, X, y, loss)
    for p, g in zip(model.parameters(), grads):
        np.testing.assert_allclose(p.grad, g)
    with pytest.raises(ValueError, match="activation layers"):
        layer_signals(cn.Sequential([cn.Dense(6, 10, rng=0)]), X, y, loss)


@pytest.mark.parametrize(
    "init, activation, factor",
    [
        (0.01, "tanh", 0.1),  # n_in·Var(w) = 100·1e-4 = 0.01: the std shrinks 10× a layer
        ("lecun_normal", "identity", 1.0),  # n_in·Var(w) = 1: a linear network keeps the variance
        ("he_normal", "relu", 1.0),  # n_in·Var(w)/2 = 1: ReLU's halving is made up for
        (1.0, "relu", np.sqrt(50)),  # n_in·Var(w)/2 = 50: the std grows √50 ≈ 7× a layer
    ],
)
def test_the_std_changes_by_the_derived_factor_per_layer(init, activation, factor):
    X, y = _batch(1000)
    model = deep_mlp(6, 100, n_in=100, init=init, activation=activation, rng=2)
    with np.errstate(over="ignore"):
        stds = np.array([a.std() for a in layer_signals(model, X, y, cn.CrossEntropy())["activations"]])
    ratios = stds[2:] / stds[1:-1]  # from layer 2 on, the inputs of a layer are the previous activations
    np.testing.assert_allclose(ratios, factor, rtol=0.2)


def test_loss_curve_trains_stops_on_divergence_and_is_deterministic():
    X, y = cn.load_digits()
    X = cn.Standardizer().fit_transform(X)[:500]
    y = y[:500]

    def curve(init, lr=0.02, seed=0):
        model = deep_mlp(4, 32, init=init, rng=seed)
        return loss_curve(
            model,
            X,
            y,
            cn.CrossEntropy(),
            cn.SGD(model.parameters(), lr=lr, momentum=0.9),
            steps=40,
            batch_size=50,
            rng=seed,
        )

    good = curve("he_normal")
    assert good.shape == (40,) and np.isfinite(good).all()
    assert good[-5:].mean() < 0.5 * good[:5].mean()
    np.testing.assert_array_equal(curve("he_normal"), good)
    wild = curve(3.0, lr=0.5)
    assert np.isfinite(wild[0]) and np.isnan(wild[-1])
    first_nan = int(np.argmin(np.isfinite(wild)))
    assert np.isnan(wild[first_nan:]).all()


def test_loss_curve_calls_back_after_every_step_and_every_epoch_of_steps():
    X, y = cn.load_digits()
    X, y = cn.Standardizer().fit_transform(X)[:230], y[:230]
    seen, steps = [], []

    class Record(cn.Callback):
        def on_train_batch_end(self, batch, logs):
            steps.append((batch, logs["loss"]))

        def on_epoch_end(self, epoch, logs):
            seen.append((epoch, logs["loss"]))

    model = deep_mlp(2, 16, rng=0)
    opt = cn.SGD(model.parameters(), lr=0.01)
    losses = loss_curve(model, X, y, cn.CrossEntropy(), opt, steps=11, batch_size=50, rng=0, callbacks=[Record()])
    assert seen == [(1, losses[4]), (2, losses[9])]  # 230 rows in batches of 50: 5 steps an epoch
    assert steps == [(t % 5 + 1, losses[t]) for t in range(11)]
    with pytest.raises(TypeError, match="callbacks"):
        loss_curve(model, X, y, cn.CrossEntropy(), opt, steps=2, callbacks=[print])


# ---------------------------------------------------------------- figures
def test_layer_histograms_share_a_range_and_drop_exact_zeros():
    rng = np.random.default_rng(0)
    values = [np.maximum(rng.normal(0, 1, (50, 10)), 0), rng.normal(0, 0.01, (50, 10)), np.zeros((50, 10))]
    h = ip.layer_histograms(values, bins=20)
    assert h["counts"].shape == (3, 20) and h["edges"].shape == (21,)
    np.testing.assert_allclose(h["counts"].max(axis=1), [1, 1, 0])
    assert h["edges"][0] <= 0 <= h["edges"][-1]
    np.testing.assert_allclose(h["stds"], [v.std() for v in values])  # zeros count in the σ
    relu = values[0][values[0] != 0]
    assert h["edges"][-1] == pytest.approx(np.percentile(relu, 99.5))
    narrow = h["counts"][1]
    assert np.count_nonzero(narrow) <= 2  # σ = 0.01 on a range of about 3: a spike
    assert ip.layer_histograms([np.zeros(4)])["edges"][[0, -1]].tolist() == [-1.0, 1.0]


def test_ridgeline_updates_in_place():
    _, ax = plt.subplots()
    ridge = ip.Ridgeline(ax, 5, "gradients")
    patches = list(ridge.patches)
    rng = np.random.default_rng(1)
    ridge.update(ip.layer_histograms([rng.normal(size=100) * 10.0**-k for k in range(3)]), title="three")
    assert ridge.patches == patches and [p.get_visible() for p in patches] == [True] * 3 + [False] * 2
    assert [t.get_text() for t in ridge.labels] == ["σ = 8.5e-01", "σ = 9.9e-02", "σ = 9.1e-03", "", ""]
    assert ax.get_ylim() == (0.8, 4) and ax.get_title() == "three"
    values, _, baseline = patches[1].get_data()
    assert baseline == 2 and values.max() == pytest.approx(2.9)
    with pytest.raises(ValueError, match="at most 5"):
        ridge.update(ip.layer_histograms([np.ones(3)] * 6))
    with pytest.raises(ValueError, match="kind"):
        ip.Ridgeline(ax, 2, "weights")
    assert ip.Ridgeline(ax, 2, sigma_labels=False).labels == []


def test_signal_histograms_and_std_per_layer():
    X, y = _batch(200)
    runs = {
        name: layer_signals(deep_mlp(4, 100, n_in=100, init=name, rng=0), X, y, cn.CrossEntropy())
        for name in ("he_normal", "xavier_normal")
    }
    axes = ip.signal_histograms(runs)
    assert axes.shape == (2, 2) and axes[0][1].get_title() == "xavier_normal"
    assert sum(p.get_visible() for p in axes[1][0].patches) == 4
    stds = {k: [a.std() for a in r["activations"]] for k, r in runs.items()}
    ax = ip.std_per_layer(stds, title="σ")
    np.testing.assert_allclose(ax.lines[1].get_ydata(), stds["xavier_normal"])
    assert ax.get_yscale() == "log" and ax.get_legend() is not None
