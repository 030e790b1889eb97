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
from course_nn.tuning import (
    Choice,
    IntRange,
    LogUniform,
    Uniform,
    cross_validate,
    grid_search,
    halving_schedule,
    learning_curve,
    param_grid,
    param_sample,
    random_search,
    successive_halving,
    validation_curve,
)

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


def without_times(table):
    return table.drop(columns=[c for c in table if c.endswith("_time")])


# ---------------------------------------------------------------------------------------- searches
def test_grid_search_finds_the_known_best_learning_rate(line):
    """On a noiseless line, 40 full-batch steps with lr = 0.3 fit it almost exactly; the small rates are still
    far off; lr = 1e4 overflows, counts as diverged and ranks last."""
    X, y, val = line
    table = grid_search(
        build_line,
        {"lr": [1e-4, 1e-2, 0.3, 1e-3, 1e4]},
        X,
        y,
        validation_data=val,
        epochs=40,
        scoring="neg_mean_squared_error",
        rng=0,
        **QUIET,
    )
    assert table["param_lr"].tolist() == [1e-4, 1e-2, 0.3, 1e-3, 1e4]  # rows in the order tried
    assert table["rank_test_score"].tolist() == [4, 2, 1, 3, 5]
    assert table.attrs["best_index"] == 2 and table.loc[2, "params"] == {"lr": 0.3}
    assert -1e-3 < table.loc[2, "mean_test_score"] < 0  # minus the MSE: larger is better
    assert table.loc[2, "mean_test_score"] == table.loc[2, "split0_test_score"] and table.loc[2, "std_test_score"] == 0
    assert table.loc[1, "mean_test_score"] < 100 * table.loc[2, "mean_test_score"]
    assert np.isnan(table.loc[4, "mean_test_score"]) and np.isnan(table.loc[4, "mean_train_score"])
    assert table.attrs["scoring"] == "neg_mean_squared_error" and table.attrs["greater_is_better"] is True
    assert list(table.columns) == [
        "mean_fit_time",
        "std_fit_time",
        "mean_score_time",
        "std_score_time",
        "param_lr",
        "params",
        "split0_test_score",
        "mean_test_score",
        "std_test_score",
        "rank_test_score",
        "split0_train_score",
        "mean_train_score",
        "std_train_score",
        "epochs",
    ]


def test_the_loss_ranks_lowest_first(line):
    X, y, val = line
    table = grid_search(build_line, {"lr": [1e-3, 0.3, 1e4]}, X, y, validation_data=val, epochs=40, rng=0, **QUIET)
    assert table.attrs["scoring"] == "loss" and table.attrs["greater_is_better"] is False
    assert table["rank_test_score"].tolist() == [2, 1, 3] and table.attrs["best_index"] == 1
    assert 0 < table.loc[1, "mean_test_score"] < 1e-2


def test_ranks_follow_scikit_learn():
    """rank_test_score: 1 = best, equal scores share the better rank, NaN (diverged) ranks after every number."""
    from course_nn.tuning import _rank

    scores = np.array([0.5, np.nan, 0.9, 0.5, 0.1, np.nan])
    assert _rank(scores, greater_is_better=True).tolist() == [2, 5, 1, 2, 4, 5]
    assert _rank(scores, greater_is_better=False).tolist() == [2, 5, 4, 2, 1, 5]
    assert _rank(np.full(3, np.nan), greater_is_better=True).tolist() == [1, 1, 1]


