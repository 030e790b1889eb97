"""Counting predicted labels: the confusion matrix, and TP, FP, FN, TN of each class against the rest.

Everything about predicted labels starts from these counts. The confusion matrix has the true classes in
its rows and the predicted ones in its columns, labels sorted (as in scikit-learn), so a binary problem
ravels to ``(tn, fp, fn, tp)``. Counting one class against all the others gives that class's TP, FP, FN
and TN; every metric of ``classification.py`` is a ratio of them, for example precision = TP / (TP + FP).
"""

from __future__ import annotations

import warnings

import numpy as np

from ._labels import as_label_list, check_pair, indicator_pair, label_columns

AVERAGES = ("binary", "micro", "macro", "weighted", None)


def _encode(y: np.ndarray, labels: np.ndarray):
    """Position of each entry of ``y`` in ``labels`` (any order), and whether it was found."""
    order = np.argsort(labels, kind="stable")
    pos = np.clip(np.searchsorted(labels[order], y), 0, len(labels) - 1)
    return order[pos], labels[order][pos] == y


def count_pairs(y_true, y_pred, labels) -> np.ndarray:
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
            raise ValueError(
                f"confusion_matrix: none of labels={labels.tolist()} occurs in y_true; expected at least one of them."
            )
    if normalize not in (None, "true", "pred", "all"):
        raise ValueError(f"confusion_matrix: normalize must be None, 'true', 'pred' or 'all', got {normalize!r}.")
    C = count_pairs(y_true, y_pred, labels)
    if C.shape == (1, 1):
        warnings.warn(
            "confusion_matrix: only one label occurs in y_true and y_pred, so the matrix is 1×1. "
            "Fix: pass labels=[0, 1] (all the classes) to get the full matrix.",
            UserWarning,
            stacklevel=2,
        )
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
    y_true, y_pred : array_like (N,), or multi-label 0/1 matrices (N, K)
        For multi-label matrices each column is a label, scored against its own absence (scikit-learn's rule).
    labels : array_like, optional
        The classes, in this order (default: the labels present, sorted); for multi-label matrices the
        column numbers.

    Returns
    -------
    ndarray (K, 2, 2), int
    """
    pair = indicator_pair(y_true, y_pred, "multilabel_confusion_matrix")
    if pair is not None:
        T, P = pair
        cols = label_columns(labels, T.shape[1], "multilabel_confusion_matrix")
        return np.stack(_indicator_counts(T[:, cols], P[:, cols]), axis=1).reshape(-1, 2, 2)
    y_true, y_pred, present = check_pair(y_true, y_pred, "multilabel_confusion_matrix")
    labels = present if labels is None else as_label_list(labels, y_true, "multilabel_confusion_matrix")
    is_c = y_true[:, None] == labels[None, :]  # (N, K): the sample's true class is c
    said_c = y_pred[:, None] == labels[None, :]  # (N, K): the sample was predicted as c
    tp, fp = (is_c & said_c).sum(axis=0), (~is_c & said_c).sum(axis=0)
    fn, tn = (is_c & ~said_c).sum(axis=0), (~is_c & ~said_c).sum(axis=0)
    return np.stack([tn, fp, fn, tp], axis=1).reshape(-1, 2, 2)


def _indicator_counts(T: np.ndarray, P: np.ndarray):
    """TN, FP, FN, TP of each column of the multi-label bool matrices T (true) and P (predicted)."""
    return (~T & ~P).sum(axis=0), (~T & P).sum(axis=0), (T & ~P).sum(axis=0), (T & P).sum(axis=0)


def _ignored_pos_label(pos_label, average, who):
    if pos_label not in (None, 1):
        warnings.warn(
            f"{who}: pos_label={pos_label!r} is ignored with average={average!r}. "
            "Use labels=[pos_label] to score a single class.",
            UserWarning,
            stacklevel=4,
        )


def class_counts(y_true, y_pred, *, average, labels, pos_label, who):
    """TP, FP, FN, TN per class for the requested averaging (one entry per class; summed for "micro").

    ``average="binary"`` counts the class ``pos_label`` only; the others count each class of ``labels``
    (default: every label present) against the rest. Multi-label 0/1 matrices (N, K) count each column
    (``labels``: column numbers), as scikit-learn does; they have no "binary" average.
    """
    if average not in AVERAGES:
        raise ValueError(f"{who}: unknown average={average!r}; expected one of {list(AVERAGES)}.")
    pair = indicator_pair(y_true, y_pred, who)
    if pair is not None:
        T, P = pair
        if average == "binary":
            raise ValueError(
                f"{who}: y_true and y_pred are multi-label 0/1 matrices of shape {T.shape}, so there is no single "
                "positive class for average='binary'. Fix: pass average='macro', 'micro' or 'weighted' (or None "
                "for one value per label)."
            )
        _ignored_pos_label(pos_label, average, who)
        cols = label_columns(labels, T.shape[1], who)
        tn, fp, fn, tp = _indicator_counts(T[:, cols], P[:, cols])
        if average == "micro":
            tn, fp, fn, tp = (np.array([c.sum()]) for c in (tn, fp, fn, tp))
        return tp, fp, fn, tn
    y_true, y_pred, present = check_pair(y_true, y_pred, who)
    if labels is not None:
        labels = as_label_list(labels, y_true, who)
    if average == "binary":
        if len(present) > 2:
            raise ValueError(
                f"{who}: average='binary' needs two classes, but the labels are {present.tolist()}. "
                "Fix: pass average='macro', 'micro' or 'weighted' (or None for one value per class)."
            )
        if pos_label not in present.tolist() and len(present) == 2:
            raise ValueError(
                f"{who}: pos_label={pos_label!r} is not one of the labels {present.tolist()}. "
                "Fix: pass pos_label=<the positive class>."
            )
        labels = [pos_label]
    else:
        _ignored_pos_label(pos_label, average, who)
    tn, fp, fn, tp = multilabel_confusion_matrix(y_true, y_pred, labels=labels).reshape(-1, 4).T
    if average == "micro":
        tn, fp, fn, tp = (np.array([c.sum()]) for c in (tn, fp, fn, tp))
    return tp, fp, fn, tn
