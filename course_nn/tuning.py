"""Model selection: choose hyperparameters by training fresh models and scoring them on held-out data.

Every search is made of *trials*. A trial builds a new model with your function ``build``, trains it
with ``fit`` and scores it on its training and validation data::

    def build(params, rng):
        model = Sequential([Dense(2, params["hidden"], rng=rng), ReLU(),
                            Dense(params["hidden"], 1, rng=rng), Sigmoid()])
        return model, dict(loss="bce", lr=params["lr"], batch_size=32)   # the arguments for fit()

    table = grid_search(build, {"lr": [0.01, 0.1, 1.0], "hidden": [2, 8]}, X_train, y_train,
                        validation_data=(X_val, y_val), epochs=50, scoring="accuracy", rng=0)
    table.loc[table.attrs["best_index"], "params"]          # the best setting

``build`` gets the setting's hyperparameters and a random generator (use it for every random choice,
such as the initial weights); it returns the model and the keyword arguments of ``fit`` (``loss`` is
required; ``epochs``, ``rng``, ``validation_data`` and ``verbose`` are set by the search).

Reproducible whatever runs the trials. The search's ``rng`` seed is split with
``numpy.random.SeedSequence.spawn`` into one seed per setting (and per fold), fixed before anything
runs, so a trial's result does not depend on when or where it ran. Trials run one after the other by
default, or on any ``concurrent.futures.Executor`` passed as ``executor=``: a
``ProcessPoolExecutor()`` on a laptop, or ``distributed.Client(...).get_executor()`` on a Dask
cluster. The table is the same in every case, except the times. (Functions sent to other
processes must be importable: define ``build`` in a module, or use Dask, which also ships functions
defined in a notebook.)

Results come back as a pandas DataFrame with the columns of scikit-learn's ``cv_results_`` (what
``pd.DataFrame(GridSearchCV(...).fit(X, y).cv_results_)`` gives), one row per setting in the order they
were tried:

- ``param_<name>`` for each hyperparameter, and ``params``, the setting as a dict;
- ``split0_test_score``, ``split1_test_score`` ... the score on each validation part ("test" is
  scikit-learn's word for the held-out part of a split; one split with ``validation_data``), their
  ``mean_test_score`` and ``std_test_score``, and ``rank_test_score`` (1 = best, ties share a rank);
- the same on the training data: ``split0_train_score`` ... ``mean_train_score``, ``std_train_score``;
- ``mean_fit_time``, ``std_fit_time``, ``mean_score_time``, ``std_score_time`` in seconds;
- and, as an extra, ``epochs``: the epochs trained (fewer than asked when a callback stopped early).

``table.sort_values("rank_test_score")`` lists the best first; ``table.attrs`` records the ``scoring``,
``greater_is_better``, the ``seed`` and the ``best_index`` (scikit-learn's ``best_index_``), so
``table.loc[table.attrs["best_index"], "params"]`` is the best setting. A trial whose training diverges
scores NaN and ranks last. The tables are the same whatever ran the trials, except the times.

Scores (``scoring=``): a scorer string of scikit-learn (``"accuracy"``, ``"f1_macro"``, ``"roc_auc"``,
``"neg_log_loss"``, ``"neg_mean_squared_error"``, ``"r2"`` ...: ``course_nn.metrics.get_scorer_names()``),
larger is better for all of them (errors and losses are negated: ``neg_...``); or ``"loss"``, the course's
own: the training loss, lower is better; or a function ``score(model, X, y) -> float``, higher is better,
e.g. ``def f2(model, X, y): return fbeta_score(y, model.predict(X), beta=2)``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._checks import as_array, as_rng, check_callable, check_int, check_list, check_pair, check_type
from .preprocessing import kfold
from .search_space import Choice, IntRange, LogUniform, Uniform, _check_space, describe, param_grid, param_sample
from .trials import Trial, check_scoring, greater_is_better, run_trial, run_trials

__all__ = [
    "grid_search",
    "random_search",
    "successive_halving",
    "halving_schedule",
    "cross_validate",
    "learning_curve",
    "validation_curve",
    "Trial",
    "run_trial",
    "run_trials",
    "Uniform",
    "LogUniform",
    "IntRange",
    "Choice",
    "param_grid",
    "param_sample",
]


# ---------------------------------------------------------------------------------------- shared pieces
def _streams(rng):
    """Independent seeds for drawing settings, for splitting data and for the trials, from ``rng``.

    Returns the root seed's entropy (pass it as ``rng`` to repeat the search) and the three streams.
    """
    if isinstance(rng, numbers.Integral):
        as_rng(rng)  # a clear error for a negative seed or a bool
    if rng is None or isinstance(rng, numbers.Integral):
        root = np.random.SeedSequence(None if rng is None else int(rng))
    else:
        root = np.random.SeedSequence(int(as_rng(rng).integers(2**63)))
    sample, split, trials = root.spawn(3)
    return root.entropy, np.random.default_rng(sample), np.random.default_rng(split), trials


def _xy(X, y, names=("X", "y")):
    """X (N, n_features) and y (N,) or (N, K): finite numbers, one target per row."""
    X, y = as_array(X, names[0], ndim=2), as_array(y, names[1], ndim=(1, 2))
    if len(X) != len(y):
        raise ValueError(f"{names[1]}: expected one target per row of {names[0]} ({len(X)} rows), got {len(y)}.")
    return X, y


def _folds(cv, n: int, split_rng) -> list:
    """The (train_rows, val_rows) pairs of ``cv``: k shuffled folds for an int k, or the user's own pairs."""
    if isinstance(cv, numbers.Integral):
        k = check_int(cv, "cv", low=2)
        if k > n:
            raise ValueError(f"cv: {k} folds need at least {k} rows, got {n}. Fix: pass cv={n} or fewer.")
        return kfold(n, k, rng=split_rng)
    folds = check_list(cv, "cv", fix="Fix: pass cv=k (an int >= 2) or a list of (train_rows, val_rows) pairs.")
    if not folds:
        raise ValueError(
            "cv: expected at least one (train_rows, val_rows) pair, got an empty list. Fix: pass cv=k (an int "
            ">= 2) or your own folds."
        )
    for i, fold in enumerate(folds):
        for rows, part in zip(check_pair(fold, f"cv[{i}]", "(train_rows, val_rows)"), ("train_rows", "val_rows")):
            rows = np.asarray(rows)
            if rows.ndim != 1 or rows.size == 0 or rows.dtype.kind not in "iu" or rows.min() < 0 or rows.max() >= n:
                got = f" from {rows.min()} to {rows.max()}" if rows.size and rows.dtype.kind in "iuf" else ""
                raise ValueError(
                    f"cv[{i}]: expected {part} to be row numbers 0 .. {n - 1} (a 1-D array of ints), got "
                    f"shape {rows.shape}, dtype {rows.dtype}{got}."
                )
    return folds


