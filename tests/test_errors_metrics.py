"""Catalogue of bad inputs, evaluation side: metrics, scorers and the searches of course_nn.tuning. Each row is
(id, call, exception, message); the message regex names the argument and, where there is one, asserts what was
expected, what was given and the fix."""

import numpy as np
import pytest

from course_nn import CrossEntropy, Dense, Sequential, Sigmoid, fit, metrics, param_grid, param_sample
from course_nn.data import noisy_line
from course_nn.metrics import get_scorer
from course_nn.metrics.scorers import as_scorers, check_scorer_names
from course_nn.training import evaluate
from course_nn.trials import run_trials
from course_nn.tuning import (
    cross_validate,
    grid_search,
    halving_schedule,
    learning_curve,
    random_search,
    successive_halving,
    validation_curve,
)

Y, P, S = [0, 1, 1, 0], [0, 1, 0, 0], [0.1, 0.9, 0.4, 0.2]
X, T = noisy_line(12, noise=0.0, rng=0)
VAL = (X[:4], T[:4])
QUIET = {"verbose": False}
YY, PP = np.array([[0, 1], [1, 1], [1, 0]]), np.array([[0, 1], [0, 1], [1, 1]])  # multi-label: 2 labels
MULTI = np.c_[X[:, 0] > 0.5, T > T.mean()].astype(float)  # 12 samples, 2 labels each


def multilabel_model():
    """Two sigmoid outputs: a binary model with 2 labels per sample."""
    return Sequential([Dense(1, 2, rng=0), Sigmoid()])


def named(name):
    """A metric function called ``name``."""

    def f(y_true, y_pred):
        return 0.0

    f.__name__ = name
    return f


def build(params, rng):
    return Sequential([Dense(1, 1, rng=rng)], task="regression"), dict(loss="mse", lr=params["lr"], batch_size=None)


def table(*rows):
    return pytest.mark.parametrize("call, error, message", [pytest.param(*row[1:], id=row[0]) for row in rows])


