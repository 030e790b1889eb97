"""Figures for the evaluation notebook: confusion matrices in two layouts, ROC and precision-recall
curves (with how they are built and how to read them), score histograms and the k-fold diagram.

Every function draws on ``ax`` (or ``axes``) when given, otherwise on a new figure, and returns the Axes.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from .._checks import as_array, check_int, check_list, check_pair
from ..metrics._labels import as_labels
from . import _axes, finish_axes

POS, NEG = "C3", "C0"  # positive class red, negative class blue, everywhere in the notebook


# ---------------------------------------------------------------- confusion matrices
# The two layouts of a 2×2 confusion matrix: the count in each cell (by row), title, row and column labels.
_LAYOUTS = [
    (
        [["tp", "fn"], ["fp", "tn"]],
        "slides: positive class first",
        ["actual +", "actual −"],
        ["predicted +", "predicted −"],
    ),
    (
        [["tn", "fp"], ["fn", "tp"]],
        "scikit-learn / course_nn: labels sorted",
        ["true 0", "true 1"],
        ["predicted 0", "predicted 1"],
    ),
]


def _matrix_cells(ax, counts, cells, title, row_labels, col_labels):
    """One 2×2 matrix: each cell shows its count's name and value; the diagonal (correct predictions) is shaded."""
    right, wrong = (0.78, 0.91, 0.75), (0.99, 0.80, 0.75)  # light green: correct, light red: errors
    ax.imshow(np.array([[right if i == j else wrong for j in range(2)] for i in range(2)]))
    for i in range(2):
        for j in range(2):
            name = cells[i][j]
            ax.text(j, i, f"{name.upper()}\n{counts[name]}", ha="center", va="center", fontsize=12)
    ax.set_xticks([0, 1], col_labels)
    ax.set_yticks([0, 1], row_labels)
    ax.xaxis.set_ticks_position("top")
    ax.set_title(title, fontsize=10, pad=8)
    ax.xaxis.set_label_position("top")
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xticks([0.5], minor=True)
    ax.set_yticks([0.5], minor=True)
    ax.grid(which="minor", color="k", lw=1)


