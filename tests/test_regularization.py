"""L1/L2 penalties, EarlyStopping and (inverted) Dropout."""

import numpy as np
import pytest

from course_nn.activations import ReLU
from course_nn.callbacks import Callback, EarlyStopping
from course_nn.gradcheck import gradcheck, numerical_gradient, rel_error
from course_nn.layers import Dense, Dropout
from course_nn.losses import MSE
from course_nn.model import Sequential
from course_nn.optim import SGD
from course_nn.regularization import L1, L2
from course_nn.training import fit

W0 = [[1.0, -2.0], [3.0, 0.5]]  # Σw² = 1 + 4 + 9 + 0.25 = 14.25 ; Σ|w| = 6.5


def layer():
    return Dense(2, 2, init=W0, bias=[1.0, -1.0])


# ------------------------------------------------------------------ penalties
def test_l2_as_on_slide_002():
    # λΣw² with λ = 0.1: 0.1·14.25 = 1.425; gradient 2λw = 0.2·W; the bias is not penalized
    d = layer()
    assert L2(0.1).loss(d.parameters()) == pytest.approx(1.425, rel=1e-15)
    L2(0.1).backward(d.parameters())
    np.testing.assert_allclose(d.W.grad, 0.2 * np.array(W0), rtol=1e-15)
    np.testing.assert_array_equal(d.b.grad, [0.0, 0.0])


def test_l2_half_is_pytorch_weight_decay():
    # (λ/2)Σw² = 0.05·14.25 = 0.7125; gradient λw = 0.1·W
    d = layer()
    assert L2(0.1, half=True).loss(d.parameters()) == pytest.approx(0.7125, rel=1e-15)
    L2(0.1, half=True).backward(d.parameters())
    np.testing.assert_allclose(d.W.grad, 0.1 * np.array(W0), rtol=1e-15)


def test_l2_as_on_slide_004():
    # (λ/2N)Σw² with λ = 0.3, N = 3: 0.05·14.25 = 0.7125; gradient (λ/N)w = 0.1·W
    d, lam, n = layer(), 0.3, 3
    assert L2(lam / n, half=True).loss(d.parameters()) == pytest.approx(0.7125, rel=1e-15)
    L2(lam / n, half=True).backward(d.parameters())
    np.testing.assert_allclose(d.W.grad, 0.1 * np.array(W0), rtol=1e-15)


def test_l1():
    # λΣ|w| = 0.1·6.5 = 0.65; gradient λ·sign(w), 0 where w = 0
    d = Dense(2, 2, init=[[1.0, -2.0], [0.0, 0.5]])
    assert L1(0.1).loss(d.parameters()) == pytest.approx(0.35, rel=1e-15)
    L1(0.1).backward(d.parameters())
    np.testing.assert_array_equal(d.W.grad, [[0.1, -0.1], [0.0, 0.1]])
    assert L1(0.1).loss(layer().parameters()) == pytest.approx(0.65, rel=1e-15)


@pytest.mark.parametrize("penalty", [L2(0.3), L2(0.3, half=True), L1(0.3)])
def test_penalty_gradient_matches_finite_differences(penalty):
    d = Dense(3, 4, rng=0)
    d.W.value = d.W.value + 0.1 * np.sign(d.W.value)  # keep L1 away from its kink at 0
    penalty.backward(d.parameters())
    numeric = numerical_gradient(lambda: penalty.loss(d.parameters()), d.W.value)
    assert rel_error(d.W.grad, numeric) < 1e-8


def test_backward_adds_to_the_data_gradient():
    d = layer()
    d.W.grad = np.ones((2, 2))
    L2(0.1).backward(d.parameters())
    np.testing.assert_allclose(d.W.grad, 1.0 + 0.2 * np.array(W0), rtol=1e-15)


def test_bias_is_penalized_only_when_asked():
    d = layer()
    d.b.regularize = True
    assert L2(0.1).loss(d.parameters()) == pytest.approx(0.1 * (14.25 + 2.0), rel=1e-15)
    assert L2(0.1).loss(Sequential([layer()])) == pytest.approx(1.425, rel=1e-15)  # a model works too


