"""The learning-rate range test ("LR finder"): which learning rates does this network tolerate?

Smith (2015, "Cyclical learning rates for training neural networks") and the fastai library's
``lr_find``: train a *copy* of the network for a few hundred mini-batch steps while the learning rate grows
exponentially from tiny (nothing happens) to huge (the loss explodes), and record the loss of every step::

    result = lr_range_test(model, X, y, loss=CrossEntropy(), optimizer="sgd")
    result.suggestion       # a learning rate to start training with

Read the curve from left to right: flat (the steps are too small to matter), then falling (the network
learns; the faster the fall, the better the rate), then a minimum, then a steep rise (the steps overshoot).
One short test replaces a grid of full training runs. The caller's model is never changed.
"""

from __future__ import annotations

import copy
import math
from collections import namedtuple

import numpy as np

from ._checks import as_array, as_rng, check_data, check_int, check_number, check_option, checked_inputs
from .data import minibatches
from .layers import Layer
from .losses import get_loss
from .optim import Optimizer, get_optimizer
from .training import TrainingDiverged, train_step

RULES = ("steepest", "min/10")

_RESULT_FIELDS = {
    "lrs": "The learning rate of every step taken, growing exponentially (ndarray).",
    "losses": "The smoothed loss at every step: a bias-corrected exponential moving average of ``raw_losses``.",
    "raw_losses": "The mini-batch loss of every step, measured before the step (ndarray).",
    "steepest_lr": "The rate where the smoothed loss falls fastest against log lr (before the minimum).",
    "min_lr": "The rate at the minimum of the smoothed loss (already close to instability).",
    "suggestion": 'The rate ``rule`` picks: ``steepest_lr`` ("steepest") or ``min_lr / 10`` ("min/10").',
    "rule": "The rule that picked ``suggestion``, one of ``RULES``.",
    "diverged": "Whether the test stopped because the loss exploded (rather than reaching ``lr_max``).",
}
LRRangeResult = namedtuple("LRRangeResult", list(_RESULT_FIELDS))
LRRangeResult.__doc__ = "What ``lr_range_test`` found; each field's documentation says what it holds."
for _field, _doc in _RESULT_FIELDS.items():
    getattr(LRRangeResult, _field).__doc__ = _doc


class ExponentialRange:
    """η_t = lr_min · (lr_max / lr_min)^(t / (steps − 1)): from lr_min at t = 0 to lr_max at t = steps − 1,
    the same factor at every step (a straight line on a log axis)."""

    def __init__(self, lr_min: float, lr_max: float, steps: int):
        self.lr_min, self.lr_max, self.steps = lr_min, lr_max, steps

    def __call__(self, t: int) -> float:
        return self.lr_min * (self.lr_max / self.lr_min) ** (t / (self.steps - 1))

    def __repr__(self):
        return f"ExponentialRange(lr_min={self.lr_min!r}, lr_max={self.lr_max!r}, steps={self.steps!r})"


def _make_optimizer(optimizer, params, schedule) -> Optimizer:
    """The optimizer of the test, over the copy's parameters, with the exponential schedule as its rate."""
    if isinstance(optimizer, str):
        return get_optimizer(optimizer, params, lr=schedule)
    if isinstance(optimizer, Optimizer):
        raise TypeError(
            f"optimizer: expected a name or a function (params, lr) -> Optimizer, got a "
            f"{type(optimizer).__name__} already bound to a model's parameters. The test trains a copy "
            f"of the model, so it must make its own optimizer. Fix: pass the class, "
            f"optimizer=cn.{type(optimizer).__name__}, or a function such as "
            "lambda params, lr: cn.SGD(params, lr, momentum=0.9)."
        )
    if not callable(optimizer):
        raise TypeError(
            f"optimizer: expected a name ('sgd', 'adam', ...) or a function (params, lr) -> Optimizer, "
            f"got {type(optimizer).__name__}."
        )
    opt = optimizer(params, lr=schedule)
    if not isinstance(opt, Optimizer):
        raise TypeError(f"optimizer: the function must return an Optimizer, it returned {type(opt).__name__}.")
    return opt


