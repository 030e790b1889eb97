"""Input checks shared by the whole package.

Every public function validates what it is given and, when something is wrong, raises an error whose
message names the argument, says what was expected, what was given and, where there is one, the fix.
These helpers keep those messages uniform, and treat NumPy arrays exactly like lists.

Data is checked once, where it enters: ``model.forward(X)`` checks ``X`` and then runs its layers inside
``checked_inputs()``, where layers and losses skip their own checks; ``fit`` checks the whole data set
once and trains inside the same block. A layer called on its own checks its input itself.
"""
from __future__ import annotations

import numbers
import threading
import warnings

import numpy as np

class _Depth(threading.local):
    """How many ``checked_inputs()`` blocks the current thread is in (threads in a search do not mix)."""

    depth = 0


_checked = _Depth()


class checked_inputs:
    """A block whose inputs were already checked by the caller: layers and losses skip their checks."""

    def __enter__(self):
        _checked.depth += 1

    def __exit__(self, *exc):
        _checked.depth -= 1


def inputs_checked() -> bool:
    """True inside ``checked_inputs()``."""
    return _checked.depth > 0


def as_rng(rng=None) -> np.random.Generator:
    """Turn ``rng`` into a ``numpy.random.Generator``.

    Parameters
    ----------
    rng : None, int >= 0 or numpy.random.Generator
        ``None`` draws fresh entropy (not reproducible), an int is a seed, a Generator is used as it is.
        NumPy's global state (``np.random.seed``) is never touched.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, np.random.SeedSequence):
        return np.random.default_rng(rng)
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"rng: expected a seed >= 0, got {rng}. Fix: pass a non-negative int such as rng=0.")
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"rng: expected None, an int seed or a numpy.random.Generator, got {type(rng).__name__}. "
        "Fix: pass rng=0 (any int >= 0) for reproducible results."
    )


def _real(x, name: str) -> np.ndarray:
    """``x`` as an array of real numbers (bool, int or float); complex, text and other objects are refused."""
    try:
        a = np.asarray(x)
    except ValueError:  # a ragged nested list
        raise ValueError(f"{name}: expected a rectangular array of numbers, got a nested list whose rows have "
                         "different lengths. Fix: give every row the same number of values.") from None
    kind = a.dtype.kind
    if kind in "biuf":
        return a
    if kind == "O" and all(isinstance(v, (numbers.Real, np.bool_)) for v in a.ravel()):
        return a.astype(np.float64)
    if kind == "c":
        raise TypeError(f"{name}: expected real numbers, got complex values (dtype {a.dtype}). "
                        "Fix: pass x.real if the imaginary parts are 0, or abs(x) if you mean the magnitude.")
    got = f"text (dtype {a.dtype})" if kind in "USV" else f"dtype {a.dtype}"
    if kind == "O":
        got = "values of type " + ", ".join(sorted({type(v).__name__ for v in a.ravel()
                                                    if not isinstance(v, (numbers.Real, np.bool_))}))
    raise TypeError(f"{name}: expected an array of numbers, got {got}. "
                    "Fix: convert the data to numbers first (for example with np.asarray(x, dtype=float)).")


def as_array(x, name: str, *, ndim=None, dtype=np.float64, finite: bool = True, empty: bool = False) -> np.ndarray:
    """Convert ``x`` (an array, a list or a number) to a NumPy array and check it.

    Parameters
    ----------
    x : array_like
    name : str
        How the caller calls the argument (used in messages).
    ndim : int or tuple of int, optional
        Allowed numbers of dimensions.
    dtype : numpy dtype or None, default float64
        The dtype of the result; ``None`` keeps float32 and float64 and turns ints and bools into float64.
    finite : bool, default True
        Refuse NaN and infinity.
    empty : bool, default False
        Allow an array with no entries.

    Raises
    ------
    TypeError
        if ``x`` is not made of real numbers (complex, text, objects).
    ValueError
        if ``x`` has the wrong number of dimensions, no entries, or NaN or infinite values.
    """
    a = _real(x, name)
    if dtype is None:
        dtype = a.dtype if a.dtype.kind == "f" else np.float64
    a = a.astype(dtype, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if a.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(
                f"{name}: expected a {want} array, got shape {a.shape}. "
                + ("Fix: use x.reshape(1, -1) for one sample or x.reshape(-1, 1) for one feature."
                   if 2 in allowed and a.ndim == 1 else "")
            )
    if not empty and a.size == 0:
        raise ValueError(f"{name}: expected at least one value, got an empty array of shape {a.shape}.")
    if finite and a.dtype.kind == "f" and not np.isfinite(a).all():
        bad = int(a.size - np.isfinite(a).sum())
        raise ValueError(
            f"{name}: contains {bad} NaN or infinite value(s); expected finite numbers. "
            "Fix: clean or impute the data before passing it in."
        )
    return a


def check_values(x, name: str) -> np.ndarray:
    """An array of any shape of finite real numbers, as floats (as is inside ``checked_inputs()``)."""
    return x if inputs_checked() else as_array(x, name, dtype=None)


def check_batch(x, name: str, n_features: int | None = None, *, who, dtype=None) -> np.ndarray:
    """A batch ``(N, n_features)`` of finite real numbers, N >= 1, for the layer (or name) ``who``.

    Inside ``checked_inputs()`` only the number of features is checked (the values were checked already).
    """
    if not inputs_checked():
        x = as_array(x, name, ndim=2, dtype=dtype)
    if n_features is not None and x.shape[1] != n_features:
        raise ValueError(f"{who!r}: expected {name} of shape (N, {n_features}), got {x.shape}. Fix: the width of the "
                         f"layer before (its n_out), or the number of features, must be {n_features}.")
    return x


def warn_unless_rows_sum_to_1(P: np.ndarray, name: str, who: str) -> None:
    """Warn (the same way in losses and metrics, as scikit-learn does) when rows of probabilities do not
    sum to 1 within rounding."""
    if not np.allclose(P.sum(axis=1), 1.0, rtol=np.sqrt(np.finfo(P.dtype).eps)):
        warnings.warn(f"{who}: the rows of {name} do not sum to 1; pass probabilities (a softmax output).",
                      UserWarning, stacklevel=3)


def check_option(value, name: str, options) -> str:
    """Check that ``value`` is one of ``options`` (strings) and return it."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name}: unknown option {value!r}; expected one of {sorted(options)}.")
    return value


