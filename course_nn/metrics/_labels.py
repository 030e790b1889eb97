"""Class labels for the metrics: input checks, the set of labels, and the zero-division rule.

Shared by ``confusion.py`` and ``classification.py`` (metrics of predicted labels) and ``scores.py``
(metrics of scores and probabilities). The rules are scikit-learn's, so that every metric gives the same
number as ``sklearn.metrics``: labels are sorted, a problem with at most two labels is binary, and a ratio
whose denominator is zero takes the value chosen by ``zero_division``.
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np


class UndefinedMetricWarning(UserWarning):
    """A metric divided by zero (for example precision with no predicted positives) and was given the
    value chosen by ``zero_division`` (0.0 by default)."""


def _is_text(a: np.ndarray) -> bool:
    return a.dtype.kind in "USO"


def as_labels(y, name: str, who: str) -> np.ndarray:
    """``y`` as a 1-D array of class labels (ints, strings, or floats with whole values).

    A column vector (N, 1) is flattened. Scores, probabilities and one-hot rows are refused with a fix.
    """
    try:
        a = np.asarray(y)
    except ValueError:  # a ragged nested list
        raise ValueError(
            f"{who}: {name} must be a 1-D array of class labels, got a nested list whose items have different lengths."
        ) from None
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim != 1:
        raise ValueError(
            f"{who}: {name} must be a 1-D array of class labels, got shape {a.shape}. "
            "Fix: for one-hot rows or class probabilities use y.argmax(axis=1)."
        )
    if a.size == 0:
        raise ValueError(f"{who}: {name} is empty; expected at least one sample.")
    if a.dtype.kind in "cO":  # complex numbers; or Python objects, which must be all ints or all strings
        kinds = sorted({type(v).__name__ for v in a.ravel()}) if a.dtype.kind == "O" else ["complex"]
        if not (all(isinstance(v, str) for v in a) or all(isinstance(v, numbers.Integral) for v in a)):
            raise TypeError(
                f"{who}: {name} holds values of type {', '.join(kinds)}; expected class labels, all ints "
                "or all strings. Fix: convert them, e.g. y.astype(int) or y.astype(str)."
            )
    if a.dtype.kind == "f" and not (np.isfinite(a).all() and np.all(a == np.round(a))):
        raise ValueError(
            f"{who}: {name} contains continuous values (e.g. {a[a != np.round(a)][:3]}), "
            "not class labels. Fix: turn probabilities into labels first, "
            "e.g. (p >= 0.5).astype(int)."
        )
    return a


def check_pair(y_true, y_pred, who: str):
    """Check true and predicted labels together.

    Returns
    -------
    y_true, y_pred : ndarray (N,)
    present : ndarray
        The labels that occur in either array, sorted.
    """
    y_true, y_pred = as_labels(y_true, "y_true", who), as_labels(y_pred, "y_pred", who)
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"{who}: y_true has {len(y_true)} labels but y_pred has {len(y_pred)}; expected one prediction per sample."
        )
    if _is_text(y_true) != _is_text(y_pred):
        raise ValueError(
            f"{who}: y_true and y_pred mix text and numeric labels "
            f"({y_true.dtype} and {y_pred.dtype}); expected one kind."
        )
    return y_true, y_pred, np.unique(np.concatenate([y_true, y_pred]))


def as_label_list(labels, like: np.ndarray, who: str) -> np.ndarray:
    """The ``labels`` option as an array of the same kind (text or numeric) as ``like``."""
    out = np.asarray(labels)
    if out.ndim != 1 or out.size == 0:
        raise ValueError(f"{who}: labels must be a non-empty list of class labels, got {labels!r}.")
    if _is_text(out) != _is_text(like):
        raise ValueError(
            f"{who}: labels {out.tolist()} and y_true {np.unique(like).tolist()} "
            "are not of the same kind (text and numbers)."
        )
    return out


def positive_label(y_true: np.ndarray, pos_label, who: str):
    """The positive class of a binary problem, inferred as scikit-learn does when ``pos_label`` is None.

    Labels {0, 1} or {-1, 1} (or a single one of them) make 1 the positive class; any other labels
    need ``pos_label``.
    """
    if pos_label is not None:
        return pos_label
    classes = np.unique(y_true)
    allowed = ([0, 1], [-1, 1], [0], [-1], [1])
    if _is_text(classes) or not any(classes.tolist() == a for a in allowed):
        raise ValueError(
            f"{who}: y_true takes the values {classes.tolist()} and pos_label is not given. "
            "Fix: code the labels as {0, 1} (or {-1, 1}), or pass pos_label=<the positive class>."
        )
    return 1


ZERO_DIVISION = ("warn", 0, 1, "np.nan")


def zero_division_value(zero_division, who: str) -> float:
    """The value a ratio takes when its denominator is 0: ``"warn"`` (0.0 and a warning), 0, 1 or np.nan."""
    if isinstance(zero_division, str):
        if zero_division == "warn":
            return 0.0
    elif isinstance(zero_division, (int, float)) and not isinstance(zero_division, bool):
        if np.isnan(zero_division) or zero_division in (0, 1):
            return float(zero_division)
    raise ValueError(f"{who}: zero_division must be one of {ZERO_DIVISION}, got {zero_division!r}.")


def divide(num, den, zero_division, who: str, what: str, reason: str) -> np.ndarray:
    """``num / den`` element-wise; where ``den == 0`` the result is set by ``zero_division``.

    With ``zero_division="warn"`` those entries are 0.0 and an ``UndefinedMetricWarning`` says why
    (``what`` is the metric's name, ``reason`` the empty count, e.g. ``"no predicted samples"``).
    """
    value = zero_division_value(zero_division, who)
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    zero = den == 0
    out = np.divide(num, den, out=np.full_like(num, value), where=~zero)
    if zero.any() and isinstance(zero_division, str):
        warnings.warn(
            f"{who}: {what} is ill-defined ({reason}: the denominator is 0) and is set to 0.0. "
            "Pass zero_division=0, 1 or np.nan to choose the value and silence this warning.",
            UndefinedMetricWarning,
            stacklevel=3,
        )
    return out
