"""Evaluation metrics in NumPy, with scikit-learn's definitions, layout and edge cases.

Everything about predicted labels starts from the confusion matrix: rows are the true classes, columns the
predicted ones, labels sorted (as in scikit-learn), so a binary problem ravels to ``(tn, fp, fn, tp)``.
Counting one class against the rest gives its TP, FP, FN, TN, and every metric below is a ratio of those
counts, for example precision = TP / (TP + FP).

This module also gathers the metrics of scores and probabilities (ROC, PR, AUC, log loss, Brier:
``metrics_scores.py``) and the regression metrics (``metrics_regression.py``), so every metric is
``course_nn.metrics.<name>`` and ``fit(..., metrics=["f1"])`` can find it by name.

Averaging (precision, recall, specificity, F): ``"binary"`` reports the class ``pos_label``; ``"macro"``
is the plain mean over classes; ``"weighted"`` weights each class by its support (its number of true
samples); ``"micro"`` adds the counts of all classes first; ``None`` returns one value per class.
A ratio whose denominator is 0 takes the value ``zero_division``: ``"warn"`` (0.0 with an
``UndefinedMetricWarning``), 0, 1 or ``np.nan`` (left out of the averages).
"""
from __future__ import annotations

import numbers
import warnings

import numpy as np

from ._labels import UndefinedMetricWarning, as_label_list, check_pair, divide
from .metrics_regression import mae, mape, max_error, median_absolute_error, mse, r2
from .metrics_scores import (auc, average_precision, brier_score, log_loss, precision_recall_curve, roc_auc,
                             roc_curve)

__all__ = [
    "UndefinedMetricWarning", "confusion_matrix", "multilabel_confusion_matrix", "accuracy", "balanced_accuracy",
    "precision", "recall", "specificity", "fbeta", "f1", "mcc", "classification_report",
    "roc_curve", "auc", "roc_auc", "precision_recall_curve", "average_precision", "log_loss", "brier_score",
    "mse", "mae", "r2", "max_error", "mape", "median_absolute_error",
]

AVERAGES = ("binary", "micro", "macro", "weighted", None)


# ---------------------------------------------------------------------------------------- confusion matrices
def _encode(y: np.ndarray, labels: np.ndarray):
    """Position of each entry of ``y`` in ``labels`` (any order), and whether it was found."""
    order = np.argsort(labels, kind="stable")
    pos = np.clip(np.searchsorted(labels[order], y), 0, len(labels) - 1)
    return order[pos], labels[order][pos] == y


def _count_pairs(y_true, y_pred, labels) -> np.ndarray:
    """C[i, j] = number of samples with true class labels[i] and predicted class labels[j]."""
    (i, i_ok), (j, j_ok) = _encode(y_true, labels), _encode(y_pred, labels)
    C = np.zeros((len(labels), len(labels)), dtype=np.int64)
    np.add.at(C, (i[i_ok & j_ok], j[i_ok & j_ok]), 1)
    return C


def confusion_matrix(y_true, y_pred, *, labels=None, normalize=None) -> np.ndarray:
    """Count how often each true class was predicted as each class.

    ``C[i, j]`` is the number of samples of true class ``labels[i]`` predicted as ``labels[j]``: rows are
    true, columns predicted. For two classes 0/1 this is ``[[TN, FP], [FN, TP]]`` (the slides draw
    ``[[TP, FN], [FP, TN]]``, positive first), so ``tn, fp, fn, tp = confusion_matrix(y, p).ravel()``.

    Parameters
    ----------
    y_true, y_pred : array_like (N,)
        Class labels (ints or strings).
    labels : array_like, optional
        The classes to count, in this order. Default: every label in ``y_true`` or ``y_pred``, sorted.
        Samples whose true or predicted class is not listed are left out.
    normalize : {None, "true", "pred", "all"}
        Divide by the row sums (per true class, the diagonal is then the recall), the column sums, or N.

    Returns
    -------
    ndarray (K, K), int (float when normalized)

    Examples
    --------
    >>> confusion_matrix([0, 1, 0, 1], [1, 1, 1, 0]).ravel().tolist()  # tn, fp, fn, tp
    [0, 2, 1, 1]
    """
    y_true, y_pred, present = check_pair(y_true, y_pred, "confusion_matrix")
    if labels is None:
        labels = present
    else:
        labels = as_label_list(labels, y_true, "confusion_matrix")
        if not np.isin(y_true, labels).any():
            raise ValueError(f"confusion_matrix: none of labels={labels.tolist()} occurs in y_true; "
                             "expected at least one of them.")
    if normalize not in (None, "true", "pred", "all"):
        raise ValueError(f"confusion_matrix: normalize must be None, 'true', 'pred' or 'all', got {normalize!r}.")
    C = _count_pairs(y_true, y_pred, labels)
    if C.shape == (1, 1):
        warnings.warn("confusion_matrix: only one label occurs in y_true and y_pred, so the matrix is 1×1. "
                      "Fix: pass labels=[0, 1] (all the classes) to get the full matrix.", UserWarning, stacklevel=2)
    if normalize is None:
        return C
    total = {"true": C.sum(axis=1, keepdims=True), "pred": C.sum(axis=0, keepdims=True), "all": C.sum()}[normalize]
    return np.divide(C, total, out=np.zeros(C.shape), where=total != 0)


