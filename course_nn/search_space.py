"""Search spaces for hyperparameter tuning: the grid of every combination, or random draws.

A space is a dict from a hyperparameter's name to its possible values::

    grid = {"lr": [0.001, 0.01, 0.1], "hidden": [4, 16]}                 # param_grid: 3 × 2 = 6 settings
    space = {"lr": LogUniform(1e-4, 1), "hidden": IntRange(2, 32),        # param_sample: n random settings
             "activation": ["relu", "tanh"], "batch_size": 32}

In a space, a list means "one of these values" (so do a tuple, a ``range`` and a 1-D NumPy array, as in
scikit-learn's ``ParameterGrid``: ``np.logspace(-3, -1, 3)`` is three learning rates), a distribution
(anything with ``sample(rng)``) draws a value, and anything else (a number, a string) is a fixed value shared
by every setting. A fixed tuple, such as layer sizes, goes in a list of one: ``{"sizes": [(16, 8)]}``.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ._checks import as_rng, check_int, check_list, check_number


class Uniform:
    """A float drawn uniformly from [low, high): every value equally likely (e.g. a dropout rate)."""

    def __init__(self, low: float, high: float):
        self.low, self.high = check_number(low, "low"), check_number(high, "high")
        if not self.low < self.high:
            raise ValueError(f"Uniform: expected low < high, got low={low!r}, high={high!r}.")

    def sample(self, rng) -> float:
        return float(as_rng(rng).uniform(self.low, self.high))

    def __repr__(self):
        return f"Uniform({self.low:g}, {self.high:g})"


class LogUniform:
    """A float whose logarithm is uniform: each power of ten in [low, high) is equally likely.

    The right prior for scales such as the learning rate or L2 strength: LogUniform(1e-4, 1) draws
    as often from [1e-4, 1e-3) as from [0.1, 1), where Uniform would almost never go below 0.1.
    """

    def __init__(self, low: float, high: float):
        self.low = check_number(low, "low", low=0.0, low_open=True)
        self.high = check_number(high, "high", low=0.0, low_open=True)
        if not self.low < self.high:
            raise ValueError(f"LogUniform: expected 0 < low < high, got low={low!r}, high={high!r}.")

    def sample(self, rng) -> float:
        return float(math.exp(as_rng(rng).uniform(math.log(self.low), math.log(self.high))))

    def __repr__(self):
        return f"LogUniform({self.low:g}, {self.high:g})"


class IntRange:
    """An integer drawn uniformly from low, low + 1, ..., high (both ends included), e.g. a layer width."""

    def __init__(self, low: int, high: int):
        self.low, self.high = check_int(low, "low"), check_int(high, "high")
        if not self.low <= self.high:
            raise ValueError(f"IntRange: expected low <= high, got low={low!r}, high={high!r}.")

    def sample(self, rng) -> int:
        return int(as_rng(rng).integers(self.low, self.high + 1))

    def __repr__(self):
        return f"IntRange({self.low}, {self.high})"


class Choice:
    """One of a list of options, each equally likely (a list in a space means the same)."""

    def __init__(self, options):
        self.options = check_list(options, "options")
        if not self.options:
            raise ValueError("Choice: expected at least one option, got an empty list.")

    def sample(self, rng):
        return self.options[int(as_rng(rng).integers(len(self.options)))]

    def __repr__(self):
        return f"Choice({self.options!r})"


def _values(values, name, who: str):
    """The values of one hyperparameter: a list for a list, tuple, range or 1-D array (a 0-D array is a fixed
    number); anything else (a number, a string, a distribution) as it is."""
    kind = "array" if isinstance(values, np.ndarray) else type(values).__name__
    if isinstance(values, np.ndarray):
        if values.ndim == 0:
            return values.item()
        if values.ndim > 1:
            raise ValueError(
                f"{who}: the values of {name!r} are a {values.ndim}-D array of shape {values.shape}; expected a "
                "1-D list of values. Fix: pass a 1-D array, or a list of the values you mean."
            )
        values = values.tolist()  # Python numbers, as in a list
    elif isinstance(values, (set, frozenset)):
        raise TypeError(
            f"{who}: the values of {name!r} are a set, whose order is not fixed; expected a list. "
            f"Fix: pass sorted({values!r:.40})."
        )
    elif isinstance(values, (tuple, range)):
        values = list(values)
    if isinstance(values, list) and not values:
        raise ValueError(
            f"{who}: the values of {name!r} are an empty {kind}; expected at least one value. "
            f"Fix: e.g. {{{name!r}: [0.01]}}."
        )
    return values


def _check_space(space, who: str) -> dict:
    """``space`` as a dict of hyperparameter names to a list of values, a distribution or a fixed value."""
    if not isinstance(space, dict) or not space:
        raise ValueError(
            f"{who}: expected a non-empty dict of hyperparameters, e.g. {{'lr': [0.01, 0.1]}}, got {space!r}."
        )
    return {name: _values(values, name, who) for name, values in space.items()}


def param_grid(grid: dict) -> list[dict]:
    """Every combination of the listed values, the first name varying slowest.

    Examples
    --------
    >>> param_grid({"lr": [0.1, 0.01], "hidden": [4, 8]})
    [{'lr': 0.1, 'hidden': 4}, {'lr': 0.1, 'hidden': 8}, {'lr': 0.01, 'hidden': 4}, {'lr': 0.01, 'hidden': 8}]
    """
    grid = _check_space(grid, "param_grid")
    for name, values in grid.items():
        if hasattr(values, "sample"):
            raise ValueError(
                f"param_grid: {name!r} is a distribution ({values!r}); a grid needs a list of values. "
                "Fix: use random_search for distributions."
            )
    options = [values if isinstance(values, list) else [values] for values in grid.values()]
    return [dict(zip(grid, combo)) for combo in itertools.product(*options)]


def _draw(values, rng):
    if hasattr(values, "sample"):
        return values.sample(rng)
    if isinstance(values, list):
        return values[int(rng.integers(len(values)))]
    return values


def param_sample(space: dict, n: int, rng=None) -> list[dict]:
    """``n`` settings drawn at random from ``space``, each name drawn in the order of the dict.

    The same ``rng`` seed gives the same settings.
    """
    space = _check_space(space, "param_sample")
    n = check_int(n, "n", low=1)
    rng = as_rng(rng)
    return [{name: _draw(values, rng) for name, values in space.items()} for _ in range(n)]


def describe(params: dict) -> str:
    """``params`` as a short line, e.g. ``lr=0.01, hidden=8``."""
    return ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in params.items())
