"""Data: the course's data sets, toy problems drawn at random, and mini-batches.

- Real data shipped inside the package, in ``course_nn/_data/`` (its ``README.md`` says where each file
  comes from): ``load_digits``, ``load_breast_cancer``, and the slides' small tables ``load_xor`` and
  ``load_expense``. Every loader checks the file's SHA-256 checksum first, so an altered or truncated file
  fails loudly instead of giving wrong numbers.
- Toy problems: ``logic_gate``, ``two_moons``, ``circles``, ``spirals``, ``noisy_line``.
- ``minibatches``: the index batches of one epoch.

Everything random takes ``rng`` (None, an int seed or a numpy Generator).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ._checks import as_rng, check_bool, check_int, check_number, check_option, check_path

GATES = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "NAND": [1, 1, 1, 0],
    "NOR": [1, 0, 0, 0],
    "XOR": [0, 1, 1, 0],
}

# name -> (sha256, rows, columns including the target); course_nn/_data/README.md lists the same values
FILES = {
    "digits.csv.gz": ("b6ce6e38dc5438f106778c12b17f0d53813b688da30c388275f202398676741e", 1797, 65),
    "breast_cancer.csv": ("7dd8e4f78b55cb5fa3cba00b0e61fa6046cbadcdaaa60ca5e48827b536723906", 569, 31),
    "xor.csv": ("b3a10b3c47ea3129ab5a26aa86525cb18e348995b9ab55c5bb527e51db884235", 4, 3),
    "expense.csv": ("6c5b3a417957a3957b1500aa971aea1cd3bbafdf76e4990f3c50252e357ea51c", 3, 3),
}
DATA_ENV = "COURSE_NN_DATA"
PACKAGE_DATA = "_data"  # the folder of data files inside the package (package data, see pyproject.toml)


# ---------------------------------------------------------------------------------------- the data files
def data_dir(path=None):
    """The folder that holds the data files.

    In order: ``path`` if given, else the environment variable ``COURSE_NN_DATA``, else the package's own
    copy (``course_nn/_data``, wherever ``course_nn`` is installed).
    """
    if path is None:
        path = os.environ.get(DATA_ENV)
    return Path(check_path(path)) if path else _package_copy()


def _package_copy():
    """The package's folder of data files, found with ``importlib.resources`` (works for any kind of install)."""
    from importlib.resources import files  # loaded when a data file is read, not at import

    return files(__package__) / PACKAGE_DATA


def sha256(path) -> str:
    """The SHA-256 checksum of a file, as 64 hex digits."""
    return _digest(Path(path).read_bytes())


def _digest(raw: bytes) -> str:
    import hashlib  # loaded when a data file is checked, not at import

    return hashlib.sha256(raw).hexdigest()


def _restore_hint(name: str, folder) -> str:
    """How to get a good copy of data file ``name``, for the package's own copy or for an override folder."""
    if folder is None and not os.environ.get(DATA_ENV):
        return (
            f"Fix: reinstall course_nn the way you installed it; in a clone of the course repository, "
            f"`git checkout -- course_nn/{PACKAGE_DATA}/{name}` restores the file (a non-editable install "
            f"then needs `python -m pip install .` again)."
        )
    chosen_by = "data_dir=" if folder is not None else f"the environment variable {DATA_ENV}"
    return (
        f"That folder was chosen by {chosen_by}. Fix: copy {name} into it from the package's own copy "
        f"in {_package_copy()}, or leave out {chosen_by} to read that copy."
    )


def _verified(name: str, folder) -> bytes:
    """The bytes of data file ``name``, after checking that it exists and has the expected checksum."""
    path = data_dir(folder) / name
    if not path.is_file():
        raise FileNotFoundError(f"data file {name!r} not found at {path}. {_restore_hint(name, folder)}")
    raw = path.read_bytes()
    expected, actual = FILES[name][0], _digest(raw)
    if actual != expected:
        raise ValueError(
            f"data file {path} has been altered: its sha256 is {actual}, expected {expected}. "
            + _restore_hint(name, folder)
        )
    return raw