def multilabel_confusion_matrix(y_true, y_pred, *, labels=None) -> np.ndarray:
    """One 2×2 confusion matrix per class, that class against all the others.

    For class c: TP = true c and predicted c, FP = predicted c but not c, FN = c but predicted something
    else, TN = everything else. Each matrix is ``[[TN, FP], [FN, TP]]``.

    Parameters
    ----------
    y_true, y_pred : array_like (N,)
    labels : array_like, optional
        The classes, in this order (default: the labels present, sorted).

    Returns
    -------
    ndarray (K, 2, 2), int
    """
    y_true, y_pred, present = check_pair(y_true, y_pred, "multilabel_confusion_matrix")
    labels = present if labels is None else as_label_list(labels, y_true, "multilabel_confusion_matrix")
    is_c = y_true[:, None] == labels[None, :]       # (N, K): the sample's true class is c
    said_c = y_pred[:, None] == labels[None, :]     # (N, K): the sample was predicted as c
    tp, fp = (is_c & said_c).sum(axis=0), (~is_c & said_c).sum(axis=0)
    fn, tn = (is_c & ~said_c).sum(axis=0), (~is_c & ~said_c).sum(axis=0)
    return np.stack([tn, fp, fn, tp], axis=1).reshape(-1, 2, 2)


def _counts(y_true, y_pred, *, average, labels, pos_label, who):
    """Per-class TP, FP, FN, TN for the requested averaging (summed over classes for "micro")."""
    if average not in AVERAGES:
        raise ValueError(f"{who}: unknown average={average!r}; expected one of {list(AVERAGES)}.")
    y_true, y_pred, present = check_pair(y_true, y_pred, who)
    if average == "binary":
        if len(present) > 2:
            raise ValueError(f"{who}: average='binary' needs two classes, but the labels are {present.tolist()}. "
                             "Fix: pass average='macro', 'micro' or 'weighted' (or None for one value per class).")
        if pos_label not in present.tolist() and len(present) == 2:
            raise ValueError(f"{who}: pos_label={pos_label!r} is not one of the labels {present.tolist()}. "
                             "Fix: pass pos_label=<the positive class>.")
        labels = [pos_label]
    elif pos_label not in (None, 1):
        warnings.warn(f"{who}: pos_label={pos_label!r} is ignored with average={average!r}. "
                      "Use labels=[pos_label] to score a single class.", UserWarning, stacklevel=3)
    tn, fp, fn, tp = multilabel_confusion_matrix(y_true, y_pred, labels=labels).reshape(-1, 4).T
    if average == "micro":
        tn, fp, fn, tp = (np.array([c.sum()]) for c in (tn, fp, fn, tp))
    return tp, fp, fn, tn


def _average(scores: np.ndarray, support: np.ndarray, average):
    """Combine per-class scores: NaN entries are left out; "weighted" weighs each class by its support."""
    if average is None:
        return scores
    keep = ~np.isnan(scores)
    if not keep.any():
        return float("nan")
    if average == "weighted" and support[keep].sum() > 0:
        return float(np.average(scores[keep], weights=support[keep]))
    return float(scores[keep].mean())


# ---------------------------------------------------------------------------------------- metrics of labels
def accuracy(y_true, y_pred) -> float:
    """Fraction of correct predictions.

    Two classes: (TP + TN) / (TP + TN + FP + FN). Any number of classes: trace(C) / N.
    scikit-learn: ``accuracy_score``.
    """
    y_true, y_pred, _ = check_pair(y_true, y_pred, "accuracy")
    return float(np.mean(y_true == y_pred))