def _parts(X, y, validation_data, cv, split_rng):
    """The (X_train, y_train, X_val, y_val) of each fold: one validation set, or the k folds of ``cv``.
    (``successive_halving`` passes ``cv=False``: it has only ``validation_data``.)"""
    X, y = _xy(X, y)
    if cv is False and validation_data is None:
        raise ValueError(
            "validation_data: expected (X_val, y_val), got None. Fix: pass validation_data=(X_val, y_val)."
        )
    if cv is False:
        cv = None
    elif (validation_data is None) == (cv is None):
        raise ValueError(
            "validation_data, cv: pass either validation_data=(X_val, y_val) or cv=k (k-fold "
            f"cross-validation), not {'both' if cv is not None else 'neither'}."
        )
    if validation_data is not None:
        X_val, y_val = check_pair(validation_data, "validation_data", "(X_val, y_val)")
        return [(X, y, *_xy(X_val, y_val, ("validation_data[0]", "validation_data[1]")))]
    return [(X[train], y[train], X[val], y[val]) for train, val in _folds(cv, len(X), split_rng)]


def _trials(build, params, parts, epochs, seed, scoring, label):
    """The trials of one setting, one per fold, each with its own child of ``seed``."""
    seeds = seed.spawn(len(parts)) if len(parts) > 1 else [seed]
    return [
        Trial(build, params, part, epochs, s, scoring, label + (f" (fold {f + 1})" if len(parts) > 1 else ""))
        for f, (part, s) in enumerate(zip(parts, seeds))
    ]