@table(
    (
        "accuracy_score empty",
        lambda: metrics.accuracy_score([], []),
        ValueError,
        r"^accuracy_score: y_true is empty; expected at least one sample",
    ),
    (
        "accuracy_score NaN",
        lambda: metrics.accuracy_score(Y, [np.nan, 1, 1, 0]),
        ValueError,
        r"^accuracy_score: y_pred contains 1 NaN or infinite value\(s\); expected class labels. Fix: drop those",
    ),
    (
        "accuracy_score inf",
        lambda: metrics.accuracy_score([0, np.inf], [0, 1]),
        ValueError,
        r"^accuracy_score: y_true contains 1 NaN or infinite value\(s\); expected class labels",
    ),
    (
        "accuracy_score 0.5",
        lambda: metrics.accuracy_score(Y, [0.5, 1, 1, 0]),
        ValueError,
        r"^accuracy_score: y_pred contains continuous values .*Fix: turn probabilities into labels first",
    ),
    (
        "accuracy_score complex",
        lambda: metrics.accuracy_score(Y, [1j, 0, 1, 0]),
        TypeError,
        r"^accuracy_score: y_pred holds values of type complex; expected class labels, all ints or all strings. Fix:",
    ),
    (
        "accuracy_score objects",
        lambda: metrics.accuracy_score(np.array([None, 1, 1, 0], dtype=object), Y),
        TypeError,
        r"^accuracy_score: y_true holds values of type NoneType, int; expected class labels",
    ),
    (
        "accuracy_score text and numbers",
        lambda: metrics.accuracy_score(Y, ["a", "b", "a", "b"]),
        ValueError,
        r"^accuracy_score: y_true and y_pred mix text and numeric labels",
    ),
    (
        "accuracy_score lengths",
        lambda: metrics.accuracy_score(Y, [0, 1]),
        ValueError,
        r"^accuracy_score: y_true has 4 labels but y_pred has 2; expected one prediction per sample",
    ),
    (
        "accuracy_score one-hot",
        lambda: metrics.accuracy_score(Y, np.eye(4)),
        ValueError,
        r"^accuracy_score: y_pred must be a 1-D array of class labels, got shape \(4, 4\). Fix: .*argmax",
    ),
    (
        "accuracy_score normalize='yes'",
        lambda: metrics.accuracy_score(Y, P, normalize="yes"),
        TypeError,
        r"^normalize: expected True or False, got 'yes'",
    ),
    (
        "balanced_accuracy_score adjusted=1",
        lambda: metrics.balanced_accuracy_score(Y, P, adjusted=1),
        TypeError,
        r"^adjusted: expected True or False, got 1",
    ),
    (
        "confusion_matrix normalize",
        lambda: metrics.confusion_matrix(Y, P, normalize="rows"),
        ValueError,
        r"^confusion_matrix: normalize must be None, 'true', 'pred' or 'all', got 'rows'",
    ),
    (
        "confusion_matrix labels kind",
        lambda: metrics.confusion_matrix(Y, P, labels=["a"]),
        ValueError,
        r"^confusion_matrix: labels \['a'\] and y_true \[0, 1\] are not of the same kind",
    ),
    (
        "f1_score average",
        lambda: metrics.f1_score(Y, P, average="mean"),
        ValueError,
        r"^f1_score: unknown average='mean'; expected one of \['binary', 'micro', 'macro', 'weighted', None\]",
    ),
    (
        "f1_score zero_division",
        lambda: metrics.f1_score(Y, P, zero_division=2),
        ValueError,
        r"^f1_score: zero_division must be one of \('warn', 0, 1, 'np.nan'\), got 2",
    ),
    (
        "precision_score pos_label",
        lambda: metrics.precision_score(Y, P, pos_label=5),
        ValueError,
        r"^precision_score: pos_label=5 is not one of the labels \[0, 1\]. Fix:",
    ),
    (
        "recall_score multiclass binary",
        lambda: metrics.recall_score([0, 1, 2], [0, 1, 2]),
        ValueError,
        r"^recall_score: average='binary' needs two classes.*Fix: pass average=",
    ),
    (
        "fbeta_score beta=-1",
        lambda: metrics.fbeta_score(Y, P, beta=-1),
        ValueError,
        r"^fbeta_score: beta must be a number >= 0 \(np.inf allowed\), got -1",
    ),
    (
        "matthews_corrcoef empty",
        lambda: metrics.matthews_corrcoef([], []),
        ValueError,
        r"^matthews_corrcoef: y_true is",
    ),
    (
        "classification_report target_names",
        lambda: metrics.classification_report(Y, P, target_names=["a"]),
        ValueError,
        r"^classification_report: 2 classes but 1 target_names",
    ),
    (
        "roc_curve y_score NaN",
        lambda: metrics.roc_curve(Y, [np.nan, 0.9, 0.4, 0.2]),
        ValueError,
        r"^y_score: contains 1 NaN or infinite value\(s\)",
    ),
    (
        "roc_curve y_score complex",
        lambda: metrics.roc_curve(Y, [1j, 0.9, 0.4, 0.2]),
        TypeError,
        r"^y_score: expected real numbers, got complex values",
    ),
    (
        "roc_curve y_score text",
        lambda: metrics.roc_curve(Y, ["a", "b", "c", "d"]),
        TypeError,
        r"^y_score: expected an array of numbers, got text",
    ),
    (
        "roc_curve y_score (N, 2)",
        lambda: metrics.roc_curve(Y, np.zeros((4, 2))),
        ValueError,
        r"^roc_curve: y_score has shape \(4, 2\); expected one score per sample. Fix: pass the positive class's column",
    ),
    (
        "roc_curve drop_intermediate='no'",
        lambda: metrics.roc_curve(Y, S, drop_intermediate="no"),
        TypeError,
        r"^drop_intermediate: expected True or False, got 'no'",
    ),
    (
        "roc_auc_score one class",
        lambda: metrics.roc_auc_score([1, 1, 1, 1], S),
        ValueError,
        r"^roc_auc_score: y_true has 4 positive and 0 negative samples.*Fix:",
    ),
    (
        "roc_auc_score average",
        lambda: metrics.roc_auc_score(Y, S, average="mean"),
        ValueError,
        r"^roc_auc_score: unknown average='mean'",
    ),
    (
        "precision_recall_curve inf",
        lambda: metrics.precision_recall_curve(Y, [np.inf, 0.9, 0.4, 0.2]),
        ValueError,
        r"^y_score: contains 1 NaN",
    ),
    (
        "average_precision_score lengths",
        lambda: metrics.average_precision_score(Y, [0.1, 0.2]),
        ValueError,
        r"^average_precision_score: y_true has 4 labels but y_score has 2 scores; expected one per sample",
    ),
    ("auc empty", lambda: metrics.auc([], []), ValueError, r"^x: expected at least one value, got an empty array"),
    (
        "auc not monotonic",
        lambda: metrics.auc([0, 1, 0.5], [0, 1, 1]),
        ValueError,
        r"^auc: x is neither increasing nor decreasing; sort the points by x first",
    ),
    (
        "log_loss y_proba > 1",
        lambda: metrics.log_loss(Y, [1.2, 0.1, 0.1, 0.1]),
        ValueError,
        r"^log_loss: y_proba must hold probabilities in \[0, 1\], got values in \[0.1, 1.2\]. Fix: apply sigmoid",
    ),
    ("log_loss y_proba NaN", lambda: metrics.log_loss(Y, [np.nan, 0.1, 0.1, 0.1]), ValueError, r"^y_proba: contains 1"),
    (
        "log_loss y_proba complex",
        lambda: metrics.log_loss(Y, [1j, 0.1, 0.1, 0.1]),
        TypeError,
        r"^y_proba: expected real",
    ),
    (
        "log_loss one class",
        lambda: metrics.log_loss([0, 0], [0.1, 0.2]),
        ValueError,
        r"^log_loss: only one class \(\[0\]\) is known. Fix: pass labels=\[...\]",
    ),
    (
        "log_loss columns",
        lambda: metrics.log_loss(Y, np.full((4, 3), 1 / 3)),
        ValueError,
        r"^log_loss: y_true has 2 classes but y_proba has 3 columns",
    ),
    (
        "log_loss normalize='yes'",
        lambda: metrics.log_loss(Y, S, normalize="yes"),
        TypeError,
        r"^normalize: expected True or False, got 'yes'",
    ),
    (
        "brier_score_loss empty",
        lambda: metrics.brier_score_loss([], []),
        ValueError,
        r"^y_proba: expected at least one",
    ),
    (
        "mean_squared_error empty",
        lambda: metrics.mean_squared_error([], []),
        ValueError,
        r"^y_true: expected at least one value, got an empty array of shape \(0,\)",
    ),
    (
        "mean_absolute_error NaN",
        lambda: metrics.mean_absolute_error([1.0], [np.nan]),
        ValueError,
        r"^y_pred: contains 1",
    ),
    ("r2_score complex", lambda: metrics.r2_score([1j, 1.0], [1.0, 1.0]), TypeError, r"^y_true: expected real numbers"),
    ("r2_score text", lambda: metrics.r2_score([1.0, 2.0], ["1", "2"]), TypeError, r"^y_pred: expected an array of"),
    (
        "median_absolute_error scalar",
        lambda: metrics.median_absolute_error(1.0, 1.0),
        ValueError,
        r"^y_true: expected a 1-D or 2-D array, got shape \(\). Fix: put the number in a list",
    ),
    ("max_error empty", lambda: metrics.max_error([], []), ValueError, r"^y_true: expected at least one value"),
    (
        "max_error two outputs",
        lambda: metrics.max_error(np.zeros((2, 2)), np.zeros((2, 2))),
        ValueError,
        r"^max_error: expected one output, got 2. Fix: call it on each column",
    ),
    (
        "mean_absolute_percentage_error lengths",
        lambda: metrics.mean_absolute_percentage_error([1.0, 2.0], [1.0]),
        ValueError,
        r"^mean_absolute_percentage_error: y_true has 2 rows but y_pred has 1",
    ),
    (
        "mean_squared_error multioutput",
        lambda: metrics.mean_squared_error([1.0], [1.0], multioutput="avg"),
        ValueError,
        r"^mean_squared_error: unknown multioutput='avg'; expected one of",
    ),
    ("get_scorer acc", lambda: get_scorer("acc"), ValueError, r"^unknown scorer 'acc'; expected one of \['accuracy'"),
    (
        "brier_score_loss scale_by_half='weird'",
        lambda: metrics.brier_score_loss(Y, S, scale_by_half="weird"),
        ValueError,
        r"^scale_by_half: expected 'auto', True or False, got 'weird'",
    ),
    (
        "brier_score_loss scale_by_half=1",
        lambda: metrics.brier_score_loss(Y, S, scale_by_half=1),
        TypeError,
        r"^scale_by_half: expected 'auto', True or False, got 1",
    ),
    (
        "roc_auc_score multi_class='weird' (binary)",
        lambda: metrics.roc_auc_score(Y, S, multi_class="weird"),
        ValueError,
        r"^multi_class: unknown option 'weird'; expected one of \['ovo', 'ovr', 'raise'\]",
    ),
    (
        "confusion_matrix labels twice",
        lambda: metrics.confusion_matrix(Y, P, labels=[0, 1, 1]),
        ValueError,
        r"^confusion_matrix: labels must list each class once, got \[0, 1, 1\] \(\[1\] more than once\). "
        r"Fix: labels=\[0, 1\]",
    ),
    (
        "f1_score labels twice",
        lambda: metrics.f1_score(Y, P, labels=[1, 1], average="macro"),
        ValueError,
        r"^f1_score: labels must list each class once, got \[1, 1\]",
    ),
    (
        "log_loss labels twice",
        lambda: metrics.log_loss(Y, S, labels=[0, 1, 0]),
        ValueError,
        r"^log_loss: labels must list each class once, got \[0, 1, 0\]",
    ),
    (
        "classification_report target_names='ab'",
        lambda: metrics.classification_report(Y, P, target_names="ab"),
        TypeError,
        r"^target_names: expected a list, got str \('ab'\). Fix: put it in a list",
    ),
    (
        "precision_score multi-label binary",
        lambda: metrics.precision_score(YY, PP),
        ValueError,
        r"^precision_score: y_true and y_pred are multi-label 0/1 matrices of shape \(3, 2\), so there is no single "
        r"positive class for average='binary'. Fix: pass average='macro'",
    ),
    (
        "recall_score multi-label labels",
        lambda: metrics.recall_score(YY, PP, average="macro", labels=[2]),
        ValueError,
        r"^recall_score: labels must be column numbers 0 .. 1 of the multi-label matrices, each once, got \[2\]",
    ),
    (
        "accuracy_score multi-label shapes",
        lambda: metrics.accuracy_score(YY, np.c_[PP, PP]),
        ValueError,
        r"^accuracy_score: y_true has shape \(3, 2\) but y_pred has shape \(3, 4\); expected multi-label 0/1",
    ),
    (
        "confusion_matrix multi-label",
        lambda: metrics.confusion_matrix(YY, PP),
        ValueError,
        r"^confusion_matrix: y_true and y_pred are multi-label 0/1 matrices of shape \(3, 2\); confusion_matrix "
        r"expects one class label per sample. Fix: .*argmax.*\[confusion_matrix\(y_true\[:, j\], y_pred\[:, j\]\)",
    ),
    (
        "matthews_corrcoef multi-label",
        lambda: metrics.matthews_corrcoef(YY, PP),
        ValueError,
        r"^matthews_corrcoef: y_true and y_pred are multi-label",
    ),
    (
        "log_loss multi-label",
        lambda: metrics.log_loss(YY, [[0.2, 0.7]] * 3),
        ValueError,
        r"^log_loss: y_true must be a 1-D array of class labels, got shape \(3, 2\).*For multi-label 0/1 rows",
    ),
    (
        "roc_auc_score multi-label y_score",
        lambda: metrics.roc_auc_score(YY, [0.1, 0.2, 0.3]),
        ValueError,
        r"^roc_auc_score: y_true is a multi-label 0/1 matrix of shape \(3, 2\), so y_score must have the same "
        r"shape \(a score column per label\), got \(3,\)",
    ),
    (
        "average_precision_score multi-label pos_label",
        lambda: metrics.average_precision_score(YY, np.ones((3, 2)), pos_label=0),
        ValueError,
        r"^average_precision_score: pos_label is fixed to 1 when y_true is multi-label",
    ),
)
def test_metrics_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


