"""Metrics of scores and probabilities: ROC and precision-recall curves, AUC, average precision,
log loss and the Brier score.

A classifier's score (a probability, or any number that is larger for "more positive") becomes a label
once it is compared with a threshold t: predict positive when score ≥ t. Sweeping t from the highest
score down traces a curve: the ROC curve (FPR = FP/N on x, TPR = TP/P on y) or the precision-recall
curve (recall on x, precision on y). Names, parameters, definitions and edge cases are scikit-learn's
(``sklearn.metrics.roc_auc_score`` ...).
"""

from __future__ import annotations

import warnings

import numpy as np

from .._checks import as_array, check_bool, check_option, warn_unless_rows_sum_to_1
from ._labels import UndefinedMetricWarning, as_indicator, as_label_list, as_labels, positive_label

AVERAGES = ("micro", "macro", "weighted", None)


# ---------------------------------------------------------------------------------------- input checks
def _score_vector(y_score, n: int, who: str) -> np.ndarray:
    """Scores of the positive class as a float vector (N,); a column (N, 1) is accepted."""
    s = as_array(y_score, "y_score", ndim=(1, 2))
    if s.ndim == 2:
        if s.shape[1] != 1:
            raise ValueError(
                f"{who}: y_score has shape {s.shape}; expected one score per sample. "
                "Fix: pass the positive class's column, e.g. y_score[:, 1]."
            )
        s = s[:, 0]
    if len(s) != n:
        raise ValueError(f"{who}: y_true has {n} labels but y_score has {len(s)} scores; expected one per sample.")
    return s


def _is_positive(y_true, pos_label, who: str) -> np.ndarray:
    """True where the sample belongs to the positive class."""
    y = as_labels(y_true, "y_true", who)
    if pos_label is None and len(np.unique(y)) > 2:
        raise ValueError(
            f"{who}: y_true has {len(np.unique(y))} classes; a curve is drawn for one class. "
            "Fix: pass pos_label=<that class> (the others count as negative)."
        )
    return y == positive_label(y, pos_label, who)


def _check_average(average, who: str):
    if average not in AVERAGES:
        raise ValueError(f"{who}: unknown average={average!r}; expected one of {list(AVERAGES)}.")


# ---------------------------------------------------------------------------------------- curves
def _counts_at_thresholds(is_pos: np.ndarray, score: np.ndarray):
    """FP(t) and TP(t) for every distinct score t, from the highest down (positive means score ≥ t)."""
    order = np.argsort(-score, kind="stable")
    s, y = score[order], is_pos[order]
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]  # last sample of each run of equal scores
    tps = np.cumsum(y)[last]
    fps = (last + 1) - tps
    return fps, tps, s[last]


def _roc(is_pos, score, drop_intermediate: bool, who: str):
    n_pos = int(is_pos.sum())
    if n_pos == 0 or n_pos == len(is_pos):
        raise ValueError(
            f"{who}: y_true has {n_pos} positive and {len(is_pos) - n_pos} negative samples; the ROC "
            "curve needs both (TPR = TP/P and FPR = FP/N divide by them). Fix: evaluate on data "
            "that holds both classes, e.g. a stratified split (train_test_split(..., stratify=y))."
        )
    fps, tps, thresholds = _counts_at_thresholds(is_pos, score)
    if drop_intermediate and len(fps) > 2:
        # keep the corners only: points where the curve changes direction
        bend = (np.diff(fps, 2) != 0) | (np.diff(tps, 2) != 0)
        keep = np.r_[True, bend, True]
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    fps, tps = np.r_[0, fps], np.r_[0, tps]
    thresholds = np.r_[np.inf, thresholds.astype(float)]
    return fps / fps[-1], tps / tps[-1], thresholds


