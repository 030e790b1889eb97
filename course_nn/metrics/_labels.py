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
        hint = ""
        if as_indicator(a) is not None:
            hint = (
                f" For multi-label 0/1 rows, pass y_true and y_pred both of shape {a.shape} to a metric that "
                "takes them (accuracy_score, precision_score, recall_score, f1_score, roc_auc_score, "
                "average_precision_score), or score each column on its own."
            )
        raise ValueError(
            f"{who}: {name} must be a 1-D array of class labels, got shape {a.shape}. "
            "Fix: for one-hot rows or class probabilities use y.argmax(axis=1)." + hint
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
    if a.dtype.kind == "f" and not np.isfinite(a).all():
        raise ValueError(
            f"{who}: {name} contains {int(a.size - np.isfinite(a).sum())} NaN or infinite value(s); expected "
            "class labels. Fix: drop those samples or fill in their labels first."
        )
    if a.dtype.kind == "f" and not np.all(a == np.round(a)):
        raise ValueError(
            f"{who}: {name} contains continuous values (e.g. {a[a != np.round(a)][:3]}), "
            "not class labels. Fix: turn probabilities into labels first, "
            "e.g. (p >= 0.5).astype(int)."
        )
    return a


def as_indicator(y):
    """``y`` as a multi-label indicator matrix, bool (N, K) with K >= 2, when it is one: a 2-D array of 0s and
    1s (scikit-learn's "multilabel-indicator"; one-hot rows are one too); otherwise None."""
    try:
        a = np.asarray(y)
    except ValueError:  # a ragged nested list: as_labels says so
        return None
    if a.ndim != 2 or a.shape[1] < 2 or a.shape[0] == 0 or a.dtype.kind not in "biuf":
        return None
    return a.astype(bool) if np.isin(a, (0, 1)).all() else None


def indicator_pair(y_true, y_pred, who: str):
    """(T, P), bool (N, K), when ``y_true`` and ``y_pred`` are both multi-label 0/1 matrices (see
    ``as_indicator``) of one shape; None when either is not one (then they are checked as label vectors)."""
    T, P = as_indicator(y_true), as_indicator(y_pred)
    if T is None or P is None:
        return None
    if T.shape != P.shape:
        raise ValueError(
            f"{who}: y_true has shape {T.shape} but y_pred has shape {P.shape}; expected multi-label 0/1 "
            "matrices of one shape (a row per sample, a column per label)."
        )
    return T, P


def label_columns(labels, k: int, who: str) -> np.ndarray:
    """The ``labels`` option for multi-label matrices of ``k`` columns: column numbers 0 .. k-1, each once."""
    if labels is None:
        return np.arange(k)
    cols = np.asarray(labels)
    if (
        cols.ndim != 1
        or cols.size == 0
        or cols.dtype.kind not in "iu"
        or cols.min() < 0
        or cols.max() >= k
        or len(np.unique(cols)) != len(cols)
    ):
        raise ValueError(
            f"{who}: labels must be column numbers 0 .. {k - 1} of the multi-label matrices, each once, got "
            f"{labels!r}. Fix: pass labels=None for every column, or e.g. labels=[0, {k - 1}]."
        )
    return cols


def check_pair(y_true, y_pred, who: str):
    """Check true and predicted labels together (one class label per sample; multi-label matrices are
    refused with a fix: the metrics that take them check ``indicator_pair`` first).

    Returns
    -------
    y_true, y_pred : ndarray (N,)
    present : ndarray
        The labels that occur in either array, sorted.
    """
    pair = indicator_pair(y_true, y_pred, who)
    if pair is not None:
        n, k = pair[0].shape
        raise ValueError(
            f"{who}: y_true and y_pred are multi-label 0/1 matrices of shape {(n, k)}; {who} expects one class "
            f"label per sample. Fix: for one-hot rows pass y_true.argmax(axis=1) and y_pred.argmax(axis=1); for "
            f"multi-label rows score each label's column on its own, [{who}(y_true[:, j], y_pred[:, j]) for j in "
            f"range({k})]."
        )
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
    values, counts = np.unique(out, return_counts=True)
    if (counts > 1).any():
        raise ValueError(
            f"{who}: labels must list each class once, got {out.tolist()} ({values[counts > 1].tolist()} more "
            f"than once). Fix: labels={list(dict.fromkeys(out.tolist()))}."
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