def _splits(results: list[dict], part: str) -> dict:
    """``split{k}_<part>_score`` for each split, then their mean and standard deviation (NaN if one is NaN)."""
    scores = [r[f"{part}_score"] for r in results]
    row = {f"split{k}_{part}_score": value for k, value in enumerate(scores)}
    row[f"mean_{part}_score"], row[f"std_{part}_score"] = float(np.mean(scores)), float(np.std(scores))
    return row


def _row(results: list[dict], params: dict | None) -> dict:
    """One row of ``cv_results_`` from the trials of a setting (one per split), in scikit-learn's column order."""
    row = {}
    for what in ("fit_time", "score_time"):
        times = [r[what] for r in results]
        row[f"mean_{what}"], row[f"std_{what}"] = float(np.mean(times)), float(np.std(times))
    if params is not None:
        row.update({f"param_{name}": value for name, value in params.items()})
        row["params"] = params
    row.update(_splits(results, "test"))  # _frame adds rank_test_score after these
    row.update(_splits(results, "train"))
    epochs = [r["epochs"] for r in results]
    row["epochs"] = epochs[0] if len(set(epochs)) == 1 else float(np.mean(epochs))
    return row


def _rank(scores: np.ndarray, greater_is_better: bool) -> np.ndarray:
    """scikit-learn's ``rank_test_score``: 1 for the best, equal scores share the better rank, NaN ranks last."""
    keys = -scores if greater_is_better else scores
    keys = np.where(np.isnan(keys), np.inf, keys)
    return 1 + np.sum(keys[None, :] < keys[:, None], axis=1)


def _frame(rows, scoring, entropy, rank: bool = True, **attrs):
    """The result table, with ``rank_test_score`` and ``attrs`` (scoring, greater_is_better, seed, best_index).

    The best row is the best-ranked one of the last ``iter`` (successive halving) or of all rows.
    """
    import pandas as pd

    table = pd.DataFrame(rows)
    better = greater_is_better(scoring)
    table.attrs.update(scoring=getattr(scoring, "__name__", scoring), greater_is_better=better, seed=entropy, **attrs)
    if rank:
        ranks = _rank(table["mean_test_score"].to_numpy(float), better)
        table.insert(table.columns.get_loc("std_test_score") + 1, "rank_test_score", ranks)
        last = table.index if "iter" not in table else table.index[table["iter"] == table["iter"].max()]
        table.attrs["best_index"] = int(table.loc[last, "rank_test_score"].idxmin())
    return table


def _search(what: str, build, candidates, X, y, options: tuple, streams):
    """Evaluate every setting in ``candidates`` and return the table, one row per setting in their order.
    ``options``: the search's (validation_data, cv, epochs, scoring, executor, verbose)."""
    validation_data, cv, epochs, scoring, executor, verbose = options
    scoring = check_scoring(scoring)
    check_callable(build, "build", "def build(params, rng): return model, dict(loss='bce', lr=params['lr'])")
    entropy, _, split_rng, trial_seed = streams
    parts = _parts(X, y, validation_data, cv, split_rng)
    seeds = trial_seed.spawn(len(candidates))
    trials = [
        _trials(
            build,
            params,
            parts,
            check_int(params.get("epochs", epochs), "epochs", low=1),
            seed,
            scoring,
            f"#{i} {describe(params)}",
        )
        for i, (params, seed) in enumerate(zip(candidates, seeds))
    ]
    if verbose:
        print(
            f"{what}: {len(candidates)} settings × {len(parts)} fold(s) = {len(candidates) * len(parts)} trials",
            flush=True,
        )
    results = run_trials([t for group in trials for t in group], executor, verbose)
    k = len(parts)
    rows = [_row(results[i * k : (i + 1) * k], params) for i, params in enumerate(candidates)]
    return _frame(rows, scoring, entropy)


