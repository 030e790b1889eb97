"""Figures for the worked numeric examples (notebook 04).

- ``predicted_vs_actual``: predictions of one or several models against the targets, with the line
  "prediction = target" that a perfect fit would lie on.
- ``brute_force_times``: the curse-of-dimensionality bar chart, log time against the number of parameters,
  with reference times (a minute, a day, a year, the age of the universe).
"""

from __future__ import annotations

import numpy as np

from . import _axes, finish_axes

SECONDS_PER_YEAR = 365.25 * 24 * 3600
AGE_OF_UNIVERSE_YEARS = 13.8e9


def predicted_vs_actual(y_true, predictions, ax=None, title=None, markers="osD^v"):
    """Scatter predicted against actual values.

    Parameters
    ----------
    y_true : array_like (N,) or (N, 1)
    predictions : array_like, or dict label -> array_like
        One model's predictions, or several (e.g. ``{"lr = 0.1": f1, "lr = 1": f2}``), each of y_true's length.

    Returns
    -------
    matplotlib Axes; one ``Line2D`` per model (marker only, label as given) plus the diagonal (label "perfect fit").
    """
    ax = _axes(ax, figsize=(4.5, 4.5))
    y_true = np.asarray(y_true, float).ravel()
    if not isinstance(predictions, dict):
        predictions = {"predicted": predictions}
    values = [y_true]
    for k, (label, pred) in enumerate(predictions.items()):
        pred = np.asarray(pred, float).ravel()
        if pred.shape != y_true.shape:
            raise ValueError(
                f"predictions[{label!r}]: expected {y_true.size} values (one per target), got {pred.size}."
            )
        values.append(pred)
        ax.plot(
            y_true, pred, linestyle="none", marker=markers[k % len(markers)], markersize=8, alpha=0.8, label=str(label)
        )
    lo, hi = min(v.min() for v in values), max(v.max() for v in values)
    pad = 0.05 * (hi - lo or 1.0)
    ax.plot([lo - pad, hi + pad], [lo - pad, hi + pad], color="0.4", linestyle="--", linewidth=1, label="perfect fit")
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(lo - pad, hi + pad)
    ax.set_aspect("equal")
    ax.legend(fontsize=9)
    return finish_axes(ax, "actual value", "predicted value", title)


def brute_force_times(n_params, seconds, ax=None, title=None):
    """Bar chart of log10(seconds) for trying every weight combination, with reference times.

    Returns the Axes; the bars are ``ax.patches`` in the order of ``n_params``.
    """
    ax = _axes(ax, figsize=(7, 4))
    n_params, seconds = np.asarray(n_params), np.asarray(seconds, float)
    ax.bar(n_params, np.log10(seconds), color="#cfe3f7", edgecolor="black")
    refs = {
        "1 minute": 60.0,
        "1 day": 86400.0,
        "1 year": SECONDS_PER_YEAR,
        "age of the universe": AGE_OF_UNIVERSE_YEARS * SECONDS_PER_YEAR,
    }
    for label, s in refs.items():
        ax.axhline(np.log10(s), color="#c0392b", linestyle=":", linewidth=1)
        ax.text(n_params.min() - 0.45, np.log10(s) + 0.3, label, color="#c0392b", fontsize=9, va="bottom")
    ax.set_xticks(n_params)
    return finish_axes(ax, "number of weights searched (1000 values each)", "log$_{10}$(seconds)", title)
