"""Metrics: the slide's worked example, and every metric against scikit-learn on 200+ random cases.

The random cases cover the edge cases students meet: tied scores, imbalanced labels, constant
predictions, truths with a single class, several classes, text labels.
"""

import inspect
import warnings

import numpy as np
import pytest
from oracles import require

from course_nn import metrics as m
from course_nn.metrics import UndefinedMetricWarning

N_CASES = 200
ZERO_DIVISIONS = ("warn", 0, 1, np.nan)


# ---------------------------------------------------------------------------------------- the slide (§2d)
def test_slide_confusion_matrix_example():
    y_true, y_pred = [0, 1, 0, 1], [1, 1, 1, 0]
    assert tuple(m.confusion_matrix(y_true, y_pred).ravel()) == (0, 2, 1, 1)  # tn, fp, fn, tp
    assert tuple(m.confusion_matrix(y_pred, y_true).ravel()) == (0, 1, 2, 1)  # the swapped-argument trap
    assert m.precision_score(y_true, y_pred) == pytest.approx(1 / 3)
    assert m.recall_score(y_true, y_pred) == 0.5
    assert m.specificity_score(y_true, y_pred) == 0.0
    assert m.accuracy_score(y_true, y_pred) == 0.25
    assert m.balanced_accuracy_score(y_true, y_pred) == 0.25
    assert m.f1_score(y_true, y_pred) == pytest.approx(0.4)
    assert m.matthews_corrcoef(y_true, y_pred) == pytest.approx(-0.5774, abs=5e-5)
    assert m.matthews_corrcoef(y_true, y_pred) == pytest.approx((1 * 0 - 2 * 1) / np.sqrt(3 * 2 * 2 * 1))


def test_f1_is_the_harmonic_mean_and_fbeta_limits():
    rng = np.random.default_rng(1)
    y, p = rng.integers(0, 2, 50), rng.integers(0, 2, 50)
    P, R = m.precision_score(y, p), m.recall_score(y, p)
    assert m.f1_score(y, p) == pytest.approx(2 * P * R / (P + R))
    assert m.fbeta_score(y, p, beta=0) == pytest.approx(P)
    assert m.fbeta_score(y, p, beta=np.inf) == pytest.approx(R)


def test_roc_auc_is_the_trapezoid_area_and_a_ranking_probability():
    y, s = np.array([0, 0, 1, 1, 0, 1]), np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.4])
    fpr, tpr, thresholds = m.roc_curve(y, s)
    assert thresholds[0] == np.inf and np.all(np.diff(thresholds) < 0)
    pairs = [(a > b) + 0.5 * (a == b) for a in s[y == 1] for b in s[y == 0]]
    assert m.roc_auc_score(y, s) == pytest.approx(np.mean(pairs)) == pytest.approx(m.auc(fpr, tpr))


# ---------------------------------------------------------------------------------------- random cases
def label_case(i, rng):
    """A (y_true, y_pred) pair; the case number picks the kind of edge case."""
    n = int(rng.integers(1, 25))
    kind = i % 8
    if kind == 0:  # balanced binary
        return rng.integers(0, 2, n), rng.integers(0, 2, n)
    if kind == 1:  # imbalanced binary
        return (rng.random(n) < 0.1).astype(int), (rng.random(n) < 0.2).astype(int)
    if kind == 2:  # constant prediction
        return rng.integers(0, 2, n), np.full(n, int(rng.integers(0, 2)))
    if kind == 3:  # a single class in the truth
        return np.full(n, int(rng.integers(0, 2))), rng.integers(0, 2, n)
    if kind == 4:  # several classes
        return rng.integers(0, 4, n), rng.integers(0, 4, n)
    if kind == 5:  # several classes, some never predicted
        return rng.integers(0, 5, n), rng.integers(1, 3, n)
    if kind == 6:  # text labels
        names = np.array(["cat", "dog", "pig"])
        return names[rng.integers(0, 3, n)], names[rng.integers(0, 2, n)]
    y = rng.integers(-1, 2, n) * 2 - 1  # -3/-1/1 labels, perfect prediction
    return y, y.copy()


def cases():
    rng = np.random.default_rng(2024)
    return [label_case(i, rng) for i in range(N_CASES)]


