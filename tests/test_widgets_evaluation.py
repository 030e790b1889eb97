"""Evaluation notebook: the threshold explorer, its pure functions and the evaluation figures."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_nn import metrics as M
from course_nn.plots import evaluation as eplots
from course_nn.preprocessing import kfold, stratified_kfold
from course_nn.widgets import evaluation as ew


def scored(n=60, seed=0, decimals=2):
    r = np.random.default_rng(seed)
    y = r.integers(0, 2, n)
    s = np.round(np.clip(0.35 * y + 0.65 * r.random(n), 0, 1), decimals)  # overlapping classes, with ties
    return y, s


def test_counts_at_reproduces_the_slides_confusion_matrix():
    # scores that give y_pred = [1, 1, 1, 0] at t = 0.5 for y_true = [0, 1, 0, 1] (curriculum 2d)
    counts = ew.counts_at([0, 1, 0, 1], [0.9, 0.8, 0.7, 0.1], 0.5)
    assert counts == {"tp": 1, "fp": 2, "fn": 1, "tn": 0}
    assert [counts[k] for k in ("tn", "fp", "fn", "tp")] == M.confusion_matrix(
        [0, 1, 0, 1], [1, 1, 1, 0]
    ).ravel().tolist()
    r = ew.rates(counts)
    assert r["recall"] == 0.5 and r["specificity"] == 0 and r["fpr"] == 1.0
    assert r["precision"] == pytest.approx(1 / 3) and r["f1"] == pytest.approx(0.4)
    assert r["accuracy"] == 0.25 and r["balanced_accuracy"] == 0.25
    assert r["mcc"] == pytest.approx(-0.5773502691896258)


def test_score_equal_to_threshold_counts_as_positive():
    assert ew.counts_at([1, 0], [0.5, 0.5], 0.5) == {"tp": 1, "fp": 1, "fn": 0, "tn": 0}


@pytest.mark.parametrize("t", [0.0, 0.2, 0.45, 0.5, 0.8, 1.0])
def test_rates_agree_with_course_nn_metrics(t):
    y, s = scored()
    pred = (s >= t).astype(int)
    r = ew.rates(ew.counts_at(y, s, t))
    kw = dict(zero_division=np.nan)
    expected = {
        "accuracy": M.accuracy_score(y, pred),
        "recall": M.recall_score(y, pred, **kw),
        "precision": M.precision_score(y, pred, **kw),
        "specificity": M.specificity_score(y, pred, **kw),
        "f1": M.f1_score(y, pred, **kw),
        "mcc": M.matthews_corrcoef(y, pred),
    }
    for key, value in expected.items():
        assert (math.isnan(r[key]) and math.isnan(value)) or r[key] == pytest.approx(value), key
    assert r["tpr"] == r["recall"]
    assert r["fpr"] == pytest.approx(1 - r["specificity"])


def test_rates_undefined_and_degenerate_cases():
    r = ew.rates({"tp": 0, "fp": 0, "fn": 3, "tn": 5})  # nothing called positive
    assert math.isnan(r["precision"]) and r["recall"] == 0 and r["mcc"] == 0.0
    r = ew.rates({"tp": 0, "fp": 0, "fn": 0, "tn": 5})  # no positive sample at all
    assert math.isnan(r["recall"]) and math.isnan(r["balanced_accuracy"]) and r["specificity"] == 1.0


@pytest.mark.parametrize("decimals", [1, 2, 6])
def test_sweep_builds_the_package_curves(decimals):
    y, s = scored(decimals=decimals)
    c = ew.sweep(y, s)
    fpr, tpr, thresholds = M.roc_curve(y, s, drop_intermediate=False)
    assert np.array_equal(c["threshold"], thresholds)
    assert np.allclose(c["fpr"], fpr) and np.allclose(c["tpr"], tpr)
    precision, recall, thr = M.precision_recall_curve(y, s)
    assert np.isnan(c["precision"][0])
    assert np.allclose(c["precision"][1:], precision[:-1][::-1]) and np.allclose(c["tpr"][1:], recall[:-1][::-1])
    assert np.array_equal(c["threshold"][1:], thr[::-1])
    assert M.auc(c["fpr"], c["tpr"]) == pytest.approx(M.roc_auc_score(y, s))
    assert (c["tp"] + c["fn"] == y.sum()).all() and (c["fp"] + c["tn"] == (1 - y).sum()).all()


def test_bad_inputs_are_explained():
    with pytest.raises(ValueError, match="0/1 labels"):
        ew.counts_at([0, 2], [0.1, 0.2], 0.5)
    with pytest.raises(ValueError, match="same length"):
        ew.sweep([0, 1, 1], [0.1, 0.2])


def test_confusion_and_metrics_html():
    html = ew.confusion_html({"tp": 7, "fp": 3, "fn": 2, "tn": 11})
    assert "[[TP, FN], [FP, TN]]" in html and "[[TN, FP], [FN, TP]]" in html
    for text in ("TP 7", "FP 3", "FN 2", "TN 11"):
        assert html.count(text) == 2  # once in each layout
    assert "precision undefined" in ew.metrics_html({"tp": 0, "fp": 0, "fn": 3, "tn": 5})
    assert "TPR = recall 0.778" in ew.metrics_html({"tp": 7, "fp": 3, "fn": 2, "tn": 11})


def test_threshold_explorer_moves_both_points_and_recounts():
    y, s = scored()
    ex = ew.threshold_explorer(y, s, threshold=0.5)
    assert ex.state["counts"] == ew.counts_at(y, s, 0.5)
    for t in (0.2, 0.73, 0.95):
        ex.slider.value = t
        r = ew.rates(ew.counts_at(y, s, t))
        assert ex.state["threshold"] == pytest.approx(t) and ex.state["rates"] == r
        assert ex.handles["roc_point"].get_data() == ([r["fpr"]], [r["tpr"]])
        x, p = ex.handles["pr_point"].get_data()
        assert x == [r["recall"]] and (p[0] == r["precision"] or math.isnan(p[0]))
        assert list(ex.handles["vline"].get_xdata()) == [t, t]
        c = ex.state["counts"]
        assert f"TP {c['tp']}<" in ex.matrix.value and f"TN {c['tn']}<" in ex.matrix.value
        assert f"t = {t:.2f}" in ex.axes[0].get_title()
    ex.slider.value = ex.slider.max  # above every score: nothing is called positive
    assert ex.slider.max > s.max()
    assert ex.state["counts"]["tp"] + ex.state["counts"]["fp"] == 0
    assert "precision undefined" in ex.metrics.value
    roc_line = ex.axes[1].lines[2]  # diagonal, ideal point, then the curve
    assert np.allclose(roc_line.get_xdata(), M.roc_curve(y, s, drop_intermediate=False)[0])


def test_static_panels_match_the_widget():
    y, s = scored()
    fig, axes = plt.subplots(1, 3)
    handles = ew.draw_threshold_panels(axes, y, s, 0.3)
    r = ew.rates(ew.counts_at(y, s, 0.3))
    assert handles["roc_point"].get_data() == ([r["fpr"]], [r["tpr"]])
    state = ew.update_threshold_panels(handles, y, s, 0.6)
    assert state["counts"] == ew.counts_at(y, s, 0.6)


# ---------------------------------------------------------------- plots.evaluation
def test_confusion_layouts_put_counts_in_both_places():
    axes = eplots.confusion_layouts({"tp": 1, "fp": 2, "fn": 1, "tn": 0})
    slide = [t.get_text() for t in axes[0].texts]
    sk = [t.get_text() for t in axes[1].texts]
    assert slide == ["TP\n1", "FN\n1", "FP\n2", "TN\n0"]  # row by row: [[TP, FN], [FP, TN]]
    assert sk == ["TN\n0", "FP\n2", "FN\n1", "TP\n1"]  # [[TN, FP], [FN, TP]]


def test_confusion_heatmap_writes_every_count():
    C = M.confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1])
    ax = eplots.confusion_heatmap(C, labels=["a", "b", "c"])
    assert [t.get_text() for t in ax.texts] == [str(v) for v in C.ravel()]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]


def test_roc_construction_draws_the_roc_curve():
    y = np.array([1, 1, 0, 1, 0, 1, 0, 0, 1, 0])
    s = np.array([0.95, 0.9, 0.8, 0.7, 0.65, 0.6, 0.5, 0.4, 0.35, 0.1])
    ax_s, ax_r = eplots.roc_construction(y, s)
    curve = [line for line in ax_r.lines if line.get_label() == "ROC curve"][0]
    fpr, tpr, _ = M.roc_curve(y, s, drop_intermediate=False)
    assert np.allclose(curve.get_xdata(), fpr) and np.allclose(curve.get_ydata(), tpr)
    assert [p.get_height() for p in ax_s.patches] == sorted(s, reverse=True)
    # ties: one point per distinct score
    ax_s, ax_r = eplots.roc_construction([1, 0, 1, 0], [0.8, 0.8, 0.3, 0.1])
    curve = [line for line in ax_r.lines if line.get_label() == "ROC curve"][0]
    assert np.allclose(curve.get_xdata(), [0, 0.5, 0.5, 1.0]) and np.allclose(curve.get_ydata(), [0, 0.5, 1, 1])


def test_roc_and_pr_axes_references():
    ax = eplots.roc_plot([0, 0.5, 1], [0, 0.8, 1], label="m", fill=True)
    assert ax.lines[0].get_xdata().tolist() == [0, 1] and ax.lines[0].get_ydata().tolist() == [0, 1]  # diagonal
    assert ax.lines[1].get_xdata().tolist() == [0] and ax.lines[1].get_ydata().tolist() == [1]  # ideal
    assert len(ax.collections) == 1
    ax = eplots.pr_plot([0, 0.5, 1], [1, 0.8, 0.4], prevalence=0.3, label="m")
    assert np.asarray(ax.lines[0].get_ydata()).tolist() == [0.3, 0.3]
    assert ax.lines[1].get_xdata().tolist() == [1] and ax.lines[1].get_ydata().tolist() == [1]
    ax = eplots.score_histograms([0, 0, 1], [0.1, 0.4, 0.9], bins=10)
    assert sum(p.get_height() for p in ax.patches) == 3


def test_kfold_diagram_marks_each_validation_fold():
    folds = kfold(20, 4, shuffle=False)
    ax = eplots.kfold_diagram(folds, n=20, test_rows=5)
    grid = ax.images[0].get_array()
    assert grid.shape == (4, 25)
    for i, (_, val) in enumerate(folds):
        assert np.flatnonzero(grid[i, :20] == 1).tolist() == val.tolist()
    assert (grid[:, 20:] == 2).all() and (grid[:, :20].sum(axis=0) == 1).all()  # each sample validated once
    y = np.r_[np.zeros(12, int), np.ones(8, int)]
    ax = eplots.kfold_diagram(stratified_kfold(y, 4, shuffle=False), ax=plt.subplots()[1], y=y, scores=[0.9] * 4)
    assert len(ax.images) == 2 and ax.images[1].get_array().tolist() == [y.tolist()]
    assert sum("score 0.900" == t.get_text() for t in ax.texts) == 4


def test_pr_construction_draws_the_pr_curve():
    y = np.array([1, 1, 0, 1, 0, 1, 0, 0, 1, 0])
    s = np.array([0.95, 0.9, 0.8, 0.7, 0.65, 0.6, 0.5, 0.4, 0.35, 0.1])
    ax = eplots.pr_construction(y, s)
    curve = [line for line in ax.lines if line.get_label() == "PR curve"][0]
    precision, recall, _ = M.precision_recall_curve(y, s)
    assert np.allclose(curve.get_xdata(), recall[:-1][::-1]) and np.allclose(curve.get_ydata(), precision[:-1][::-1])
    assert len(ax.texts) == len(s)
    ax = eplots.pr_construction([1, 0, 1, 0], [0.8, 0.8, 0.3, 0.1])  # a tie: one point for both samples
    curve = [line for line in ax.lines if line.get_label() == "PR curve"][0]
    assert np.allclose(curve.get_xdata(), [0.5, 1, 1]) and np.allclose(curve.get_ydata(), [0.5, 2 / 3, 0.5])


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (
            dict(threshold=3),
            ValueError,
            r"^threshold: expected a value in \[0, 1\] \(the range of the slider 'threshold t'\), got 3. "
            r"Fix: pass a value in that range, e.g. threshold=1.",
        ),
        (dict(threshold=-0.5), ValueError, r"^threshold: expected a value in \[0, 1\].*threshold=0\."),
        (dict(threshold="0.5"), TypeError, r"^threshold: expected a finite number, got '0.5'"),
    ],
)
def test_threshold_out_of_range_is_refused_not_clamped(kwargs, error, message):
    y, s = scored()
    s = 0.9 * s  # scores below 1: the slider runs from 0 to 1
    with pytest.raises(error, match=message):
        ew.threshold_explorer(y, s, **kwargs)
    with pytest.raises(ValueError, match=r"^step: expected a value in \(0.0, inf\], got 0"):
        ew.ThresholdExplorer(y, s, step=0)
