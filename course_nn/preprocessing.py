"""Preparing data for a network: standardizing, one-hot coding, and cutting data into parts.

The rule behind every function here: anything learned from data (a mean, a standard deviation, a
choice of hyperparameters) is learned from the training part only; the validation and test parts
are transformed with what the training part taught, so they stay a fair picture of unseen data.

Everything random takes ``rng`` (None, an int seed or a numpy Generator).
"""

from __future__ import annotations

import math
import numbers
import warnings

import numpy as np

from ._checks import as_array, as_class_labels, as_rng, check_bool, check_int
from .metrics._labels import as_labels


class Standardizer:
    """Rescale every column to mean 0 and standard deviation 1: z = (x - mean) / std.

    ``fit`` learns the mean and standard deviation of each column from the training data; ``transform``
    applies them to any data (training, validation, test) with the same columns. A constant column (all its
    values equal) is only centred (its scale is taken as 1), so it becomes all zeros instead of NaN, even where
    rounding makes its computed std a tiny number instead of 0.

    Attributes
    ----------
    mean : ndarray (n_features,)
    scale : ndarray (n_features,)
        The standard deviation of each training column (population std, ddof=0), or 1 for a constant column.

    Examples
    --------
    >>> scaler = Standardizer().fit(X_train)
    >>> X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)
    """

    def __init__(self):
        self.mean = None
        self.scale = None

    def fit(self, X) -> Standardizer:
        """Learn each column's mean and standard deviation from ``X`` (N, n_features). Returns self."""
        X = as_array(X, "X", ndim=2)
        constant = np.ptp(X, axis=0) == 0  # all values equal (its std may come out as 1e-17, not 0)
        self.mean = np.where(constant, X[0], X.mean(axis=0))  # a constant column's own value: it becomes exactly 0
        self.scale = np.where(constant, 1.0, X.std(axis=0))
        return self

    def _check(self, X, who: str, name: str = "X") -> np.ndarray:
        if self.mean is None:
            raise RuntimeError(
                f"Standardizer.{who}: this Standardizer is not fitted yet. "
                "Fix: call fit(X_train) first (on the training data only)."
            )
        X = as_array(X, name, ndim=2)
        if X.shape[1] != len(self.mean):
            raise ValueError(
                f"Standardizer.{who}: {name} has {X.shape[1]} columns but the Standardizer was fitted on "
                f"{len(self.mean)}; expected the same columns as the training data."
            )
        return X

    def transform(self, X) -> np.ndarray:
        """(X - mean) / scale with the training statistics."""
        return (self._check(X, "transform") - self.mean) / self.scale

    def fit_transform(self, X) -> np.ndarray:
        """``fit(X)`` then ``transform(X)``: for the training data only."""
        return self.fit(X).transform(X)

    def inverse_transform(self, Z) -> np.ndarray:
        """Back to the original units: Z * scale + mean."""
        return self._check(Z, "inverse_transform", "Z") * self.scale + self.mean

    def __repr__(self):
        return f"Standardizer(fitted on {len(self.mean)} columns)" if self.mean is not None else "Standardizer()"


def one_hot(y, n_classes: int | None = None) -> np.ndarray:
    """Code integer class labels 0 .. K-1 as indicator rows: label k becomes row k of the identity.

    Parameters
    ----------
    y : array_like (N,)
        Integer labels. Other labels (strings, 1 .. K) can be turned into 0 .. K-1 with
        ``classes, y = np.unique(y, return_inverse=True)``.
    n_classes : int, optional
        K; default ``max(y) + 1``.

    Returns
    -------
    ndarray (N, K), float
    """
    k = None if n_classes is None else check_int(n_classes, "n_classes", low=1)
    y = as_class_labels(y, "y", k, "" if k is None else f" (n_classes={k})")
    return np.eye(int(y.max()) + 1 if k is None else k)[y]