def call(f, *args, **kwargs):
    """(value, whether an undefined-metric warning was raised)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = f(*args, **kwargs)
    return value, any("ill-defined" in str(w.message) or "UndefinedMetric" in type(w.message).__name__ for w in caught)


def same(a, b):
    np.testing.assert_allclose(
        np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-12, atol=1e-14, equal_nan=True
    )


def test_confusion_matrices_and_accuracies_match_sklearn():
    skm = require("sklearn").metrics
    options = [{}, {"normalize": "true"}, {"normalize": "pred"}, {"normalize": "all"}, {"labels": "reversed"}]
    for i, (y, p) in enumerate(cases()):
        kw = options[i % len(options)]
        if "labels" in kw:
            kw = {"labels": np.unique(y)[::-1]}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            same(m.confusion_matrix(y, p, **kw), skm.confusion_matrix(y, p, **kw))
            assert np.array_equal(m.multilabel_confusion_matrix(y, p), skm.multilabel_confusion_matrix(y, p))
            same(m.accuracy_score(y, p), skm.accuracy_score(y, p))
            same(m.accuracy_score(y, p, normalize=False), skm.accuracy_score(y, p, normalize=False))
            adjusted = i % 2 == 1
            same(
                m.balanced_accuracy_score(y, p, adjusted=adjusted), skm.balanced_accuracy_score(y, p, adjusted=adjusted)
            )
            same(m.matthews_corrcoef(y, p), skm.matthews_corrcoef(y, p))


PRF = [
    ("precision_score", {}),
    ("recall_score", {}),
    ("f1_score", {}),
    ("fbeta_score", {"beta": 0.5}),
    ("fbeta_score", {"beta": 2.0}),
]


@pytest.mark.parametrize("name, extra", PRF, ids=[f"{a}{b}" for a, b in PRF])
def test_precision_recall_f_match_sklearn(name, extra):
    """Each case uses one averaging and one zero_division option, cycling through all of them."""
    f, g = getattr(m, name), getattr(require("sklearn").metrics, name)
    for i, (y, p) in enumerate(cases()):
        binary = len(np.unique(np.r_[y, p])) <= 2
        averages = ("binary", "micro", "macro", "weighted", None) if binary else ("micro", "macro", "weighted", None)
        average = averages[i // 8 % len(averages)]
        pos_label = y[0] if average == "binary" and y.dtype.kind == "U" else 1
        kw = dict(extra, average=average, zero_division=ZERO_DIVISIONS[i // 3 % 4], pos_label=pos_label)
        (mine, warned), (ref, ref_warned) = call(f, y, p, **kw), call(g, y, p, **kw)
        same(mine, ref)
        assert warned == ref_warned, (name, y, p, kw)


def test_labels_option_matches_sklearn():
    skm = require("sklearn").metrics
    for y, p in cases()[4::8]:
        labels = np.unique(y)[:2]
        for average in ("micro", "macro", "weighted", None):
            kw = dict(average=average, labels=labels, zero_division=0)
            same(m.precision_score(y, p, **kw), skm.precision_score(y, p, **kw))
            same(m.f1_score(y, p, **kw), skm.f1_score(y, p, **kw))


def test_specificity_is_recall_of_the_negatives():
    skm = require("sklearn").metrics
    for i, (y, p) in enumerate(cases()):
        zd = ZERO_DIVISIONS[i % 4]
        present = np.unique(np.r_[y, p])
        if len(present) == 2:
            pos, neg = present[1], present[0]
            ref = (
                skm.recall_score(y, p, pos_label=neg, zero_division=zd)
                if zd != "warn"
                else call(skm.recall_score, y, p, pos_label=neg)[0]
            )
            same(call(m.specificity_score, y, p, pos_label=pos, zero_division=zd)[0], ref)
        mcm = skm.multilabel_confusion_matrix(y, p)
        tn, fp = mcm[:, 0, 0], mcm[:, 0, 1]
        per_class = np.divide(tn, tn + fp, out=np.full(len(tn), 0.0 if zd == "warn" else float(zd)), where=tn + fp > 0)
        same(call(m.specificity_score, y, p, average=None, zero_division=zd)[0], per_class)


def test_classification_report_matches_sklearn():
    skm = require("sklearn").metrics
    for y, p in cases()[::4]:
        report, _ = call(m.classification_report, y, p, zero_division=0)
        ref = skm.classification_report(y, p, output_dict=True, zero_division=0)
        for name, row in ref.items():
            if name == "accuracy":
                same(report.loc["accuracy", "f1-score"], row)
                assert np.isnan(report.loc["accuracy", "precision"])
            else:
                same(
                    report.loc[name, ["precision", "recall", "f1-score", "support"]].to_numpy(dtype=float),
                    [row["precision"], row["recall"], row["f1-score"], row["support"]],
                )


def score_case(i, rng):
    """(y_true, y_score) with ties, imbalance, constant scores or a single class."""
    n = int(rng.integers(2, 30))
    kind = i % 6
    y = rng.integers(0, 2, n)
    s = rng.random(n)
    if kind == 1:
        s = np.round(s, 1)  # many ties
    elif kind == 2:
        y = (rng.random(n) < 0.1).astype(int)  # imbalanced
    elif kind == 3:
        s = np.full(n, 0.5)  # constant scores
    elif kind == 4:
        y = np.full(n, int(rng.integers(0, 2)))  # a single class
    elif kind == 5:
        s = np.round(y * 0.3 + rng.random(n) * 0.7, 2)  # informative scores with ties
    return y, s


def score_cases():
    rng = np.random.default_rng(7)
    return [score_case(i, rng) for i in range(N_CASES)]


def test_curves_and_areas_match_sklearn():
    skm = require("sklearn").metrics
    for i, (y, s) in enumerate(score_cases()):
        drop = i % 2 == 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for mine, ref in zip(
                m.precision_recall_curve(y, s, drop_intermediate=drop),
                skm.precision_recall_curve(y, s, drop_intermediate=drop),
            ):
                same(mine, ref)
            same(m.average_precision_score(y, s), skm.average_precision_score(y, s))
        if len(np.unique(y)) == 1:  # deliberate difference: scikit-learn warns and returns NaN
            with pytest.raises(ValueError, match="needs both"):
                m.roc_curve(y, s)
            with pytest.raises(ValueError, match="needs both"):
                m.roc_auc_score(y, s)
            continue
        fpr, tpr, thresholds = skm.roc_curve(y, s, drop_intermediate=drop)
        for mine, ref in zip(m.roc_curve(y, s, drop_intermediate=drop), (fpr, tpr, thresholds)):
            same(mine, ref)
        same(m.roc_auc_score(y, s), skm.roc_auc_score(y, s))
        same(m.auc(fpr[::-1], tpr[::-1]) if drop else m.auc(fpr, tpr), skm.auc(fpr, tpr))


def test_curves_with_other_labels_match_sklearn():
    skm = require("sklearn").metrics
    rng = np.random.default_rng(3)
    for _ in range(50):
        y = np.array(["no", "yes"])[rng.integers(0, 2, 20)]
        y[:2] = ["no", "yes"]
        s = np.round(rng.random(20), 1)
        for mine, ref in zip(m.roc_curve(y, s, pos_label="yes"), skm.roc_curve(y, s, pos_label="yes")):
            same(mine, ref)
        same(m.average_precision_score(y, s, pos_label="yes"), skm.average_precision_score(y, s, pos_label="yes"))
        same(m.roc_auc_score(y, s), skm.roc_auc_score(y, s))


def multiclass_prob_case(rng, k=4):
    n = int(rng.integers(k, 30))
    y = np.r_[np.arange(k), rng.integers(0, k, n - k)]
    logits = np.round(rng.normal(size=(n, k)) + 1.5 * np.eye(k)[y], 1)
    P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y, P


def test_multiclass_scores_match_sklearn():
    skm = require("sklearn").metrics
    rng = np.random.default_rng(11)
    for i in range(N_CASES):
        y, P = multiclass_prob_case(rng)
        average = ("micro", "macro", "weighted", None)[i % 4]
        same(
            m.roc_auc_score(y, P, multi_class="ovr", average=average),
            skm.roc_auc_score(y, P, multi_class="ovr", average=average),
        )
        same(m.average_precision_score(y, P, average=average), skm.average_precision_score(y, P, average=average))
        same(m.brier_score_loss(y, P), skm.brier_score_loss(y, P))
        if i % 2:
            same(m.log_loss(y, P), skm.log_loss(y, P))
        else:  # a class missing from y_true, named by labels
            kw = dict(labels=[0, 1, 2, 3])
            same(m.log_loss(y[y < 3], P[y < 3], **kw), skm.log_loss(y[y < 3], P[y < 3], **kw))


def test_binary_probabilities_match_sklearn():
    skm = require("sklearn").metrics
    rng = np.random.default_rng(5)
    for i in range(N_CASES):
        n = int(rng.integers(1, 25))
        y = rng.integers(0, 2, n) if i % 3 else np.full(n, i % 2)
        p = rng.choice([0.0, 0.2, 0.5, 1.0], n) if i % 4 == 0 else rng.random(n)
        labels, probs = [(y, p), (2 * y + 3, p), (y, np.c_[1 - p, p])][i % 3], {} if i % 3 < 2 else {"labels": [0, 1]}
        same(m.brier_score_loss(*labels, **probs), skm.brier_score_loss(*labels, **probs))
        kw = dict(labels=[0, 1], normalize=i % 2 == 0)
        same(m.log_loss(y, p, **kw), skm.log_loss(y, p, **kw))


def test_regression_metrics_match_sklearn():
    skm = require("sklearn").metrics
    rng = np.random.default_rng(9)
    names = [
        "mean_squared_error",
        "mean_absolute_error",
        "r2_score",
        "mean_absolute_percentage_error",
        "median_absolute_error",
    ]
    for i in range(N_CASES):
        n, k = int(rng.integers(1, 20)), int(rng.integers(1, 3))
        y = rng.normal(size=(n, k)) if i % 5 else np.ones((n, k))  # constant targets
        p = y + rng.normal(scale=0.5, size=(n, k)) if i % 7 else y.copy()  # exact predictions
        if i % 11 == 0:
            y[0] = 0.0  # MAPE divides by ~0
        if i % 3 == 0:
            y, p = y[:, 0], p[:, :1]  # (N,) against (N, 1)
        multioutput = ("raw_values", "uniform_average")[i % 2]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name in names:
                same(getattr(m, name)(y, p, multioutput=multioutput), getattr(skm, name)(y, p, multioutput=multioutput))
            if i % 4 == 0:
                kw = dict(multioutput="variance_weighted")
                same(m.r2_score(y, p, **kw), skm.r2_score(y, p, **kw))
            if y.ndim == 1:
                same(m.max_error(y, p), skm.max_error(y, p))


# ---------------------------------------------------------------------------------------- names and signatures
SKLEARN_NAMES = [
    name
    for name in m.__all__
    if name[0].islower() and name not in ("specificity_score", "get_scorer", "get_scorer_names")
]
NOT_IMPLEMENTED = {"sample_weight", "samplewise", "max_fpr", "force_finite", "digits", "output_dict", "y_pred"}


@pytest.mark.parametrize("name", SKLEARN_NAMES)
def test_signatures_are_scikit_learns(name):
    """The keyword-only options of sklearn.metrics.<name>, in its order, with its defaults, except those listed as
    not implemented (sample weights, and log_loss's deprecated y_pred); as many positional arguments."""
    theirs = inspect.signature(getattr(require("sklearn.metrics"), name)).parameters.values()
    ours = inspect.signature(getattr(m, name)).parameters.values()

    def options(parameters):
        return [(p.name, p.default) for p in parameters if p.kind is p.KEYWORD_ONLY and p.name not in NOT_IMPLEMENTED]

    def positional(parameters):
        return sum(p.kind is p.POSITIONAL_OR_KEYWORD for p in parameters)

    assert options(ours) == options(theirs)
    assert positional(ours) == positional(theirs)


def test_scorer_strings_are_scikit_learns():
    skm = require("sklearn.metrics")
    assert set(m.get_scorer_names()) <= set(skm.get_scorer_names())


def scorer_cases():
    """(scorer name, model, X, y): a binary, a 3-class and a regression model trained for a few steps."""
    from course_nn import Dense, ReLU, Sequential, Sigmoid, fit

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y2, y3 = (X[:, 0] > 0).astype(float), np.digitize(X[:, 1], [-0.4, 0.4])
    binary = Sequential([Dense(3, 4, rng=0), ReLU(), Dense(4, 1, rng=0), Sigmoid()])
    three = Sequential([Dense(3, 3, rng=1)])
    values = Sequential([Dense(3, 1, rng=2)], task="regression")
    for model, y, loss in ((binary, y2, "bce"), (three, y3, "cross_entropy"), (values, X @ [1.0, -2.0, 0.5], "mse")):
        fit(model, X, y, loss=loss, epochs=3, rng=0, verbose=False)
    for name, scorer in sorted(m.scorers.SCORERS.items()):
        if scorer.needs == "values":
            yield name, values, X, X @ [1.0, -2.0, 0.5]
        elif name in ("roc_auc_ovr", "roc_auc_ovr_weighted") or name.endswith(("_macro", "_micro", "_weighted")):
            yield name, three, X, y3
        else:
            yield name, binary, X, y2


def test_scorers_match_scikit_learns():
    """get_scorer(name)(model, X, y) is sklearn's get_scorer(name) on an estimator that predicts with the model."""
    skm, base = require("sklearn.metrics"), require("sklearn.base")

    class Wrapped(base.BaseEstimator):
        def __init__(self, model=None):
            self.model = model

        def fit(self, X, y):
            self.classes_ = np.unique(y)
            return self

        def predict(self, X):
            return self.model.predict(X)

        def predict_proba(self, X):
            p = self.model.predict_proba(X)
            return np.c_[1 - p, p] if p.ndim == 1 else p

    class Classifier(base.ClassifierMixin, Wrapped):
        pass

    class Regressor(base.RegressorMixin, Wrapped):
        pass

    for name, model, X, y in scorer_cases():
        estimator = (Regressor if model.task == "regression" else Classifier)(model).fit(X, y)
        same(m.get_scorer(name)(model, X, y), skm.get_scorer(name)(estimator, X, y))


def test_scorers_record_their_strings_in_the_history():
    from course_nn import Dense, Sequential, Sigmoid, fit

    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 2))
    y = (X[:, 0] > 0).astype(float)
    model = Sequential([Dense(2, 1, rng=0), Sigmoid()])
    history = fit(
        model,
        X,
        y,
        loss="bce",
        epochs=2,
        rng=0,
        validation_data=(X[:20], y[:20]),
        verbose=False,
        metrics=["accuracy", "neg_log_loss", m.matthews_corrcoef],
    )
    assert [k for k in history.history if k != "lr"] == [
        "loss",
        "accuracy",
        "neg_log_loss",
        "matthews_corrcoef",
        "val_loss",
        "val_accuracy",
        "val_neg_log_loss",
        "val_matthews_corrcoef",
    ]
    p = model.predict_proba(X[:20])
    assert history["val_neg_log_loss"][-1] == pytest.approx(-m.log_loss(y[:20], p), rel=1e-12)
    assert history["val_accuracy"][-1] == m.accuracy_score(y[:20], model.predict(X[:20]))
    with pytest.raises(ValueError, match=r"metrics: unknown scorer 'mse'; expected one of .*f\(y_true, y_pred\)"):
        fit(model, X, y, loss="bce", epochs=1, metrics=["mse"], verbose=False)