def test_fit_records_penalty_apart_from_loss():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 2)), rng.normal(size=(8, 2))
    model = Sequential([layer()])
    data_loss = MSE()(model.forward(X), y)
    history = fit(model, X, y, loss="mse", lr=0.1, epochs=1, batch_size=None, regularizer=L2(0.1), verbose=False)
    assert history["loss"] == [pytest.approx(data_loss, rel=1e-14)]  # the data loss alone
    assert history["penalty"] == [pytest.approx(1.425, rel=1e-14)]  # at the weights of the step


def test_l2_shrinks_the_weights():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 5))
    y = X @ rng.normal(size=5)
    norms = []
    for reg in (None, L2(0.5)):
        model = Sequential([Dense(5, 1, rng=0)])
        fit(model, X, y, loss="mse", lr=0.05, epochs=50, batch_size=None, regularizer=reg, verbose=False)
        norms.append(np.linalg.norm(model.layers[0].W.value))
    assert norms[1] < 0.7 * norms[0]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: L2(-0.1), r"lam: expected a value in \[0.0, inf[\])], got -0.1"),
        (lambda: L1(-1), r"lam: expected a value in \[0.0, inf[\])], got -1"),
    ],
)
def test_bad_lambda(make, message):
    with pytest.raises(ValueError, match=message):
        make()


# ------------------------------------------------------------------ early stopping
class ValCurve(Callback):
    """Writes a contrived val_loss into the logs and snapshots the weights of every epoch."""

    def __init__(self, curve):
        self.curve, self.snapshots = curve, {}

    def on_epoch_end(self, epoch, logs):
        logs["val_loss"] = self.curve[epoch - 1]
        self.snapshots[epoch] = self.model.state_dict()


def train_with(curve, stopper, epochs=20):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(16, 3)), rng.normal(size=16)
    model = Sequential([Dense(3, 4, rng=0), ReLU(), Dense(4, 1, rng=1)])
    watch = ValCurve(curve)
    history = fit(
        model, X, y, loss="mse", lr=0.05, epochs=epochs, batch_size=4, rng=0, verbose=False, callbacks=[watch, stopper]
    )
    return model, history, watch.snapshots


CURVE = [1.0, 0.7, 0.5, 0.45, 0.47, 0.46, 0.455, 0.50, 0.6, 0.4, 0.3, 0.2]


def test_early_stopping_restores_the_best_epoch():
    # best 0.45 at epoch 4; epochs 5, 6, 7 do not beat it → stop after epoch 7 (patience 3)
    stopper = EarlyStopping(patience=3)
    model, history, snapshots = train_with(CURVE, stopper)
    assert (stopper.best_epoch, stopper.best, stopper.stopped_epoch) == (4, 0.45, 7)
    assert len(history) == 7 and history.stopped_early
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(value, snapshots[4][key])
    assert not np.array_equal(snapshots[4]["0.W"], snapshots[7]["0.W"])


def test_early_stopping_without_restore_keeps_the_last_weights():
    model, _, snapshots = train_with(CURVE, EarlyStopping(patience=3, restore_best_weights=False))
    np.testing.assert_array_equal(model.state_dict()["2.W"], snapshots[7]["2.W"])


def test_early_stopping_min_delta():
    # with min_delta = 0.1 only 1.0 → 0.7 → 0.5 count as improvements; 0.45 does not
    stopper = EarlyStopping(patience=2, min_delta=0.1)
    train_with(CURVE, stopper)
    assert (stopper.best_epoch, stopper.stopped_epoch) == (3, 5)


def test_early_stopping_patience_zero_and_no_stop():
    stopper = EarlyStopping(patience=0)
    train_with(CURVE, stopper)
    assert stopper.stopped_epoch == 5
    stopper = EarlyStopping(patience=3)
    _, history, _ = train_with([1.0, 0.9, 0.8], stopper, epochs=3)
    assert stopper.stopped_epoch is None and not history.stopped_early and stopper.best_epoch == 3


def test_early_stopping_mode_max():
    stopper = EarlyStopping(monitor="val_loss", patience=1, mode="max")  # pretend val_loss were an accuracy
    train_with([0.5, 0.6, 0.55, 0.7], stopper)
    assert (stopper.best_epoch, stopper.stopped_epoch) == (2, 3)


