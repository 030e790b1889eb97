"""Scorers: scikit-learn's scoring strings, and the one list of metrics that can be asked for by name.

A *metric* compares the truth with predictions: ``accuracy_score(y_true, y_pred)``. A *scorer* measures a
model on data: ``get_scorer("accuracy")(model, X, y)`` lets the model predict and calls the metric. The
scorer strings are scikit-learn's, so the ones you pass here work unchanged in
``GridSearchCV(scoring=...)`` or ``cross_validate(scoring=...)``:

- ``fit(..., metrics=["accuracy", "f1_macro"])`` records ``accuracy``, ``val_accuracy``, ``f1_macro`` ...
  in the History;
- the searches of ``course_nn.tuning`` take ``scoring="roc_auc"`` (and the course's ``"loss"``).

For a scorer, larger is always better. A metric for which smaller is better (an error, the log loss, the
Brier score) is negated, and its string says so: ``"neg_log_loss"`` is minus the log loss, so the best model
has the largest score in every table.

Each scorer knows what the metric needs from the model (``needs``):

- ``"labels"``: class labels, ``model.predict(X)``; one-hot targets become labels (their argmax);
- ``"proba"``: probabilities, ``model.predict_proba(X)`` (P(class 1) for a sigmoid output, one column per
  class for a softmax); the targets as labels. As in scikit-learn, a two-class softmax gives the metrics
  that take one score per sample (``"roc_auc"``, ``"average_precision"``) its column 1, P(class 1);
- ``"values"``: the numbers a regression model predicts, ``model.predict(X)``; the targets as they are.

Multi-label models (task "binary" with K > 1 sigmoid outputs, targets (N, K) of 0/1): ``predict`` thresholds
each column at 0.5, and so are the targets; the scorers that take 0/1 matrices score them as scikit-learn
does (``"accuracy"`` is the subset accuracy: every label of a sample right; ``"f1_macro"`` ... average over
the labels; ``"roc_auc"`` and ``"average_precision"`` average the columns' areas), the others refuse.

Names: ``fit`` records each scorer under its name (``accuracy``, ``val_accuracy``) next to ``loss``, ``lr``
and ``penalty``; ``check_scorer_names`` refuses a list in which a name comes twice (two lambdas are both
called ``<lambda>``) or takes one of those.

To add a metric: write its function in its module, export it in ``__init__.py``, add one line to ``SCORERS``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .._checks import NonFiniteOutput, check_list
from .classification import (
    accuracy_score,
    balanced_accuracy_score,
    f1_score,
    matthews_corrcoef,
    precision_score,
    recall_score,
)
from .regression import (
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    median_absolute_error,
    r2_score,
)
from .scores import average_precision_score, brier_score_loss, log_loss, roc_auc_score


@dataclass(frozen=True)
class Scorer:
    """How to score a model with a metric function.

    Attributes
    ----------
    name : str
        The scorer string, e.g. ``"neg_log_loss"``.
    metric : callable ``metric(y_true, predicted, **options) -> float``
        e.g. ``log_loss``.
    needs : {"labels", "proba", "values"}
        What the metric compares with the truth (see the module docstring).
    greater_is_better : bool
        Whether a larger value of the *metric* is better; if not, the scorer returns minus the metric.
    title : str
        The score's name for people (axis labels), e.g. ``"log loss (negated)"``.
    options : dict
        Keyword arguments for the metric, e.g. ``{"average": "macro"}``.
    multilabel : bool
        Whether the metric takes multi-label 0/1 matrices (N, K) (see the module docstring).
    """

    name: str
    metric: Callable
    needs: str
    greater_is_better: bool
    title: str
    options: dict = field(default_factory=dict)
    multilabel: bool = False

    def from_predictions(self, y, predicted, multilabel: bool = False) -> float:
        """The score from targets ``y`` and the model's ``predicted`` labels, probabilities or values.
        ``multilabel``: ``y`` (N, K) and ``predicted`` (N, K) are a multi-label model's (see the module
        docstring)."""
        if multilabel and self.needs != "values":
            if not self.multilabel:
                takes = [name for name, scorer in SCORERS.items() if scorer.multilabel]
                raise ValueError(
                    f"scorer {self.name!r}: expected targets with one class label per sample, got multi-label "
                    f"targets of shape {np.shape(y)} (a binary model with {np.shape(y)[1]} outputs), which it does "
                    f"not score. Fix: use a scorer for multi-label targets, one of {takes}, or a function "
                    "f(y_true, y_pred) of the (N, K) 0/1 matrices."
                )
            truth = target_labels(y, multilabel=True)
        else:
            truth = y if self.needs == "values" else target_labels(y)
            if self.metric in _ONE_SCORE and np.ndim(predicted) == 2 and np.shape(predicted)[1] == 2:
                predicted = predicted[:, 1]  # a two-class softmax: P(class 1), as scikit-learn's scorers do
        value = float(self.metric(truth, predicted, **self.options))
        return value if self.greater_is_better else -value

    def __call__(self, model, X, y) -> float:
        """The score of ``model`` on (X, y), as scikit-learn's ``scorer(estimator, X, y)``."""
        return score_all([self], model, X, y)[self.name]