def roc_curve(y_true, y_score, *, pos_label=None, drop_intermediate: bool = True):
    """Receiver operating characteristic: the false- and true-positive rates at every threshold.

    For each threshold t (the distinct scores, highest first) the samples with score ≥ t are called
    positive; then TPR(t) = TP / P (recall, sensitivity) and FPR(t) = FP / N (1 - specificity).

    Parameters
    ----------
    y_true : array_like (N,)
        Labels; {0, 1} or {-1, 1} make 1 positive, other labels need ``pos_label``.
    y_score : array_like (N,)
        Scores of the positive class (probabilities or any increasing score).
    pos_label : int or str, optional
    drop_intermediate : bool
        Leave out thresholds that lie on a straight segment of the curve (the curve is unchanged).

    Returns
    -------
    fpr, tpr : ndarray (M,)
        Increasing, from (0, 0) to (1, 1).
    thresholds : ndarray (M,)
        Decreasing; ``thresholds[0] = np.inf`` is the point (0, 0) where nothing is called positive.

    Raises
    ------
    ValueError
        if ``y_true`` holds a single class (scikit-learn warns and returns NaN instead).
    """
    is_pos = _is_positive(y_true, pos_label, "roc_curve")
    score = _score_vector(y_score, len(is_pos), "roc_curve")
    return _roc(is_pos, score, check_bool(drop_intermediate, "drop_intermediate"), "roc_curve")