def confusion_layouts(counts: dict, axes=None):
    """The same four counts in the slides' layout [[TP, FN], [FP, TN]] (positive first) and in
    scikit-learn's [[TN, FP], [FN, TP]] (labels sorted: 0 first). Correct cells are shaded.

    ``counts``: dict with ``tp, fp, fn, tn``. Returns the two Axes.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 3.4))
    for ax, layout in zip(axes, _LAYOUTS):
        _matrix_cells(ax, counts, *layout)
    return axes


def confusion_heatmap(C, labels=None, ax=None, title=None, cmap="Blues"):
    """A K×K confusion matrix (rows true, columns predicted) as a heat map with the counts written in."""
    C = as_array(C, "C", ndim=2)
    k = len(C)
    if C.shape != (k, k):
        raise ValueError(
            f"C: expected a square confusion matrix (K, K), got shape {C.shape}. Fix: pass confusion_matrix(y_true, "
            "y_pred), with labels=[...] to count every class."
        )
    labels = list(range(k)) if labels is None else check_list(labels, "labels")
    if len(labels) != k:
        raise ValueError(f"labels: expected one name per class ({k}), got {len(labels)}.")
    ax = _axes(ax, figsize=(5, 4.5))
    ax.imshow(C, cmap=cmap)
    top = C.max() if C.size else 1
    for i in range(k):
        for j in range(k):
            ax.text(
                j,
                i,
                f"{C[i, j]:g}",
                ha="center",
                va="center",
                fontsize=8 if k > 5 else 11,
                color="w" if C[i, j] > top / 2 else "k",
            )
    ax.set_xticks(range(k), labels)
    ax.set_yticks(range(k), labels)
    return finish_axes(ax, "predicted class", "true class", title)


# ---------------------------------------------------------------- scores, ROC, PR
def _binary_scores(y_true, scores, who: str, both: bool = False):
    """``y_true`` as 0/1 ints (labels 0/1, or -1/+1 with +1 positive, as the metrics read them) and ``scores``
    as finite floats, one per label. ``both``: the two classes must both occur (a rate divides by each)."""
    y = as_labels(y_true, "y_true", who)
    s = as_array(scores, "scores", ndim=1)
    if len(s) != len(y):
        raise ValueError(f"scores: expected one score per label of y_true ({len(y)} labels), got {len(s)}.")
    values = np.unique(y).tolist()
    if y.dtype.kind in "USO" or not (set(values) <= {0, 1} or set(values) <= {-1, 1}):
        raise ValueError(
            f"y_true: expected labels 0 and 1 (or -1 and +1), 1 the positive class, got {values[:5]}. "
            "Fix: pass (y_true == <the positive class>).astype(int)."
        )
    y = (y == 1).astype(int)
    if both and len(np.unique(y)) < 2:
        raise ValueError(
            f"y_true: expected both classes, got only {'positive' if y[0] == 1 else 'negative'} samples; the ROC "
            "curve divides by the number of each (TPR = TP/P, FPR = FP/N). Fix: use data that holds both classes."
        )
    return y, s


def score_histograms(y_true, scores, ax=None, bins=20, labels=("negative (0)", "positive (1)")):
    """Histograms of the scores of the negative and of the positive samples, on [0, 1].

    ``y_true``: labels 0/1 (or -1/+1), 1 the positive class; ``scores``: one finite score per sample."""
    y, s = _binary_scores(y_true, scores, "score_histograms")
    bins = check_int(bins, "bins", low=1)
    labels = check_pair(labels, "labels", "('negative (0)', 'positive (1)')")
    ax = _axes(ax, figsize=(5, 3.5))
    edges = np.linspace(min(0.0, s.min()), max(1.0, s.max()), bins + 1)
    ax.hist(s[y == 0], bins=edges, color=NEG, alpha=0.6, label=labels[0])
    ax.hist(s[y == 1], bins=edges, color=POS, alpha=0.6, label=labels[1])
    return finish_axes(ax, "score (predicted probability of class 1)", "samples", legend=True)


def _curve(x, y, names):
    """The points (x, y) of a curve: two 1-D arrays of finite numbers of one length; ``names`` name them."""
    x, y = as_array(x, names[0], ndim=1), as_array(y, names[1], ndim=1)
    if len(x) != len(y):
        raise ValueError(f"{names[1]}: expected one value per value of {names[0]} ({len(x)}), got {len(y)}.")
    return x, y


def _rates_square(ax, ideal, xlabel: str, ylabel: str):
    """The unit square of two rates, a little padded, with the ``ideal`` corner as a gold star."""
    ax.plot(
        [ideal[0]],
        [ideal[1]],
        marker="*",
        color="gold",
        mec="k",
        ms=14,
        ls="none",
        label=f"ideal ({ideal[0]}, {ideal[1]})",
        zorder=6,
    )
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.04)
    ax.set_aspect("equal")
    return finish_axes(ax, xlabel, ylabel)


def roc_axes(ax=None):
    """Empty ROC axes: the diagonal of a random classifier (AUC 0.5) and the ideal corner (0, 1)."""
    ax = _axes(ax, figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], ls="--", color="0.5", lw=1, label="random guess (AUC 0.5)")
    return _rates_square(ax, (0, 1), "false-positive rate FPR = 1 − specificity", "true-positive rate TPR = recall")


def roc_plot(fpr, tpr, ax=None, label=None, fill=False, color=None, reference=True, **kwargs):
    """An ROC curve (points joined by straight lines); ``fill`` shades the area under it (the AUC).
    ``reference`` first draws the random diagonal and the ideal point (``roc_axes``)."""
    fpr, tpr = _curve(fpr, tpr, ("fpr", "tpr"))
    if ax is None or reference:
        ax = roc_axes(ax) if reference else _axes(ax)
    (line,) = ax.plot(fpr, tpr, lw=2, label=label, color=color, **kwargs)
    if fill:
        ax.fill_between(fpr, tpr, color=line.get_color(), alpha=0.15, step=None)
    if label:
        ax.legend(fontsize=8, loc="lower right")
    return ax


def pr_axes(ax=None, prevalence=None):
    """Empty precision-recall axes: the ideal corner (1, 1) and, given the fraction of positives, the
    level of a random guess (precision = prevalence at every recall)."""
    ax = _axes(ax, figsize=(4.5, 4.5))
    if prevalence is not None:
        ax.axhline(prevalence, ls="--", color="0.5", lw=1, label=f"random guess (precision {prevalence:.2f})")
    return _rates_square(ax, (1, 1), "recall = TPR", "precision = PPV")


def pr_plot(recall, precision, ax=None, prevalence=None, label=None, color=None, reference=True, **kwargs):
    """A precision-recall curve (points joined by straight lines), with ``pr_axes`` references."""
    recall, precision = _curve(recall, precision, ("recall", "precision"))
    if ax is None or reference:
        ax = pr_axes(ax, prevalence) if reference else _axes(ax)
    ax.plot(recall, precision, lw=2, label=label, color=color, **kwargs)
    if label:
        ax.legend(fontsize=8, loc="lower left")
    return ax


def roc_construction(y_true, scores, axes=None):
    """How an ROC curve is built: the samples sorted by score (left, bars coloured by class) and the
    staircase it traces (right): lowering the threshold past a positive steps up by 1/P, past a
    negative steps right by 1/N. Each point is labelled with its threshold. For a dozen samples or so.
    Returns the two Axes.
    """
    y, s = _binary_scores(y_true, scores, "roc_construction", both=True)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 4.3))
    ax_s, ax_r = axes
    order = np.argsort(-s, kind="stable")
    y, s = y[order], s[order]
    ranks = np.arange(1, len(s) + 1)
    ax_s.bar(ranks, s, color=[POS if t == 1 else NEG for t in y], edgecolor="k")
    for r, v, t in zip(ranks, s, y):
        ax_s.text(r, v + 0.02, f"{v:.2f}", ha="center", fontsize=8)
        ax_s.text(r, 0.03, "+" if t == 1 else "−", ha="center", color="w", fontsize=12, fontweight="bold")
    ax_s.set_xticks(ranks)
    ax_s.set_xlabel("rank (highest score first)")
    ax_s.set_ylabel("score")
    ax_s.set_ylim(0, 1.1)
    ax_s.set_title("step 1: sort the scores (red = positive, blue = negative)", fontsize=10)
    P, N = int((y == 1).sum()), int((y == 0).sum())
    tp, fp = np.r_[0, np.cumsum(y == 1)], np.r_[0, np.cumsum(y == 0)]
    last = np.r_[0, np.flatnonzero(np.r_[np.diff(s) != 0, True]) + 1]  # one point per distinct score
    fpr, tpr = fp[last] / N, tp[last] / P
    roc_axes(ax_r)
    ax_r.plot(fpr, tpr, "-o", color="k", lw=2, ms=5, label="ROC curve")
    thresholds = np.r_[np.inf, s[last[1:] - 1]]
    for x, yv, t in zip(fpr, tpr, thresholds):
        ax_r.annotate(
            "t = ∞" if np.isinf(t) else f"{t:.2f}",
            (x, yv),
            textcoords="offset points",
            xytext=(8, 2) if np.isinf(t) else (5, -10),
            fontsize=7,
        )
    ax_r.set_title(f"steps 2-3: lower t, count; up 1/P = 1/{P}, right 1/N = 1/{N}", fontsize=10)
    ax_r.legend(fontsize=8, loc="lower right")
    return axes


def pr_construction(y_true, scores, ax=None):
    """The precision-recall curve of a few samples, point by point: the same thresholds as the ROC curve
    (each distinct score, highest first; t = ∞ has no precision and is left out), recall on x, precision
    on y, each point labelled with its threshold. Returns the Axes."""
    y, s = _binary_scores(y_true, scores, "pr_construction")
    order = np.argsort(-s, kind="stable")
    y, s = y[order], s[order]
    last = np.flatnonzero(np.r_[np.diff(s) != 0, True])  # last sample of each run of equal scores
    tp = np.cumsum(y == 1)[last]
    called = last + 1
    recall, precision = tp / max(int((y == 1).sum()), 1), tp / called
    ax = pr_axes(ax, prevalence=float((y == 1).mean()))
    ax.plot(recall, precision, "-o", color="k", lw=2, ms=5, label="PR curve")
    for r, p, t in zip(recall, precision, s[last]):
        ax.annotate(f"{t:.2f}", (r, p), textcoords="offset points", xytext=(5, 4), fontsize=7)
    ax.set_title("same thresholds: recall (x) against precision (y)", fontsize=10)
    ax.legend(fontsize=8, loc="lower left")
    return ax


# ---------------------------------------------------------------- cross-validation
def kfold_diagram(folds, n=None, ax=None, y=None, test_rows=0, scores=None):
    """k-fold cross-validation as a picture: one row per fold, one column per sample (in index order);
    the fold's validation samples are orange, its training samples blue. Optional: ``y`` adds a strip
    with each sample's class on top; ``test_rows`` adds a grey held-out test block on the right (never
    used in cross-validation); ``scores`` writes each fold's score at the right end of its row.
    """
    folds = list(folds)
    n = int(max(np.max(np.r_[tr, va]) for tr, va in folds) + 1) if n is None else int(n)
    k = len(folds)
    grid = np.zeros((k, n + test_rows))
    for i, (_, val) in enumerate(folds):
        grid[i, np.asarray(val)] = 1
    grid[:, n:] = 2
    ax = _axes(ax, figsize=(9, 0.45 * k + 1.6))
    cmap = ListedColormap(["#4c72b0", "#dd8452", "#bbbbbb"])
    extent_top = k - 0.5
    ax.imshow(
        grid,
        cmap=cmap,
        vmin=0,
        vmax=2,
        aspect="auto",
        interpolation="nearest",
        extent=(-0.5, n + test_rows - 0.5, extent_top, -0.5),
    )
    ax.set_yticks(range(k), [f"fold {i + 1}" for i in range(k)])
    ax.set_xlabel("sample index")
    for i in range(1, k):
        ax.axhline(i - 0.5, color="w", lw=2)
    if y is not None:
        y = np.asarray(y)
        classes = np.unique(y)
        strip = np.searchsorted(classes, y)
        ax.imshow(
            strip[None, :],
            cmap=ListedColormap([NEG, POS, "C2", "C4"][: max(2, len(classes))]),
            extent=(-0.5, n - 0.5, -0.55, -1.05),
            aspect="auto",
            interpolation="nearest",
        )
        ax.set_ylim(extent_top, -1.1)
        ax.text(-1, -0.8, "class", ha="right", va="center", fontsize=9)
    if test_rows:
        ax.text(n + test_rows / 2 - 0.5, (k - 1) / 2, "test set\n(held out)", ha="center", va="center", fontsize=9)
    if scores is not None:
        for i, sc in enumerate(scores):
            ax.text(n + test_rows + 0.01 * n, i, f"score {sc:.3f}", va="center", fontsize=9)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in ("#4c72b0", "#dd8452")]
    where = (
        dict(loc="lower left", bbox_to_anchor=(1.0, 0.0))
        if scores is not None
        else dict(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    )
    ax.legend(handles, ["train", "validate"], fontsize=8, frameon=False, **where)
    return ax