def test_the_tables_have_scikit_learns_columns(moons):
    """The same searches in scikit-learn (GridSearchCV, HalvingGridSearchCV, cross_validate) have the same columns."""
    base = require("sklearn.base")
    from sklearn.experimental import enable_halving_search_cv  # noqa: F401
    from sklearn.model_selection import GridSearchCV, HalvingGridSearchCV, PredefinedSplit
    from sklearn.model_selection import cross_validate as sk_cross_validate

    class Constant(base.BaseEstimator):
        """An estimator with the hyperparameters of build_moons and a constant score."""

        def __init__(self, lr=0.1, hidden=2):
            self.lr, self.hidden = lr, hidden

        def fit(self, X, y):
            return self

        def score(self, X, y):
            return 0.5

    X, y, val = moons
    grid = {"hidden": [2, 4], "lr": [0.1, 0.5]}  # names in scikit-learn's (sorted) order
    ours = grid_search(build_moons, grid, X, y, cv=3, epochs=1, scoring="accuracy", rng=0, **QUIET)
    theirs = GridSearchCV(Constant(), grid, cv=3, return_train_score=True).fit(X, y).cv_results_
    assert list(ours.columns) == list(theirs) + ["epochs"]
    assert [p for p in ours["params"]] == list(theirs["params"])  # the same settings in the same order
    ours = successive_halving(build_moons, grid, X, y, validation_data=val, eta=2, scoring="accuracy", rng=0, **QUIET)
    X_all, one_split = np.vstack([X, val[0]]), PredefinedSplit(np.r_[np.full(len(X), -1), np.zeros(len(val[0]))])
    halving = HalvingGridSearchCV(Constant(), grid, cv=one_split, factor=2, min_resources=10, return_train_score=True)
    theirs = halving.fit(X_all, np.r_[y, val[1]]).cv_results_
    assert list(ours.columns) == list(theirs) + ["epochs"]
    assert ours["iter"].tolist() == theirs["iter"].tolist()  # 4 settings, then 2, then 1
    ours = cross_validate(build_moons, {"lr": 0.5, "hidden": 2}, X, y, cv=3, epochs=1, rng=0)
    theirs = sk_cross_validate(Constant(), X, y, cv=3, return_train_score=True)
    assert list(ours.columns) == list(theirs) + ["epochs"] and len(ours) == 3


def test_grid_search_with_cross_validation_and_a_score_function(moons):
    X, y, _ = moons

    def accuracy(model, X, y):
        return float(np.mean(model.predict(X) == y))

    folds = stratified_kfold(y, 3, rng=0)
    table = grid_search(
        build_moons,
        {"lr": [0.5], "hidden": [1, 8], "epochs": [2, 30]},
        X,
        y,
        cv=folds,
        scoring=accuracy,
        rng=0,
        **QUIET,
    )
    assert len(table) == 4 and table["param_epochs"].tolist() == [2, 30, 2, 30] == table["epochs"].tolist()
    best = table.loc[table.attrs["best_index"]]
    assert best["params"] == {"lr": 0.5, "hidden": 8, "epochs": 30} and best["rank_test_score"] == 1
    splits = table[["split0_test_score", "split1_test_score", "split2_test_score"]]
    assert np.allclose(splits.mean(axis=1), table["mean_test_score"]) and "split3_test_score" not in table
    assert np.allclose(splits.std(axis=1, ddof=0), table["std_test_score"])
    assert table.attrs["scoring"] == "accuracy"


def test_random_search_is_reproducible_from_its_seed(moons):
    X, y, val = moons
    space = {"lr": LogUniform(1e-3, 1.0), "hidden": IntRange(2, 8), "batch_size": [16, 32]}
    kw = dict(n_candidates=4, validation_data=val, epochs=3, scoring="accuracy", **QUIET)
    first, again = (
        random_search(build_moons, space, X, y, rng=7, **kw),
        random_search(build_moons, space, X, y, rng=7, **kw),
    )
    assert without_times(first).equals(without_times(again))
    assert not first["param_lr"].equals(random_search(build_moons, space, X, y, rng=8, **kw)["param_lr"])
    unseeded = random_search(build_moons, space, X, y, rng=None, **kw)  # the table records its seed
    repeated = random_search(build_moons, space, X, y, rng=unseeded.attrs["seed"], **kw)
    assert without_times(unseeded).equals(without_times(repeated))


def test_search_space_draws():
    rng = np.random.default_rng(0)
    lr = np.array([LogUniform(1e-4, 1.0).sample(rng) for _ in range(4000)])
    assert lr.min() >= 1e-4 and lr.max() < 1.0
    assert np.histogram(np.log10(lr), bins=4, range=(-4, 0))[0].min() > 900  # every decade equally likely
    assert {IntRange(2, 4).sample(rng) for _ in range(200)} == {2, 3, 4}
    assert 0.1 <= Uniform(0.1, 0.5).sample(rng) < 0.5 and Choice(["a", "b"]).sample(rng) in ("a", "b")
    assert param_grid({"a": [1, 2], "b": [3, 4, 5], "c": "fixed"})[4] == {"a": 2, "b": 4, "c": "fixed"}
    assert len(param_grid({"a": [1, 2], "b": [3, 4, 5]})) == 6
    assert param_sample({"a": LogUniform(1, 10)}, 3, rng=1) == param_sample({"a": LogUniform(1, 10)}, 3, rng=1)


