"""Evaluation metrics in NumPy, under scikit-learn's names, with its parameters, definitions and edge cases.

The functions have the names and parameters of ``sklearn.metrics``, so ``from course_nn.metrics import
f1_score`` and ``from sklearn.metrics import f1_score`` give the same number for the same call, and what
you learn here carries over. (``specificity_score`` is the one course-only addition.) Not implemented:
``sample_weight``, and options the course does not need.

- ``confusion``: counting labels, ``confusion_matrix`` and ``multilabel_confusion_matrix``;
- ``classification``: metrics of predicted labels, ``accuracy_score`` ... ``matthews_corrcoef``,
  ``classification_report``;
- ``scores``: metrics of scores and probabilities, ``roc_curve``, ``roc_auc_score``,
  ``precision_recall_curve``, ``average_precision_score``, ``auc``, ``log_loss``, ``brier_score_loss``;
- ``regression``: ``mean_squared_error``, ``mean_absolute_error``, ``r2_score`` ...;
- ``scorers``: scikit-learn's scorer strings (``"accuracy"``, ``"f1_macro"``, ``"roc_auc"``,
  ``"neg_log_loss"`` ...) that ``fit(metrics=...)`` and the searches of ``course_nn.tuning`` accept.
"""

from ._labels import UndefinedMetricWarning
from .classification import (
    accuracy_score,
    balanced_accuracy_score,
    classification_report,
    f1_score,
    fbeta_score,
    matthews_corrcoef,
    precision_score,
    recall_score,
    specificity_score,
)
from .confusion import confusion_matrix, multilabel_confusion_matrix
from .regression import (
    max_error,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    median_absolute_error,
    r2_score,
)
from .scorers import get_scorer, get_scorer_names
from .scores import (
    auc,
    average_precision_score,
    brier_score_loss,
    log_loss,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

__all__ = [
    "UndefinedMetricWarning",
    "confusion_matrix",
    "multilabel_confusion_matrix",
    "accuracy_score",
    "balanced_accuracy_score",
    "precision_score",
    "recall_score",
    "specificity_score",
    "f1_score",
    "fbeta_score",
    "matthews_corrcoef",
    "classification_report",
    "roc_curve",
    "auc",
    "roc_auc_score",
    "precision_recall_curve",
    "average_precision_score",
    "log_loss",
    "brier_score_loss",
    "mean_squared_error",
    "mean_absolute_error",
    "median_absolute_error",
    "max_error",
    "mean_absolute_percentage_error",
    "r2_score",
    "get_scorer",
    "get_scorer_names",
]