# ---------------------------------------------------------------------------------------- behaviour and errors
def test_zero_division_warns_once_and_follows_the_option():
    y, p = [0, 0, 1], [0, 0, 0]  # nothing predicted positive: precision is 0/0
    with pytest.warns(UndefinedMetricWarning, match="precision is ill-defined"):
        assert m.precision_score(y, p) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert m.precision_score(y, p, zero_division=1) == 1.0
        assert np.isnan(m.precision_score(y, p, zero_division=np.nan))
        # NaN classes are left out of the averages, as in scikit-learn
        assert m.precision_score([0, 1, 2], [0, 0, 2], average="macro", zero_division=np.nan) == pytest.approx(0.75)


def test_single_label_confusion_matrix_warns_with_the_fix():
    with pytest.warns(UserWarning, match="labels=\\[0, 1\\]"):
        assert m.confusion_matrix([1, 1], [1, 1]).shape == (1, 1)
    assert m.confusion_matrix([1, 1], [1, 1], labels=[0, 1]).ravel().tolist() == [0, 0, 0, 2]


BAD = [
    (m.precision_score, ([0, 1, 1], [0, 1]), {}, ValueError, r"precision_score: y_true has 3 labels but y_pred has 2"),
    (m.accuracy_score, ([0, 1, 1], [1, 1]), {}, ValueError, r"accuracy_score: y_true has 3 labels but y_pred has 2"),
    (m.mean_squared_error, ([0.0, 1.0], [1.0]), {}, ValueError, r"mean_squared_error: y_true has 2 rows but y_pred"),
    (m.roc_curve, ([0, 1, 1], [0.2, 0.3]), {}, ValueError, r"y_true has 3 labels but y_score has 2"),
    (m.f1_score, ([0, 1], [0, 1]), {"average": "mean"}, ValueError, r"f1_score: unknown average='mean'; expected"),
    (m.roc_auc_score, ([0, 1], [0.2, 0.3]), {"average": "samples"}, ValueError, r"roc_auc_score: unknown average="),
    (m.precision_score, ([0, 1, 2], [0, 1, 2]), {}, ValueError, r"average='binary' needs two classes.*average='macro'"),
    (m.recall_score, ([0, 1], [0, 1]), {"zero_division": 2}, ValueError, r"zero_division must be one of"),
    (m.recall_score, ([0, 2], [0, 2]), {}, ValueError, r"pos_label=1 is not one of the labels \[0, 2\]"),
    (m.accuracy_score, ([0, 1], [0.2, 0.9]), {}, ValueError, r"continuous values.*\(p >= 0.5\)"),
    (m.accuracy_score, ([0, 1], np.eye(2)), {}, ValueError, r"1-D array of class labels.*argmax"),
    (m.accuracy_score, (["a", "b"], [0, 1]), {}, ValueError, r"mix text and numeric labels"),
    (m.fbeta_score, ([0, 1], [0, 1]), {"beta": -1}, ValueError, r"beta must be a number >= 0"),
    (m.roc_curve, ([0, 0], [0.2, 0.3]), {}, ValueError, r"0 positive and 2 negative samples.*stratify"),
    (m.roc_curve, (["a", "b"], [0.2, 0.3]), {}, ValueError, r"pass pos_label="),
    (m.roc_auc_score, ([0, 1, 2], np.eye(3)), {}, ValueError, r"pass multi_class='ovr'"),
    (m.roc_auc_score, ([0, 1], np.eye(2)), {}, ValueError, r"y_score\[:, 1\]"),
    (m.log_loss, ([0, 1], [0.2, 1.3]), {}, ValueError, r"probabilities in \[0, 1\]"),
    (m.log_loss, ([1, 1], [0.2, 0.3]), {}, ValueError, r"only one class.*labels="),
    (m.auc, ([0, 1, 0.5], [0, 1, 1]), {}, ValueError, r"neither increasing nor decreasing"),
    (m.confusion_matrix, ([0, 1], [0, 1]), {"labels": [5]}, ValueError, r"none of labels=\[5\] occurs in y_true"),
    (m.max_error, (np.ones((2, 2)), np.ones((2, 2))), {}, ValueError, r"max_error: expected one output"),
    (m.mean_squared_error, ([1.0], [1.0]), {"multioutput": "mean"}, ValueError, r"unknown multioutput='mean'"),
]