def balanced_accuracy(y_true, y_pred, *, adjusted: bool = False) -> float:
    """Mean of the per-class recalls, so that every class counts the same however rare it is.

    Two classes: (TPR + TNR) / 2 = (sensitivity + specificity) / 2. Classes that are predicted but never
    true have no recall and are left out (with a warning). ``adjusted=True`` rescales so that chance
    level is 0 and perfect is 1: (score - 1/K) / (1 - 1/K). scikit-learn: ``balanced_accuracy_score``.
    """
    y_true, y_pred, present = check_pair(y_true, y_pred, "balanced_accuracy")
    C = multilabel_confusion_matrix(y_true, y_pred, labels=present)
    tp, support = C[:, 1, 1], C[:, 1, 1] + C[:, 1, 0]
    if (support == 0).any():
        warnings.warn(f"balanced_accuracy: y_pred contains classes not in y_true "
                      f"({present[support == 0].tolist()}); they are left out.", UserWarning, stacklevel=2)
    per_class = tp[support > 0] / support[support > 0]
    score = per_class.mean()
    if adjusted:
        chance = 1 / len(per_class)
        score = (score - chance) / (1 - chance)
    return float(score)


def precision(y_true, y_pred, *, average="binary", pos_label=1, labels=None, zero_division="warn"):
    """Of the samples predicted positive, the fraction that are positive: TP / (TP + FP).

    Also called positive predictive value (PPV). Parameters as in ``fbeta``; scikit-learn:
    ``precision_score``. Undefined (zero_division) when nothing is predicted positive.
    """
    tp, fp, fn, _ = _counts(y_true, y_pred, average=average, labels=labels, pos_label=pos_label, who="precision")
    scores = divide(tp, tp + fp, zero_division, "precision", "precision", "no predicted samples, TP + FP = 0")
    return _average(scores, tp + fn, average)


def recall(y_true, y_pred, *, average="binary", pos_label=1, labels=None, zero_division="warn"):
    """Of the positive samples, the fraction predicted positive: TP / (TP + FN).

    Also called sensitivity, hit rate or true-positive rate (TPR). Parameters as in ``fbeta``;
    scikit-learn: ``recall_score``. Undefined (zero_division) when there are no positive samples.
    """
    tp, _, fn, _ = _counts(y_true, y_pred, average=average, labels=labels, pos_label=pos_label, who="recall")
    scores = divide(tp, tp + fn, zero_division, "recall", "recall", "no true samples, TP + FN = 0")
    return _average(scores, tp + fn, average)


def specificity(y_true, y_pred, *, average="binary", pos_label=1, labels=None, zero_division="warn"):
    """Of the negative samples, the fraction predicted negative: TN / (TN + FP).

    Also called true-negative rate (TNR); 1 - specificity is the false-positive rate of the ROC curve.
    For two classes it is the recall of the negative class. Parameters as in ``fbeta``; averages weight
    by support as the other metrics do. scikit-learn has no ``specificity_score``: use
    ``recall_score(y_true, y_pred, pos_label=<the negative class>)``.
    """
    tp, fp, fn, tn = _counts(y_true, y_pred, average=average, labels=labels, pos_label=pos_label,
                             who="specificity")
    scores = divide(tn, tn + fp, zero_division, "specificity", "specificity", "no negative samples, TN + FP = 0")
    return _average(scores, tp + fn, average)


def _check_beta(beta) -> float:
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real) or np.isnan(beta) or beta < 0:
        raise ValueError(f"fbeta: beta must be a number >= 0 (np.inf allowed), got {beta!r}.")
    return float(beta)


