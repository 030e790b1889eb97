"""Callbacks: code that ``fit`` runs at the start of training, after every step, after every epoch and at the end.

- ``Callback``: the base class, with the four hooks (Keras's names).
- ``History``: what ``fit`` records after every epoch (and returns).
- ``EarlyStopping``: stop when the validation loss stops improving, and go back to the best weights.
- ``ReduceLROnPlateau``: lower the learning rate when the validation loss stops improving.

The last two watch a logged value the same way (``Monitor``): after every epoch the value either
improves on the best so far (by more than ``min_delta``) or it does not; ``wait`` counts the epochs since
the last improvement, and the callback acts once ``wait`` reaches ``patience``.
"""

from __future__ import annotations

import math

from ._checks import check_bool, check_int, check_number, check_option
from .schedules import Scaled


class Callback:
    """Base class for callbacks. ``fit`` calls the hooks below; ``self.model``, ``self.optimizer`` and
    ``self.history`` are set before training starts. Set ``self.stop_training = True`` to stop."""

    stop_training = False

    def on_train_begin(self):
        pass

    def on_train_batch_end(self, batch: int, logs: dict):
        """After every training step: ``batch`` counts the steps of the epoch from 1, ``logs["loss"]`` is the
        batch's loss."""

    def on_epoch_end(self, epoch: int, logs: dict):
        pass

    def on_train_end(self):
        pass


class History:
    """Per-epoch records of a training run (what ``fit`` returns; Keras keeps it with the callbacks too).

    ``history.history`` maps a name (``"loss"``, ``"val_loss"``, ``"penalty"``, ``"accuracy"``,
    ``"val_accuracy"``, ``"lr"``, ...) to a list with one value per epoch; ``history["loss"]`` is the
    same list. ``history.to_frame()`` gives a pandas DataFrame indexed by epoch (1, 2, ...).
    """

    def __init__(self):
        self.history: dict[str, list] = {}
        self.epoch: list[int] = []
        self.stopped_early = False

    def append(self, epoch: int, logs: dict):
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)

    def __getitem__(self, key):
        return self.history[key]

    def __contains__(self, key):
        return key in self.history

    def __len__(self):
        return len(self.epoch)

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(self.history, index=pd.Index(self.epoch, name="epoch"))

    def __repr__(self):
        last = {k: round(v[-1], 6) for k, v in self.history.items()} if self.epoch else {}
        return f"History(epochs={len(self.epoch)}, last={last})"


class Monitor(Callback):
    """Base class: tracks the best value of ``logs[monitor]`` and the epochs since it improved.

    Parameters
    ----------
    monitor : str
        Name of the logged value, such as ``"val_loss"`` or ``"val_accuracy"``.
    patience : int >= 0
        Epochs without improvement before the callback acts.
    min_delta : float >= 0
        A change counts as an improvement only if it beats the best value by more than this.
    mode : {"min", "max"}
        Whether smaller (losses) or larger (accuracy) values are better.

    Attributes
    ----------
    best : float
        Best value seen so far.
    best_epoch : int or None
        Epoch (1, 2, ...) of the best value.
    wait : int
        Epochs since the last improvement.
    """

    def __init__(self, monitor: str, patience: int, min_delta: float, mode: str):
        if not isinstance(monitor, str):
            raise TypeError(f"monitor: expected the name of a logged value such as 'val_loss', got {monitor!r}.")
        self.monitor = monitor
        self.patience = check_int(patience, "patience", low=0)
        self.min_delta = check_number(min_delta, "min_delta", low=0.0)
        self.mode = check_option(mode, "mode", ("min", "max"))
        self.on_train_begin()

    def on_train_begin(self):
        self.best = math.inf if self.mode == "min" else -math.inf
        self.best_epoch = None
        self.wait = 0

    def _improved(self, epoch: int, logs: dict) -> bool:
        """Record this epoch's value; True if it is a new best."""
        if self.monitor not in logs:
            raise ValueError(
                f"{type(self).__name__}: monitor={self.monitor!r} is not among the logged values "
                f"{sorted(logs)}. Fix: pass validation_data to fit, or monitor one of those names."
            )
        value = logs[self.monitor]
        if self.mode == "min":
            better = value < self.best - self.min_delta
        else:
            better = value > self.best + self.min_delta
        if better:
            self.best, self.best_epoch, self.wait = value, epoch, 0
        else:
            self.wait += 1
        return better


