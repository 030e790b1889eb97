"""The bookkeeping shared by callbacks that watch a validation curve (EarlyStopping, ReduceLROnPlateau).

After every epoch the watched value either improves on the best so far (by more than ``min_delta``)
or it does not; ``wait`` counts the epochs since the last improvement. The callback acts once
``wait`` reaches ``patience``.
"""
from __future__ import annotations

import math

from ._checks import check_int, check_number, check_option
from .training import Callback


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