# ---------------------------------------------------------------------------------------- searches
def grid_search(
    build,
    grid,
    X,
    y,
    *,
    validation_data=None,
    cv=None,
    epochs=10,
    scoring="loss",
    rng=None,
    executor=None,
    verbose=True,
):
    """Try every combination of the listed hyperparameter values (exhaustive, costly: the sizes multiply).

    Parameters
    ----------
    build : callable ``build(params, rng) -> (model, fit_kwargs)``
        See the module docstring.
    grid : dict
        Name -> list of values (a single value is fixed). ``"epochs"`` may be one of them.
    X, y : arrays (N, n_features), (N,) or (N, K)
        Training data.
    validation_data : (X_val, y_val), optional
        Score on this set; or
    cv : int or list of (train_rows, val_rows), optional
        k-fold cross-validation on (X, y) (folds from ``kfold``, shuffled with the search's seed), or your
        own folds (e.g. ``stratified_kfold(y, 5, rng=0)``). Scores are averaged over the folds.
    epochs : int
        Epochs per trial (unless the setting has its own ``"epochs"``).
    scoring : "loss", a scorer string, or callable
    rng : None or int
        The search's seed.
    executor : concurrent.futures.Executor, optional
        Where the trials run (default: here, one after the other).
    verbose : bool
        A line per finished trial.

    Returns
    -------
    pandas.DataFrame
        scikit-learn's ``cv_results_``: one row per setting, in the order of ``param_grid(grid)``.
    """
    streams = _streams(rng)
    options = (validation_data, cv, epochs, scoring, executor, verbose)
    return _search("grid search", build, param_grid(grid), X, y, options, streams)


def random_search(
    build,
    space,
    X,
    y,
    *,
    n_candidates=10,
    validation_data=None,
    cv=None,
    epochs=10,
    scoring="loss",
    rng=None,
    executor=None,
    verbose=True,
):
    """Try ``n_candidates`` settings drawn at random from ``space`` (``Uniform``, ``LogUniform``, ``IntRange``,
    ``Choice`` or a list per name, or a fixed value).

    Cheaper than a grid when few hyperparameters matter: n draws try n different values of each one.
    The same ``rng`` draws the same settings and gives the same table. Other parameters and the result
    as in ``grid_search`` (one row per draw, in the order drawn).
    """
    streams = _streams(rng)
    candidates = param_sample(space, check_int(n_candidates, "n_candidates", low=1), streams[1])
    options = (validation_data, cv, epochs, scoring, executor, verbose)
    return _search("random search", build, candidates, X, y, options, streams)


