"""Learning-rate schedules: the learning rate as a function of the step number.

A schedule is a callable ``lr(t)`` giving η for optimizer step t = 0, 1, 2, ... (t counts mini-batch
steps, as in Keras, not epochs). Pass it where a number would go::

    opt = SGD(model.parameters(), lr=StepDecay(0.1, drop=0.5, every=100))

For a per-epoch schedule count in steps: ``every=10 * steps_per_epoch``.

Two different ideas are both called "adaptive" in the slides; keep them apart:

- a *validation-driven* learning rate (the callback ``callbacks.ReduceLROnPlateau``) changes the one global η when the
  validation loss stops improving;
- *adaptive optimizers* (``RMSProp``, ``Adam``) give every weight its own step size from the history of
  its gradient, whatever the validation loss does.
"""

from __future__ import annotations

import math

from ._checks import check_callable, check_int, check_number, check_option


class Schedule:
    """Base class: ``schedule(t)`` is the learning rate of step t."""

    def __call__(self, t: int) -> float:
        raise NotImplementedError

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


def _check_lr(lr, name: str = "lr"):
    return check_number(lr, name, low=0.0, low_open=True)


def _step(t) -> int:
    """The step number t, an int >= 0 (a float such as 3.0 is refused: steps are counted)."""
    return check_int(t, "t", low=0)


class Constant(Schedule):
    """η_t = η: the same rate at every step."""

    def __init__(self, lr: float):
        self.lr = _check_lr(lr)

    def __call__(self, t):
        _step(t)
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
        return self.lr * self.drop ** (_step(t) // self.every)


class ExponentialDecay(Schedule):
    """η_t = η · γ^t: the rate shrinks by the factor γ at every step.

    PyTorch: ``ExponentialLR(gamma)``.
    """

    def __init__(self, lr: float, gamma: float = 0.99):
        self.lr = _check_lr(lr)
        self.gamma = check_number(gamma, "gamma", low=0.0, high=1.0, low_open=True)

    def __call__(self, t):
        return self.lr * self.gamma ** _step(t)


class InverseTimeDecay(Schedule):
    """η_t = η / (1 + decay·t), the Keras-legacy ``SGD(decay=...)`` rule.

    With the slides' decay = 1e-6 the rate is still 0.999·η after 1,000 steps and 0.5·η only after
    a million. Keras-legacy ``SGD(lr, decay=d)`` is ``SGD(params, lr=InverseTimeDecay(lr, d))``. PyTorch:
    ``LambdaLR(lambda t: 1 / (1 + decay * t))``.
    """

    def __init__(self, lr: float, decay: float):
        self.lr = _check_lr(lr)
        self.decay = check_number(decay, "decay", low=0.0)

    def __call__(self, t):
        return self.lr / (1.0 + self.decay * _step(t))


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
        if _step(t) >= self.t_max:
            return self.lr_min
        return self.lr_min + (self.lr - self.lr_min) * (1.0 + math.cos(math.pi * t / self.t_max)) / 2.0


class Warmup(Schedule):
    """η_t = schedule(t) · min(1, (t + 1) / steps): start small and grow linearly to the full rate.

    For the first ``steps`` steps the rate rises from schedule(0)/steps to the schedule's own value,
    then follows the schedule. Early gradients of a freshly initialized network can be large and
    Adam's second-moment estimate is still poor; small first steps keep them from throwing the weights
    far off. PyTorch: ``LambdaLR(optimizer, lambda t: min(1, (t + 1) / steps))`` on top of the schedule.

    Parameters
    ----------
    schedule : float or Schedule
        The rate (or schedule) after the warm-up.
    steps : int >= 1
        Length of the warm-up, in optimizer steps.
    """

    def __init__(self, schedule, steps: int):
        self.schedule = schedule if callable(schedule) else Constant(_check_lr(schedule, "schedule"))
        self.steps = check_int(steps, "steps", low=1)

    def __call__(self, t):
        return self.schedule(t) * min(1.0, (_step(t) + 1) / self.steps)


class Scaled(Schedule):
    """η_t = scale · schedule(t): a schedule multiplied by a constant (used by ``callbacks.ReduceLROnPlateau``)."""

    def __init__(self, schedule, scale: float):
        self.schedule = check_callable(schedule, "schedule", "StepDecay(0.1)")
        self.scale = check_number(scale, "scale", low=0.0, low_open=True)

    def __call__(self, t):
        return self.scale * self.schedule(_step(t))


SCHEDULES = {
    "constant": Constant,
    "step": StepDecay,
    "exponential": ExponentialDecay,
    "inverse_time": InverseTimeDecay,
    "cosine": CosineDecay,
    "warmup": Warmup,
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
