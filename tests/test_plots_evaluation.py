"""The evaluation figures (course_nn.plots.evaluation) and decision_boundary: every sample is drawn, whatever
coding of the two classes the metrics accept, and bad input gets an error that names the argument."""

import warnings

import numpy as np
import pytest

from course_nn.plots import decision_boundary, loss_curves
from course_nn.plots.evaluation import (
    confusion_heatmap,
    pr_construction,
    pr_plot,
    roc_construction,
    roc_plot,
    score_histograms,
)

RNG = np.random.default_rng(0)
S = RNG.random(10)
Y = (S + 0.3 * RNG.normal(size=10) > 0.5).astype(int)


def bar_total(ax) -> float:
    return sum(p.get_height() for p in ax.patches)


@pytest.mark.parametrize("coding", [lambda y: y, lambda y: 2 * y - 1, lambda y: y.astype(bool), lambda y: 1.0 * y])
def test_score_histograms_show_every_sample_under_each_coding(coding):
    ax = score_histograms(coding(Y), S)
    assert bar_total(ax) == len(S)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["negative (0)", "positive (1)"]


def test_roc_construction_reads_plus_minus_one_labels_as_zero_one():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division by zero, no NaN rates
        _, ax = roc_construction(2 * Y - 1, S)
    _, ax01 = roc_construction(Y, S)
    curve, curve01 = ax.lines[-1], ax01.lines[-1]
    np.testing.assert_array_equal(curve.get_xdata(), curve01.get_xdata())
    np.testing.assert_array_equal(curve.get_ydata(), curve01.get_ydata())
    assert np.isfinite(curve.get_xdata()).all()
    ax_pr = pr_construction(2 * Y - 1, S)
    np.testing.assert_array_equal(ax_pr.lines[-1].get_ydata(), pr_construction(Y, S).lines[-1].get_ydata())


def table(*rows):
    return pytest.mark.parametrize("call, error, message", [pytest.param(*row[1:], id=row[0]) for row in rows])


@table(
    (
        "score_histograms text labels",
        lambda: score_histograms(np.where(Y, "pos", "neg"), S),
        ValueError,
        r"^y_true: expected labels 0 and 1 \(or -1 and \+1\), 1 the positive class, got \['neg', 'pos'\]. "
        r"Fix: pass \(y_true == <the positive class>\).astype\(int\)",
    ),
    (
        "score_histograms labels 1 and 2",
        lambda: score_histograms(Y + 1, S),
        ValueError,
        r"^y_true: expected labels 0 and 1 \(or -1 and \+1\), 1 the positive class, got \[1, 2\]",
    ),
    (
        "score_histograms NaN score",
        lambda: score_histograms(Y, np.r_[np.nan, S[1:]]),
        ValueError,
        r"^scores: contains 1 NaN or infinite value\(s\)",
    ),
    (
        "score_histograms lengths",
        lambda: score_histograms(Y[:5], S),
        ValueError,
        r"^scores: expected one score per label of y_true \(5 labels\), got 10",
    ),
    ("score_histograms empty", lambda: score_histograms([], []), ValueError, r"^score_histograms: y_true is empty"),
    ("score_histograms bins=0", lambda: score_histograms(Y, S, bins=0), ValueError, r"^bins: expected an int >= 1"),
    (
        "score_histograms labels='ab'",
        lambda: score_histograms(Y, S, labels="ab"),
        TypeError,
        r"^labels: expected a pair",
    ),
    (
        "roc_construction one class",
        lambda: roc_construction(np.ones(10, int), S),
        ValueError,
        r"^y_true: expected both classes, got only positive samples; the ROC curve divides by the number of each",
    ),
    (
        "roc_construction lengths",
        lambda: roc_construction(Y[:3], S),
        ValueError,
        r"^scores: expected one score per label of y_true \(3 labels\), got 10",
    ),
    (
        "pr_construction text labels",
        lambda: pr_construction(np.where(Y, "p", "n"), S),
        ValueError,
        r"^y_true: expected labels 0 and 1",
    ),
    (
        "decision_boundary 1-D X",
        lambda: decision_boundary(lambda P: P[:, 0] > 0, [1.0, 2.0, 3.0], [0, 1, 0]),
        ValueError,
        r"^X: expected a 2-D array, got shape \(3,\)",
    ),
    (
        "decision_boundary 3 columns",
        lambda: decision_boundary(lambda P: P[:, 0] > 0, np.ones((3, 3)), [0, 1, 0]),
        ValueError,
        r"^X: expected points of the plane, an array of shape \(N, 2\), got shape \(3, 3\). Fix: pick two features",
    ),
    (
        "decision_boundary y length",
        lambda: decision_boundary(lambda P: P[:, 0] > 0, np.ones((3, 2)), [0, 1]),
        ValueError,
        r"^y: expected one label per row of X \(3 rows\), got 2",
    ),
    (
        "decision_boundary predict length",
        lambda: decision_boundary(lambda P: np.zeros(3), RNG.normal(size=(5, 2)), [0, 1, 0, 1, 0], resolution=10),
        ValueError,
        r"^predict\(points\): expected one label per point of the grid \(100 points, an array \(M, 2\)\), got 3",
    ),
    (
        "decision_boundary predict=None",
        lambda: decision_boundary(None, np.ones((3, 2)), [0, 1, 0]),
        TypeError,
        r"^predict: expected a function such as model.predict",
    ),
    (
        "decision_boundary resolution=1",
        lambda: decision_boundary(lambda P: P[:, 0] > 0, np.ones((3, 2)), [0, 1, 0], resolution=1),
        ValueError,
        r"^resolution: expected an int >= 2, got 1",
    ),
)
def test_bad_input_is_refused_with_the_argument_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


