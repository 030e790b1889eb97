"""Preprocessing: statistics come from the training part only; splits keep class ratios; folds cover all rows."""

import numpy as np
import pytest
from oracles import require

from course_nn.preprocessing import (
    Standardizer,
    kfold,
    one_hot,
    stratified_kfold,
    train_test_split,
    train_val_test_split,
)


# ---------------------------------------------------------------------------------------- Standardizer
def test_standardizer_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    X_train = rng.normal(5.0, 3.0, size=(200, 3))
    X_test = rng.normal(-50.0, 0.1, size=(20, 3))  # very different: must not move the statistics
    scaler = Standardizer().fit(X_train)
    Z_train, Z_test = scaler.transform(X_train), scaler.transform(X_test)
    assert np.allclose(Z_train.mean(axis=0), 0) and np.allclose(Z_train.std(axis=0), 1)
    assert np.allclose(Z_test, (X_test - X_train.mean(axis=0)) / X_train.std(axis=0))
    assert np.allclose(scaler.inverse_transform(Z_test), X_test)
    assert np.allclose(Standardizer().fit_transform(X_train), Z_train)


def test_standardizer_matches_sklearn_and_handles_constant_columns():
    preprocessing = require("sklearn.preprocessing")
    rng = np.random.default_rng(1)
    X = np.c_[rng.normal(size=(50, 2)), np.full(50, 7.0)]  # the last column is constant
    ours, theirs = Standardizer().fit(X[:40]), preprocessing.StandardScaler().fit(X[:40])
    np.testing.assert_allclose(ours.transform(X[40:]), theirs.transform(X[40:]), rtol=1e-12, atol=1e-12)
    assert np.all(ours.transform(X)[:, 2] == 0) and ours.scale[2] == 1.0


def test_standardizer_errors():
    with pytest.raises(RuntimeError, match=r"not fitted yet.*fit\(X_train\)"):
        Standardizer().transform([[1.0, 2.0]])
    scaler = Standardizer().fit(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"X has 2 columns but the Standardizer was fitted on 3"):
        scaler.transform(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"expected a 2-D array.*reshape"):
        Standardizer().fit([1.0, 2.0, 3.0])


# ---------------------------------------------------------------------------------------- one-hot
def test_one_hot():
    assert one_hot([2, 0, 1]).tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    assert one_hot([0, 1], n_classes=4).shape == (2, 4)
    with pytest.raises(ValueError, match=r"y: expected integer class labels in 0..1 \(n_classes=2\), got values"):
        one_hot([0, 2], n_classes=2)
    with pytest.raises(ValueError, match=r"y: expected integer class labels.*np.unique"):
        one_hot([0.5, 1.0])


# ---------------------------------------------------------------------------------------- splits
def imbalanced_labels(n=300, seed=0):
    rng = np.random.default_rng(seed)
    return rng.permutation(np.repeat([0, 1, 2], [n * 6 // 10, n * 3 // 10, n // 10]))


def test_train_test_split_partitions_the_rows():
    X = np.arange(40).reshape(20, 2)
    y = np.arange(20)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, rng=0)
    assert len(X_test) == 5 and len(X_train) == 15
    assert np.array_equal(X_train[:, 0] // 2, y_train) and np.array_equal(X_test[:, 0] // 2, y_test)  # rows stay paired
    assert sorted(np.r_[y_train, y_test].tolist()) == list(range(20))
    assert np.array_equal(train_test_split(y, rng=0)[1], train_test_split(y, rng=0)[1])


def test_stratified_splits_keep_class_ratios():
    y = imbalanced_labels()
    _, y_test = train_test_split(y, test_size=0.2, stratify=y, rng=3)
    assert np.bincount(y_test).tolist() == [36, 18, 6]
    parts = train_val_test_split(y, val_size=0.2, test_size=0.1, stratify=y, rng=4)
    assert [len(p) for p in parts] == [210, 60, 30]
    for part in parts:
        assert np.allclose(np.bincount(part) / len(part), [0.6, 0.3, 0.1], atol=0.01)
    assert sorted(np.concatenate(parts).tolist()) == sorted(y.tolist())


def test_split_errors():
    with pytest.raises(ValueError, match=r"different lengths \[3, 2\]"):
        train_test_split([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match=r"test_size: expected a fraction in \(0, 1\) or a number of rows"):
        train_test_split([1, 2, 3], test_size=1.5)
    with pytest.raises(ValueError, match=r"only one sample"):
        train_test_split(np.arange(5), stratify=[0, 0, 0, 0, 1])
    with pytest.raises(ValueError, match=r"leave no training rows"):
        train_val_test_split(np.arange(10), val_size=0.5, test_size=0.5)


# ---------------------------------------------------------------------------------------- k-fold
@pytest.mark.parametrize("n, k", [(10, 3), (17, 5), (6, 6)])
def test_kfold_covers_every_row_once(n, k):
    folds = kfold(n, k, rng=0)
    val = np.concatenate([v for _, v in folds])
    assert sorted(val.tolist()) == list(range(n))
    for train, v in folds:
        assert sorted(np.r_[train, v].tolist()) == list(range(n))
    assert max(len(v) for _, v in folds) - min(len(v) for _, v in folds) <= 1


def test_unshuffled_kfold_matches_sklearn():
    model_selection = require("sklearn.model_selection")
    ours = kfold(17, 5, shuffle=False)
    theirs = list(model_selection.KFold(5).split(np.zeros(17)))
    for (a, b), (c, d) in zip(ours, theirs):
        assert np.array_equal(a, c) and np.array_equal(b, d)


def test_stratified_kfold_keeps_ratios_and_covers_every_row():
    y = imbalanced_labels(103, seed=1)
    folds = stratified_kfold(y, 5, rng=0)
    assert sorted(np.concatenate([v for _, v in folds]).tolist()) == list(range(len(y)))
    counts = np.array([np.bincount(y[v], minlength=3) for _, v in folds])
    assert np.all(counts.max(axis=0) - counts.min(axis=0) <= 1)
    assert max(len(v) for _, v in folds) - min(len(v) for _, v in folds) <= 1


def test_kfold_errors():
    with pytest.raises(ValueError, match=r"k=5 folds need at least 5 rows"):
        kfold(3, 5)
    with pytest.raises(ValueError, match=r"k: expected an int >= 2"):
        kfold(10, 1)
    with pytest.warns(UserWarning, match=r"smallest class has 2 rows"):
        stratified_kfold([0, 0, 0, 0, 1, 1], k=3)


def test_a_constant_column_becomes_exactly_zero_even_when_its_std_rounds_to_a_tiny_number():
    X = np.c_[np.full(10, 0.1), np.arange(10.0)]  # np.std of the first column is 1.4e-17, not 0
    Z = Standardizer().fit_transform(X)
    np.testing.assert_array_equal(Z[:, 0], 0.0)
    np.testing.assert_allclose(Z[:, 1].std(), 1.0)


@pytest.mark.parametrize("test_size", [1, 99])
def test_a_stratified_part_too_small_to_hold_every_class_is_refused(test_size):
    y = np.repeat([0, 1, 2], [2, 2, 96])
    with pytest.raises(
        ValueError, match=r"^train_test_split: each part must hold at least one sample of each of the 3"
    ):
        train_test_split(np.arange(100), y, test_size=test_size, stratify=y, rng=0)