def _read_table(name: str, folder):
    """Column names and values (float array) of a verified CSV file with a header line."""
    raw = _verified(name, folder)
    if name.endswith(".gz"):
        import gzip

        raw = gzip.decompress(raw)
    lines = raw.decode("utf-8").splitlines()
    return lines[0].strip().split(","), np.loadtxt(lines[1:], delimiter=",", ndmin=2)


def _load(name: str, folder, as_frame: bool, target_dtype):
    """(X, y) arrays, or one DataFrame with the feature columns and the target column."""
    as_frame, folder = check_bool(as_frame, "as_frame"), folder if folder is None else check_path(folder, "data_dir")
    columns, values = _read_table(name, folder)
    X, y = values[:, :-1], values[:, -1].astype(target_dtype)
    if not as_frame:
        return X, y
    import pandas as pd

    frame = pd.DataFrame(X, columns=columns[:-1])
    frame[columns[-1]] = y
    return frame


def load_digits(as_frame: bool = False, data_dir=None):
    """Handwritten digits: 1,797 images of 8×8 pixels (values 0..16), 10 classes (the digits 0-9).

    Parameters
    ----------
    as_frame : bool
        Return one pandas DataFrame (columns ``pixel_0_0 ... pixel_7_7, target``) instead of arrays.
    data_dir : path, optional
        Folder holding the data files (default: see ``data_dir()``).

    Returns
    -------
    X : ndarray (1797, 64), float
        One flattened image per row; ``X[i].reshape(8, 8)`` is the picture.
    y : ndarray (1797,), int
        The digit.

    Raises
    ------
    FileNotFoundError, ValueError
        if the file is missing or its checksum differs (it was changed); the message says how to restore it.
    """
    return _load("digits.csv.gz", data_dir, as_frame, int)


def load_breast_cancer(as_frame: bool = False, data_dir=None):
    """Breast cancer Wisconsin (diagnostic): 569 tumours, 30 features of their cell nuclei.

    Target coded as in scikit-learn: 0 = malignant (212), 1 = benign (357). To make "malignant" the
    positive class, use ``1 - y``. The features have very different scales: standardize them.

    Returns
    -------
    X : ndarray (569, 30), float
    y : ndarray (569,), int
        (or one DataFrame with named columns and ``target`` when ``as_frame=True``)
    """
    return _load("breast_cancer.csv", data_dir, as_frame, int)


def load_xor(as_frame: bool = False, data_dir=None):
    """The slides' XOR table: X = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [0, 1, 1, 0].

    The same values as ``logic_gate("XOR")``, read from ``xor.csv``.
    """
    return _load("xor.csv", data_dir, as_frame, int)


def load_expense(as_frame: bool = False, data_dir=None):
    """The slides' three-row regression table (curriculum §2b): inputs x1, x2 and the target "expense".

    X = [[1, 0.875], [0.25, 1], [0.75, 0.25]], t = [1, 0.4, 0.6].

    Returns
    -------
    X : ndarray (3, 2), float
    t : ndarray (3,), float
    """
    return _load("expense.csv", data_dir, as_frame, float)


# ---------------------------------------------------------------------------------------- toy problems
def logic_gate(name: str, labels: str = "01"):
    """Truth table of a two-input logic gate.

    Parameters
    ----------
    name : {"AND", "OR", "NAND", "NOR", "XOR"}
    labels : {"01", "pm1"}
        Output coding: 0/1 (cross-entropy) or -1/+1 (perceptron).

    Returns
    -------
    X : ndarray (4, 2), rows 00, 01, 10, 11 (float)
    y : ndarray (4,), int labels
    """
    check_option(name, "name", GATES)
    check_option(labels, "labels", ("01", "pm1"))
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array(GATES[name])
    return X, (2 * y - 1 if labels == "pm1" else y)


