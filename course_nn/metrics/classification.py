"""Metrics of predicted labels: accuracy, precision, recall, specificity, F-scores, MCC and a report.

Each is a ratio of the counts of ``confusion.py`` (TP, FP, FN, TN of a class against the rest). The names,
parameters and edge cases are scikit-learn's, so ``accuracy_score(y_true, y_pred)`` here gives the same
number as ``sklearn.metrics.accuracy_score(y_true, y_pred)``; ``specificity_score`` is the one course-only
addition (scikit-learn has no such function).

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

from .._checks import check_bool, check_list
from ._labels import as_label_list, check_pair, divide, indicator_pair
from .confusion import class_counts, count_pairs, multilabel_confusion_matrix


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


def accuracy_score(y_true, y_pred, *, normalize: bool = True) -> float:
    """Fraction of correct predictions (or their number, with ``normalize=False``).

    Two classes: (TP + TN) / (TP + TN + FP + FN). Any number of classes: trace(C) / N. Multi-label 0/1
    matrices (N, K): the subset accuracy, the fraction of samples whose every label is right (scikit-learn's).
    """
    pair = indicator_pair(y_true, y_pred, "accuracy_score")
    if pair is not None:
        correct = (pair[0] == pair[1]).all(axis=1)
    else:
        y_true, y_pred, _ = check_pair(y_true, y_pred, "accuracy_score")
        correct = y_true == y_pred
    return float(np.mean(correct)) if check_bool(normalize, "normalize") else float(np.sum(correct))


def balanced_accuracy_score(y_true, y_pred, *, adjusted: bool = False) -> float:
    """Mean of the per-class recalls, so that every class counts the same however rare it is.

    Two classes: (TPR + TNR) / 2 = (sensitivity + specificity) / 2. Classes that are predicted but never
    true have no recall and are left out (with a warning). ``adjusted=True`` rescales so that chance
    level is 0 and perfect is 1: (score - 1/K) / (1 - 1/K).
    """
    y_true, y_pred, present = check_pair(y_true, y_pred, "balanced_accuracy_score")
    C = multilabel_confusion_matrix(y_true, y_pred, labels=present)
    tp, support = C[:, 1, 1], C[:, 1, 1] + C[:, 1, 0]
    if (support == 0).any():
        warnings.warn(
            f"balanced_accuracy_score: y_pred contains classes not in y_true "
            f"({present[support == 0].tolist()}); they are left out.",
            UserWarning,
            stacklevel=2,
        )
    per_class = tp[support > 0] / support[support > 0]
    score = per_class.mean()
    if check_bool(adjusted, "adjusted"):
        chance = 1 / len(per_class)
        score = (score - chance) / (1 - chance)
    return float(score)


def precision_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", zero_division="warn"):
    """Of the samples predicted positive, the fraction that are positive: TP / (TP + FP).

    Also called positive predictive value (PPV). Parameters as in ``fbeta_score``. Undefined
    (``zero_division``) when nothing is predicted positive.
    """
    who = "precision_score"
    tp, fp, fn, _ = class_counts(y_true, y_pred, average=average, labels=labels, pos_label=pos_label, who=who)
    scores = divide(tp, tp + fp, zero_division, who, "precision", "no predicted samples, TP + FP = 0")
    return _average(scores, tp + fn, average)


def recall_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", zero_division="warn"):
    """Of the positive samples, the fraction predicted positive: TP / (TP + FN).

    Also called sensitivity, hit rate or true-positive rate (TPR). Parameters as in ``fbeta_score``.
    Undefined (``zero_division``) when there are no positive samples.
    """
    who = "recall_score"
    tp, _, fn, _ = class_counts(y_true, y_pred, average=average, labels=labels, pos_label=pos_label, who=who)
    scores = divide(tp, tp + fn, zero_division, who, "recall", "no true samples, TP + FN = 0")
    return _average(scores, tp + fn, average)


def specificity_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", zero_division="warn"):
    """Of the negative samples, the fraction predicted negative: TN / (TN + FP). (Course only.)

    Also called true-negative rate (TNR); 1 - specificity is the false-positive rate of the ROC curve.
    For two classes it is the recall of the negative class. Parameters as in ``fbeta_score``; averages
    weight by support as the other metrics do. scikit-learn has no ``specificity_score``: there, write
    ``recall_score(y_true, y_pred, pos_label=<the negative class>)``.
    """
    who = "specificity_score"
    tp, fp, fn, tn = class_counts(y_true, y_pred, average=average, labels=labels, pos_label=pos_label, who=who)
    scores = divide(tn, tn + fp, zero_division, who, "specificity", "no negative samples, TN + FP = 0")
    return _average(scores, tp + fn, average)


def _check_beta(beta) -> float:
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real) or np.isnan(beta) or beta < 0:
        raise ValueError(f"fbeta_score: beta must be a number >= 0 (np.inf allowed), got {beta!r}.")
    return float(beta)


def _fbeta(y_true, y_pred, beta, average, pos_label, labels, zero_division, who):
    tp, fp, fn, _ = class_counts(y_true, y_pred, average=average, labels=labels, pos_label=pos_label, who=who)
    if beta == np.inf:
        scores = divide(tp, tp + fn, zero_division, who, "F-score", "no true samples, TP + FN = 0")
    elif beta == 0:
        scores = divide(tp, tp + fp, zero_division, who, "F-score", "no predicted samples, TP + FP = 0")
    else:
        b2 = beta * beta
        scores = divide(
            (1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp, zero_division, who, "F-score", "no true nor predicted samples"
        )
    return _average(scores, tp + fn, average)


def fbeta_score(y_true, y_pred, *, beta: float, labels=None, pos_label=1, average="binary", zero_division="warn"):
    """F-beta score: a weighted harmonic mean of precision P and recall R.

    F_β = (1 + β²) P R / (β² P + R) = (1 + β²) TP / ((1 + β²) TP + β² FN + FP).

    β > 1 favours recall, β < 1 precision; β = 0 gives the precision, β = ∞ the recall.

    Parameters
    ----------
    y_true, y_pred : array_like (N,)
        Class labels; or multi-label 0/1 matrices (N, K), a column per label (then ``labels`` are column
        numbers, and ``average`` is not "binary").
    beta : float >= 0
    labels : array_like, optional
        The classes to average over (default: all labels present).
    pos_label : int or str
        The positive class for ``average="binary"``.
    average : {"binary", "micro", "macro", "weighted", None}
        "binary": the class ``pos_label`` only (two classes). Otherwise see the module docstring.
    zero_division : {"warn", 0, 1, np.nan}
        The value when TP + FN + FP = 0 (no true and no predicted samples of the class).

    Returns
    -------
    float, or ndarray (K,) for ``average=None``
    """
    return _fbeta(y_true, y_pred, _check_beta(beta), average, pos_label, labels, zero_division, "fbeta_score")


def f1_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", zero_division="warn"):
    """F1 score, the harmonic mean of precision and recall: 2 P R / (P + R) = 2 TP / (2 TP + FP + FN).

    ``fbeta_score`` with β = 1 (see there for the parameters).
    """
    return _fbeta(y_true, y_pred, 1.0, average, pos_label, labels, zero_division, "f1_score")


def matthews_corrcoef(y_true, y_pred) -> float:
    """Matthews correlation coefficient (MCC), the correlation between true and predicted classes (-1 ... 1).

    Two classes: (TP·TN - FP·FN) / sqrt((TP + FP)(TP + FN)(TN + FP)(TN + FN)).
    K classes, from the confusion matrix C with N samples, c = trace(C) correct, t_k = row sums (true
    counts) and p_k = column sums (predicted counts):
    (c·N - t·p) / sqrt((N² - p·p)(N² - t·t)).
    0 when the denominator is 0 (a constant prediction or truth).
    """
    y_true, y_pred, present = check_pair(y_true, y_pred, "matthews_corrcoef")
    C = count_pairs(y_true, y_pred, present)
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
        out a class), ``macro avg`` and ``weighted avg``. scikit-learn's ``classification_report``
        prints the same table as text, or returns its numbers as a dict with ``output_dict=True``.
    """
    import pandas as pd

    y_true, y_pred, present = check_pair(y_true, y_pred, "classification_report")
    labels = present if labels is None else as_label_list(labels, y_true, "classification_report")
    names = [str(label) for label in labels] if target_names is None else check_list(target_names, "target_names")
    if len(names) != len(labels):
        raise ValueError(f"classification_report: {len(labels)} classes but {len(names)} target_names.")
    kw = dict(labels=labels, zero_division=zero_division)
    support = multilabel_confusion_matrix(y_true, y_pred, labels=labels)[:, 1, :].sum(axis=1)
    table = pd.DataFrame(
        {
            "precision": precision_score(y_true, y_pred, average=None, **kw),
            "recall": recall_score(y_true, y_pred, average=None, **kw),
            "f1-score": f1_score(y_true, y_pred, average=None, **kw),
            "support": support,
        },
        index=names,
    )
    for average in ("micro", "macro", "weighted"):
        row = [f(y_true, y_pred, average=average, **kw) for f in (precision_score, recall_score, f1_score)]
        table.loc[f"{average} avg"] = row + [support.sum()]
    if set(present.tolist()) <= set(labels.tolist()):
        table.loc["micro avg", ["precision", "recall"]] = np.nan
        table = table.rename(index={"micro avg": "accuracy"})
    table["support"] = table["support"].astype(int)
    return table
