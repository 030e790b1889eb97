"""Learning-rate schedules: the learning rate as a function of the step number.

A schedule is a callable ``lr(t)`` giving η for optimizer step t = 0, 1, 2, ... (t counts mini-batch
steps, as in Keras, not epochs). Pass it where a number would go::

    opt = SGD(model.parameters(), lr=StepDecay(0.1, drop=0.5, every=100))

For a per-epoch schedule count in steps: ``every=10 * steps_per_epoch``.

Two different ideas are both called "adaptive" in the slides; keep them apart:

- a *validation-driven* learning rate (``ReduceLROnPlateau`` below) changes the one global η when the
  validation loss stops improving;
- *adaptive optimizers* (``RMSProp``, ``Adam``) give every weight its own step size from the history of
  its gradient, whatever the validation loss does.
"""
from __future__ import annotations

import math

from ._checks import check_int, check_number, check_option
from ._monitor import Monitor


class Schedule:
    """Base class: ``schedule(t)`` is the learning rate of step t."""

    def __call__(self, t: int) -> float:
        raise NotImplementedError

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


def _check_lr(lr):
    return check_number(lr, "lr", low=0.0, low_open=True)


class Constant(Schedule):
    """η_t = η: the same rate at every step."""

    def __init__(self, lr: float):
        self.lr = _check_lr(lr)

    def __call__(self, t):
        return self.lr