def _fbeta(y_true, y_pred, beta, average, pos_label, labels, zero_division, who):
    tp, fp, fn, _ = _counts(y_true, y_pred, average=average, labels=labels, pos_label=pos_label, who=who)
    if beta == np.inf:
        scores = divide(tp, tp + fn, zero_division, who, "F-score", "no true samples, TP + FN = 0")
    elif beta == 0:
        scores = divide(tp, tp + fp, zero_division, who, "F-score", "no predicted samples, TP + FP = 0")
    else:
        b2 = beta * beta
        scores = divide((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp, zero_division, who, "F-score",
                        "no true nor predicted samples")
    return _average(scores, tp + fn, average)


def fbeta(y_true, y_pred, *, beta: float, average="binary", pos_label=1, labels=None, zero_division="warn"):
    """F-beta score: a weighted harmonic mean of precision P and recall R.

    F_β = (1 + β²) P R / (β² P + R) = (1 + β²) TP / ((1 + β²) TP + β² FN + FP).

    β > 1 favours recall, β < 1 precision; β = 0 gives the precision, β = ∞ the recall.

    Parameters
    ----------
    y_true, y_pred : array_like (N,)
        Class labels.
    beta : float >= 0
    average : {"binary", "micro", "macro", "weighted", None}
        "binary": the class ``pos_label`` only (two classes). Otherwise see the module docstring.
    pos_label : label
        The positive class for ``average="binary"``.
    labels : array_like, optional
        The classes to average over (default: all labels present).
    zero_division : {"warn", 0, 1, np.nan}
        The value when TP + FN + FP = 0 (no true and no predicted samples of the class).

    Returns
    -------
    float, or ndarray (K,) for ``average=None``

    scikit-learn: ``fbeta_score``.
    """
    return _fbeta(y_true, y_pred, _check_beta(beta), average, pos_label, labels, zero_division, "fbeta")


def f1(y_true, y_pred, *, average="binary", pos_label=1, labels=None, zero_division="warn"):
    """F1 score, the harmonic mean of precision and recall: 2 P R / (P + R) = 2 TP / (2 TP + FP + FN).

    ``fbeta`` with β = 1 (see there for the parameters). scikit-learn: ``f1_score``.
    """
    return _fbeta(y_true, y_pred, 1.0, average, pos_label, labels, zero_division, "f1")


def mcc(y_true, y_pred) -> float:
    """Matthews correlation coefficient, the correlation between true and predicted classes (-1 ... 1).

    Two classes: (TP·TN - FP·FN) / sqrt((TP + FP)(TP + FN)(TN + FP)(TN + FN)).
    K classes, from the confusion matrix C with N samples, c = trace(C) correct, t_k = row sums (true
    counts) and p_k = column sums (predicted counts):
    (c·N - t·p) / sqrt((N² - p·p)(N² - t·t)).
    0 when the denominator is 0 (a constant prediction or truth). scikit-learn: ``matthews_corrcoef``.
    """
    y_true, y_pred, present = check_pair(y_true, y_pred, "mcc")
    C = _count_pairs(y_true, y_pred, present)
    t, p = C.sum(axis=1).astype(float), C.sum(axis=0).astype(float)
    n, c = float(C.sum()), float(np.trace(C))
    denominator = (n * n - p @ p) * (n * n - t @ t)
    return 0.0 if denominator == 0 else float((c * n - t @ p) / np.sqrt(denominator))


def classification_report(y_true, y_pred, *, labels=None, target_names=None, zero_division="warn"):
    """Precision, recall, F1 and support of every class, and their averages, as a table.

    Parameters
    ----------
    y_true, y_pred : array_like (N,)
    labels : array_like, optional
        The classes to report (default: all labels present, sorted).
    target_names : list of str, optional
        Row names for the classes (default: the labels as text).
    zero_division : {"warn", 0, 1, np.nan}

    Returns
    -------
    pandas.DataFrame
        Columns ``precision, recall, f1-score, support``; one row per class, then ``accuracy`` (its value
        in the f1-score column, as scikit-learn prints it; ``micro avg`` instead when ``labels`` leaves
        out a class), ``macro avg`` and ``weighted avg``. scikit-learn: ``classification_report``
        (``output_dict=True`` gives the same numbers).
    """
    import pandas as pd

    y_true, y_pred, present = check_pair(y_true, y_pred, "classification_report")
    labels = present if labels is None else as_label_list(labels, y_true, "classification_report")
    names = [str(label) for label in labels] if target_names is None else list(target_names)
    if len(names) != len(labels):
        raise ValueError(f"classification_report: {len(labels)} classes but {len(names)} target_names.")
    kw = dict(labels=labels, zero_division=zero_division)
    support = multilabel_confusion_matrix(y_true, y_pred, labels=labels)[:, 1, :].sum(axis=1)
    table = pd.DataFrame({"precision": precision(y_true, y_pred, average=None, **kw),
                          "recall": recall(y_true, y_pred, average=None, **kw),
                          "f1-score": f1(y_true, y_pred, average=None, **kw),
                          "support": support}, index=names)
    for average in ("micro", "macro", "weighted"):
        row = [f(y_true, y_pred, average=average, **kw) for f in (precision, recall, f1)]
        table.loc[f"{average} avg"] = row + [support.sum()]
    if set(present.tolist()) <= set(labels.tolist()):
        table.loc["micro avg", ["precision", "recall"]] = np.nan
        table = table.rename(index={"micro avg": "accuracy"})
    table["support"] = table["support"].astype(int)
    return table
