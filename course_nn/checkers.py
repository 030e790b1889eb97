"""Exercise checkers: compare a student's answer with the expected one and explain a wrong answer.

A check cell in a notebook calls ``check(answer, expected, name=...)``. A right answer prints a short
confirmation; a wrong one raises ``WrongAnswer`` (an AssertionError) whose message says what kind of
mistake it looks like: a missing answer, a wrong shape, a transposed matrix, a flipped sign, a missing
factor (½, 2, the batch size N), or simply different numbers (with where they differ most).
"""
from __future__ import annotations

import numpy as np


class WrongAnswer(AssertionError):
    """The answer is not the expected one; the message explains how it differs."""


def _close(a, b, rtol, atol):
    return a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=atol)


def diagnose(answer, expected, rtol: float = 1e-6, atol: float = 1e-9, factors: dict | None = None) -> str | None:
    """Return ``None`` if ``answer`` matches ``expected``, else a sentence describing the mistake.

    Parameters
    ----------
    answer, expected : number or array_like
    rtol, atol : tolerances of ``numpy.allclose``
    factors : dict, optional
        Extra named factors to look for, e.g. ``{"the batch size N": 4}``: the answer being
        ``expected * f`` or ``expected / f`` is reported as a missing or extra factor.
    """
    if answer is None or answer is Ellipsis:
        return "no answer yet: the variable is still None (or ...). Replace it with your computation."
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"expected a number or an array of numbers, got {type(answer).__name__}."
    e = np.asarray(expected, dtype=float)
    if _close(a, e, rtol, atol):
        return None
    if not np.isfinite(a).all():
        return "the answer contains NaN or infinity. Check for a division by zero or an overflowing exp."
    if a.shape != e.shape:
        if a.ndim == 2 and a.T.shape == e.shape and _close(a.T, e, rtol, atol):
            return f"the answer is the transpose of the expected {e.shape} array (you gave {a.shape}). Swap the order of the product or transpose."
        if a.size == e.size and _close(a.reshape(e.shape), e, rtol, atol):
            return f"right numbers, wrong shape: expected {e.shape}, got {a.shape}. Use .reshape{e.shape}."
        return f"wrong shape: expected {e.shape}, got {a.shape}."
    if a.ndim == 2 and a.shape[0] == a.shape[1] and _close(a.T, e, rtol, atol):
        return "the answer is the transpose of the expected matrix. Check which index is the row."
    if _close(-a, e, rtol, atol):
        return "the sign is flipped. Check the direction: gradient descent moves against the gradient, and (ŷ - y) is not (y - ŷ)."
    named = {"½": 0.5, "2": 2.0}
    named.update(factors or {})
    for label, f in named.items():
        if f in (0, 1):
            continue
        if _close(a, e * f, rtol, atol):
            return f"the answer is {f:g} times too large: is a factor 1/{label} missing (or a factor {label} too many)?"
        if _close(a, e / f, rtol, atol):
            return f"the answer is {f:g} times too small: is a factor {label} missing (or a factor 1/{label} too many)?"
    diff = np.abs(a - e)
    where = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    at = f" at index {tuple(int(i) for i in where)}" if where else ""
    got = a[where] if where else a
    want = e[where] if where else e
    return f"the numbers differ: largest difference {diff.max():.3g}{at} (got {float(got):.6g}, expected {float(want):.6g})."


def check(answer, expected, name: str = "answer", rtol: float = 1e-6, atol: float = 1e-9,
          factors: dict | None = None) -> None:
    """Print a confirmation if ``answer`` matches ``expected``; otherwise raise ``WrongAnswer`` explaining why."""
    problem = diagnose(answer, expected, rtol=rtol, atol=atol, factors=factors)
    if problem is not None:
        raise WrongAnswer(f"{name}: {problem}")
    print(f"{name}: correct.")
