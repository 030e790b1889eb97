"""Learning-rate schedules and the validation-driven ReduceLROnPlateau."""

import numpy as np
import pytest

from course_nn.activations import Sigmoid
from course_nn.callbacks import Callback, ReduceLROnPlateau
from course_nn.layers import Dense, Parameter
from course_nn.model import Sequential
from course_nn.optim import SGD, Adam
from course_nn.schedules import (
    SCHEDULES,
    Constant,
    CosineDecay,
    ExponentialDecay,
    InverseTimeDecay,
    Scaled,
    StepDecay,
    Warmup,
    get_schedule,
)
from course_nn.training import fit


# ------------------------------------------------------------------ values
def test_constant():
    assert [Constant(0.01)(t) for t in (0, 1, 10**6)] == [0.01, 0.01, 0.01]


def test_step_decay():
    # η·drop^⌊t/every⌋ with η = 0.1, drop = 0.5, every = 10
    s = StepDecay(0.1, drop=0.5, every=10)
    assert [s(t) for t in (0, 9, 10, 19, 20, 35)] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.0125], rel=1e-15)


def test_exponential_decay():
    # η·γ^t: 0.1, 0.09, 0.081, 0.0729
    s = ExponentialDecay(0.1, gamma=0.9)
    assert [s(t) for t in range(4)] == pytest.approx([0.1, 0.09, 0.081, 0.0729], rel=1e-14)


def test_inverse_time_decay_slide_numbers():
    # curriculum §2f: decay = 1e-6 gives lr_t/lr0 = 0.999 (t = 1e3), 0.990 (1e4), 0.909 (1e5), 0.5 (1e6)
    for lr0 in (1.0, 0.1, 0.01):
        s = InverseTimeDecay(lr0, decay=1e-6)
        ratios = [round(s(t) / lr0, 3) for t in (10**3, 10**4, 10**5, 10**6)]
        assert ratios == [0.999, 0.990, 0.909, 0.5]


def test_cosine_decay():
    s = CosineDecay(0.1, t_max=100, lr_min=0.02)
    assert s(0) == pytest.approx(0.1, rel=1e-15)
    assert s(50) == pytest.approx(0.06, rel=1e-14)  # halfway: (η + η_min)/2
    assert s(25) == pytest.approx(0.02 + 0.08 * (1 + np.sqrt(0.5)) / 2, rel=1e-14)  # cos(π/4) = √½
    assert s(100) == s(150) == 0.02  # stays at η_min after T
    values = [s(t) for t in range(101)]
    assert np.all(np.diff(values) < 0)


def test_scaled_schedule():
    s = Scaled(StepDecay(0.1, drop=0.5, every=10), 0.1)
    assert [s(0), s(10)] == pytest.approx([0.01, 0.005], rel=1e-15)


def test_reprs_read_like_the_call():
    assert repr(StepDecay(0.1, drop=0.5, every=10)) == "StepDecay(lr=0.1, drop=0.5, every=10)"
    assert repr(CosineDecay(0.1, t_max=50)) == "CosineDecay(lr=0.1, t_max=50, lr_min=0.0)"
    assert repr(Scaled(Constant(0.1), 0.5)) == "Scaled(schedule=Constant(lr=0.1), scale=0.5)"
    assert repr(ReduceLROnPlateau(patience=3)) == (
        "ReduceLROnPlateau(monitor='val_loss', factor=0.1, patience=3, min_delta=0.0001, min_lr=0.0, mode='min')"
    )


def test_get_schedule():
    assert set(SCHEDULES) == {"constant", "step", "exponential", "inverse_time", "cosine", "warmup"}
    s = get_schedule("inverse_time", 0.1, decay=0.5)
    assert isinstance(s, InverseTimeDecay) and s(2) == pytest.approx(0.05)