def test_arrays_ranges_and_tuples_are_lists_of_values_in_every_space():
    # as in scikit-learn's ParameterGrid: np.logspace(...) is several learning rates, not one setting
    as_list = param_grid({"lr": [0.1, 0.01], "hidden": [2, 3], "act": ["relu", "tanh"]})
    for grid in (
        {"lr": np.array([0.1, 0.01]), "hidden": range(2, 4), "act": ("relu", "tanh")},
        {"lr": (0.1, 0.01), "hidden": np.arange(2, 4), "act": np.array(["relu", "tanh"])},
    ):
        settings = param_grid(grid)
        assert settings == as_list
        assert all(type(s["lr"]) is float and type(s["hidden"]) is int for s in settings)  # Python numbers
    assert param_grid({"lr": np.float64(0.1), "sizes": [(16, 8)]}) == [{"lr": 0.1, "sizes": (16, 8)}]  # fixed
    for values in (np.array([0.1, 0.01, 0.001]), (0.1, 0.01, 0.001), range(3)):
        drawn = param_sample({"v": values, "w": LogUniform(1, 10)}, 20, rng=0)
        assert {d["v"] for d in drawn} == set(np.asarray(values).tolist())
        assert drawn == param_sample({"v": list(values), "w": LogUniform(1, 10)}, 20, rng=0)  # same draws


def test_searches_take_numpy_arrays_of_values(line):
    X, y, val = line
    kw = dict(validation_data=val, epochs=2, rng=0, **QUIET)
    table = grid_search(build_line, {"lr": np.logspace(-2, -1, 2)}, X, y, **kw)
    assert table["param_lr"].tolist() == pytest.approx([0.01, 0.1])
    assert without_times(table).equals(without_times(grid_search(build_line, {"lr": [0.01, 0.1]}, X, y, **kw)))
    drawn = random_search(build_line, {"lr": np.array([0.05, 0.1])}, X, y, n_candidates=3, **kw)
    assert set(drawn["param_lr"]) <= {0.05, 0.1}


def test_halving_schedule():
    assert halving_schedule(27, min_epochs=1, eta=3) == [(27, 1), (9, 3), (3, 9), (1, 27)]
    assert halving_schedule(10, min_epochs=2, eta=3) == [(10, 2), (3, 6), (1, 18)]
    assert halving_schedule(27, min_epochs=1, max_epochs=9) == [(27, 1), (9, 3), (3, 9)]
    assert halving_schedule(8, min_epochs=1, eta=2) == [(8, 1), (4, 2), (2, 4), (1, 8)]


def test_successive_halving_spends_the_budget_it_states(moons):
    X, y, val = moons
    space = {"lr": LogUniform(1e-3, 1.0), "hidden": IntRange(2, 8)}
    table = successive_halving(
        build_moons,
        space,
        X,
        y,
        validation_data=val,
        n_candidates=9,
        min_epochs=1,
        eta=3,
        scoring="accuracy",
        rng=3,
        **QUIET,
    )
    schedule = table.attrs["schedule"]
    assert schedule == [(9, 1), (3, 3), (1, 9)] and table.attrs["budget"] == 9 * 1 + 3 * 3 + 1 * 9
    assert table["n_resources"].sum() == table["epochs"].sum() == table.attrs["budget"]
    assert table.groupby("iter")["n_resources"].agg(["count", "first"]).values.tolist() == [[9, 1], [3, 3], [1, 9]]
    for rung in (1, 2):  # each rung keeps the best of the previous one (the drawn learning rates are distinct)
        before = table[table["iter"] == rung - 1]
        kept = set(table.loc[table["iter"] == rung, "param_lr"])
        best_first = before.sort_values("mean_test_score", ascending=False, kind="stable")
        assert kept == set(best_first["param_lr"][: len(kept)])
    assert table.loc[table.attrs["best_index"], "iter"] == 2 and table.attrs["best_index"] == len(table) - 1


def test_successive_halving_grid_and_epochs_rule(moons):
    X, y, val = moons
    table = successive_halving(
        build_moons,
        {"lr": [0.05, 0.5], "hidden": [2, 4]},
        X,
        y,
        validation_data=val,
        min_epochs=2,
        eta=2,
        scoring="loss",
        rng=0,
        **QUIET,
    )
    assert table.attrs["schedule"] == [(4, 2), (2, 4), (1, 8)] and table["n_resources"].sum() == 24
    with pytest.raises(ValueError, match="remove 'epochs' from the search space"):
        successive_halving(build_moons, {"lr": [0.1], "hidden": [2], "epochs": [3]}, X, y, validation_data=val, **QUIET)