_ONE_SCORE = (roc_auc_score, average_precision_score)  # metrics of one score per sample (binary problems)


def _averages(name: str, metric, title: str) -> list[Scorer]:
    """A label metric for the positive class (``name``) and its "_macro", "_micro" and "_weighted" averages."""
    return [Scorer(name, metric, "labels", True, title)] + [
        Scorer(f"{name}_{average}", metric, "labels", True, f"{title} ({average} average)", {"average": average}, True)
        for average in ("macro", "micro", "weighted")
    ]


SCORERS = {
    scorer.name: scorer
    for scorer in [
        Scorer("accuracy", accuracy_score, "labels", True, "accuracy", multilabel=True),
        Scorer("balanced_accuracy", balanced_accuracy_score, "labels", True, "balanced accuracy"),
        *_averages("precision", precision_score, "precision"),
        *_averages("recall", recall_score, "recall"),
        *_averages("f1", f1_score, "F1"),
        Scorer("matthews_corrcoef", matthews_corrcoef, "labels", True, "MCC"),
        Scorer("roc_auc", roc_auc_score, "proba", True, "ROC AUC", multilabel=True),
        Scorer("roc_auc_ovr", roc_auc_score, "proba", True, "ROC AUC (one-vs-rest)", {"multi_class": "ovr"}, True),
        Scorer(
            "roc_auc_ovr_weighted",
            roc_auc_score,
            "proba",
            True,
            "ROC AUC (one-vs-rest, weighted)",
            {"multi_class": "ovr", "average": "weighted"},
            True,
        ),
        Scorer("average_precision", average_precision_score, "proba", True, "average precision", multilabel=True),
        Scorer("neg_log_loss", log_loss, "proba", False, "log loss (negated)"),
        Scorer("neg_brier_score", brier_score_loss, "proba", False, "Brier score (negated)"),
        Scorer("neg_mean_squared_error", mean_squared_error, "values", False, "MSE (negated)"),
        Scorer("neg_mean_absolute_error", mean_absolute_error, "values", False, "MAE (negated)"),
        Scorer("neg_median_absolute_error", median_absolute_error, "values", False, "median absolute error (negated)"),
        Scorer("neg_mean_absolute_percentage_error", mean_absolute_percentage_error, "values", False, "MAPE (negated)"),
        Scorer("r2", r2_score, "values", True, "R²"),
    ]
}


def get_scorer_names() -> list[str]:
    """The scorer strings, sorted: every name ``get_scorer``, ``fit(metrics=...)`` and the searches accept."""
    return sorted(SCORERS)


def get_scorer(scoring: str) -> Scorer:
    """The scorer named ``scoring``, e.g. ``get_scorer("f1_macro")(model, X, y)``.

    Raises
    ------
    ValueError
        for a name that is not in ``get_scorer_names()``.
    """
    try:
        return SCORERS[scoring]
    except (KeyError, TypeError):
        raise ValueError(f"unknown scorer {scoring!r}; expected one of {get_scorer_names()}.") from None


# History's own records, which a metric's name must not take (validation values are "val_" + a name)
RESERVED = {"loss": "the training loss", "lr": "the learning rate", "penalty": "the regularizer's penalty"}
_NAME_IT = "Fix: give it a name of its own: def my_metric(y_true, y_pred): ..."