def test_unknown_schedule_name():
    with pytest.raises(
        ValueError,
        match=r"schedule: unknown option 'linear'; expected one of \['constant', "
        r"'cosine', 'exponential', 'inverse_time', 'step', 'warmup'\]",
    ):
        get_schedule("linear", 0.1)


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: Constant(-0.1), ValueError, r"lr: expected a value in \(0.0, inf[\])], got -0.1"),
        (lambda: StepDecay(0.1, drop=0.0), ValueError, r"drop: expected a value in \(0.0, 1.0\], got 0.0"),
        (lambda: StepDecay(0.1, drop=2), ValueError, r"drop: expected a value in \(0.0, 1.0\], got 2"),
        (lambda: StepDecay(0.1, every=0), ValueError, r"every: expected an int >= 1, got 0"),
        (lambda: StepDecay(0.1, every=2.5), TypeError, r"every: expected an int, got 2.5"),
        (lambda: ExponentialDecay(0.1, gamma=1.5), ValueError, r"gamma: expected a value in \(0.0, 1.0\], got 1.5"),
        (lambda: InverseTimeDecay(0.1, decay=-1), ValueError, r"decay: expected a value in \[0.0, inf[\])], got -1"),
        (lambda: CosineDecay(0.1, t_max=0), ValueError, r"t_max: expected an int >= 1, got 0"),
        (
            lambda: CosineDecay(0.1, t_max=10, lr_min=0.2),
            ValueError,
            r"lr_min: expected a value in \[0.0, 0.1\], got 0.2",
        ),
        (lambda: ReduceLROnPlateau(factor=1.0), ValueError, r"factor: expected a value in \(0.0, 1.0\), got 1.0"),
        (lambda: ReduceLROnPlateau(patience=-1), ValueError, r"patience: expected an int >= 0, got -1"),
        (lambda: ReduceLROnPlateau(mode="lowest"), ValueError, r"mode: unknown option 'lowest'; expected one of"),
    ],
)
def test_bad_arguments(make, error, message):
    with pytest.raises(error, match=message):
        make()


# ------------------------------------------------------------------ with optimizers
def test_optimizer_uses_the_schedule_step_by_step():
    opt = SGD([Parameter([0.0])], lr=StepDecay(0.1, drop=0.5, every=2))
    rates = []
    for _ in range(5):
        rates.append(opt.current_lr())
        opt.step()
    assert rates == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025], rel=1e-15)


def test_warmup_rises_linearly_then_follows_the_schedule():
    # η_t = schedule(t) · min(1, (t + 1) / steps): steps = 4 over a constant 0.1 -> 0.025, 0.05, 0.075, 0.1, 0.1
    assert [Warmup(0.1, steps=4)(t) for t in range(5)] == pytest.approx([0.025, 0.05, 0.075, 0.1, 0.1])
    inner = StepDecay(0.1, drop=0.5, every=3)
    w = Warmup(inner, steps=2)
    assert [w(t) for t in range(7)] == pytest.approx([0.05, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025])
    assert get_schedule("warmup", 0.2, steps=10)(0) == pytest.approx(0.02)
    with pytest.raises(ValueError, match=r"steps: expected an int >= 1, got 0"):
        Warmup(0.1, steps=0)
    with pytest.raises(ValueError, match=r"schedule: expected a value in \(0.0, inf"):
        Warmup(-0.1, steps=3)


# ------------------------------------------------------------------ ReduceLROnPlateau
def drive(callback, optimizer, curve):
    """Feed a validation curve to the callback as fit would; the rate after each epoch."""
    callback.optimizer, callback.model, callback.history = optimizer, None, None
    callback.on_train_begin()
    rates = []
    for epoch, value in enumerate(curve, start=1):
        callback.on_epoch_end(epoch, {"loss": 0.0, "val_loss": value})
        rates.append(optimizer.current_lr())
    return rates


CURVE = [1.0, 0.8, 0.85, 0.81, 0.79, 0.80, 0.80, 0.80, 0.80, 0.70]


def test_plateau_lowers_a_number_lr_after_patience_epochs():
    # best 0.8 at epoch 2; epochs 3, 4 do not improve → reduce after epoch 4; 0.79 at epoch 5 is a new best;
    # epochs 6, 7 do not improve → reduce; epochs 8, 9 → reduce again; 0.70 improves.
    opt = SGD([Parameter([0.0])], lr=1.0)
    rates = drive(ReduceLROnPlateau(factor=0.5, patience=2, min_delta=0.0), opt, CURVE)
    assert rates == pytest.approx([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125], rel=1e-15)


def test_plateau_min_delta_and_min_lr():
    # with min_delta = 0.02 the 0.79 at epoch 5 is not an improvement on 0.8; min_lr floors the rate at 0.3
    opt = SGD([Parameter([0.0])], lr=1.0)
    rates = drive(ReduceLROnPlateau(factor=0.5, patience=2, min_delta=0.02, min_lr=0.3), opt, CURVE)
    assert rates == pytest.approx([1, 1, 1, 0.5, 0.5, 0.3, 0.3, 0.3, 0.3, 0.3], rel=1e-15)


