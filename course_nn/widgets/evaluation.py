"""Threshold explorer: one slider moves the decision threshold of a scoring classifier; the point on
the ROC curve and on the precision-recall curve follows, and the confusion matrix is recounted.

Pure functions (the notebook and the tests call them directly):

- ``counts_at(y_true, scores, t)``: TP, FP, FN, TN when "score ≥ t" means positive.
- ``rates(counts)``: every metric of the notebook's table from those four counts.
- ``sweep(y_true, scores)``: the counts and rates at every distinct threshold, highest first: the ROC
  and PR curves built by hand (sort the scores, lower the threshold one score at a time, count).
- ``confusion_html(counts)``: the confusion matrix in the slides' layout and in scikit-learn's.
- ``draw_threshold_panels`` / ``update_threshold_panels``: the three-panel picture (score histograms
  with the threshold, ROC with its point, PR with its point) that the widget and the static figure share.

    from course_nn.widgets.evaluation import threshold_explorer
    threshold_explorer(y_test, scores)
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from .._checks import as_array, check_number
from ..plots import evaluation as eplots
from .base import Demo, control

COUNT_NAMES = ("tp", "fp", "fn", "tn")


# ---------------------------------------------------------------- pure functions
def _binary(y_true, scores):
    y = np.asarray(y_true)
    s = as_array(scores, "scores", ndim=1)
    if y.ndim != 1 or len(y) != len(s):
        raise ValueError(f"y_true and scores must be vectors of the same length, got shapes {y.shape} and {s.shape}.")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("y_true: expected 0/1 labels (1 = positive class).")
    return y.astype(int), s


def counts_at(y_true, scores, threshold: float) -> dict:
    """TP, FP, FN, TN when every sample with ``score >= threshold`` is called positive.

    Returns a dict with int values ``tp, fp, fn, tn``.
    """
    y, s = _binary(y_true, scores)
    called = s >= threshold
    return {
        "tp": int(np.sum(called & (y == 1))),
        "fp": int(np.sum(called & (y == 0))),
        "fn": int(np.sum(~called & (y == 1))),
        "tn": int(np.sum(~called & (y == 0))),
    }


def _ratio(a, b):
    return a / b if b else math.nan


def rates(counts: dict) -> dict:
    """The metrics of the notebook's table from the four counts (NaN where a denominator is 0).

    tpr = recall = sensitivity = TP/(TP+FN); fpr = FP/(FP+TN) = 1 - specificity; specificity =
    TN/(TN+FP); precision = TP/(TP+FP); accuracy = (TP+TN)/N; balanced_accuracy = (TPR+TNR)/2;
    f1 = 2TP/(2TP+FP+FN); mcc = (TP·TN - FP·FN)/sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)) (0 when the
    denominator is 0, as scikit-learn does).
    """
    tp, fp, fn, tn = (counts[k] for k in COUNT_NAMES)
    tpr, tnr = _ratio(tp, tp + fn), _ratio(tn, tn + fp)
    denom = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    return {
        "tpr": tpr,
        "recall": tpr,
        "fpr": _ratio(fp, fp + tn),
        "specificity": tnr,
        "precision": _ratio(tp, tp + fp),
        "accuracy": _ratio(tp + tn, tp + fp + fn + tn),
        "balanced_accuracy": (tpr + tnr) / 2,
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
        "mcc": (tp * tn - fp * fn) / math.sqrt(denom) if denom else 0.0,
    }


def sweep(y_true, scores) -> dict:
    """Counts and rates at every threshold, built the slow, readable way.

    Sort the scores from the highest down; the thresholds are ``inf`` (nothing called positive) and then
    each distinct score; at each one count TP, FP, FN, TN. Returns a dict of arrays ``threshold, tp, fp,
    fn, tn, tpr, fpr, precision`` (precision is NaN at ``inf``, where nothing is called positive).
    """
    y, s = _binary(y_true, scores)
    thresholds = np.r_[np.inf, np.unique(s)[::-1]]
    rows = [counts_at(y, s, t) for t in thresholds]
    out = {"threshold": thresholds}
    for k in COUNT_NAMES:
        out[k] = np.array([r[k] for r in rows])
    computed = [rates(r) for r in rows]
    for k in ("tpr", "fpr", "precision"):
        out[k] = np.array([c[k] for c in computed])
    return out


def _fmt(v) -> str:
    return "undefined" if isinstance(v, float) and math.isnan(v) else f"{v:.3f}"


def confusion_html(counts: dict) -> str:
    """The confusion matrix twice — the slides' layout (positive first) and scikit-learn's (labels
    sorted, 0 first) — as an HTML snippet."""
    tp, fp, fn, tn = (counts[k] for k in COUNT_NAMES)
    cell = "style='border:1px solid #999;padding:2px 8px;text-align:center'"
    slide = (
        f"<table><tr><th></th><th {cell}>pred +</th><th {cell}>pred −</th></tr>"
        f"<tr><th {cell}>actual +</th><td {cell}>TP {tp}</td><td {cell}>FN {fn}</td></tr>"
        f"<tr><th {cell}>actual −</th><td {cell}>FP {fp}</td><td {cell}>TN {tn}</td></tr></table>"
    )
    sk = (
        f"<table><tr><th></th><th {cell}>pred 0</th><th {cell}>pred 1</th></tr>"
        f"<tr><th {cell}>true 0</th><td {cell}>TN {tn}</td><td {cell}>FP {fp}</td></tr>"
        f"<tr><th {cell}>true 1</th><td {cell}>FN {fn}</td><td {cell}>TP {tp}</td></tr></table>"
    )
    return (
        f"<div style='display:flex;gap:24px'><div><b>slides</b> [[TP, FN], [FP, TN]]{slide}</div>"
        f"<div><b>scikit-learn / course_nn</b> [[TN, FP], [FN, TP]]{sk}</div></div>"
    )


def metrics_html(counts: dict) -> str:
    """One line of the main metrics at the current threshold."""
    r = rates(counts)
    names = [
        ("TPR = recall", "tpr"),
        ("FPR", "fpr"),
        ("precision", "precision"),
        ("specificity", "specificity"),
        ("accuracy", "accuracy"),
        ("F1", "f1"),
        ("MCC", "mcc"),
    ]
    return " · ".join(f"{label} {_fmt(r[key])}" for label, key in names)


def draw_threshold_panels(axes, y_true, scores, threshold: float, curve=None) -> dict:
    """Draw score histograms with the threshold, the ROC curve and the PR curve, each with the point
    of ``threshold``. ``axes`` = (hist, roc, pr). Returns the artists to move (see ``update_threshold_panels``).
    """
    y, s = _binary(y_true, scores)
    curve = sweep(y, s) if curve is None else curve
    ax_h, ax_roc, ax_pr = axes
    eplots.score_histograms(y, s, ax=ax_h)
    vline = ax_h.axvline(threshold, color="k", lw=2, label="threshold")
    ax_h.legend(fontsize=8, loc="upper center")
    eplots.roc_plot(curve["fpr"], curve["tpr"], ax=ax_roc, label="ROC")
    defined = ~np.isnan(curve["precision"])
    eplots.pr_plot(curve["tpr"][defined], curve["precision"][defined], ax=ax_pr, prevalence=y.mean(), label="PR")
    (roc_point,) = ax_roc.plot([], [], "o", color="C3", ms=10, zorder=5)
    (pr_point,) = ax_pr.plot([], [], "o", color="C3", ms=10, zorder=5)
    handles = {"vline": vline, "roc_point": roc_point, "pr_point": pr_point, "axes": tuple(axes)}
    update_threshold_panels(handles, y, s, threshold)
    return handles


def update_threshold_panels(handles: dict, y_true, scores, threshold: float) -> dict:
    """Move the threshold line and the two points to ``threshold``; return its counts and rates."""
    counts = counts_at(y_true, scores, threshold)
    r = rates(counts)
    handles["vline"].set_xdata([threshold, threshold])
    handles["roc_point"].set_data([r["fpr"]], [r["tpr"]])
    handles["pr_point"].set_data([r["recall"]], [r["precision"]])
    c = counts
    handles["axes"][0].set_title(
        f"t = {threshold:.2f}: TP {c['tp']}, FP {c['fp']}, FN {c['fn']}, TN {c['tn']}", fontsize=9
    )
    handles["axes"][1].set_title(f"ROC point (FPR {_fmt(r['fpr'])}, TPR {_fmt(r['tpr'])})", fontsize=9)
    handles["axes"][2].set_title(f"PR point (recall {_fmt(r['recall'])}, precision {_fmt(r['precision'])})", fontsize=9)
    return {"threshold": float(threshold), "counts": counts, "rates": r}


# ---------------------------------------------------------------- the widget
class ThresholdExplorer(Demo):
    """Handles: ``slider`` (the threshold), ``figure``, ``axes`` (hist, roc, pr), ``handles`` (the moving
    artists: ``vline``, ``roc_point``, ``pr_point``), ``matrix`` and ``metrics`` (HTML) and ``state``
    (dict: threshold, counts, rates)."""

    def __init__(self, y_true, scores, threshold: float = 0.5, step: float = 0.01):
        self.y, self.scores = _binary(y_true, scores)
        # the range reaches past the top score, so one end calls nothing positive and the other everything
        lo = min(0.0, float(self.scores.min()))
        step = check_number(step, "step", low=0.0, low_open=True)
        hi = 1.0 if self.scores.max() < 1.0 else float(self.scores.max()) + step
        self.slider = control(
            widgets.FloatSlider,
            "threshold",
            threshold,
            min=lo,
            max=hi,
            step=step,
            description="threshold t",
            readout_format=".2f",
            layout=widgets.Layout(width="420px"),
        )
        self.matrix, self.metrics = widgets.HTML(), widgets.HTML()
        super().__init__([self.slider], figsize=(11, 3.4), below=[self.metrics, self.matrix])
        self.axes = tuple(self.figure.subplots(1, 3))
        self.figure.subplots_adjust(left=0.05, right=0.98, bottom=0.15, top=0.88, wspace=0.3)
        self.curve = sweep(self.y, self.scores)
        self.handles = draw_threshold_panels(self.axes, self.y, self.scores, threshold, self.curve)
        self.animate(
            self.handles["vline"], self.handles["roc_point"], self.handles["pr_point"], *(ax.title for ax in self.axes)
        )
        self.on_top.append(self.axes[0].get_legend())  # the legend stays above the threshold line
        self.state: dict = {}
        self.watch(self.slider)
        self.redraw()

    def update(self):
        """Move the point on both curves and recount the confusion matrix for the slider's threshold."""
        self.state = update_threshold_panels(self.handles, self.y, self.scores, self.slider.value)
        self.matrix.value = confusion_html(self.state["counts"])
        self.metrics.value = metrics_html(self.state["counts"])


def threshold_explorer(y_true, scores, threshold: float = 0.5) -> ThresholdExplorer:
    """A threshold slider for a binary classifier's scores (``y_true`` 0/1, ``scores`` higher = more positive)."""
    return ThresholdExplorer(y_true, scores, threshold)