@pytest.mark.parametrize(
    "f, args, kwargs, error, message", BAD, ids=[f"{b[0].__name__}-{i}" for i, b in enumerate(BAD)]
)
def test_bad_input_gives_a_clear_error(f, args, kwargs, error, message):
    with pytest.raises(error, match=message):
        f(*args, **kwargs)


def test_metrics_work_inside_fit_with_float_targets():
    # fit() hands metrics float targets and int predictions, regression outputs as (N, 1)
    assert m.f1_score(np.array([0.0, 1.0, 1.0]), np.array([0, 1, 0])) == pytest.approx(2 / 3)
    assert m.mean_squared_error(np.array([1.0, 2.0]), np.array([[1.0], [4.0]])) == 2.0


# ---------------------------------------------------------------------------------------- multi-label, softmax-2
def multilabel_cases(n_cases=20):
    """(y_true, y_pred, y_score): random multi-label 0/1 matrices with 2 to 4 labels, and scores."""
    rng = np.random.default_rng(7)
    for _ in range(n_cases):
        n, k = int(rng.integers(8, 40)), int(rng.integers(2, 5))
        T = (rng.random((n, k)) < rng.uniform(0.2, 0.8, k)).astype(int)
        T[:2] = [[0] * k, [1] * k]  # each column holds both values (an AUC needs them)
        yield T, (rng.random((n, k)) < 0.5).astype(int), np.round(rng.random((n, k)), 1)  # rounding ties scores


