"""Regression metrics: how far the predictions ŷ are from the targets y.

Each takes ``y_true`` and ``y_pred`` of shape (N,) or (N, n_outputs) (a column (N, 1) and a vector (N,)
mix freely) and returns one number averaged over the outputs, or one per output with
``multioutput="raw_values"``. Names, parameters, definitions and edge cases are scikit-learn's
(``sklearn.metrics.mean_squared_error`` ...).
"""

from __future__ import annotations

import warnings

import numpy as np

from .._checks import as_array
from ._labels import UndefinedMetricWarning

MULTIOUTPUT = ("uniform_average", "raw_values")


def _check(y_true, y_pred, multioutput, who, options=MULTIOUTPUT):
    """Both as float arrays of shape (N, n_outputs), after checking lengths and output counts."""
    y_true = as_array(y_true, "y_true", ndim=(1, 2))
    y_pred = as_array(y_pred, "y_pred", ndim=(1, 2))
    y_true = y_true.reshape(len(y_true), -1)
    y_pred = y_pred.reshape(len(y_pred), -1)
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"{who}: y_true has {len(y_true)} rows but y_pred has {len(y_pred)}; expected one prediction per sample."
        )
    if y_true.shape[1] != y_pred.shape[1]:
        raise ValueError(f"{who}: y_true has {y_true.shape[1]} outputs but y_pred has {y_pred.shape[1]}.")
    if multioutput not in options:
        raise ValueError(f"{who}: unknown multioutput={multioutput!r}; expected one of {list(options)}.")
    return y_true, y_pred


def _combine(per_output: np.ndarray, multioutput, weights=None):
    """One value per output for "raw_values", otherwise their (weighted) mean as a float."""
    if multioutput == "raw_values":
        return per_output
    return float(np.average(per_output, weights=weights))


def mean_squared_error(y_true, y_pred, *, multioutput="uniform_average"):
    """Mean squared error (MSE): (1/N) Σ (y - ŷ)²."""
    y_true, y_pred = _check(y_true, y_pred, multioutput, "mean_squared_error")
    return _combine(np.mean((y_true - y_pred) ** 2, axis=0), multioutput)


def mean_absolute_error(y_true, y_pred, *, multioutput="uniform_average"):
    """Mean absolute error (MAE): (1/N) Σ |y - ŷ|."""
    y_true, y_pred = _check(y_true, y_pred, multioutput, "mean_absolute_error")
    return _combine(np.mean(np.abs(y_true - y_pred), axis=0), multioutput)


def median_absolute_error(y_true, y_pred, *, multioutput="uniform_average"):
    """Median of |y - ŷ|: robust to a few wild errors."""
    y_true, y_pred = _check(y_true, y_pred, multioutput, "median_absolute_error")
    return _combine(np.median(np.abs(y_true - y_pred), axis=0), multioutput)


def max_error(y_true, y_pred) -> float:
    """Largest absolute error, max |y - ŷ| (one output only)."""
    y_true, y_pred = _check(y_true, y_pred, "uniform_average", "max_error")
    if y_true.shape[1] != 1:
        raise ValueError(f"max_error: expected one output, got {y_true.shape[1]}. Fix: call it on each column.")
    return float(np.max(np.abs(y_true - y_pred)))


def mean_absolute_percentage_error(y_true, y_pred, *, multioutput="uniform_average"):
    """Mean absolute percentage error (MAPE): (1/N) Σ |y - ŷ| / max(|y|, ε), ε the float64 machine epsilon.

    A fraction, not a percentage (0.1 means 10 %). Huge when some y are near 0, since they divide.
    """
    y_true, y_pred = _check(y_true, y_pred, multioutput, "mean_absolute_percentage_error")
    eps = np.finfo(np.float64).eps
    return _combine(np.mean(np.abs(y_pred - y_true) / np.maximum(np.abs(y_true), eps), axis=0), multioutput)


def r2_score(y_true, y_pred, *, multioutput="uniform_average"):
    """Coefficient of determination: R² = 1 - Σ (y - ŷ)² / Σ (y - ȳ)².

    1 is perfect, 0 is as good as always predicting the mean ȳ, negative is worse than that.
    For a constant y (zero denominator) R² is 1 if the predictions are exact and 0 otherwise; with
    fewer than two samples it is NaN (with a warning). ``multioutput="variance_weighted"`` weights
    the outputs by the variance of y.
    """
    y_true, y_pred = _check(y_true, y_pred, multioutput, "r2_score", MULTIOUTPUT + ("variance_weighted",))
    if len(y_true) < 2:
        warnings.warn(
            "r2_score: R² is not defined with fewer than two samples; returning NaN.",
            UndefinedMetricWarning,
            stacklevel=2,
        )
        return float("nan")
    residual = np.sum((y_true - y_pred) ** 2, axis=0)
    spread = np.sum((y_true - y_true.mean(axis=0)) ** 2, axis=0)
    varies = spread != 0
    score = np.where(residual == 0, 1.0, 0.0)  # constant y: exact or not
    score[varies] = 1 - residual[varies] / spread[varies]
    weights = spread if multioutput == "variance_weighted" and spread.any() else None
    return _combine(score, "raw_values" if multioutput == "raw_values" else "uniform_average", weights)