class EarlyStopping(Monitor):
    """Stop training when the validation loss has not improved for ``patience`` epochs.

    The number of epochs becomes something the data decides: training goes on while the validation
    loss still falls and stops once it has stalled or risen (the network starts to memorize).

    Parameters
    ----------
    monitor : str, default "val_loss"
        The logged value to watch (``fit`` needs ``validation_data`` for ``val_*`` names).
    patience : int >= 0, default 5
        Epochs without improvement before stopping.
    min_delta : float >= 0, default 0
        Improvements this small or smaller do not count.
    restore_best_weights : bool, default True
        At the end of training, load the weights of the best epoch (otherwise the last epoch's
        weights, ``patience`` epochs past the best, are kept).
    mode : {"min", "max"}, default "min"
        ``"max"`` for values where larger is better, such as ``"val_accuracy"``.

    Attributes
    ----------
    best, best_epoch : the best value and its epoch (1, 2, ...).
    stopped_epoch : int or None
        The epoch after which training stopped (None if it ran all epochs).
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        patience: int = 5,
        min_delta: float = 0.0,
        restore_best_weights: bool = True,
        mode: str = "min",
    ):
        super().__init__(monitor, patience, min_delta, mode)
        self.restore_best_weights = check_bool(restore_best_weights, "restore_best_weights")

    def on_train_begin(self):
        super().on_train_begin()
        self.best_weights = None
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, logs):
        if self._improved(epoch, logs):
            if self.restore_best_weights:
                self.best_weights = self.model.state_dict()  # a copy of the weights (and buffers)
        elif self.wait >= self.patience:
            self.stop_training = True
            self.stopped_epoch = epoch

    def on_train_end(self):
        if self.restore_best_weights and self.best_weights is not None:
            self.model.load_state_dict(self.best_weights)

    def __repr__(self):
        return (
            f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, min_delta={self.min_delta}, "
            f"restore_best_weights={self.restore_best_weights}, mode={self.mode!r})"
        )


class ReduceLROnPlateau(Monitor):
    """Lower the learning rate when the validation loss stops improving.

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
        The callback never lowers the rate below this (a schedule that decays below it on its own
        still does: see the notes).
    mode : {"min", "max"}, default "min"

    Notes
    -----
    Works with a number and with a schedule as the optimizer's ``lr``: a number is replaced by the
    smaller number; a schedule is multiplied by a constant (``schedules.Scaled``), chosen so that the
    next step's rate is ``max(factor·η, min_lr)``; the schedule then goes on with its shape, with the
    reduced rates held at ``min_lr``: η_t = max(scale·schedule(t), min(min_lr, schedule(t))). So a
    reduction never takes the rate below ``min_lr``, and where the schedule itself is below ``min_lr``
    its own rate is used, unreduced.

    PyTorch's ``ReduceLROnPlateau`` counts patience differently: it reduces after ``patience + 1``
    epochs without improvement. Ours with ``patience=p`` equals PyTorch's with ``patience=p - 1,
    threshold_mode="abs", threshold=min_delta`` (Keras counts as we do).
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        min_delta: float = 1e-4,
        min_lr: float = 0.0,
        mode: str = "min",
    ):
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
            _scale_lr(self.optimizer, new / old, self.min_lr)

    def __repr__(self):
        return (
            f"ReduceLROnPlateau(monitor={self.monitor!r}, factor={self.factor}, patience={self.patience}, "
            f"min_delta={self.min_delta}, min_lr={self.min_lr}, mode={self.mode!r})"
        )


class Reduced(Scaled):
    """η_t = max(scale · schedule(t), min(min_lr, schedule(t))): a schedule scaled down by
    ``ReduceLROnPlateau`` without going below ``min_lr`` (where the schedule is below ``min_lr`` itself,
    its own rate)."""

    def __init__(self, schedule, scale: float, min_lr: float = 0.0):
        super().__init__(schedule, scale)
        self.min_lr = check_number(min_lr, "min_lr", low=0.0)

    def __call__(self, t):
        rate = self.schedule(t)
        return max(self.scale * rate, min(self.min_lr, rate))


def _scale_lr(optimizer, ratio: float, min_lr: float = 0.0) -> None:
    """Multiply the optimizer's learning rate by ``ratio`` from its next step on, never below ``min_lr``.

    A number is multiplied; a schedule is wrapped in ``Reduced`` (or its scale multiplied), so the
    schedule keeps its shape and every later rate is ``ratio`` times smaller, but not below ``min_lr``.
    """
    if not callable(optimizer.lr):
        optimizer.lr = optimizer.lr * ratio
    elif isinstance(optimizer.lr, Reduced):
        optimizer.lr.scale *= ratio
        optimizer.lr.min_lr = min_lr
    else:
        optimizer.lr = Reduced(optimizer.lr, ratio, min_lr)