@table(
    (
        "fit metrics=[loss]",
        lambda: fit(Sequential([Dense(1, 1)], task="regression"), X, T, loss="mse", metrics=[named("loss")], **QUIET),
        ValueError,
        r"^metrics: expected a metric whose name History does not use already, got a function named 'loss', the "
        r"name under which History records the training loss; .*Fix: give it a name of its own: def my_metric\(",
    ),
    (
        "as_scorers lr",
        lambda: as_scorers([named("lr")]),
        ValueError,
        r"^metrics: expected a metric whose name .*got a function named 'lr', .*records the learning rate",
    ),
    (
        "as_scorers penalty",
        lambda: as_scorers([named("penalty")]),
        ValueError,
        r"^metrics: .*got a function named 'penalty', .*records the regularizer's penalty",
    ),
    (
        "as_scorers val_f",
        lambda: as_scorers([named("val_f")]),
        ValueError,
        r"^metrics: .*got a function named 'val_f', .*records the validation values",
    ),
    (
        "as_scorers two lambdas",
        lambda: as_scorers([lambda t, p: 1.0, lambda t, p: 2.0]),
        ValueError,
        r"^metrics\[1\]: expected a metric with a name of its own, got the name '<lambda>' of metrics\[0\] \(every "
        r"lambda is called '<lambda>'\); History records each metric under its name, so one would overwrite the "
        r"other. Fix: give it a name of its own: def my_metric\(y_true, y_pred\)",
    ),
    (
        "as_scorers a function named like a scorer string",
        lambda: as_scorers(["accuracy", named("accuracy")]),
        ValueError,
        r"^metrics\[1\]: expected a metric with a name of its own, got the name 'accuracy' of metrics\[0\]",
    ),
    (
        "as_scorers 'accuracy' twice",
        lambda: as_scorers(["accuracy", "accuracy"]),
        ValueError,
        r"^metrics\[1\]: .*got the name 'accuracy' of metrics\[0\]; .*Fix: list each scorer once",
    ),
    (
        "as_scorers 'acc'",
        lambda: as_scorers(["acc"]),
        ValueError,
        r"^metrics: unknown scorer 'acc'",
    ),
    (
        "as_scorers 'accuracy' as a string",
        lambda: as_scorers("accuracy"),
        TypeError,
        r"^metrics: expected a list, got str \('accuracy'\). Fix: put it in a list",
    ),
    (
        "check_scorer_names scoring",
        lambda: check_scorer_names([get_scorer("r2"), get_scorer("r2")], "scoring"),
        ValueError,
        r"^scoring\[1\]: .*got the name 'r2' of scoring\[0\]",
    ),
    (
        "evaluate two lambdas",
        lambda: evaluate(Sequential([Dense(1, 1)], task="regression"), X, T, "mse", [lambda t, p: 1, lambda t, p: 2]),
        ValueError,
        r"^metrics\[1\]: expected a metric with a name of its own, got the name '<lambda>'",
    ),
    (
        "balanced_accuracy on multi-label targets",
        lambda: get_scorer("balanced_accuracy")(multilabel_model(), X, MULTI),
        ValueError,
        r"^scorer 'balanced_accuracy': expected targets with one class label per sample, got multi-label targets of "
        r"shape \(12, 2\) \(a binary model with 2 outputs\), which it does not score. Fix: use a scorer for "
        r"multi-label targets, one of \['accuracy', .*'f1_macro', .*'roc_auc'",
    ),
    (
        "neg_log_loss on multi-label targets",
        lambda: get_scorer("neg_log_loss")(multilabel_model(), X, MULTI),
        ValueError,
        r"^scorer 'neg_log_loss': expected targets with one class label per sample, got multi-label",
    ),
    (
        "precision (binary average) on multi-label targets",
        lambda: get_scorer("precision")(multilabel_model(), X, MULTI),
        ValueError,
        r"^scorer 'precision': expected targets with one class label per sample",
    ),
)
def test_scorer_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_probability_rows_that_do_not_sum_to_1_warn_the_same_way_in_losses_and_metrics():
    """CrossEntropy(from_logits=False) and metrics.log_loss: one behaviour for the same rows, one warning."""
    P2 = np.array([[0.2, 0.2], [0.5, 0.5]])
    with pytest.warns(UserWarning, match=r"^CrossEntropy: the rows of pred do not sum to 1; pass probabilities") as a:
        CrossEntropy(from_logits=False)(P2, [0, 1])
    with pytest.warns(UserWarning, match=r"^log_loss: the rows of y_proba do not sum to 1; pass probabilities") as b:
        metrics.log_loss([0, 1], P2)
    assert str(a[0].message).split(":", 1)[1].replace("pred", "P") == str(b[0].message).split(":", 1)[1].replace(
        "y_proba", "P"
    )