def test_plateau_scales_a_schedule():
    # a schedule keeps its shape: after the reduction every rate is factor times the schedule's
    schedule = StepDecay(1.0, drop=0.5, every=1)
    opt = Adam([Parameter([0.0])], lr=schedule)
    cb = ReduceLROnPlateau(factor=0.1, patience=1, min_delta=0.0)
    cb.optimizer = opt
    cb.on_train_begin()
    cb.on_epoch_end(1, {"val_loss": 1.0})
    opt.step()  # t = 1: rate 0.5
    cb.on_epoch_end(2, {"val_loss": 1.0})  # no improvement, patience 1 → reduce
    assert isinstance(opt.lr, Scaled) and opt.lr.schedule is schedule
    assert opt.current_lr() == pytest.approx(0.05, rel=1e-15)
    opt.step()
    assert opt.current_lr() == pytest.approx(0.025, rel=1e-15)
    cb.on_epoch_end(3, {"val_loss": 1.0})  # second reduction multiplies the same Scaled
    assert opt.lr.schedule is schedule and opt.lr.scale == pytest.approx(0.01, rel=1e-15)


def test_plateau_mode_max():
    opt = SGD([Parameter([0.0])], lr=1.0)
    cb = ReduceLROnPlateau(monitor="val_accuracy", factor=0.5, patience=1, min_delta=0.0, mode="max")
    cb.optimizer = opt
    cb.on_train_begin()
    rates = []
    for epoch, acc in enumerate([0.5, 0.6, 0.55, 0.7, 0.7], start=1):
        cb.on_epoch_end(epoch, {"val_accuracy": acc})
        rates.append(opt.current_lr())
    assert rates == [1.0, 1.0, 0.5, 0.5, 0.25]


def test_plateau_needs_the_monitored_value():
    cb = ReduceLROnPlateau()
    cb.optimizer = SGD([Parameter([0.0])], lr=1.0)
    with pytest.raises(
        ValueError,
        match=r"monitor='val_loss' is not among the logged values \['loss', 'lr'\]. "
        r"Fix: pass validation_data to fit",
    ):
        cb.on_epoch_end(1, {"loss": 1.0, "lr": 1.0})


class ValCurve(Callback):
    """Replaces the logged val_loss by a contrived curve (runs before the callbacks that read it)."""

    def __init__(self, curve):
        self.curve = curve

    def on_epoch_end(self, epoch, logs):
        logs["val_loss"] = self.curve[epoch - 1]


def test_plateau_in_fit_lowers_the_logged_lr():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    model = Sequential([Dense(2, 1, rng=0)])
    history = fit(
        model,
        X,
        y,
        loss="mse",
        lr=0.01,
        epochs=6,
        batch_size=None,
        verbose=False,
        callbacks=[ValCurve([1.0, 1.0, 1.0, 1.0, 1.0, 1.0]), ReduceLROnPlateau(factor=0.5, patience=2)],
    )
    assert history["lr"] == pytest.approx([0.01, 0.01, 0.01, 0.005, 0.005, 0.0025], rel=1e-15)


def test_plateau_never_lowers_a_schedule_below_min_lr():
    # StepDecay(0.1, 0.5, every 2 steps), one step per epoch; every epoch stalls, patience 1: a reduction after
    # epoch 2 (0.05 → max(0.005, 0.01) = 0.01); the schedule then halves to 0.025, whose tenth is below min_lr
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), (rng.normal(size=20) > 0).astype(float)
    model = Sequential([Dense(2, 1, rng=0), Sigmoid()])
    opt = SGD(model.parameters(), lr=StepDecay(0.1, 0.5, 2))
    cb = ReduceLROnPlateau(monitor="loss", mode="max", patience=1, min_lr=0.01)  # the loss falls: "no gain"
    history = fit(model, X, y, loss="bce", optimizer=opt, epochs=8, batch_size=None, callbacks=[cb], verbose=False)
    assert history["lr"] == pytest.approx([0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01], rel=1e-15)
    assert min(history["lr"]) >= cb.min_lr


@pytest.mark.parametrize("lr", [StepDecay(1.0, drop=0.1, every=1), Scaled(StepDecay(1.0, drop=0.1, every=1), 1.0)])
def test_plateau_reduced_schedule_is_held_at_min_lr_and_keeps_its_own_rate_below(lr):
    # the schedule: 1, 0.1, 0.01, 0.001; reduced tenfold: 0.1, then 0.01 < min_lr = 0.02 is held at 0.02; from t = 2
    # the schedule itself is below min_lr, and its own rate is used (the callback lowers nothing below min_lr)
    opt = SGD([Parameter([0.0])], lr=lr)
    cb = ReduceLROnPlateau(factor=0.1, patience=0, min_delta=0.0, min_lr=0.02)
    cb.optimizer = opt
    cb.on_train_begin()
    cb.on_epoch_end(1, {"val_loss": 1.0})  # the first value is the best so far
    cb.on_epoch_end(2, {"val_loss": 1.0})  # no improvement, patience 0: reduce
    assert isinstance(opt.lr, Scaled)
    assert [opt.lr(t) for t in range(4)] == pytest.approx([0.1, 0.02, 0.01, 0.001], rel=1e-15)