# ---------------------------------------------------------------------------------------- splits
def _size(size, n: int, name: str) -> int:
    """A part's number of rows from a fraction (rounded up, as scikit-learn does) or a count."""
    if isinstance(size, numbers.Integral) and not isinstance(size, bool):
        count = int(size)
    elif isinstance(size, numbers.Real) and 0 < size < 1:
        count = math.ceil(size * n)
    else:
        raise ValueError(f"{name}: expected a fraction in (0, 1) or a number of rows, got {size!r}.")
    if not 1 <= count <= n - 1:
        raise ValueError(f"{name}={size!r} gives {count} of {n} rows; each part needs at least one row.")
    return count


def _same_length(arrays, who: str):
    """The arrays to split (any values: they are only cut into parts), each with the same number N >= 2 of rows."""
    if not arrays:
        raise ValueError(f"{who}: expected at least one array to split.")
    out = []
    for i, a in enumerate(arrays):
        try:
            out.append(np.asarray(a))
        except ValueError:  # a ragged nested list
            raise ValueError(
                f"arrays[{i}]: expected a rectangular array (one row per sample), got a nested list "
                "whose rows have different lengths."
            ) from None
        if out[-1].ndim == 0:
            raise ValueError(
                f"arrays[{i}]: expected an array with one row per sample, got a single value "
                f"{out[-1].tolist()!r:.40}. Fix: call {who}(X, y) with the arrays themselves."
            )
    lengths = [len(a) for a in out]
    if len(set(lengths)) > 1:
        raise ValueError(f"{who}: the arrays have different lengths {lengths}; expected one row per sample in each.")
    if lengths[0] < 2:
        raise ValueError(f"arrays: expected at least 2 rows to split into two parts, got {lengths[0]}.")
    return out, lengths[0]


def _class_groups(y, n: int, who: str):
    """Row indices of each class of ``y`` (classes sorted)."""
    y = as_labels(y, "stratify", who)
    if len(y) != n:
        raise ValueError(f"{who}: stratify has {len(y)} labels but the arrays have {n} rows.")
    return [np.flatnonzero(y == c) for c in np.unique(y)]


def _stratified_counts(sizes, n_out: int) -> np.ndarray:
    """Split ``n_out`` among classes in proportion to their sizes (largest remainders get the extra rows)."""
    ideal = n_out * np.asarray(sizes) / np.sum(sizes)
    counts = np.floor(ideal).astype(int)
    extra = np.argsort(-(ideal - counts), kind="stable")[: n_out - counts.sum()]
    counts[extra] += 1
    return counts


def _split_rows(n: int, n_out: int, stratify, rng, who: str):
    """(kept rows, rows taken out), both shuffled; with ``stratify`` each class is split in proportion."""
    if stratify is None:
        order = rng.permutation(n)
        return order[n_out:], order[:n_out]
    groups = _class_groups(stratify, n, who)
    if min(len(g) for g in groups) < 2:
        raise ValueError(
            f"{who}: a class has only one sample, so it cannot be in both parts. "
            "Fix: drop that class or split without stratify."
        )
    if min(n_out, n - n_out) < len(groups):
        raise ValueError(
            f"{who}: each part must hold at least one sample of each of the {len(groups)} classes, but one part "
            f"would have {min(n_out, n - n_out)} row(s). Fix: make that part at least {len(groups)} rows, or "
            "split without stratify."
        )
    keep, out = [], []
    for rows, count in zip(groups, _stratified_counts([len(g) for g in groups], n_out)):
        rows = rng.permutation(rows)
        out.append(rows[:count])
        keep.append(rows[count:])
    return rng.permutation(np.concatenate(keep)), rng.permutation(np.concatenate(out))