def test_early_stopping_needs_validation_data():
    rng = np.random.default_rng(0)
    model = Sequential([Dense(2, 1, rng=0)])
    with pytest.raises(
        ValueError,
        match=r"EarlyStopping: monitor='val_loss' is not among the logged values "
        r"\['loss', 'lr'\]. Fix: pass validation_data to fit",
    ):
        fit(
            model,
            rng.normal(size=(4, 2)),
            np.zeros(4),
            loss="mse",
            epochs=2,
            callbacks=[EarlyStopping()],
            verbose=False,
        )


def test_early_stopping_on_real_validation_loss():
    # a wide net on 10 noisy points overfits: validation loss turns up and training stops early
    rng = np.random.default_rng(3)
    X, X_val = rng.uniform(-1, 1, size=(10, 1)), rng.uniform(-1, 1, size=(200, 1))
    f = lambda x: np.sin(3 * x[:, 0])  # noqa: E731
    y, y_val = f(X) + 0.3 * rng.normal(size=10), f(X_val)
    model = Sequential([Dense(1, 64, rng=0), ReLU(), Dense(64, 64, rng=1), ReLU(), Dense(64, 1, rng=2)])
    stopper = EarlyStopping(patience=20)
    history = fit(
        model,
        X,
        y,
        loss="mse",
        optimizer=SGD(model.parameters(), lr=0.05, momentum=0.9),
        epochs=2000,
        batch_size=None,
        validation_data=(X_val, y_val),
        callbacks=[stopper],
        verbose=False,
    )
    assert history.stopped_early
    best = min(history["val_loss"])
    assert stopper.best == best and history["val_loss"][stopper.best_epoch - 1] == best
    assert MSE()(model.forward(X_val), y_val) == pytest.approx(best, rel=1e-12)


# ------------------------------------------------------------------ dropout
@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_dropout_keeps_the_mean_in_training(rate):
    # curriculum §2f: inverted scaling keeps the mean (rate 0.5, 1e6 units: 0.9996 vs 0.4998 unscaled)
    x = np.ones((1000, 1000))
    out = Dropout(rate, rng=0).forward(x, training=True)
    kept = out != 0
    np.testing.assert_array_equal(out[kept], 1.0 / (1.0 - rate))
    std = np.sqrt(rate / (1 - rate) / x.size)  # standard deviation of the mean over 1e6 units
    assert abs(out.mean() - 1.0) < 5 * std
    assert abs(kept.mean() - (1.0 - rate)) < 5 * np.sqrt(rate * (1 - rate) / x.size)


def test_dropout_is_the_identity_in_evaluation():
    x = np.random.default_rng(0).normal(size=(5, 4))
    d = Dropout(0.5, rng=0)
    np.testing.assert_array_equal(d.forward(x), x)
    np.testing.assert_array_equal(d.backward(np.full((5, 4), 3.0)), np.full((5, 4), 3.0))
    np.testing.assert_array_equal(Dropout(0.0, rng=0).forward(x, training=True), x)


def test_dropout_backward_uses_the_forward_mask():
    x = np.ones((3, 4))
    d = Dropout(0.5, rng=0)
    out = d.forward(x, training=True)
    np.testing.assert_array_equal(d.backward(np.ones((3, 4))), out)  # dL/dx = mask = out for x = 1


class FixedMaskDropout(Dropout):
    """Dropout that draws the same mask on every forward call, so finite differences see one function."""

    def forward(self, x, training=False):
        self.rng = np.random.default_rng(42)
        return super().forward(x, training=training)


def test_gradcheck_through_dropout_with_a_fixed_mask():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6, 3))
    model = Sequential([Dense(3, 5, rng=0), FixedMaskDropout(0.4), Dense(5, 2, rng=1)])
    errors = gradcheck(model, x, rng.normal(size=(6, 2)), loss=MSE(), training=True)
    assert max(errors.values()) < 1e-7
    assert (model.layers[1].mask == 0).any()  # some units really were dropped


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5])
def test_dropout_rate_outside_zero_one(rate):
    with pytest.raises(ValueError, match=rf"rate: expected a value in \[0.0, 1.0\), got {rate}"):
        Dropout(rate)