def test_multilabel_metrics_match_sklearn():
    skm = require("sklearn").metrics
    for T, P, scores in multilabel_cases():
        same(m.accuracy_score(T, P), skm.accuracy_score(T, P))  # subset accuracy: every label right
        same(m.accuracy_score(T, P, normalize=False), skm.accuracy_score(T, P, normalize=False))
        same(m.multilabel_confusion_matrix(T, P), skm.multilabel_confusion_matrix(T, P))
        same(m.multilabel_confusion_matrix(T, P, labels=[1, 0]), skm.multilabel_confusion_matrix(T, P, labels=[1, 0]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an empty column makes a precision or recall 0/0
            for name in ("precision_score", "recall_score", "f1_score"):
                for average in ("micro", "macro", "weighted", None):
                    kw = dict(average=average, zero_division=0)
                    same(getattr(m, name)(T, P, **kw), getattr(skm, name)(T, P, **kw))
            same(m.fbeta_score(T, P, beta=2, average="macro"), skm.fbeta_score(T, P, beta=2, average="macro"))
            same(m.f1_score(T, P, average=None, labels=[0]), skm.f1_score(T, P, average=None, labels=[0]))
        for average in ("micro", "macro", "weighted", None):
            same(m.roc_auc_score(T, scores, average=average), skm.roc_auc_score(T, scores, average=average))
            same(
                m.average_precision_score(T, scores, average=average),
                skm.average_precision_score(T, scores, average=average),
            )


def test_scorers_give_a_two_class_softmax_its_column_1_as_scikit_learn_does():
    from course_nn import Dense, Sequential, fit

    skm = require("sklearn").metrics
    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 3))
    y = (X[:, 0] + 0.5 * rng.normal(size=50) > 0).astype(int)
    model = Sequential([Dense(3, 2, rng=0)])  # two logits; predict_proba applies the softmax
    fit(model, X, y, loss="cross_entropy", epochs=3, rng=0, verbose=False)
    assert model.predict_proba(X).shape == (50, 2)
    p1 = model.predict_proba(X)[:, 1]
    for name, metric in (("roc_auc", skm.roc_auc_score), ("average_precision", skm.average_precision_score)):
        same(m.get_scorer(name)(model, X, y), metric(y, p1))
    same(m.get_scorer("roc_auc_ovr")(model, X, y), skm.roc_auc_score(y, p1))
    same(m.get_scorer("neg_log_loss")(model, X, y), -skm.log_loss(y, p1))