def search(**kwargs):
    kwargs = {"validation_data": VAL, "epochs": 1, **QUIET} | kwargs
    return grid_search(
        kwargs.pop("build", build), kwargs.pop("grid", {"lr": [0.1]}), kwargs.pop("X", X), kwargs.pop("y", T), **kwargs
    )


@table(
    ("grid_search cv=1", lambda: search(validation_data=None, cv=1), ValueError, r"^cv: expected an int >= 2, got 1"),
    (
        "grid_search cv=True",
        lambda: search(validation_data=None, cv=True),
        TypeError,
        r"^cv: expected an int, got True",
    ),
    (
        "grid_search cv > rows",
        lambda: search(validation_data=None, cv=20),
        ValueError,
        r"^cv: 20 folds need at least 20 rows, got 12. Fix: pass cv=12 or fewer",
    ),
    (
        "grid_search cv='abc'",
        lambda: search(validation_data=None, cv="abc"),
        TypeError,
        r"^cv: expected a list, got str \('abc'\)",
    ),
    (
        "grid_search cv=[rows]",
        lambda: search(validation_data=None, cv=[np.arange(6)]),
        TypeError,
        r"^cv\[0\]: expected a pair \(train_rows, val_rows\), got ndarray",
    ),
    (
        "grid_search cv rows out of range",
        lambda: search(validation_data=None, cv=[(np.arange(6), np.arange(6, 20))]),
        ValueError,
        r"^cv\[0\]: expected val_rows to be row numbers 0 .. 11 \(a 1-D array of ints\), got shape \(14,\)",
    ),
    (
        "grid_search cv float rows",
        lambda: search(validation_data=None, cv=[(np.arange(6.0), np.arange(6, 12))]),
        ValueError,
        r"^cv\[0\]: expected train_rows to be row numbers 0 .. 11.*dtype float64",
    ),
    (
        "cross_validate cv=1",
        lambda: cross_validate(build, {"lr": 0.1}, X, T, cv=1),
        ValueError,
        r"^cv: expected an int >= 2, got 1",
    ),
    (
        "learning_curve cv=1",
        lambda: learning_curve(build, {"lr": 0.1}, X, T, cv=1),
        ValueError,
        r"^cv: expected an int >= 2, got 1",
    ),
    (
        "grid_search both",
        lambda: search(cv=3),
        ValueError,
        r"^validation_data, cv: pass either validation_data=\(X_val, y_val\) or cv=k .*not both",
    ),
    ("grid_search neither", lambda: search(validation_data=None), ValueError, r"^validation_data, cv: .*not neither"),
    (
        "grid_search validation_data=X",
        lambda: search(validation_data=X),
        TypeError,
        r"^validation_data: expected a pair \(X_val, y_val\), got ndarray",
    ),
    (
        "grid_search validation lengths",
        lambda: search(validation_data=(X[:4], T[:3])),
        ValueError,
        r"^validation_data\[1\]: expected one target per row of validation_data\[0\] \(4 rows\), got 3",
    ),
    (
        "grid_search validation NaN",
        lambda: search(validation_data=(np.full((4, 1), np.nan), T[:4])),
        ValueError,
        r"^validation_data\[0\]: contains 4 NaN",
    ),
    ("grid_search X NaN", lambda: search(X=np.where(X > 0.5, np.nan, X)), ValueError, r"^X: contains \d+ NaN"),
    ("grid_search X complex", lambda: search(X=X + 1j), TypeError, r"^X: expected real numbers"),
    ("grid_search X empty", lambda: search(X=np.zeros((0, 1)), y=[]), ValueError, r"^X: expected at least one value"),
    (
        "grid_search y length",
        lambda: search(y=T[:-1]),
        ValueError,
        r"^y: expected one target per row of X \(12 rows\), got 11",
    ),
    ("grid_search y text", lambda: search(y=T.astype(str)), TypeError, r"^y: expected an array of numbers, got text"),
    ("grid_search rng=-1", lambda: search(rng=-1), ValueError, r"^rng: expected a seed >= 0, got -1"),
    ("grid_search rng=True", lambda: search(rng=True), TypeError, r"^rng: expected None, an int seed"),
    (
        "grid_search build=None",
        lambda: search(build=None),
        TypeError,
        r"^build: expected a function such as def build\(params, rng\)",
    ),
    ("grid_search grid={}", lambda: search(grid={}), ValueError, r"^param_grid: expected a non-empty dict"),
    ("grid_search scoring", lambda: search(scoring="acc"), ValueError, r"^scoring: unknown scorer 'acc'"),
    ("grid_search epochs=0", lambda: search(epochs=0), ValueError, r"^epochs: expected an int >= 1, got 0"),
    ("grid_search executor=4", lambda: search(executor=4), TypeError, r"^executor: expected a concurrent.futures"),
    ("grid_search verbose='no'", lambda: search(verbose="no"), TypeError, r"^verbose: expected True or False"),
    (
        "param_sample n=0",
        lambda: param_sample({"lr": [0.1]}, 0),
        ValueError,
        r"^n: expected an int >= 1, got 0",
    ),
    (
        "param_grid empty array",
        lambda: param_grid({"lr": np.array([])}),
        ValueError,
        r"^param_grid: the values of 'lr' are an empty array; expected at least one value. "
        r"Fix: e.g. \{'lr': \[0.01\]\}",
    ),
    (
        "param_grid empty range",
        lambda: param_grid({"hidden": range(0)}),
        ValueError,
        r"^param_grid: the values of 'hidden' are an empty range; expected at least one value",
    ),
    (
        "param_sample empty tuple",
        lambda: param_sample({"lr": ()}, 2),
        ValueError,
        r"^param_sample: the values of 'lr' are an empty tuple",
    ),
    (
        "param_grid set",
        lambda: param_grid({"lr": {0.1, 0.01}}),
        TypeError,
        r"^param_grid: the values of 'lr' are a set, whose order is not fixed; expected a list. Fix: pass sorted\(",
    ),
    (
        "param_grid 2-D array",
        lambda: param_grid({"lr": np.ones((2, 2))}),
        ValueError,
        r"^param_grid: the values of 'lr' are a 2-D array of shape \(2, 2\); expected a 1-D list of values",
    ),
    (
        "grid_search empty array",
        lambda: search(grid={"lr": np.array([])}),
        ValueError,
        r"^param_grid: the values of 'lr' are an empty array",
    ),
    (
        "successive_halving n_candidates=0",
        lambda: successive_halving(build, {"lr": [0.1, 0.2]}, X, T, validation_data=VAL, n_candidates=0),
        ValueError,
        r"^n_candidates: expected an int >= 1, got 0",
    ),
    (
        "random_search n_candidates=0",
        lambda: random_search(build, {"lr": [0.1]}, X, T, n_candidates=0, validation_data=VAL),
        ValueError,
        r"^n_candidates: expected an int >= 1, got 0",
    ),
    (
        "successive_halving eta=1",
        lambda: successive_halving(build, {"lr": [0.1, 0.2]}, X, T, validation_data=VAL, eta=1),
        ValueError,
        r"^eta: expected an int >= 2, got 1",
    ),
    (
        "halving_schedule max_epochs",
        lambda: halving_schedule(9, min_epochs=3, max_epochs=2),
        ValueError,
        r"^max_epochs: expected an int >= 3, got 2",
    ),
    (
        "cross_validate params list",
        lambda: cross_validate(build, [("lr", 0.1)], X, T, cv=2),
        TypeError,
        r"^params: expected a dict, got list",
    ),
    (
        "learning_curve train_sizes=0.5",
        lambda: learning_curve(build, {"lr": 0.1}, X, T, validation_data=VAL, train_sizes=0.5),
        TypeError,
        r"^train_sizes: expected a list, got float",
    ),
    (
        "learning_curve train_sizes=[2.0]",
        lambda: learning_curve(build, {"lr": 0.1}, X, T, validation_data=VAL, train_sizes=[2.0]),
        ValueError,
        r"^train_sizes: expected fractions in \(0, 1\] or row counts 1 .. 12, got 2.0",
    ),
    (
        "validation_curve values='lr'",
        lambda: validation_curve(build, {}, X, T, param_name="lr", values="0.1", validation_data=VAL),
        TypeError,
        r"^values: expected a list, got str",
    ),
    (
        "validation_curve param_name=3",
        lambda: validation_curve(build, {}, X, T, param_name=3, values=[0.1], validation_data=VAL),
        TypeError,
        r"^param_name: expected a str, got int",
    ),
    ("run_trials verbose=2.5", lambda: run_trials([], verbose=2.5), TypeError, r"^verbose: expected True or False"),
)
def test_tuning_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()