def _split_count(n: int, name: str = "n", parts: int = 2):
    n = check_int(n, name, low=parts)
    return [n // parts + (i < n % parts) for i in range(parts)]


def _noisy(X: np.ndarray, noise: float, rng) -> np.ndarray:
    noise = check_number(noise, "noise", low=0.0)
    return X + noise * rng.normal(size=X.shape)


def two_moons(n: int = 200, noise: float = 0.1, rng=None):
    """Two interleaving half circles: class 0 the upper moon, class 1 the lower one, shifted right.

    Not linearly separable, but one hidden layer of a few units separates them.

    Parameters
    ----------
    n : int
        Number of points (split as evenly as possible between the classes).
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    rng : None, int or Generator

    Returns
    -------
    X : ndarray (n, 2), y : ndarray (n,) of 0/1
    """
    n0, n1 = _split_count(n)
    rng = as_rng(rng)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    X = np.r_[np.c_[np.cos(t0), np.sin(t0)], np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]]
    return _noisy(X, noise, rng), np.r_[np.zeros(n0, int), np.ones(n1, int)]


def circles(n: int = 200, noise: float = 0.05, factor: float = 0.5, rng=None):
    """Two concentric circles: class 0 on the circle of radius 1, class 1 on radius ``factor``.

    Returns
    -------
    X : ndarray (n, 2), y : ndarray (n,) of 0/1
    """
    n0, n1 = _split_count(n)
    factor = check_number(factor, "factor", low=0.0, high=1.0, low_open=True, high_open=True)
    rng = as_rng(rng)
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    X = np.r_[np.c_[np.cos(t0), np.sin(t0)], factor * np.c_[np.cos(t1), np.sin(t1)]]
    return _noisy(X, noise, rng), np.r_[np.zeros(n0, int), np.ones(n1, int)]


def spirals(n: int = 300, classes: int = 2, turns: float = 1.0, noise: float = 0.05, rng=None):
    """Interleaved spiral arms, one per class, winding out from the origin.

    Arm k is the curve r(s) = s, angle(s) = 2π·turns·s + 2πk/classes for s in [0.05, 1]; a hard
    problem for a linear model, and a good one for plotting decision boundaries.

    Returns
    -------
    X : ndarray (n, 2), y : ndarray (n,) of ints 0 .. classes - 1
    """
    classes = check_int(classes, "classes", low=2)
    counts = _split_count(n, parts=classes)
    turns = check_number(turns, "turns", low=0.0, low_open=True)
    rng = as_rng(rng)
    X, y = [], []
    for k, m in enumerate(counts):
        s = np.linspace(0.05, 1.0, m)
        angle = 2 * np.pi * (turns * s + k / classes)
        X.append(np.c_[s * np.cos(angle), s * np.sin(angle)])
        y.append(np.full(m, k))
    return _noisy(np.concatenate(X), noise, rng), np.concatenate(y)


def noisy_line(n: int = 50, slope: float = 2.0, intercept: float = 1.0, noise: float = 0.5, rng=None):
    """Points scattered around a line, y = slope·x + intercept + noise, with x uniform in [0, 1].

    The data for fitting a line by gradient descent (one Dense(1, 1) layer and MSE); the least-squares
    answer is close to (slope, intercept).

    Returns
    -------
    X : ndarray (n, 1), y : ndarray (n,)
    """
    n = check_int(n, "n", low=1)
    slope, intercept = check_number(slope, "slope"), check_number(intercept, "intercept")
    rng = as_rng(rng)
    x = rng.random(n)
    y = slope * x + intercept
    return x.reshape(-1, 1), _noisy(y, noise, rng)


# ---------------------------------------------------------------------------------------- mini-batches
def minibatches(n: int, batch_size: int | None, shuffle: bool = True, rng=None):
    """Yield index arrays that cut ``n`` rows into mini-batches.

    ``batch_size=None`` gives one batch of all rows (batch gradient descent); ``shuffle`` draws a new
    order (with ``rng``) each time it is called, i.e. each epoch. The last batch may be smaller.
    """
    n = check_int(n, "n", low=1)
    size = n if batch_size is None else check_int(batch_size, "batch_size", low=1)
    order = as_rng(rng).permutation(n) if check_bool(shuffle, "shuffle") else np.arange(n)
    for start in range(0, n, size):
        yield order[start : start + size]