class StepDecay(Schedule):
    """η_t = η · drop^⌊t / every⌋: the rate is multiplied by ``drop`` every ``every`` steps.

    PyTorch: ``StepLR(step_size=every, gamma=drop)``.
    """

    def __init__(self, lr: float, drop: float = 0.5, every: int = 10):
        self.lr = _check_lr(lr)
        self.drop = check_number(drop, "drop", low=0.0, high=1.0, low_open=True)
        self.every = check_int(every, "every", low=1)

    def __call__(self, t):
        return self.lr * self.drop ** (t // self.every)


class ExponentialDecay(Schedule):
    """η_t = η · γ^t: the rate shrinks by the factor γ at every step.

    PyTorch: ``ExponentialLR(gamma)``.
    """

    def __init__(self, lr: float, gamma: float = 0.99):
        self.lr = _check_lr(lr)
        self.gamma = check_number(gamma, "gamma", low=0.0, high=1.0, low_open=True)

    def __call__(self, t):
        return self.lr * self.gamma**t


class InverseTimeDecay(Schedule):
    """η_t = η / (1 + decay·t), the Keras-legacy ``SGD(decay=...)`` rule.

    With the slides' decay = 1e-6 the rate is still 0.999·η after 1,000 steps and 0.5·η only after
    a million. ``SGD(params, lr, decay=d)`` applies the same rule itself. PyTorch:
    ``LambdaLR(lambda t: 1 / (1 + decay * t))``.
    """

    def __init__(self, lr: float, decay: float):
        self.lr = _check_lr(lr)
        self.decay = check_number(decay, "decay", low=0.0)

    def __call__(self, t):
        return self.lr / (1.0 + self.decay * t)


class CosineDecay(Schedule):
    """η_t = η_min + (η − η_min) · (1 + cos(π·t / T)) / 2 for t <= T, then η_min.

    Starts at η, falls slowly, then fast, then slowly again, and reaches ``lr_min`` at step T = ``t_max``.
    PyTorch: ``CosineAnnealingLR(T_max=t_max, eta_min=lr_min)`` (which rises again after T instead of
    staying at η_min).
    """

    def __init__(self, lr: float, t_max: int, lr_min: float = 0.0):
        self.lr = _check_lr(lr)
        self.t_max = check_int(t_max, "t_max", low=1)
        self.lr_min = check_number(lr_min, "lr_min", low=0.0, high=self.lr)

    def __call__(self, t):
        if t >= self.t_max:
            return self.lr_min
        return self.lr_min + (self.lr - self.lr_min) * (1.0 + math.cos(math.pi * t / self.t_max)) / 2.0


class Scaled(Schedule):
    """η_t = scale · schedule(t): a schedule multiplied by a constant (used by ``ReduceLROnPlateau``)."""

    def __init__(self, schedule, scale: float):
        self.schedule = schedule
        self.scale = check_number(scale, "scale", low=0.0, low_open=True)

    def __call__(self, t):
        return self.scale * self.schedule(t)


SCHEDULES = {
    "constant": Constant,
    "step": StepDecay,
    "exponential": ExponentialDecay,
    "inverse_time": InverseTimeDecay,
    "cosine": CosineDecay,
}


def get_schedule(name: str, lr: float, **kwargs) -> Schedule:
    """A schedule from its name (a key of ``SCHEDULES``) and its arguments.

    Examples
    --------
    >>> get_schedule("step", 0.1, drop=0.5, every=100)
    StepDecay(lr=0.1, drop=0.5, every=100)
    """
    check_option(name, "schedule", SCHEDULES)
    return SCHEDULES[name](lr, **kwargs)


def _scale_lr(optimizer, ratio: float) -> None:
    """Multiply the optimizer's learning rate by ``ratio`` from its next step on.

    A number is multiplied; a schedule is wrapped in ``Scaled`` (or its scale multiplied), so the
    schedule keeps its shape and every later rate is ``ratio`` times smaller.
    """
    if not callable(optimizer.lr):
        optimizer.lr = optimizer.lr * ratio
    elif isinstance(optimizer.lr, Scaled):
        optimizer.lr.scale *= ratio
    else:
        optimizer.lr = Scaled(optimizer.lr, ratio)


class ReduceLROnPlateau(Monitor):
    """Lower the learning rate when the validation loss stops improving (a callback for ``fit``).

    This is the slides' "adaptive learning rate": η changes from the outside, driven by the
    validation curve, for all weights at once (unlike RMSProp and Adam, which adapt each weight's
    step from its own gradients).

    Parameters
    ----------
    monitor : str, default "val_loss"
        The logged value to watch.
    factor : float in (0, 1), default 0.1
        η ← max(factor·η, min_lr) when the value has not improved for ``patience`` epochs.
    patience : int >= 0, default 10
        Epochs without improvement before a reduction; the count restarts after each one.
    min_delta : float >= 0, default 1e-4
        Improvements this small or smaller do not count.
    min_lr : float >= 0, default 0
        The rate is never lowered below this.
    mode : {"min", "max"}, default "min"

    Notes
    -----
    Works with a number and with a schedule as the optimizer's ``lr``: a number is replaced by the
    smaller number; a schedule is multiplied by a constant (``Scaled(schedule, scale)``), chosen so
    that the next step's rate is ``max(factor·η, min_lr)``; the schedule then goes on with its shape.

    PyTorch's ``ReduceLROnPlateau`` counts patience differently: it reduces after ``patience + 1``
    epochs without improvement. Ours with ``patience=p`` equals PyTorch's with ``patience=p - 1,
    threshold_mode="abs", threshold=min_delta`` (Keras counts as we do).
    """

    def __init__(self, monitor: str = "val_loss", factor: float = 0.1, patience: int = 10,
                 min_delta: float = 1e-4, min_lr: float = 0.0, mode: str = "min"):
        super().__init__(monitor, patience, min_delta, mode)
        self.factor = check_number(factor, "factor", low=0.0, high=1.0, low_open=True, high_open=True)
        self.min_lr = check_number(min_lr, "min_lr", low=0.0)

    def on_epoch_end(self, epoch, logs):
        if self._improved(epoch, logs) or self.wait < self.patience:
            return
        self.wait = 0
        old = self.optimizer.current_lr()
        new = max(old * self.factor, self.min_lr)
        if new < old:
            _scale_lr(self.optimizer, new / old)

    def __repr__(self):
        return (f"ReduceLROnPlateau(monitor={self.monitor!r}, factor={self.factor}, patience={self.patience}, "
                f"min_delta={self.min_delta}, min_lr={self.min_lr}, mode={self.mode!r})")