def test_scorers_of_a_multilabel_model_threshold_each_column_as_predict_does():
    from course_nn import Dense, Sequential, Sigmoid, fit

    skm = require("sklearn").metrics
    rng = np.random.default_rng(4)
    X = rng.normal(size=(60, 3))
    Y = np.c_[X[:, 0] > 0, X[:, 1] + X[:, 2] > 0, X[:, 2] > 0.5].astype(float)
    model = Sequential([Dense(3, 3, rng=0), Sigmoid()])

    def hamming_loss(y_true, y_pred):  # a metric function gets the (N, K) 0/1 matrices
        return float(np.mean(y_true != y_pred))

    metrics = ["accuracy", "f1_macro", hamming_loss]
    history = fit(model, X, Y, loss="bce", epochs=3, rng=0, verbose=False, metrics=metrics)
    labels, proba = model.predict(X), model.predict_proba(X)
    assert labels.shape == Y.shape and np.array_equal(labels, (proba >= 0.5).astype(int))
    same(history["accuracy"][-1], skm.accuracy_score(Y, labels))  # subset accuracy, not the argmax's
    same(history["hamming_loss"][-1], skm.hamming_loss(Y, labels))
    same(m.get_scorer("accuracy")(model, X, Y), skm.accuracy_score(Y, labels))
    for name in ("f1_macro", "precision_micro", "recall_weighted"):
        metric, average = name.split("_")
        same(m.get_scorer(name)(model, X, Y), getattr(skm, f"{metric}_score")(Y, labels, average=average))
    for name in ("roc_auc", "roc_auc_ovr"):
        same(m.get_scorer(name)(model, X, Y), skm.roc_auc_score(Y, proba))
    same(m.get_scorer("average_precision")(model, X, Y), skm.average_precision_score(Y, proba))
    soft = np.clip(Y + 0.2 * (1 - 2 * Y), 0, 1)  # soft targets 0.2 / 0.8 are thresholded like the predictions
    same(m.get_scorer("accuracy")(model, X, soft), skm.accuracy_score(Y, labels))