def halving_schedule(n_candidates: int, min_epochs: int = 1, max_epochs: int | None = None, eta: int = 3):
    """The rungs of successive halving: how many settings train for how many epochs.

    Rung 0 trains all n settings for ``min_epochs``; each next rung keeps the best ⌊n/η⌋ (at least 1)
    and trains them η times longer, until one setting is left or the next rung would pass ``max_epochs``.
    The budget is Σ n_i·r_i epochs; each rung costs about n_0·r_0, so the budget is roughly
    (number of rungs) × n_0 × min_epochs instead of n_0 × (the last rung's epochs) for training every
    setting fully.

    Returns
    -------
    list of (n_settings, epochs), one per rung

    Examples
    --------
    >>> halving_schedule(27, min_epochs=1, eta=3)
    [(27, 1), (9, 3), (3, 9), (1, 27)]
    """
    n = check_int(n_candidates, "n_candidates", low=1)
    r = check_int(min_epochs, "min_epochs", low=1)
    eta = check_int(eta, "eta", low=2)
    if max_epochs is not None:
        max_epochs = check_int(max_epochs, "max_epochs", low=r)
    rungs = [(n, r)]
    while n > 1 and (max_epochs is None or r * eta <= max_epochs):
        n, r = max(1, n // eta), r * eta
        rungs.append((n, r))
    return rungs


def _ranked(indices, results, scoring):
    """``indices`` ordered best first by validation score (NaN last, ties in the original order)."""
    sign = -1.0 if greater_is_better(scoring) else 1.0
    keys = [math.inf if math.isnan(r["test_score"]) else sign * r["test_score"] for r in results]
    return [indices[j] for j in sorted(range(len(indices)), key=lambda j: keys[j])]


def successive_halving(
    build,
    space: dict,
    X,
    y,
    *,
    validation_data,
    n_candidates: int | None = None,
    min_epochs: int = 1,
    max_epochs: int | None = None,
    eta: int = 3,
    scoring="loss",
    rng=None,
    executor=None,
    verbose: bool = True,
):
    """Successive halving (one bracket of Hyperband): train many settings briefly, keep the best 1/η,
    train those η times longer, and so on.

    The settings are the whole grid of ``space`` (``n_candidates=None``) or ``n_candidates`` random
    draws. Rungs and budget follow ``halving_schedule(len(settings), min_epochs, max_epochs, eta)``.
    Each rung trains its settings from scratch with the setting's own seed, so a longer run repeats the
    shorter run's first epochs exactly and then continues; the budget counts those repeated epochs.

    Returns
    -------
    pandas.DataFrame
        As scikit-learn's ``HalvingRandomSearchCV.cv_results_``: one row per (rung, setting), rung by rung;
        ``iter`` is the rung (0, 1, ...) and ``n_resources`` its epochs per setting.
        ``rank_test_score`` ranks all rows by score; the winner, ``table.attrs["best_index"]``, is the best
        of the last rung. ``table.attrs["schedule"]`` holds the rungs and ``table.attrs["budget"]`` the
        planned total of epochs (the sum of ``n_resources``).
    """
    scoring = check_scoring(scoring)
    check_callable(build, "build", "def build(params, rng): return model, dict(loss='bce', lr=params['lr'])")
    streams = _streams(rng)
    entropy, sample_rng, split_rng, trial_seed = streams
    if n_candidates is not None:
        n_candidates = check_int(n_candidates, "n_candidates", low=1)
    if n_candidates is None and any(hasattr(v, "sample") for v in _check_space(space, "space").values()):
        raise ValueError(
            "n_candidates: the space has distributions, so settings must be drawn, but n_candidates is None. "
            "Fix: pass n_candidates=27 (say), or lists of values only for a grid."
        )
    candidates = param_grid(space) if n_candidates is None else param_sample(space, n_candidates, sample_rng)
    if any("epochs" in c for c in candidates):
        raise ValueError("successive_halving: remove 'epochs' from the search space; the rungs set the epochs.")
    schedule = halving_schedule(len(candidates), min_epochs, max_epochs, eta)
    part = _parts(X, y, validation_data, False, split_rng)[0]
    seeds = trial_seed.spawn(len(candidates))
    alive, rows = list(range(len(candidates))), []
    for rung, (n, epochs) in enumerate(schedule):
        alive = alive[:n]
        if verbose:
            print(f"rung {rung + 1}/{len(schedule)}: {n} settings × {epochs} epochs", flush=True)
        trials = [
            Trial(build, candidates[i], part, epochs, seeds[i], scoring, f"#{i} {describe(candidates[i])}")
            for i in alive
        ]
        results = run_trials(trials, executor, verbose)
        rows += [{"iter": rung, "n_resources": epochs, **_row([r], candidates[i])} for i, r in zip(alive, results)]
        alive = _ranked(alive, results, scoring)
    budget = sum(n * epochs for n, epochs in schedule)
    return _frame(rows, scoring, entropy, schedule=schedule, budget=budget)


# ---------------------------------------------------------------------------------------- curves and CV
def cross_validate(
    build, params: dict, X, y, *, cv=5, epochs: int = 10, scoring="loss", rng=None, executor=None, verbose: bool = False
):
    """Train and score one setting on each of k folds: how good it is, and how much that varies.

    ``cv``: k (shuffled ``kfold`` with the seed) or a list of (train_rows, val_rows).

    Returns
    -------
    pandas.DataFrame
        As ``pd.DataFrame(sklearn.model_selection.cross_validate(..., return_train_score=True))``: one row
        per fold with ``fit_time, score_time, test_score, train_score``, and ``epochs``.
    """
    import pandas as pd

    scoring = check_scoring(scoring)
    check_callable(build, "build", "def build(params, rng): return model, dict(loss='bce', lr=params['lr'])")
    entropy, _, split_rng, trial_seed = _streams(rng)
    if cv is None:
        raise ValueError("cv: expected k (an int >= 2) or a list of (train_rows, val_rows) pairs, got None. Fix: cv=5.")
    parts = _parts(X, y, None, cv, split_rng)
    trials = _trials(
        build,
        dict(check_type(params, "params", dict)),
        parts,
        check_int(epochs, "epochs", low=1),
        trial_seed,
        scoring,
        describe(params),
    )
    table = pd.DataFrame(run_trials(trials, executor, verbose))
    table = table[["fit_time", "score_time", "test_score", "train_score", "epochs"]]
    table.attrs.update(
        scoring=getattr(scoring, "__name__", scoring), greater_is_better=greater_is_better(scoring), seed=entropy
    )
    return table


def _count(size, n: int) -> int:
    """Rows for a training size: a fraction in (0, 1] of n (rounded up) or a count up to n."""
    if isinstance(size, bool):
        raise TypeError(f"train_sizes: expected fractions in (0, 1] or row counts 1 .. {n}, got {size!r}.")
    if isinstance(size, numbers.Integral) and not isinstance(size, bool) and 1 <= size <= n:
        return int(size)
    if isinstance(size, numbers.Real) and 0 < size <= 1:
        return max(1, math.ceil(size * n))
    raise ValueError(f"train_sizes: expected fractions in (0, 1] or row counts 1 .. {n}, got {size!r}.")


def learning_curve(
    build,
    params,
    X,
    y,
    *,
    train_sizes=(0.1, 0.25, 0.5, 0.75, 1.0),
    validation_data=None,
    cv=None,
    epochs=10,
    scoring="loss",
    rng=None,
    executor=None,
    verbose=False,
):
    """Score one setting trained on growing parts of the training data.

    A gap between training and validation scores that closes as the data grows says more data helps
    (variance); two curves that meet early at a poor score say the model is too simple (bias).
    The training subsets are nested: each is the first rows of one random order of the training data.

    Returns
    -------
    pandas.DataFrame
        One row per size, in the given order: ``train_size`` (rows trained on; scikit-learn's
        ``train_sizes_abs``), then the score and time columns of a search (``split0_test_score`` ...,
        ``mean_test_score``, ``std_test_score``, ``mean_train_score`` ...; no ranks).
    """
    scoring = check_scoring(scoring)
    check_callable(build, "build", "def build(params, rng): return model, dict(loss='bce', lr=params['lr'])")
    check_type(params, "params", dict)
    entropy, _, split_rng, trial_seed = _streams(rng)
    parts = _parts(X, y, validation_data, cv, split_rng)
    orders = [split_rng.permutation(len(Xt)) for Xt, *_ in parts]
    sizes = check_list(train_sizes, "train_sizes")
    if not sizes:
        raise ValueError("train_sizes: expected at least one size.")
    smallest = min(len(Xt) for Xt, *_ in parts)  # one count per size for every fold (folds may differ by a row)
    counts = [_count(s, smallest) for s in sizes]
    seeds = trial_seed.spawn(len(sizes))
    epochs = check_int(epochs, "epochs", low=1)
    groups = []
    for c, seed in zip(counts, seeds):
        subsets = [(Xt[o[:c]], yt[o[:c]], Xv, yv) for (Xt, yt, Xv, yv), o in zip(parts, orders)]
        groups.append(_trials(build, dict(params), subsets, epochs, seed, scoring, f"n_train={c}"))
    results = run_trials([t for g in groups for t in g], executor, verbose)
    k = len(parts)
    rows = [{"train_size": c, **_row(results[i * k : (i + 1) * k], None)} for i, c in enumerate(counts)]
    return _frame(rows, scoring, entropy, rank=False)


def validation_curve(
    build,
    params,
    X,
    y,
    *,
    param_name,
    values,
    validation_data=None,
    cv=None,
    epochs=10,
    scoring="loss",
    rng=None,
    executor=None,
    verbose=False,
):
    """Score one setting while one hyperparameter takes each of ``values`` (the others stay fixed).

    Low values of a capacity knob (width, epochs) underfit: both scores poor; high values may overfit:
    training keeps improving while validation gets worse. The best value sits between.

    Returns
    -------
    pandas.DataFrame
        One row per value, in the given order, with the columns of ``grid_search`` (``param_<param_name>``,
        ``mean_train_score``, ``mean_test_score``, ``rank_test_score`` ...).
    """
    values = check_list(values, "values")
    if not values:
        raise ValueError("validation_curve: values is empty; give at least one value of the hyperparameter.")
    check_type(param_name, "param_name", str, "Fix: pass the hyperparameter's name, e.g. param_name='lr'.")
    candidates = [{**check_type(params, "params", dict), param_name: v} for v in values]
    options = (validation_data, cv, epochs, scoring, executor, verbose)
    return _search("validation curve", build, candidates, X, y, options, _streams(rng))
