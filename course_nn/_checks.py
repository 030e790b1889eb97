"""Input checks shared by the whole package.

Every public function validates what it is given and, when something is wrong, raises an error whose
message names the argument, says what was expected, what was given and, where there is one, the fix.
These helpers keep those messages uniform.
"""
from __future__ import annotations

import numbers

import numpy as np


def as_rng(rng=None) -> np.random.Generator:
    """Turn ``rng`` into a ``numpy.random.Generator``.

    Parameters
    ----------
    rng : None, int or numpy.random.Generator
        ``None`` draws fresh entropy (not reproducible), an int is a seed, a Generator is used as it is.
        NumPy's global state (``np.random.seed``) is never touched.
    """
    if rng is None or isinstance(rng, (numbers.Integral, np.random.SeedSequence)):
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator):
        return rng
    raise TypeError(
        f"rng: expected None, an int seed or a numpy.random.Generator, got {type(rng).__name__}. "
        "Fix: pass rng=0 (any int) for reproducible results."
    )


def as_array(x, name: str, *, ndim=None, dtype=np.float64, finite: bool = True) -> np.ndarray:
    """Convert ``x`` to a NumPy array of ``dtype`` and check its number of dimensions and values.

    Raises
    ------
    TypeError
        if ``x`` cannot be converted to numbers.
    ValueError
        if ``x`` has the wrong number of dimensions or contains NaN or infinity.
    """
    try:
        a = np.asarray(x, dtype=dtype)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name}: expected an array of numbers, got {type(x).__name__} ({err}).") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if a.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(
                f"{name}: expected a {want} array, got shape {a.shape}. "
                + ("Fix: use x.reshape(1, -1) for one sample or x.reshape(-1, 1) for one feature."
                   if 2 in allowed and a.ndim == 1 else "")
            )
    if finite and a.dtype.kind == "f" and not np.isfinite(a).all():
        bad = int(np.size(a) - np.isfinite(a).sum())
        raise ValueError(
            f"{name}: contains {bad} NaN or infinite value(s); expected finite numbers. "
            "Fix: clean or impute the data before passing it in."
        )
    return a


def check_option(value, name: str, options) -> str:
    """Check that ``value`` is one of ``options`` (strings) and return it."""
    if value not in options:
        raise ValueError(f"{name}: unknown option {value!r}; expected one of {sorted(options)}.")
    return value


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