def _check_name(name: str, argument: str) -> None:
    if name in RESERVED or name.startswith("val_"):
        what = RESERVED.get(name, "the validation values (val_loss, val_<metric>)")
        raise ValueError(
            f"{argument}: expected a metric whose name History does not use already, got a function named "
            f"{name!r}, the name under which History records {what}; the metric would overwrite it. {_NAME_IT}"
        )


def as_scorer(entry, argument: str = "metrics") -> Scorer:
    """The scorer for one entry of ``fit(metrics=...)``: a scorer string, or a function ``f(y_true, y_pred)``
    of the labels (recorded under the function's name, which must not be one of History's own: ``loss``,
    ``lr``, ``penalty``, ``val_...``)."""
    if callable(entry):
        title = getattr(entry, "__name__", "metric")
        _check_name(title, argument)
        return Scorer(title, entry, "labels", True, title, multilabel=True)
    try:
        return get_scorer(entry)
    except ValueError as err:
        raise ValueError(f"{argument}: {err} Or pass a function f(y_true, y_pred).") from None


def check_scorer_names(scorers, argument: str = "metrics") -> list:
    """``scorers`` (a list of Scorer), after checking that History can record each under its own name: no name
    twice (two lambdas are both named ``<lambda>``) and none of History's own (``loss``, ``lr``, ``penalty``,
    ``val_...``). Returns the list."""
    seen: dict = {}
    for i, scorer in enumerate(scorers):
        _check_name(scorer.name, f"{argument}[{i}]")
        if scorer.name in seen:
            lambdas = " (every lambda is called '<lambda>')" if scorer.name == "<lambda>" else ""
            fix = "Fix: list each scorer once." if SCORERS.get(scorer.name) is scorer else _NAME_IT
            raise ValueError(
                f"{argument}[{i}]: expected a metric with a name of its own, got the name {scorer.name!r} of "
                f"{argument}[{seen[scorer.name]}]{lambdas}; History records each metric under its name, so one "
                f"would overwrite the other. {fix}"
            )
        seen[scorer.name] = i
    return list(scorers)


def as_scorers(metrics, argument: str = "metrics") -> list:
    """The scorers of ``fit(metrics=...)``: a list of scorer strings and functions, each made a Scorer
    (``as_scorer``) and their names checked (``check_scorer_names``)."""
    entries = check_list(metrics, argument)
    return check_scorer_names([as_scorer(m, argument) for m in entries], argument)


def target_labels(y, multilabel: bool = False) -> np.ndarray:
    """Targets as labels: a column (N, 1) is squeezed, one-hot rows (N, K) become their argmax; multi-label
    targets (N, K) (``multilabel=True``) become 0/1 by thresholding each column at 0.5, as ``predict`` does."""
    y = np.asarray(y)
    if multilabel:
        return (y >= 0.5).astype(int)
    if y.ndim == 2:
        return y[:, 0] if y.shape[1] == 1 else y.argmax(axis=1)
    return y


def _is_multilabel(model, y) -> bool:
    """Whether ``y`` holds a multi-label model's targets: K > 1 columns for a model whose task is "binary"."""
    if np.ndim(y) != 2 or np.shape(y)[1] < 2:
        return False
    task = getattr(model, "task", None)
    if task is None and callable(getattr(model, "_task", None)):
        try:
            task = model._task()  # inferred from the last layer (Sigmoid: binary)
        except ValueError:  # predict will say why it cannot tell
            return False
    return task == "binary"


def score_all(scorers, model, X, y) -> dict:
    """``{scorer.name: score}`` of ``model`` on (X, y), calling ``predict`` and ``predict_proba`` at most once.

    A model whose outputs are no longer finite (its training diverged) scores NaN.
    """
    check_scorer_names(scorers)
    multilabel = _is_multilabel(model, y)
    predictions, scores = {}, {}
    for scorer in scorers:
        method = "predict_proba" if scorer.needs == "proba" else "predict"
        if method not in predictions:
            try:
                predictions[method] = getattr(model, method)(X)
            except NonFiniteOutput:  # Sequential.predict refuses outputs that are not finite
                predictions[method] = np.array(math.nan)
        predicted = predictions[method]
        finite = np.isfinite(predicted).all()
        scores[scorer.name] = scorer.from_predictions(y, predicted, multilabel) if finite else math.nan
    return scores