def train_test_split(*arrays, test_size=0.25, stratify=None, rng=None):
    """Cut arrays with the same rows into a training part and a test part, at random.

    Parameters
    ----------
    *arrays : array_like, each with N rows
        For example ``X, y``.
    test_size : float in (0, 1) or int
        Fraction of the rows (rounded up) or number of rows in the test part.
    stratify : array_like (N,), optional
        Class labels (usually ``y``): each class is split in the same proportion, so both parts keep
        the class ratios of the whole.
    rng : None, int or Generator

    Returns
    -------
    list
        ``[a_train, a_test]`` for each array in turn: ``X_train, X_test, y_train, y_test = ...``
        (the order of scikit-learn's ``train_test_split``).
    """
    arrays, n = _same_length(arrays, "train_test_split")
    train, test = _split_rows(n, _size(test_size, n, "test_size"), stratify, as_rng(rng), "train_test_split")
    return [part for a in arrays for part in (a[train], a[test])]


def train_val_test_split(*arrays, val_size=0.15, test_size=0.15, stratify=None, rng=None):
    """Cut arrays into training, validation and test parts, at random.

    Train on the first, choose hyperparameters (epochs, learning rate, size) on the second, and report
    the third once at the end. Sizes are fractions of all N rows (rounded up) or row counts;
    ``stratify`` keeps the class ratios in all three parts.

    Returns
    -------
    list
        ``[a_train, a_val, a_test]`` for each array: ``X_train, X_val, X_test, y_train, y_val, y_test = ...``
    """
    arrays, n = _same_length(arrays, "train_val_test_split")
    n_test, n_val = _size(test_size, n, "test_size"), _size(val_size, n, "val_size")
    if n_test + n_val >= n:
        raise ValueError(
            f"train_val_test_split: val_size={val_size!r} and test_size={test_size!r} leave no "
            f"training rows ({n_val} + {n_test} of {n})."
        )
    rng = as_rng(rng)
    rest, test = _split_rows(n, n_test, stratify, rng, "train_val_test_split")
    labels = None if stratify is None else np.asarray(stratify)[rest]
    train, val = _split_rows(len(rest), n_val, labels, rng, "train_val_test_split")
    train, val = rest[train], rest[val]
    return [part for a in arrays for part in (a[train], a[val], a[test])]


def _folds(val_parts, n: int):
    """(training rows, validation rows) for each fold; the training rows are sorted."""
    everything = np.arange(n)
    return [(np.setdiff1d(everything, val), val) for val in val_parts]


def kfold(n: int, k: int = 5, *, shuffle: bool = True, rng=None):
    """Indices for k-fold cross-validation: every row is in exactly one validation fold.

    The rows (shuffled with ``rng`` when ``shuffle``) are cut into k folds whose sizes differ by at most 1,
    the larger ones first; fold i validates on its rows and trains on all the others. Without shuffling
    the folds are those of scikit-learn's ``KFold``.

    Returns
    -------
    list of k pairs (train_rows, val_rows) of index arrays
    """
    n = check_int(n, "n", low=2)
    k = check_int(k, "k", low=2)
    if k > n:
        raise ValueError(f"kfold: k={k} folds need at least {k} rows, got n={n}.")
    order = as_rng(rng).permutation(n) if check_bool(shuffle, "shuffle") else np.arange(n)
    return _folds(np.array_split(order, k), n)


def stratified_kfold(y, k: int = 5, *, shuffle: bool = True, rng=None):
    """k-fold indices that keep the class ratios: each class is dealt out over the folds like cards.

    Every fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of each class c and fold sizes differ by at most 1.

    Returns
    -------
    list of k pairs (train_rows, val_rows) of index arrays
    """
    y = as_labels(y, "y", "stratified_kfold")
    k, shuffle = check_int(k, "k", low=2), check_bool(shuffle, "shuffle")
    if k > len(y):
        raise ValueError(f"stratified_kfold: k={k} folds need at least {k} rows, got {len(y)}.")
    groups = _class_groups(y, len(y), "stratified_kfold")
    if min(len(g) for g in groups) < k:
        warnings.warn(
            f"stratified_kfold: the smallest class has {min(len(g) for g in groups)} rows, fewer than "
            f"k={k}, so some folds have none of it.",
            UserWarning,
            stacklevel=2,
        )
    rng = as_rng(rng)
    order = np.concatenate([rng.permutation(g) if shuffle else g for g in groups])
    return _folds([order[i::k] for i in range(k)], len(y))