@table(
    (
        "confusion_heatmap not square",
        lambda: confusion_heatmap(np.ones((2, 3))),
        ValueError,
        r"^C: expected a square confusion matrix \(K, K\), got shape \(2, 3\). Fix: pass confusion_matrix",
    ),
    ("confusion_heatmap 1-D", lambda: confusion_heatmap([1, 2]), ValueError, r"^C: expected a 2-D array"),
    (
        "confusion_heatmap labels",
        lambda: confusion_heatmap(np.ones((2, 2)), labels=["a"]),
        ValueError,
        r"^labels: expected one name per class \(2\), got 1",
    ),
    (
        "roc_plot lengths",
        lambda: roc_plot([0, 1], [0, 0.5, 1]),
        ValueError,
        r"^tpr: expected one value per value of fpr \(2\), got 3",
    ),
    ("pr_plot NaN", lambda: pr_plot([0, 1], [np.nan, 1]), ValueError, r"^precision: contains 1 NaN"),
    (
        "loss_curves no key",
        lambda: loss_curves({"foo": [1, 2]}),
        ValueError,
        r"^keys: none of \['loss', 'val_loss'\] is in the history, which holds \['foo'\]. Fix:",
    ),
    (
        "loss_curves keys='loss'",
        lambda: loss_curves({"loss": [1, 2]}, keys="loss"),
        TypeError,
        r"^keys: expected a list",
    ),
    ("loss_curves 5", lambda: loss_curves(5), TypeError, r"^history: expected a History \(what fit returns\)"),
)
def test_bad_figure_input_is_refused_with_the_argument_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_decision_boundary_draws_a_column_of_labels():
    X = RNG.normal(size=(6, 2))
    ax = decision_boundary(lambda P: (P[:, 0] > 0).astype(int), X, (X[:, :1] > 0).astype(float), resolution=20)
    assert len(ax.collections[-1].get_offsets()) == 6


def test_figures_draw_what_they_are_given():
    ax = confusion_heatmap([[3, 1], [0, 2]], labels=["no", "yes"])
    assert [t.get_text() for t in ax.texts] == ["3", "1", "0", "2"]
    assert loss_curves({"loss": [1.0, 0.5]}).lines[0].get_ydata().tolist() == [1.0, 0.5]  # no val_loss: left out