def suggest(lrs, losses) -> tuple[float, float]:
    """(steepest_lr, min_lr) of a smoothed loss curve: where it falls fastest before its minimum, and its minimum.

    The slope d(loss)/d(log lr) at step i is measured over the steps i − k .. i + k (k = len/40, at least 1)
    to average out what noise the smoothing left; the first tenth of the steps is skipped, where the moving
    average rests on a few noisy batches.

    ``lrs``: increasing learning rates > 0; ``losses``: the (smoothed) loss at each, finite.
    """
    lrs, losses = as_array(lrs, "lrs", ndim=1), as_array(losses, "losses", ndim=1)
    if len(losses) != len(lrs):
        raise ValueError(
            f"losses: expected one loss per learning rate of lrs ({len(lrs)}), got {len(losses)}. "
            "Fix: pass the two arrays of one test, e.g. result.lrs and result.losses."
        )
    if lrs[0] <= 0 or (np.diff(lrs) <= 0).any():
        raise ValueError(
            f"lrs: expected increasing learning rates > 0 (as lr_range_test records them), got values from "
            f"{lrs.min():g} to {lrs.max():g}{'' if (np.diff(lrs) > 0).all() else ', not increasing'}."
        )
    best = int(np.argmin(losses))
    k = max(1, len(lrs) // 40)
    i = np.arange(max(k, len(lrs) // 10), best - k + 1)
    if len(i) == 0:  # the minimum comes too early to read a slope before it
        return float(lrs[best]), float(lrs[best])
    slope = (losses[i + k] - losses[i - k]) / np.log(lrs[i + k] / lrs[i - k])
    return float(lrs[i[int(np.argmin(slope))]]), float(lrs[best])


def lr_range_test(
    model,
    X,
    y,
    loss,
    optimizer="sgd",
    *,
    lr_min: float = 1e-6,
    lr_max: float = 10.0,
    steps: int = 200,
    batch_size: int = 32,
    beta: float = 0.95,
    diverge: float = 4.0,
    rule: str = "steepest",
    rng=None,
) -> LRRangeResult:
    """Train a copy of ``model`` with an exponentially growing learning rate and record the loss.

    Parameters
    ----------
    model : Sequential (or any Layer)
        Left unchanged: the test trains a deep copy.
    X : array (N, n_features);  y : targets as ``loss`` takes them.
    loss : Loss or str
    optimizer : str or callable, default "sgd"
        A name from ``optim.OPTIMIZERS`` or a function ``(params, lr) -> Optimizer`` such as ``cn.Adam`` or
        ``lambda params, lr: cn.SGD(params, lr, momentum=0.9)``; it is given the growing rate as ``lr``.
    lr_min, lr_max : float
        The first and the last learning rate, 0 < lr_min < lr_max.
    steps : int >= 5
        Mini-batch steps from lr_min to lr_max (each multiplies the rate by (lr_max/lr_min)^(1/(steps − 1))).
    batch_size : int
        Rows per step; the data are reshuffled (with ``rng``) whenever they run out.
    beta : float in [0, 1)
        Smoothing of the recorded loss, m ← β·m + (1 − β)·loss, reported as m / (1 − β^t) (bias-corrected as
        Adam's moments): a mini-batch loss is noisy.
    diverge : float > 1
        Stop once the smoothed loss exceeds ``diverge`` times its minimum so far (or becomes NaN/infinite).
    rule : {"steepest", "min/10"}
        How ``suggestion`` is chosen:

        - ``"steepest"``: the rate where the smoothed loss falls fastest against log(lr), looking only at
          the part before the minimum. There the network learns fastest while the steps are still stable.
        - ``"min/10"``: one tenth of the rate at the minimum of the smoothed loss. At the minimum the steps
          are already on the edge of overshooting; a factor 10 below leaves a safe margin.

        Both are recorded (``steepest_lr``, ``min_lr``); both are starting points, not optima.
    rng : None, int or Generator
        Random source of the mini-batches.

    Returns
    -------
    LRRangeResult
    """
    if not isinstance(model, Layer):
        raise TypeError(f"model: expected a Sequential (or another Layer), got {type(model).__name__}.")
    lr_min = check_number(lr_min, "lr_min", low=0.0, low_open=True)
    lr_max = check_number(lr_max, "lr_max", low=0.0, low_open=True)
    if lr_max <= lr_min:
        raise ValueError(
            f"lr_max: expected a rate larger than lr_min={lr_min:g}, got {lr_max:g}. "
            "Fix: the test sweeps from lr_min up to lr_max, e.g. lr_min=1e-6, lr_max=10."
        )
    steps = check_int(steps, "steps", low=5)
    batch_size = check_int(batch_size, "batch_size", low=1)
    beta = check_number(beta, "beta", low=0.0, high=1.0, high_open=True)
    diverge = check_number(diverge, "diverge", low=1.0, low_open=True)
    rule = check_option(rule, "rule", RULES)
    rng = as_rng(rng)

    net = copy.deepcopy(model)  # the caller's model is never trained
    loss = get_loss(loss)
    X, targets = check_data(net, loss, X, y)
    schedule = ExponentialRange(lr_min, lr_max, steps)
    opt = _make_optimizer(optimizer, net.parameters(), schedule)

    lrs, raw, smoothed = [], [], []
    m, best, diverged = 0.0, math.inf, False
    with checked_inputs(), np.errstate(over="ignore", invalid="ignore"):
        while len(lrs) < steps and not diverged:
            for idx in minibatches(len(X), batch_size, shuffle=True, rng=rng):  # reshuffled when used up
                lr = opt.current_lr()
                try:
                    value = train_step(net, loss, opt, X[idx], targets[idx])
                except TrainingDiverged:
                    diverged = True
                    break
                m = beta * m + (1 - beta) * value  # moving average of the loss,
                s = m / (1 - beta ** (len(lrs) + 1))  # bias-corrected as Adam's moments
                lrs.append(lr)
                raw.append(value)
                smoothed.append(s)
                best = min(best, s)
                if not math.isfinite(s) or s > diverge * best:
                    diverged = True
                    break
                if len(lrs) == steps:
                    break
    if len(lrs) < 3:
        raise ValueError(
            f"lr_min: the loss exploded within {len(lrs)} steps, at lr={opt.current_lr():g} or below. "
            "Fix: start the test at a smaller lr_min."
        )
    lrs, raw, smoothed = np.array(lrs), np.array(raw), np.array(smoothed)
    finite = np.isfinite(smoothed)  # all but, rarely, the last (the loss overflowed there)
    steepest_lr, min_lr = suggest(lrs[finite], smoothed[finite])
    suggestion = steepest_lr if rule == "steepest" else min_lr / 10
    return LRRangeResult(lrs, smoothed, raw, steepest_lr, min_lr, suggestion, rule, diverged)