# ---------------------------------------------------------------------------------------- curves and CV
def test_cross_validate_uses_every_row_once(moons):
    X, y, _ = moons
    table = cross_validate(build_moons, {"lr": 0.5, "hidden": 4}, X, y, cv=3, epochs=2, scoring="accuracy", rng=0)
    assert table.index.tolist() == [0, 1, 2] and table["test_score"].between(0, 1).all()
    assert table.attrs["scoring"] == "accuracy" and (table["epochs"] == 2).all()


def test_learning_and_validation_curves(moons, line):
    X, y, val = moons
    curve = learning_curve(
        build_moons,
        {"lr": 0.5, "hidden": 4},
        X,
        y,
        train_sizes=(0.25, 1.0, 30),
        validation_data=val,
        epochs=2,
        scoring="accuracy",
        rng=0,
    )
    assert curve["train_size"].tolist() == [23, 90, 30] and "rank_test_score" not in curve
    X, y, val = line
    curve = validation_curve(
        build_line,
        {"lr": 0.1},
        X,
        y,
        param_name="lr",
        values=[0.3, 1e-3],
        validation_data=val,
        epochs=25,
        scoring="r2",
        rng=0,
    )
    assert curve["param_lr"].tolist() == [0.3, 1e-3]  # in the given order
    assert curve.loc[0, "mean_test_score"] > curve.loc[1, "mean_test_score"] and curve.attrs["best_index"] == 0


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
    return grid_search(
        build_moons,
        {"lr": [0.1, 0.5], "hidden": [2, 4]},
        X,
        y,
        cv=2,
        epochs=3,
        scoring="accuracy",
        rng=5,
        executor=executor,
        **QUIET,
    )


def test_a_process_pool_gives_the_same_table(moons):
    """Workers are started with "spawn" (the default on macOS and Windows): they import build_moons afresh."""
    serial = search_on(None, moons)
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        parallel = search_on(pool, moons)
    assert without_times(parallel).equals(without_times(serial))


def test_a_dask_cluster_gives_the_same_table(moons):
    distributed = require("distributed")
    serial = search_on(None, moons)
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = search_on(client.get_executor(), moons)
    assert without_times(on_dask).equals(without_times(serial))


# ---------------------------------------------------------------------------------------- errors
def bad_build(params, rng):
    return Sequential([Dense(1, 1, rng=rng)])


def build_setting_epochs(params, rng):
    return Sequential([Dense(1, 1, rng=rng)]), dict(loss="mse", epochs=5)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda X, y, v: grid_search(build_line, {}, X, y, validation_data=v), ValueError, r"non-empty dict"),
        (
            lambda X, y, v: grid_search(build_line, {"lr": []}, X, y, validation_data=v),
            ValueError,
            r"values of 'lr' are an empty list",
        ),
        (
            lambda X, y, v: grid_search(build_line, {"lr": LogUniform(0.1, 1)}, X, y, validation_data=v),
            ValueError,
            r"a grid needs a list of values",
        ),
        (
            lambda X, y, v: grid_search(build_line, {"lr": [0.1]}, X, y[:-1], validation_data=v),
            ValueError,
            r"^y: expected one target per row of X \(30 rows\), got 29",
        ),
        (
            lambda X, y, v: grid_search(build_line, {"lr": [0.1]}, X, y),
            ValueError,
            r"either validation_data.*not neither",
        ),
        (
            lambda X, y, v: grid_search(build_line, {"lr": [0.1]}, X, y, validation_data=v, cv=3),
            ValueError,
            r"not both",
        ),
        (
            lambda X, y, v: grid_search(build_line, {"lr": [0.1]}, X, y, validation_data=v, scoring="acc"),
            ValueError,
            r"unknown scorer 'acc'; expected one of \['accuracy', .*Or 'loss'",
        ),
        (
            lambda X, y, v: grid_search(bad_build, {"lr": [0.1]}, X, y, validation_data=v, verbose=False),
            TypeError,
            r"return \(model, fit_kwargs\)",
        ),
        (
            lambda X, y, v: grid_search(build_setting_epochs, {"lr": [0.1]}, X, y, validation_data=v, verbose=False),
            TypeError,
            r"must not set \['epochs'\]",
        ),
        (
            lambda X, y, v: grid_search(build_line, {"lr": [0.1]}, X, y, validation_data=v, executor=4),
            TypeError,
            r"executor: expected a concurrent.futures.Executor",
        ),
        (
            lambda X, y, v: random_search(build_line, {"lr": [0.1]}, X, y, n_candidates=0, validation_data=v),
            ValueError,
            r"n_candidates: expected an int >= 1",
        ),
        (lambda X, y, v: LogUniform(0, 1), ValueError, r"low: expected a value in \(0.0, inf\]"),
        (lambda X, y, v: IntRange(5, 2), ValueError, r"expected low <= high"),
        (
            lambda X, y, v: learning_curve(build_line, {"lr": 0.1}, X, y, validation_data=v, train_sizes=[0]),
            ValueError,
            r"train_sizes: expected fractions in \(0, 1\]",
        ),
        (
            lambda X, y, v: validation_curve(build_line, {}, X, y, param_name="lr", values=[], validation_data=v),
            ValueError,
            r"values is empty",
        ),
    ],
)
def test_bad_input_gives_a_clear_error(line, call, error, message):
    X, y, val = line
    with pytest.raises(error, match=message):
        call(X, y, val)


