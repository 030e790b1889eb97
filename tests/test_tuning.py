"""Tuning: searches find the known best, are reproducible from a seed, spend the budget they state, and give
the same table on any executor (here, a process pool and a Dask cluster)."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
from oracles import require

from course_nn import Dense, ReLU, Sequential, Sigmoid
from course_nn.data import noisy_line, two_moons
from course_nn.preprocessing import stratified_kfold, train_test_split
from course_nn.tuning import (Choice, IntRange, LogUniform, Uniform, cross_validate, grid_search, halving_schedule,
                              learning_curve, param_grid, param_sample, random_search, successive_halving,
                              validation_curve)

QUIET = dict(verbose=False)


# ---------------------------------------------------------------------------------------- problems
def build_line(params, rng):
    """A straight line fitted by full-batch gradient descent."""
    return Sequential([Dense(1, 1, rng=rng)], task="regression"), dict(loss="mse", lr=params["lr"], batch_size=None)


def build_moons(params, rng):
    hidden = params["hidden"]
    model = Sequential([Dense(2, hidden, rng=rng), ReLU(), Dense(hidden, 1, rng=rng), Sigmoid()])
    return model, dict(loss="bce", lr=params["lr"], batch_size=params.get("batch_size", 32))


@pytest.fixture(scope="module")
def line():
    X, y = noisy_line(40, slope=2.0, intercept=1.0, noise=0.0, rng=0)  # noiseless: the best fit is exact
    return X[:30], y[:30], (X[30:], y[30:])


@pytest.fixture(scope="module")
def moons():
    X, y = two_moons(120, noise=0.15, rng=0)
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.25, stratify=y, rng=0)
    return X_train, y_train, (X_val, y_val)


def without_seconds(table):
    return table.drop(columns="seconds")


# ---------------------------------------------------------------------------------------- searches
def test_grid_search_finds_the_known_best_learning_rate(line):
    """On a noiseless line, 40 full-batch steps with lr = 0.3 fit it almost exactly; the small rates are still
    far off; lr = 1e4 overflows, counts as diverged and sorts last."""
    X, y, val = line
    table = grid_search(build_line, {"lr": [1e-4, 1e-2, 0.3, 1e-3, 1e4]}, X, y, validation_data=val, epochs=40,
                        scoring="mse", rng=0, **QUIET)
    assert table.loc[0, "lr"] == 0.3 and table.loc[0, "trial"] == 2 and table.loc[0, "val_score"] < 1e-3
    assert table.loc[1, "val_score"] > 100 * table.loc[0, "val_score"]
    assert table.loc[4, "lr"] == 1e4 and np.isnan(table.loc[4, "val_score"])
    assert table.attrs["scoring"] == "mse" and table.attrs["greater_is_better"] is False
    assert list(table.columns) == ["trial", "lr", "train_score", "val_score", "epochs", "seconds"]


def test_grid_search_with_cross_validation_and_a_score_function(moons):
    X, y, _ = moons

    def accuracy(model, X, y):
        return float(np.mean(model.predict(X) == y))

    folds = stratified_kfold(y, 3, rng=0)
    table = grid_search(build_moons, {"lr": [0.5], "hidden": [1, 8], "epochs": [2, 30]}, X, y, cv=folds,
                        scoring=accuracy, rng=0, **QUIET)
    assert len(table) == 4 and set(table["epochs"]) == {2, 30} and "val_score_std" in table
    assert table.loc[0, "hidden"] == 8 and table.loc[0, "epochs"] == 30
    assert table.attrs["scoring"] == "accuracy"


def test_random_search_is_reproducible_from_its_seed(moons):
    X, y, val = moons
    space = {"lr": LogUniform(1e-3, 1.0), "hidden": IntRange(2, 8), "batch_size": [16, 32]}
    kw = dict(n_candidates=4, validation_data=val, epochs=3, scoring="accuracy", **QUIET)
    first, again = random_search(build_moons, space, X, y, rng=7, **kw), random_search(build_moons, space, X, y, rng=7, **kw)
    assert without_seconds(first).equals(without_seconds(again))
    assert not first["lr"].equals(random_search(build_moons, space, X, y, rng=8, **kw)["lr"])
    unseeded = random_search(build_moons, space, X, y, rng=None, **kw)    # the table records its seed
    repeated = random_search(build_moons, space, X, y, rng=unseeded.attrs["seed"], **kw)
    assert without_seconds(unseeded).equals(without_seconds(repeated))


def test_search_space_draws():
    rng = np.random.default_rng(0)
    lr = np.array([LogUniform(1e-4, 1.0).sample(rng) for _ in range(4000)])
    assert lr.min() >= 1e-4 and lr.max() < 1.0
    assert np.histogram(np.log10(lr), bins=4, range=(-4, 0))[0].min() > 900   # every decade equally likely
    assert {IntRange(2, 4).sample(rng) for _ in range(200)} == {2, 3, 4}
    assert 0.1 <= Uniform(0.1, 0.5).sample(rng) < 0.5 and Choice(["a", "b"]).sample(rng) in ("a", "b")
    assert param_grid({"a": [1, 2], "b": [3, 4, 5], "c": "fixed"})[4] == {"a": 2, "b": 4, "c": "fixed"}
    assert len(param_grid({"a": [1, 2], "b": [3, 4, 5]})) == 6
    assert param_sample({"a": LogUniform(1, 10)}, 3, rng=1) == param_sample({"a": LogUniform(1, 10)}, 3, rng=1)


def test_halving_schedule():
    assert halving_schedule(27, min_epochs=1, eta=3) == [(27, 1), (9, 3), (3, 9), (1, 27)]
    assert halving_schedule(10, min_epochs=2, eta=3) == [(10, 2), (3, 6), (1, 18)]
    assert halving_schedule(27, min_epochs=1, max_epochs=9) == [(27, 1), (9, 3), (3, 9)]
    assert halving_schedule(8, min_epochs=1, eta=2) == [(8, 1), (4, 2), (2, 4), (1, 8)]


def test_successive_halving_spends_the_budget_it_states(moons):
    X, y, val = moons
    space = {"lr": LogUniform(1e-3, 1.0), "hidden": IntRange(2, 8)}
    table = successive_halving(build_moons, space, X, y, validation_data=val, n_candidates=9, min_epochs=1, eta=3,
                               scoring="accuracy", rng=3, **QUIET)
    schedule = table.attrs["schedule"]
    assert schedule == [(9, 1), (3, 3), (1, 9)] and table.attrs["budget"] == 9 * 1 + 3 * 3 + 1 * 9
    assert table["epochs"].sum() == table.attrs["budget"]
    assert table.groupby("rung")["trial"].count().tolist() == [9, 3, 1]
    for rung in (1, 2):   # each rung keeps the best of the previous one
        before = table[table["rung"] == rung - 1]
        kept = set(table.loc[table["rung"] == rung, "trial"])
        assert kept == set(before.sort_values("val_score", ascending=False, kind="stable")["trial"][:len(kept)])
    assert table.loc[0, "rung"] == 2     # the winner comes first


def test_successive_halving_grid_and_epochs_rule(moons):
    X, y, val = moons
    table = successive_halving(build_moons, {"lr": [0.05, 0.5], "hidden": [2, 4]}, X, y, validation_data=val,
                               min_epochs=2, eta=2, scoring="loss", rng=0, **QUIET)
    assert table.attrs["schedule"] == [(4, 2), (2, 4), (1, 8)] and table["epochs"].sum() == 24
    with pytest.raises(ValueError, match="remove 'epochs' from the search space"):
        successive_halving(build_moons, {"lr": [0.1], "hidden": [2], "epochs": [3]}, X, y, validation_data=val, **QUIET)


# ---------------------------------------------------------------------------------------- curves and CV
def test_cross_validate_uses_every_row_once(moons):
    X, y, _ = moons
    table = cross_validate(build_moons, {"lr": 0.5, "hidden": 4}, X, y, cv=3, epochs=2, scoring="accuracy", rng=0)
    assert table["fold"].tolist() == [0, 1, 2] and table["val_score"].between(0, 1).all()


def test_learning_and_validation_curves(moons, line):
    X, y, val = moons
    curve = learning_curve(build_moons, {"lr": 0.5, "hidden": 4}, X, y, train_sizes=(0.25, 1.0, 30),
                           validation_data=val, epochs=2, scoring="accuracy", rng=0)
    assert curve["n_train"].tolist() == [23, 90, 30]
    X, y, val = line
    curve = validation_curve(build_line, {"lr": 0.1}, X, y, param_name="lr", values=[0.3, 1e-3], validation_data=val,
                             epochs=25, scoring="r2", rng=0)
    assert curve.columns[0] == "lr" and curve["lr"].tolist() == [0.3, 1e-3]       # in the given order
    assert curve.loc[0, "val_score"] > curve.loc[1, "val_score"]


def test_progress_lines_and_silence(line, capsys):
    X, y, val = line
    grid_search(build_line, {"lr": [0.1, 0.2]}, X, y, validation_data=val, epochs=2, rng=0)
    out = capsys.readouterr().out
    assert "grid search: 2 settings" in out and "[1/2] #0 lr=0.1: val" in out and "[2/2]" in out
    grid_search(build_line, {"lr": [0.1, 0.2]}, X, y, validation_data=val, epochs=2, rng=0, verbose=False)
    assert capsys.readouterr().out == ""


# ---------------------------------------------------------------------------------------- executors
def search_on(executor, moons):
    X, y, _ = moons
    return grid_search(build_moons, {"lr": [0.1, 0.5], "hidden": [2, 4]}, X, y, cv=2, epochs=3, scoring="accuracy",
                       rng=5, executor=executor, **QUIET)


def test_a_process_pool_gives_the_same_table(moons):
    """Workers are started with "spawn" (the default on macOS and Windows): they import build_moons afresh."""
    serial = search_on(None, moons)
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        parallel = search_on(pool, moons)
    assert without_seconds(parallel).equals(without_seconds(serial))


def test_a_dask_cluster_gives_the_same_table(moons):
    distributed = require("distributed")
    serial = search_on(None, moons)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = search_on(client.get_executor(), moons)
    assert without_seconds(on_dask).equals(without_seconds(serial))


# ---------------------------------------------------------------------------------------- errors
def bad_build(params, rng):
    return Sequential([Dense(1, 1, rng=rng)])


def build_setting_epochs(params, rng):
    return Sequential([Dense(1, 1, rng=rng)]), dict(loss="mse", epochs=5)


@pytest.mark.parametrize("call, error, message", [
    (lambda X, y, v: grid_search(build_line, {}, X, y, validation_data=v), ValueError, r"non-empty dict"),
    (lambda X, y, v: grid_search(build_line, {"lr": []}, X, y, validation_data=v), ValueError,
     r"values of 'lr' are an empty list"),
    (lambda X, y, v: grid_search(build_line, {"lr": LogUniform(0.1, 1)}, X, y, validation_data=v), ValueError,
     r"a grid needs a list of values"),
    (lambda X, y, v: grid_search(build_line, {"lr": [0.1]}, X, y[:-1], validation_data=v), ValueError,
     r"X has 30 rows but y has 29"),
    (lambda X, y, v: grid_search(build_line, {"lr": [0.1]}, X, y), ValueError, r"either validation_data.*not neither"),
    (lambda X, y, v: grid_search(build_line, {"lr": [0.1]}, X, y, validation_data=v, cv=3), ValueError, r"not both"),
    (lambda X, y, v: grid_search(build_line, {"lr": [0.1]}, X, y, validation_data=v, scoring="acc"), ValueError,
     r"unknown score 'acc'"),
    (lambda X, y, v: grid_search(bad_build, {"lr": [0.1]}, X, y, validation_data=v, verbose=False), TypeError,
     r"return \(model, fit_kwargs\)"),
    (lambda X, y, v: grid_search(build_setting_epochs, {"lr": [0.1]}, X, y, validation_data=v, verbose=False),
     TypeError, r"must not set \['epochs'\]"),
    (lambda X, y, v: grid_search(build_line, {"lr": [0.1]}, X, y, validation_data=v, executor=4), TypeError,
     r"executor: expected a concurrent.futures.Executor"),
    (lambda X, y, v: grid_search(build_line, {"val_score": [0.1]}, X, y, validation_data=v), ValueError,
     r"clash with the result table's columns"),
    (lambda X, y, v: random_search(build_line, {"lr": [0.1]}, X, y, n_candidates=0, validation_data=v), ValueError,
     r"n_candidates: expected an int >= 1"),
    (lambda X, y, v: LogUniform(0, 1), ValueError, r"low: expected a value in \(0.0, inf\]"),
    (lambda X, y, v: IntRange(5, 2), ValueError, r"expected low <= high"),
    (lambda X, y, v: learning_curve(build_line, {"lr": 0.1}, X, y, validation_data=v, train_sizes=[0]), ValueError,
     r"train_sizes: expected fractions in \(0, 1\]"),
    (lambda X, y, v: validation_curve(build_line, {}, X, y, param_name="lr", values=[], validation_data=v), ValueError,
     r"values is empty"),
])
def test_bad_input_gives_a_clear_error(line, call, error, message):
    X, y, val = line
    with pytest.raises(error, match=message):
        call(X, y, val)