def check_type(value, name: str, cls, fix: str = ""):
    """Check that ``value`` is an instance of ``cls`` and return it."""
    if not isinstance(value, cls):
        want = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))
        raise TypeError(f"{name}: expected a {want}, got {type(value).__name__} ({value!r:.60}). {fix}".rstrip())
    return value


def check_bool(value, name: str) -> bool:
    """Check that ``value`` is True or False and return it."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name}: expected True or False, got {value!r}.")
    return bool(value)


def check_number(value, name: str, *, low=None, high=None, low_open=False, high_open=False):
    """Check that ``value`` is a real number inside the given range and return it as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"{name}: expected a finite number, got {value!r}.")
    bad_low = low is not None and (value <= low if low_open else value < low)
    bad_high = high is not None and (value >= high if high_open else value > high)
    if bad_low or bad_high:
        lo = "(" if low_open else "["
        hi = ")" if high_open else "]"
        rng = f"{lo}{'-inf' if low is None else low}, {'inf' if high is None else high}{hi}"
        raise ValueError(f"{name}: expected a value in {rng}, got {value!r}.")
    return float(value)


def check_int(value, name: str, *, low=None):
    """Check that ``value`` is an integer (not a bool) at least ``low`` and return it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an int, got {value!r}.")
    if low is not None and value < low:
        raise ValueError(f"{name}: expected an int >= {low}, got {value}.")
    return int(value)
