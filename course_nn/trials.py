"""Trials: build, train and score one model, and run many of them on any executor.

A trial is one training run of one hyperparameter setting on one split of the data. ``Trial`` holds
everything it needs (the ``build`` function, the setting, the data, the epochs, a seed and the score to
compute) so that it can be sent as a whole to another process or machine. ``run_trial`` does the work
and returns plain numbers; ``run_trials`` runs a list of trials here, one after the other, or on any
``concurrent.futures.Executor`` (a ``ProcessPoolExecutor``, or a Dask cluster's
``client.get_executor()``), and returns the results in the list's order whatever order they finished in.

The trial's random generator comes from its own seed only, so its result does not depend on when or
where it ran.
"""

from __future__ import annotations

import math
import numbers
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._checks import NonFiniteOutput, check_bool, check_list
from .callbacks import Callback
from .metrics.scorers import get_scorer
from .training import TrainingDiverged, evaluate, fit

RESERVED = ("epochs", "rng", "validation_data", "verbose")


# ---------------------------------------------------------------------------------------- scoring
def check_scoring(scoring):
    """Return ``scoring`` if it is "loss", a scorer string or a function; else a clear error."""
    if callable(scoring) or scoring == "loss":
        return scoring
    try:
        return get_scorer(scoring).name
    except ValueError as err:
        raise ValueError(
            f"scoring: {err} Or 'loss' (the training loss, lower is better), or a function "
            "score(model, X, y) -> float (higher is better)."
        ) from None


def greater_is_better(scoring) -> bool:
    """Whether a larger value of ``scoring`` means a better model: always, except for the course's "loss"."""
    return scoring != "loss"


def score(model, X, y, scoring, loss) -> float:
    """The value of ``scoring`` for ``model`` on (X, y); ``loss`` is the training loss (for ``"loss"``).

    NaN when the model's outputs are no longer finite (its training diverged).
    """
    if callable(scoring):
        try:
            value = scoring(model, X, y)
        except TypeError as err:
            raise TypeError(
                f"scoring: calling scoring(model, X, y) failed ({err}). Fix: pass a scorer string such as "
                "'accuracy', or a function of (model, X, y); for a metric f(y_true, y_pred) write "
                "lambda model, X, y: f(y, model.predict(X))."
            ) from err
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(
                f"scoring: expected the function to return one number, got {type(value).__name__} ({value!r:.40})."
            )
        return float(value) if math.isfinite(value) else math.nan
    if scoring == "loss":
        value = float(evaluate(model, X, y, loss)["loss"])
        return value if math.isfinite(value) else math.nan
    return get_scorer(scoring)(model, X, y)


# ---------------------------------------------------------------------------------------- one trial
@dataclass(frozen=True)
class Trial:
    """Everything one training run needs; it is sent as a whole to the executor.

    ``data`` is ``(X_train, y_train, X_val, y_val)``; ``seed`` a ``numpy.random.SeedSequence`` from
    which the trial draws its generator (passed to ``build`` and to ``fit`` for shuffling).
    """

    build: Callable
    params: dict
    data: tuple
    epochs: int
    seed: Any
    scoring: Any
    label: str = ""


class _EpochCounter(Callback):
    """Counts the epochs a trial completed (also when training stops early or diverges)."""

    epochs = 0

    def on_epoch_end(self, epoch, logs):
        self.epochs = epoch


def _built(result):
    """Check what ``build`` returned: (model, fit keyword arguments)."""
    if not (isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], dict)):
        raise TypeError(
            f"build: expected it to return (model, fit_kwargs), with fit_kwargs a dict such as "
            f"dict(loss='bce', lr=0.1); got {type(result).__name__}."
        )
    model, kwargs = result
    reserved = sorted(set(RESERVED) & kwargs.keys())
    if reserved:
        raise TypeError(f"build: fit_kwargs must not set {reserved}; the search sets them.")
    if "loss" not in kwargs:
        raise TypeError("build: fit_kwargs needs the loss, e.g. dict(loss='bce', lr=0.1).")
    if "callbacks" in kwargs:
        check_list(kwargs["callbacks"], "build: fit_kwargs['callbacks']", Callback)
    return model, dict(kwargs)


def run_trial(trial: Trial) -> dict:
    """Build, train and score one model.

    Returns ``train_score`` and ``test_score`` (on the trial's validation data; scikit-learn calls the held-out
    part of a split its test part), ``fit_time`` and ``score_time`` in seconds, and the ``epochs`` trained.
    """
    start = time.perf_counter()
    rng = np.random.default_rng(trial.seed)
    model, kwargs = _built(trial.build(dict(trial.params), rng))
    X_train, y_train, X_val, y_val = trial.data
    counter = _EpochCounter()
    kwargs["callbacks"] = [*kwargs.get("callbacks", ()), counter]
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging trial scores NaN instead of warning
            fit(
                model,
                X_train,
                y_train,
                epochs=trial.epochs,
                rng=rng,
                validation_data=(X_val, y_val),
                verbose=False,
                **kwargs,
            )
            fitted = time.perf_counter()
            scores = [
                score(model, X, y, trial.scoring, kwargs["loss"]) for X, y in ((X_train, y_train), (X_val, y_val))
            ]
    except (TrainingDiverged, NonFiniteOutput):  # diverged in training, or outputs too large to score
        fitted, scores = time.perf_counter(), [math.nan, math.nan]
    return {
        "train_score": scores[0],
        "test_score": scores[1],
        "epochs": counter.epochs,
        "fit_time": fitted - start,
        "score_time": time.perf_counter() - fitted,
    }


# ---------------------------------------------------------------------------------------- many trials
def _check_executor(executor):
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise TypeError(
            f"executor: expected a concurrent.futures.Executor (e.g. ProcessPoolExecutor(), or a Dask "
            f"client's get_executor()), got {type(executor).__name__}."
        )
    return executor


def _report(trial: Trial, result: dict, done: int, total: int):
    val = "diverged" if math.isnan(result["test_score"]) else f"val {result['test_score']:.4f}"
    # no timing here: the same search prints the same lines (the table has the times)
    print(f"[{done:>{len(str(total))}}/{total}] {trial.label}: {val} ({result['epochs']} epochs)", flush=True)


def run_trials(trials, executor=None, verbose: bool = True) -> list[dict]:
    """Run every trial and return their results in the order of ``trials``.

    ``executor=None`` runs them here, one after the other; otherwise each is submitted to the executor
    and collected as it finishes. ``verbose`` prints a line per finished trial.
    """
    from concurrent.futures import as_completed  # loaded when trials run, not at import

    trials, verbose = list(trials), check_bool(verbose, "verbose")
    results: list = [None] * len(trials)
    if _check_executor(executor) is None:
        for i, trial in enumerate(trials):
            results[i] = run_trial(trial)
            if verbose:
                _report(trial, results[i], i + 1, len(trials))
        return results
    futures = {executor.submit(run_trial, trial): i for i, trial in enumerate(trials)}
    try:
        for done, future in enumerate(as_completed(futures), start=1):
            i = futures[future]
            results[i] = future.result()
            if verbose:
                _report(trials[i], results[i], done, len(trials))
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return results
