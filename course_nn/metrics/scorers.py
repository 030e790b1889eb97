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
  class for a softmax); the targets as labels;
- ``"values"``: the numbers a regression model predicts, ``model.predict(X)``; the targets as they are.

To add a metric: write its function in its module, export it in ``__init__.py``, add one line to ``SCORERS``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

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
    """

    name: str
    metric: Callable
    needs: str
    greater_is_better: bool
    title: str
    options: dict = field(default_factory=dict)

    def from_predictions(self, y, predicted) -> float:
        """The score from targets ``y`` and the model's ``predicted`` labels, probabilities or values."""
        truth = y if self.needs == "values" else target_labels(y)
        value = float(self.metric(truth, predicted, **self.options))
        return value if self.greater_is_better else -value

    def __call__(self, model, X, y) -> float:
        """The score of ``model`` on (X, y), as scikit-learn's ``scorer(estimator, X, y)``."""
        return score_all([self], model, X, y)[self.name]


def _averages(name: str, metric, title: str) -> list[Scorer]:
    """A label metric for the positive class (``name``) and its "_macro", "_micro" and "_weighted" averages."""
    return [Scorer(name, metric, "labels", True, title)] + [
        Scorer(f"{name}_{average}", metric, "labels", True, f"{title} ({average} average)", {"average": average})
        for average in ("macro", "micro", "weighted")
    ]


SCORERS = {
    scorer.name: scorer
    for scorer in [
        Scorer("accuracy", accuracy_score, "labels", True, "accuracy"),
        Scorer("balanced_accuracy", balanced_accuracy_score, "labels", True, "balanced accuracy"),
        *_averages("precision", precision_score, "precision"),
        *_averages("recall", recall_score, "recall"),
        *_averages("f1", f1_score, "F1"),
        Scorer("matthews_corrcoef", matthews_corrcoef, "labels", True, "MCC"),
        Scorer("roc_auc", roc_auc_score, "proba", True, "ROC AUC"),
        Scorer("roc_auc_ovr", roc_auc_score, "proba", True, "ROC AUC (one-vs-rest)", {"multi_class": "ovr"}),
        Scorer(
            "roc_auc_ovr_weighted",
            roc_auc_score,
            "proba",
            True,
            "ROC AUC (one-vs-rest, weighted)",
            {"multi_class": "ovr", "average": "weighted"},
        ),
        Scorer("average_precision", average_precision_score, "proba", True, "average precision"),
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


def as_scorer(entry, argument: str = "metrics") -> Scorer:
    """The scorer for one entry of ``fit(metrics=...)``: a scorer string, or a function ``f(y_true, y_pred)``
    of the labels (recorded under the function's name)."""
    if callable(entry):
        title = getattr(entry, "__name__", "metric")
        return Scorer(title, entry, "labels", True, title)
    try:
        return get_scorer(entry)
    except ValueError as err:
        raise ValueError(f"{argument}: {err} Or pass a function f(y_true, y_pred).") from None


def target_labels(y) -> np.ndarray:
    """Targets as a label vector: a column (N, 1) is squeezed, one-hot rows (N, K) become their argmax."""
    y = np.asarray(y)
    if y.ndim == 2:
        return y[:, 0] if y.shape[1] == 1 else y.argmax(axis=1)
    return y


def score_all(scorers, model, X, y) -> dict:
    """``{scorer.name: score}`` of ``model`` on (X, y), calling ``predict`` and ``predict_proba`` at most once.

    A model whose outputs are no longer finite (its training diverged) scores NaN.
    """
    predictions, scores = {}, {}
    for scorer in scorers:
        method = "predict_proba" if scorer.needs == "proba" else "predict"
        if method not in predictions:
            predictions[method] = getattr(model, method)(X)
        predicted = predictions[method]
        scores[scorer.name] = scorer.from_predictions(y, predicted) if np.isfinite(predicted).all() else math.nan
    return scores
