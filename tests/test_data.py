"""Data sets: the package's data files (shapes, classes, checksums, clear errors) and the toy generators."""

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from oracles import require

from course_nn import data
from course_nn.data import (
    FILES,
    circles,
    load_breast_cancer,
    load_digits,
    load_expense,
    load_xor,
    logic_gate,
    noisy_line,
    sha256,
    spirals,
    two_moons,
)

DATA = Path(__file__).resolve().parents[1] / "course_nn" / "_data"


# ---------------------------------------------------------------------------------------- shipped files
def test_digits_shape_and_classes():
    X, y = load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,) and X.dtype == float and y.dtype.kind == "i"
    assert X.min() == 0 and X.max() == 16
    assert np.array_equal(np.unique(y), np.arange(10))
    assert np.bincount(y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_breast_cancer_shape_and_classes():
    X, y = load_breast_cancer()
    assert X.shape == (569, 30) and y.shape == (569,)
    assert np.bincount(y).tolist() == [212, 357]  # 0 = malignant, 1 = benign


def test_slide_tables():
    X, y = load_xor()
    assert np.array_equal(X, logic_gate("XOR")[0]) and y.tolist() == [0, 1, 1, 0]
    X, t = load_expense()
    assert np.array_equal(X, [[1, 0.875], [0.25, 1], [0.75, 0.25]]) and np.array_equal(t, [1, 0.4, 0.6])


def test_as_frame_has_named_columns():
    frame = load_breast_cancer(as_frame=True)
    assert frame.shape == (569, 31) and frame.columns[0] == "mean radius" and frame.columns[-1] == "target"
    assert load_expense(as_frame=True).columns.tolist() == ["x1", "x2", "expense"]
    assert load_digits(as_frame=True)["target"].dtype.kind == "i"


def test_files_match_their_checksums_rows_and_the_readme():
    readme = (DATA / "README.md").read_text()
    for name, (digest, rows, columns) in FILES.items():
        assert sha256(DATA / name) == digest
        columns_read, values = data._read_table(name, DATA)
        assert values.shape == (rows, columns) == (rows, len(columns_read))
        assert re.search(rf"`{re.escape(name)}` \| `\w+\(\)` \| {rows} \| {columns} .*\| `{digest}` \|", readme), name


def test_files_equal_scikit_learns_copies():
    datasets = require("sklearn.datasets")
    for ours, theirs in (
        (load_digits(), datasets.load_digits()),
        (load_breast_cancer(), datasets.load_breast_cancer()),
    ):
        assert np.array_equal(ours[0], theirs.data) and np.array_equal(ours[1], theirs.target)
    assert (
        load_breast_cancer(as_frame=True).columns[:-1].tolist() == datasets.load_breast_cancer().feature_names.tolist()
    )


def test_a_corrupted_copy_raises_a_clear_error(tmp_path, monkeypatch):
    shutil.copy(DATA / "xor.csv", tmp_path / "xor.csv")
    with open(tmp_path / "xor.csv", "a") as f:
        f.write("1,1,1\n")  # one wrong row appended
    actual = sha256(tmp_path / "xor.csv")
    with pytest.raises(ValueError) as err:
        load_xor(data_dir=tmp_path)
    message = str(err.value)
    assert "xor.csv" in message and actual in message and FILES["xor.csv"][0] in message
    assert f"chosen by data_dir=. Fix: copy xor.csv into it from the package's own copy in {DATA}" in message
    monkeypatch.setenv("COURSE_NN_DATA", str(tmp_path))  # the environment variable points there too
    with pytest.raises(ValueError, match="has been altered.*chosen by the environment variable COURSE_NN_DATA"):
        load_xor()


def test_a_damaged_package_copy_says_reinstall(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_NN_DATA", raising=False)
    monkeypatch.setattr(data, "_package_copy", lambda: tmp_path)  # the package's own folder, with no files
    with pytest.raises(
        FileNotFoundError,
        match=r"'digits.csv.gz' not found.*reinstall course_nn the way you "
        r"installed it.*git checkout -- course_nn/_data/digits.csv.gz",
    ):
        load_digits()


def test_a_missing_file_raises_a_clear_error(tmp_path):
    where = re.escape(str(tmp_path))
    with pytest.raises(FileNotFoundError, match=rf"'digits.csv.gz' not found at {where}.*chosen by data_dir="):
        load_digits(data_dir=tmp_path)


def test_data_dir_order(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_NN_DATA", raising=False)
    assert Path(str(data.data_dir())) == DATA  # the package's copy (importlib.resources)
    monkeypatch.setenv("COURSE_NN_DATA", str(tmp_path))
    assert data.data_dir() == tmp_path and data.data_dir("elsewhere") == Path("elsewhere")


# ---------------------------------------------------------------------------------------- toy problems
@pytest.mark.parametrize("make", [two_moons, circles, spirals])
def test_toy_classification_sets(make):
    X, y = make(101, rng=0)
    assert X.shape == (101, 2) and y.shape == (101,)
    assert abs(np.bincount(y)[0] - np.bincount(y)[1]) <= 1
    assert np.array_equal(make(101, rng=0)[0], X)  # reproducible from the seed
    assert not np.array_equal(make(101, rng=1)[0], X)


def test_toy_geometry_without_noise():
    X, y = circles(100, noise=0.0, factor=0.3, rng=0)
    assert np.allclose(np.hypot(*X.T), np.where(y == 0, 1.0, 0.3))
    X, y = two_moons(100, noise=0.0, rng=0)
    assert np.allclose(np.hypot(*X[y == 0].T), 1.0) and np.allclose(np.hypot(X[y == 1, 0] - 1, X[y == 1, 1] - 0.5), 1.0)
    X, y = spirals(90, classes=3, noise=0.0, rng=0)
    assert np.bincount(y).tolist() == [30, 30, 30] and np.hypot(*X.T).max() == pytest.approx(1.0)


def test_noisy_line_least_squares_is_near_the_line():
    X, y = noisy_line(2000, slope=2.0, intercept=1.0, noise=0.1, rng=0)
    slope, intercept = np.polyfit(X[:, 0], y, 1)
    assert X.shape == (2000, 1) and slope == pytest.approx(2.0, abs=0.03) and intercept == pytest.approx(1.0, abs=0.02)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: two_moons(1), ValueError, r"n: expected an int >= 2"),
        (lambda: circles(10, factor=1.5), ValueError, r"factor: expected a value in \(0.0, 1.0\)"),
        (lambda: spirals(10, noise=-1), ValueError, r"noise: expected a value in \[0.0, inf\]"),
        (lambda: noisy_line(10, rng="seed"), TypeError, r"rng: expected None, an int seed"),
    ],
)
def test_toy_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()