def _pr(is_pos, score, drop_intermediate: bool, who: str):
    fps, tps, thresholds = _counts_at_thresholds(is_pos, score)
    if drop_intermediate and len(fps) > 2:
        # keep the ends of each run of thresholds with the same TP (the last one sets the precision)
        keep = np.r_[True, (np.diff(tps[:-1]) != 0) | (np.diff(tps[1:]) != 0), True]
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    precision = tps / (tps + fps)
    if tps[-1] == 0:
        warnings.warn(
            f"{who}: y_true has no positive sample, so recall is undefined; it is set to 1 at every threshold.",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        recall = np.ones(len(tps))
    else:
        recall = tps / tps[-1]
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def precision_recall_curve(y_true, y_score, *, pos_label=None, drop_intermediate: bool = False):
    """Precision TP / (TP + FP) and recall TP / P at every threshold.

    Parameters
    ----------
    y_true, y_score, pos_label
        As in ``roc_curve``.
    drop_intermediate : bool
        Leave out thresholds that do not change the curve's shape.

    Returns
    -------
    precision, recall : ndarray (M + 1,)
        By increasing threshold; recall decreases. The last point is (recall 0, precision 1), by
        convention, and has no threshold.
    thresholds : ndarray (M,)
        The distinct scores, increasing.
    """
    is_pos = _is_positive(y_true, pos_label, "precision_recall_curve")
    score = _score_vector(y_score, len(is_pos), "precision_recall_curve")
    return _pr(is_pos, score, check_bool(drop_intermediate, "drop_intermediate"), "precision_recall_curve")


# ---------------------------------------------------------------------------------------- areas
def auc(x, y) -> float:
    """Area under a curve through the points (x, y), by the trapezoid rule.

    AUC = Σ_i (x_{i+1} - x_i) (y_i + y_{i+1}) / 2, for x increasing or decreasing.
    """
    x, y = as_array(x, "x", ndim=1), as_array(y, "y", ndim=1)
    if len(x) != len(y):
        raise ValueError(f"auc: x has {len(x)} points but y has {len(y)}.")
    if len(x) < 2:
        raise ValueError(f"auc: at least 2 points are needed, got {len(x)}.")
    dx = np.diff(x)
    direction = 1.0
    if (dx < 0).any():
        if not (dx <= 0).all():
            raise ValueError("auc: x is neither increasing nor decreasing; sort the points by x first.")
        direction = -1.0
    return float(direction * np.sum(dx * (y[1:] + y[:-1]) / 2.0))


def _average_classes(metric, truth: np.ndarray, scores: np.ndarray, average):
    """One-vs-rest: ``metric`` on each column of ``truth`` (N, K) and ``scores`` (N, K), then averaged."""
    if average == "micro":
        return metric(truth.ravel(), scores.ravel())
    per_class = np.array([metric(truth[:, k], scores[:, k]) for k in range(truth.shape[1])])
    if average is None:
        return per_class
    return float(np.average(per_class, weights=truth.sum(axis=0) if average == "weighted" else None))


def _roc_area(is_pos, score):
    fpr, tpr, _ = _roc(is_pos, score, True, "roc_auc_score")
    return auc(fpr, tpr)


def _multilabel_scores(T: np.ndarray, y_score, who: str) -> np.ndarray:
    """The scores (N, K) for the multi-label truth T (N, K): one column per label."""
    S = as_array(y_score, "y_score", ndim=(1, 2))
    if S.shape != T.shape:
        raise ValueError(
            f"{who}: y_true is a multi-label 0/1 matrix of shape {T.shape}, so y_score must have the same shape "
            f"(a score column per label), got {S.shape}."
        )
    return S


def _ovr_classes(y, S, labels, who):
    """The classes that index the columns of S (N, K): ``labels`` (sorted, unique) or those of y."""
    classes = np.unique(y) if labels is None else np.asarray(labels)
    if labels is not None and (len(np.unique(classes)) != len(classes) or np.any(np.sort(classes) != classes)):
        raise ValueError(f"{who}: labels must be unique and sorted, got {classes.tolist()}.")
    if len(classes) != S.shape[1]:
        raise ValueError(
            f"{who}: {len(classes)} classes {classes.tolist()} but y_score has {S.shape[1]} columns; "
            "expected one column per class (pass labels=[...] if a class is missing from y_true)."
        )
    if not np.isin(y, classes).all():
        raise ValueError(f"{who}: y_true contains labels not in labels={classes.tolist()}.")
    return classes


def roc_auc_score(y_true, y_score, *, average="macro", multi_class="raise", labels=None) -> float:
    """Area under the ROC curve: the probability that a random positive scores above a random negative.

    1 is a perfect ranking, 0.5 is chance. Binary: ``auc(*roc_curve(y_true, y_score)[:2])`` with the
    larger label positive. Several classes (``multi_class="ovr"``, one-vs-rest): the AUC of each class
    against the rest, averaged ("macro", "weighted" by class size, or "micro" over all (sample, class)
    pairs); ``y_score`` is then (N, K) probabilities whose rows sum to 1. Multi-label (``y_true`` a 0/1
    matrix (N, K), ``y_score`` (N, K)): the AUC of each column, averaged the same way (scikit-learn's rule).

    Raises
    ------
    ValueError
        if a class has no positive or no negative samples (scikit-learn warns and returns NaN instead),
        or the problem has more than two classes and ``multi_class`` is not "ovr".

    scikit-learn's one-vs-one option (``multi_class="ovo"``) is not implemented here.
    """
    _check_average(average, "roc_auc_score")
    check_option(multi_class, "multi_class", ("raise", "ovr", "ovo"))
    T = as_indicator(y_true)
    if T is not None:
        return _average_classes(_roc_area, T, _multilabel_scores(T, y_score, "roc_auc_score"), average)
    y = as_labels(y_true, "y_true", "roc_auc_score")
    S = as_array(y_score, "y_score", ndim=(1, 2))
    classes = np.unique(y)
    if len(classes) <= 2 and (S.ndim == 1 or S.shape[1] <= 2):
        return _roc_area(y == classes[-1], _score_vector(S, len(y), "roc_auc_score"))
    if multi_class != "ovr":
        raise ValueError(
            f"roc_auc_score: y_true has {len(classes)} classes; pass multi_class='ovr' (each class "
            f"against the rest), got multi_class={multi_class!r}. ('ovo' is not implemented.)"
        )
    if S.ndim != 2 or len(S) != len(y):
        raise ValueError(f"roc_auc_score: y_score must have shape (N, K) = ({len(y)}, K), got {S.shape}.")
    if not np.allclose(S.sum(axis=1), 1):
        raise ValueError("roc_auc_score: the rows of y_score must be probabilities that sum to 1 (a softmax output).")
    classes = _ovr_classes(y, S, labels, "roc_auc_score")
    return _average_classes(_roc_area, y[:, None] == classes[None, :], S, average)


def _ap(is_pos, score):
    precision, recall, _ = _pr(is_pos, score, False, "average_precision_score")
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


def average_precision_score(y_true, y_score, *, average="macro", pos_label=1) -> float:
    """Average precision: the precision at each threshold weighted by the recall gained there.

    AP = Σ_n (R_n - R_{n-1}) P_n, a step-wise area under the precision-recall curve (no interpolation).
    Several classes: ``y_score`` is (N, K) and the AP of each class against the rest is averaged as in
    ``roc_auc_score``. With no positive sample the recall is undefined and AP is 0 (with a warning).
    Multi-label (``y_true`` a 0/1 matrix (N, K), ``y_score`` (N, K)): the AP of each column, averaged.
    """
    _check_average(average, "average_precision_score")
    T = as_indicator(y_true)
    if T is not None:
        if pos_label != 1:
            raise ValueError("average_precision_score: pos_label is fixed to 1 when y_true is multi-label.")
        return _average_classes(_ap, T, _multilabel_scores(T, y_score, "average_precision_score"), average)
    y = as_labels(y_true, "y_true", "average_precision_score")
    classes = np.unique(y)
    if len(classes) <= 2:
        if len(classes) == 2 and pos_label not in classes.tolist():
            raise ValueError(
                f"average_precision_score: pos_label={pos_label!r} is not one of the labels "
                f"{classes.tolist()}. Fix: pass pos_label=<the positive class>."
            )
        return _ap(y == pos_label, _score_vector(y_score, len(y), "average_precision_score"))
    if pos_label != 1:
        raise ValueError("average_precision_score: pos_label is fixed to 1 when y_true has several classes.")
    S = as_array(y_score, "y_score", ndim=2)
    if S.shape != (len(y), len(classes)):
        raise ValueError(
            f"average_precision_score: y_true has {len(classes)} classes, so y_score must have shape "
            f"{(len(y), len(classes))}, got {S.shape}."
        )
    return _average_classes(_ap, y[:, None] == classes[None, :], S, average)


# ---------------------------------------------------------------------------------------- probabilities
def _one_hot_truth(y_true, labels, who: str):
    """Y (N, K) with Y[i, k] = 1 if sample i is of class k; classes sorted (``labels`` or those of y)."""
    y = as_labels(y_true, "y_true", who)
    classes = np.unique(y if labels is None else as_label_list(labels, y, who))
    if labels is not None and not np.isin(y, classes).all():
        raise ValueError(
            f"{who}: y_true contains labels {np.setdiff1d(y, classes).tolist()} that are not "
            f"in labels={classes.tolist()}."
        )
    if len(classes) < 2:
        raise ValueError(
            f"{who}: only one class ({classes.tolist()}) is known. Fix: pass labels=[...] with all the classes."
        )
    return (y[:, None] == classes[None, :]).astype(float)


def _prob_matrix(y_proba, n: int, k: int, who: str) -> np.ndarray:
    """Probabilities as (N, K); a vector (N,) or column (N, 1) is P(class 1) and becomes [1 - p, p]."""
    P = as_array(y_proba, "y_proba", ndim=(1, 2))
    if len(P) != n:
        raise ValueError(f"{who}: y_true has {n} labels but y_proba has {len(P)} rows; expected one per sample.")
    if P.min() < 0 or P.max() > 1:
        raise ValueError(
            f"{who}: y_proba must hold probabilities in [0, 1], got values in [{P.min()}, {P.max()}]. "
            "Fix: apply sigmoid/softmax to scores first."
        )
    P = P.reshape(n, -1)
    if P.shape[1] == 1:
        P = np.hstack([1 - P, P])
    if P.shape[1] != k:
        raise ValueError(
            f"{who}: y_true has {k} classes but y_proba has {P.shape[1]} columns; expected one per "
            "class (pass labels=[...] if a class is missing from y_true)."
        )
    warn_unless_rows_sum_to_1(P, "y_proba", who, stacklevel=4)  # as CrossEntropy(from_logits=False) does
    return P


def log_loss(y_true, y_proba, *, normalize: bool = True, labels=None) -> float:
    """Cross-entropy of the predicted probabilities: -(1/N) Σ_i Σ_k y_ik log p_ik.

    Binary: -(1/N) Σ [y log p + (1 - y) log(1 - p)], with p = P(larger label). Probabilities are clipped
    to [ε, 1 - ε] (ε the float64 machine epsilon) so that log 0 never happens.

    Parameters
    ----------
    y_true : array_like (N,)
    y_proba : array_like (N,) or (N, K)
        P(positive class), or one column per class in sorted label order.
    normalize : bool
        Mean over samples (True) or sum (False).
    labels : array_like, optional
        All the classes, when ``y_true`` does not contain every one.
    """
    Y = _one_hot_truth(y_true, labels, "log_loss")
    eps = np.finfo(np.float64).eps
    P = np.clip(_prob_matrix(y_proba, len(Y), Y.shape[1], "log_loss"), eps, 1 - eps)
    per_sample = -np.sum(Y * np.log(P), axis=1)
    return float(per_sample.mean() if check_bool(normalize, "normalize") else per_sample.sum())


def _binary_truth_matrix(y_true, pos_label, who):
    """[1 - y, y] (N, 2) for a binary problem; pos_label defaults to 1 for {0, 1}/{-1, 1}, else the larger label."""
    y = as_labels(y_true, "y_true", who)
    classes = np.unique(y)
    if len(classes) > 2:
        raise ValueError(f"{who}: y_true has {len(classes)} classes, so y_proba must have one column per class.")
    try:
        pos_label = positive_label(y, pos_label, who)
    except ValueError:
        if y.dtype.kind in "USO":
            raise
        pos_label = classes[-1]
    is_pos = (y == pos_label).astype(float)
    return np.stack([1 - is_pos, is_pos], axis=1)


def brier_score_loss(y_true, y_proba, *, pos_label=None, labels=None, scale_by_half="auto") -> float:
    """Mean squared difference between predicted probabilities and what happened.

    Binary: (1/N) Σ (p_i - y_i)², p = P(positive class), y = 1 for the positive class, else 0.
    K classes: (1/N) Σ_i Σ_k (p_ik - y_ik)², which is twice the binary value for K = 2; so
    ``scale_by_half="auto"`` halves it for two columns and leaves it whole for three or more.
    0 is perfect.
    """
    if not isinstance(scale_by_half, (bool, np.bool_)) and not (
        isinstance(scale_by_half, str) and scale_by_half == "auto"
    ):
        error = ValueError if isinstance(scale_by_half, str) else TypeError
        raise error(f"scale_by_half: expected 'auto', True or False, got {scale_by_half!r}.")
    P = as_array(y_proba, "y_proba", ndim=(1, 2))
    if P.ndim == 1 or P.shape[1] == 1:
        Y = _binary_truth_matrix(y_true, pos_label, "brier_score_loss")
    else:
        Y = _one_hot_truth(y_true, labels, "brier_score_loss")
    P = _prob_matrix(P, len(Y), Y.shape[1], "brier_score_loss")
    score = float(np.mean(np.sum((Y - P) ** 2, axis=1)))
    half = P.shape[1] < 3 if scale_by_half == "auto" else bool(scale_by_half)
    return 0.5 * score if half else score