# ---------------------------------------------------------------------------------------- clear errors, one count
def test_an_empty_list_of_folds_is_refused(line):
    X, y, _ = line
    for call in (
        lambda: grid_search(build_line, {"lr": [0.1]}, X, y, cv=[], **QUIET),
        lambda: cross_validate(build_line, {"lr": 0.1}, X, y, cv=[]),
        lambda: learning_curve(build_line, {"lr": 0.1}, X, y, cv=[]),
    ):
        with pytest.raises(ValueError, match=r"^cv: expected at least one \(train_rows, val_rows\) pair"):
            call()


def test_learning_curve_trains_every_fold_on_the_same_number_of_rows(line):
    X, y, _ = line  # 30 rows in 4 folds: training parts of 22 and 23 rows
    sizes = []

    def build(params, rng):
        return build_line(params, rng)

    def scoring(model, X_part, y_part):
        sizes.append(len(X_part))
        return 0.0

    table = learning_curve(build, {"lr": 0.1}, X, y, cv=4, train_sizes=(0.5, 1.0), epochs=1, scoring=scoring)
    assert table["train_size"].tolist() == [11, 22]  # counts of the smallest training part, as scikit-learn
    assert set(sizes[0::2]) == {11, 22}  # scoring on the training rows (every other call) saw one count per size


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda X, y: learning_curve(build_line, {"lr": 0.1}, X, y, cv=3, train_sizes=[True]),
            TypeError,
            "^train_sizes",
        ),
        (
            lambda X, y: cross_validate(build_line, {"lr": 0.1}, X, y, cv=None),
            ValueError,
            r"^cv: expected k .*got None",
        ),
        (
            lambda X, y: successive_halving(build_line, {"lr": [0.1, 0.2]}, X, y, validation_data=None, **QUIET),
            ValueError,
            r"^validation_data: expected \(X_val, y_val\), got None",
        ),
        (
            lambda X, y: successive_halving(build_line, {"lr": LogUniform(1e-3, 1)}, X, y, validation_data=(X, y)),
            ValueError,
            r"^n_candidates: the space has distributions",
        ),
        (
            lambda X, y: cross_validate(build_line, {"lr": 0.1}, X, y, cv=3, scoring=lambda y_true, y_pred: 0.0),
            TypeError,
            r"^scoring: calling scoring\(model, X, y\) failed",
        ),
        (
            lambda X, y: cross_validate(build_line, {"lr": 0.1}, X, y, cv=3, scoring=lambda m, X, y: None),
            TypeError,
            r"^scoring: expected the function to return one number, got NoneType",
        ),
        (
            lambda X, y: cross_validate(
                lambda p, rng: (build_line(p, rng)[0], dict(loss="mse", callbacks=None)), {"lr": 0.1}, X, y, cv=3
            ),  # fmt: skip
            TypeError,
            r"^build: fit_kwargs\['callbacks'\]: expected a list",
        ),
    ],
    ids=[
        "bool size",
        "cv None",
        "halving without validation",
        "halving distributions",
        "metric as scorer",
        "scorer returns None",
        "callbacks None",
    ],  # fmt: skip
)
def test_model_selection_arguments_are_named_in_errors(line, call, error, message):
    X, y, _ = line
    with pytest.raises(error, match=message):
        call(X, y)
