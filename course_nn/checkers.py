"""Exercise checkers: compare a student's answer with the expected one and explain a wrong answer.

A check cell in a notebook calls one of these. A right answer prints ``<name>: correct.``; a wrong one
raises ``WrongAnswer`` (an ``AssertionError``) whose message says what kind of mistake it looks like.

- ``check(answer, expected, name=..., factors=...)``: numbers and arrays (also tuples and dicts of them)
- ``check_scalar(answer, expected, name=...)``: a single number (a loss, an accuracy, a rate)
- ``check_labels(answer, expected, name=...)``: a vector of class labels (exact match)
- ``check_function(func, reference, inputs, name=...)``: a function, called on test inputs
- ``check_gate(w, b, gate, name=...)``: the weights of one threshold unit for a truth table
- ``check_predictions(predict, X, y, name=...)``: a classifier (e.g. a two-layer network) on a table
- ``check_gradient(grad, f, inputs, name=...)``: a gradient function, against finite differences of ``f``
- ``check_order(answer, before, name=...)``: a list whose items must respect "a before b" rules (a topological order)

What ``check`` recognises, in this order: no answer yet (``None`` or ``...``), something that is not
numbers, NaN or infinity, a wrong shape (a transposed matrix, a column ``(n, 1)`` where a flat ``(n,)`` is
expected and back, an ``(n, n)`` array made by broadcasting a column against a row, a sum or mean over the
batch axis that was left out, a row or a column too few or too many), a transposed square matrix, a flipped
sign, a missing or extra factor (½ or 2 always; the batch size N or anything else you name in ``factors``),
any other constant factor, a constant offset, signs flipped in some entries only, 0s and 1s swapped, the
right numbers in a different order, numbers that are close but not within tolerance (a ratio within 1 % of
1 counts as close, not as a factor), and finally simply different numbers (where they differ most).

    >>> check(np.array([2.0, 4.0]), np.array([1.0, 2.0]), name="grad")
    Traceback (most recent call last):
    WrongAnswer: grad: your answer is twice the expected value: a factor ½ is missing ...
"""

from __future__ import annotations

import copy
import itertools

import numpy as np

__all__ = [
    "WrongAnswer",
    "diagnose",
    "check",
    "check_scalar",
    "check_labels",
    "check_function",
    "check_gate",
    "check_predictions",
    "check_gradient",
    "check_order",
]


class WrongAnswer(AssertionError):
    """The answer is not the expected one; the message explains how it differs."""


# --------------------------------------------------------------------------- helpers
def _close(a, b, rtol, atol):
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _fmt(x) -> str:
    """A short text for a number, a small array, or the shape of a big one."""
    if isinstance(x, np.ndarray):
        if x.size > 12:
            return f"an array of shape {x.shape}"
        return np.array2string(x, precision=4, separator=", ", suppress_small=True).replace("\n", "")
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    return repr(x)


def _not_numbers(answer) -> str | None:
    """Why ``answer`` cannot be compared as numbers, or None if it can."""
    if answer is None or answer is Ellipsis:
        return "no answer yet: the variable is still None (or ...). Replace it with your computation."
    if callable(answer) and not isinstance(answer, np.ndarray):
        return (
            "you gave a function, not its result. Call it (add the parentheses and arguments) "
            "and give the value it returns."
        )
    if isinstance(answer, (str, bytes)):
        return f"expected numbers, got the text {answer!r}. Compute the value instead of writing it as a string."
    try:
        a = np.asarray(answer)
        if a.size == 0:
            return "your answer is an empty array: no numbers to compare. Did a slice or a filter keep nothing?"
        kind = a.dtype.kind
        if kind == "c":
            return "expected real numbers, got complex ones. Where does an imaginary part come from (a sqrt of -1?)"
        if kind in "USV":
            return "expected numbers, got text inside the array. Compute the values instead of writing them as strings."
        np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return (
            f"expected a number or an array of numbers, got {type(answer).__name__}. "
            "Convert it with np.asarray(...), or give the array inside it."
        )
    return None


def _factor_names(factors):
    """(label, value) pairs to look for; the user's names first, so they win over the built-in 2."""
    named = [(str(label), float(value)) for label, value in (factors or {}).items() if value not in (0, 1, -1)]
    return named + [("2", 2.0)]


def _ratio_words(r: float) -> str:
    if np.isclose(r, 2):
        return "twice the expected value"
    if np.isclose(r, 0.5):
        return "half the expected value"
    return f"{r:.4g} times the expected value" if r > 1 else f"1/{1 / r:.4g} of the expected value"


def _near_one(r: float) -> bool:
    """True if a ratio ``r`` is within 1 % of 1: such an answer is imprecise, not off by a factor."""
    return abs(r - 1) < 1e-2


def _factor_message(r: float, factors) -> str | None:
    """Explain ``answer = r * expected`` as a flipped sign or a named factor, or return None (always for
    r ≈ +1, which is an imprecise answer rather than a factor)."""
    if _near_one(r):
        return None
    sign = "the sign is flipped, and " if r < 0 else ""
    m = abs(r)
    if _near_one(m):  # r ≈ -1
        return (
            "the sign is flipped: your answer is minus the expected value. Look for a minus sign lost or added, "
            "or a difference taken the wrong way round (a - b instead of b - a)."
        )
    names = _factor_names(factors)
    for label, f in names:
        if label == "2":
            if np.isclose(m, 2, rtol=1e-9):
                return (
                    sign + "your answer is twice the expected value: a factor ½ is missing (or there is a "
                    "factor 2 too many), e.g. the ½ in ½(ŷ - y)², which cancels the 2 of its derivative."
                )
            if np.isclose(m, 0.5, rtol=1e-9):
                return (
                    sign
                    + "your answer is half the expected value: a factor 2 is missing (or there is a factor ½ too many)."
                )
            continue
        if np.isclose(m, f, rtol=1e-9):
            first, second = (f"forget to divide by {label} (= {f:g})", "multiply by it once too often")
            if f < 1:
                first, second = f"multiply by {label} (= {f:g}) once too often", "forget to divide by it"
            return f"{sign}your answer is {_ratio_words(m)}: did you {first}, or {second}?"
        if np.isclose(m, 1 / f, rtol=1e-9):
            first, second = (f"forget to multiply by {label} (= {f:g})", "divide by it once too often")
            if f < 1:
                first, second = f"divide by {label} (= {f:g}) once too often", "forget to multiply by it"
            return f"{sign}your answer is {_ratio_words(m)}: did you {first}, or {second}?"
    for (l1, f1), (l2, f2) in itertools.combinations(names, 2):  # two factors at once, e.g. ½ and N
        for p1, p2 in itertools.product((f1, 1 / f1), (f2, 1 / f2)):
            if np.isclose(m, p1 * p2, rtol=1e-9):
                shown = [("½ (or 2)" if lab == "2" else f"{lab} (= {f:g})") for lab, f in ((l1, f1), (l2, f2))]
                return (
                    f"{sign}your answer is {_ratio_words(m)}: two factors seem off at once, "
                    f"{shown[0]} and {shown[1]}. Check where each one belongs."
                )
    return None


# --------------------------------------------------------------------------- arrays
def _shape_problem(a, e, rtol, atol, factors) -> str:
    """Explain an answer whose shape differs from the expected one."""
    want, got = e.shape, a.shape
    if a.ndim == 2 and a.T.shape == want:
        inner = _value_problem(a.T, e, rtol, atol, factors)
        if inner is None:
            return (
                f"your answer is the transpose of the expected {want} array (you gave {got}). "
                "Swap the order of the matrix product, or transpose with .T."
            )
        return f"your answer has shape {got}, the transpose of the expected {want}; and once transposed, {inner}"
    if a.size == e.size:
        if _close(a.reshape(want), e, rtol, atol):
            if e.ndim == 1 and a.ndim == 2 and 1 in got:
                fix = ".ravel() (or [:, 0])"
            elif e.ndim == 2 and 1 in want and a.ndim == 1:
                fix = ".reshape(-1, 1) (or [:, None])" if want[1] == 1 else ".reshape(1, -1) (or [None, :])"
            else:
                fix = f".reshape{want}"
            return f"right numbers, wrong shape: expected {want}, got {got}. Use {fix}."
        inner = _value_problem(a.reshape(want), e, rtol, atol, factors)
        return f"wrong shape: expected {want}, got {got}; and reshaped, {inner}"
    n = e.size
    if a.ndim == 2 and got == (n, n) and e.ndim in (1, 2) and sorted(want) in ([n], [1, n]):
        return (
            f"your answer has shape {got} where {want} is expected: an (n, 1) column combined with an (n,) "
            "array broadcasts to an (n, n) matrix. Give both operands the same shape first "
            "(.ravel() or .reshape(-1, 1))."
        )
    if e.ndim == 0:
        for how, value in (("sum", a.sum()), ("mean", a.mean())):
            if np.isclose(value, e, rtol=rtol, atol=atol):
                return f"expected a single number, got an array of shape {got}; its {how} is right: use np.{how}(...)."
        return f"expected a single number, got an array of shape {got}. Should it be summed or averaged?"
    if a.ndim == e.ndim + 1 and got[1:] == want:
        for how, value in (("sum", a.sum(axis=0)), ("mean", a.mean(axis=0))):
            if _close(value, e, rtol, atol):
                return (
                    f"your answer has one row per example, shape {got}; the expected answer is its {how} "
                    f"over the batch axis, shape {want}. Use .{how}(axis=0)."
                )
        return (
            f"wrong shape: expected {want}, got {got} — one value per example. Should it be summed or "
            "averaged over the batch axis (axis=0)?"
        )
    if a.ndim == 2 and e.ndim == 2:
        if got[0] == want[0] or got[1] == want[1]:  # one count is off: rows or columns
            what, g, w = ("column", got[1], want[1]) if got[0] == want[0] else ("row", got[0], want[0])
            k = abs(g - w)
            off = f"{k} {what}{'s' if k > 1 else ''} too {'many' if g > w else 'few'}"
            where = " Is a range, a slice or a loop off by one (the first or the last item missing or repeated)?"
            return f"wrong shape: expected {want}, got {got}: {off}." + (where if k == 1 else "")
        return (
            f"wrong shape: expected {want}, got {got}. Check which arrays you multiplied and in what order "
            "(with X of shape (n_samples, n_in) and W of shape (n_in, n_out), X @ W is (n_samples, n_out))."
        )
    return f"wrong shape: expected {want}, got {got}."


def _value_problem(a, e, rtol, atol, factors) -> str | None:
    """Explain an answer with the expected shape whose numbers differ (None if they match)."""
    if _close(a, e, rtol, atol):
        return None
    if not np.isfinite(a).all():
        return "the answer contains NaN or infinity. Check for a division by zero, a log of 0 or an overflowing exp."
    if a.ndim == 2 and a.shape[0] == a.shape[1] and a.shape[0] > 1 and _close(a.T, e, rtol, atol):
        return "your answer is the transpose of the expected matrix. Check which index is the row and which the column."
    ee = float(np.sum(e * e))
    if ee > 0:
        r = float(np.sum(a * e)) / ee  # best scale: a ≈ r·e
        if r != 0 and _close(a, r * e, rtol, atol):
            named = _factor_message(r, factors)
            if named:
                return named
            if e.size > 1 and np.count_nonzero(e) > 1 and not _near_one(r):
                return (
                    f"your answer is proportional to the expected one, {r:.4g} times it: a constant factor is "
                    "off (a scaling, a learning rate, a mean instead of a sum or back?)."
                )
        if a.ndim == 2 and a.shape[0] == a.shape[1] and a.shape[0] > 1:
            rt = float(np.sum(a.T * e)) / ee
            if rt != 0 and _close(a.T, rt * e, rtol, atol):
                named = _factor_message(rt, factors)
                if named:
                    return f"your answer is the transpose of the expected matrix, and besides, {named}"
    if e.size > 1:
        offset = float(np.mean(a - e))
        if offset != 0 and _close(a - offset, e, rtol, atol):
            return (
                f"every entry is off by the same amount, {offset:+.4g}: a constant term is missing or extra "
                "(a bias b, a +1, an offset?)."
            )
        if _close(np.abs(a), np.abs(e), rtol, atol):
            wrong = np.argwhere(~np.isclose(a, e, rtol=rtol, atol=atol))
            where = ", ".join(str(tuple(int(i) for i in w)) for w in wrong[:5])
            return (
                f"the sizes are right but the sign is wrong in {len(wrong)} of {e.size} entries "
                f"(at {where}{', ...' if len(wrong) > 5 else ''})."
            )
        if np.isin(e, (0, 1)).all() and _close(1 - a, e, rtol, atol):
            return (
                "every 0 should be a 1 and every 1 a 0: your answer is 1 minus the expected one. Is a comparison "
                "the wrong way round (> instead of <), or are the two classes swapped?"
            )
        if _close(np.sort(a, axis=None), np.sort(e, axis=None), rtol, atol):
            return "the right numbers in a different order. Are rows or columns swapped, or the examples shuffled?"
    if _close(a, e, rtol=max(rtol, 1e-3) * 100, atol=max(atol, 1e-6) * 100):
        return (
            "close, but not within the tolerance: did you round an intermediate value, use float32, or "
            "a slightly different formula (e.g. an ε)?"
        )
    diff = np.abs(a - e)
    if diff.ndim == 0:
        return f"the numbers differ: got {float(a):.6g}, expected {float(e):.6g}."
    where = np.unravel_index(int(np.argmax(diff)), diff.shape)
    n_wrong = int(np.count_nonzero(~np.isclose(a, e, rtol=rtol, atol=atol)))
    at = tuple(int(i) for i in where)
    return (
        f"the numbers differ in {n_wrong} of {e.size} entries; the largest difference, {diff.max():.3g}, is at "
        f"index {at} (got {float(a[where]):.6g}, expected {float(e[where]):.6g})."
    )


def diagnose(answer, expected, rtol: float = 1e-6, atol: float = 1e-9, factors: dict | None = None) -> str | None:
    """Return ``None`` if ``answer`` matches ``expected``, else a sentence describing the mistake.

    Parameters
    ----------
    answer, expected : number, array_like, or a tuple/list/dict of them
        A tuple, list or dict ``expected`` is compared item by item (e.g. ``(dW, db)`` or ``{"W": ..., "b": ...}``)
        when its items are not one regular array; a namedtuple's field names appear in the messages.
    rtol, atol : tolerances of ``numpy.allclose``
    factors : dict, optional
        Named factors to look for, e.g. ``{"the batch size N": 4}``: an answer ``N`` times too large is
        reported as a missing division by N, one ``N`` times too small as a missing factor N. ½ and 2 are
        always looked for.
    """
    if isinstance(expected, dict):
        return _diagnose_dict(answer, expected, rtol, atol, factors)
    if isinstance(expected, (tuple, list)) and not _is_regular(expected):
        return _diagnose_sequence(answer, expected, rtol, atol, factors)
    problem = _not_numbers(answer)
    if problem:
        return problem
    a = np.asarray(answer, dtype=float)
    e = np.asarray(expected, dtype=float)
    if a.shape != e.shape:
        return _shape_problem(a, e, rtol, atol, factors)
    return _value_problem(a, e, rtol, atol, factors)


def _is_regular(seq) -> bool:
    try:
        np.asarray(seq, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def _diagnose_sequence(answer, expected, rtol, atol, factors):
    if answer is None or answer is Ellipsis:
        return _not_numbers(answer)
    if not isinstance(answer, (tuple, list)):
        return f"expected {len(expected)} values (a tuple), got one {type(answer).__name__}."
    if len(answer) != len(expected):
        return f"expected {len(expected)} values, got {len(answer)}."
    names = getattr(expected, "_fields", None)  # a namedtuple names its items: "item 0 (dW1)"
    for i, (a, e) in enumerate(zip(answer, expected)):
        problem = diagnose(a, e, rtol=rtol, atol=atol, factors=factors)
        if problem:
            return f"item {i}{f' ({names[i]})' if names else ''}: {problem}"
    return None


def _diagnose_dict(answer, expected, rtol, atol, factors):
    if answer is None or answer is Ellipsis:
        return _not_numbers(answer)
    if not isinstance(answer, dict):
        return f"expected a dict with keys {sorted(expected)}, got {type(answer).__name__}."
    missing = [k for k in expected if k not in answer]
    if missing:
        return f"missing key(s) {missing}; expected keys {sorted(expected)}."
    for key, e in expected.items():
        problem = diagnose(answer[key], e, rtol=rtol, atol=atol, factors=factors)
        if problem:
            return f"[{key!r}]: {problem}"
    return None


def _fail(name: str | None, problem: str, hint: str | None = None, cause: Exception | None = None):
    message = (f"{name}: {problem}" if name else problem) + (f"\nHint: {hint}" if hint else "")
    raise WrongAnswer(message) from cause


def check(answer, expected, name="answer", rtol=1e-6, atol=1e-9, factors=None, hint=None):
    """Print ``<name>: correct.`` if ``answer`` matches ``expected``; otherwise raise ``WrongAnswer`` saying why.

    ``factors`` names factors to look for (``{"the batch size N": N}``); ``hint`` is added to a wrong
    answer's message. See ``diagnose`` for what is recognised.
    """
    problem = diagnose(answer, expected, rtol=rtol, atol=atol, factors=factors)
    if problem is not None:
        _fail(name, problem, hint)
    print(f"{name}: correct.")


def check_scalar(answer, expected, name="answer", rtol=1e-6, atol=1e-9, factors=None, hint=None):
    """Like ``check`` for a single number; a one-element array (``np.array([0.3])``) also counts as one."""
    problem = _not_numbers(answer)
    if problem is None and isinstance(answer, (bool, np.bool_)):
        problem = "expected a number, got a True/False value. Give the number itself, not a comparison."
    if problem is None:
        a = np.asarray(answer, dtype=float)
        if a.size != 1:
            problem = _shape_problem(a, np.asarray(float(expected)), rtol, atol, factors)
        else:
            problem = _value_problem(a.reshape(()), np.asarray(float(expected)), rtol, atol, factors)
    if problem is not None:
        _fail(name, problem, hint)
    print(f"{name}: correct.")


# --------------------------------------------------------------------------- labels and classifiers
def _label_problem(answer, expected, inputs=None) -> str | None:
    """Explain why a label vector differs from the expected one (exact comparison), or None."""
    problem = _not_numbers(answer)
    if problem:
        return problem
    a = np.asarray(answer)
    e = np.asarray(expected)
    if a.dtype == bool:
        a = a.astype(int)
    if (
        a.ndim == 2
        and e.ndim == 1
        and a.shape == (e.size, a.shape[1])
        and a.shape[1] > 1
        and np.isin(a, (0, 1)).all()
        and (a.sum(axis=1) == 1).all()
    ):
        return "these are one-hot rows, not labels. Use .argmax(axis=1) to turn them into class labels."
    if a.shape != e.shape:
        if a.size == e.size:
            fix = ".ravel()" if e.ndim == 1 else f".reshape{e.shape}"
            return f"expected shape {e.shape}, got {a.shape}. Use {fix}."
        return f"expected {e.size} labels with shape {e.shape}, got shape {a.shape}."
    af = a.astype(float)
    if not np.isfinite(af).all():
        return "the labels contain NaN or infinity."
    if not np.all(af == np.round(af)):
        if np.all((af >= 0) & (af <= 1)):
            return (
                "these look like probabilities or scores, not labels. Turn them into labels with a "
                "threshold, e.g. (p > 0.5).astype(int)."
            )
        return "labels must be whole numbers (class labels), but some are fractions. Did you forget a threshold?"
    if np.array_equal(af, e):
        return None
    got, want = set(np.unique(af).tolist()), set(np.unique(e).tolist())
    if got <= {0, 1} and want <= {-1, 1} and np.array_equal(2 * af - 1, e):
        return "you used 0/1 labels where -1/+1 labels are expected. Convert with 2 * y - 1."
    if got <= {-1, 1} and want <= {0, 1} and np.array_equal((af + 1) / 2, e):
        return "you used -1/+1 labels where 0/1 labels are expected. Convert with (y + 1) // 2."
    if want <= {0, 1} and got <= {0, 1} and np.array_equal(1 - af, e) and e.size > 1:
        return "every label is flipped. Is a comparison the wrong way round (> instead of <), or a sign flipped?"
    if want <= {-1, 1} and got <= {-1, 1} and np.array_equal(-af, e) and e.size > 1:
        return "every label is flipped. Is a comparison the wrong way round (> instead of <), or a sign flipped?"
    wrong = np.argwhere(af != e)
    parts = []
    for w in wrong[:4]:
        i = tuple(int(k) for k in w)
        at = f"input {_fmt(np.asarray(inputs)[i[0]])}" if inputs is not None else f"index {i if len(i) > 1 else i[0]}"
        parts.append(f"{at}: got {af[i]:g}, expected {e[i]:g}")
    more = ", ..." if len(wrong) > 4 else ""
    return f"{len(wrong)} of {e.size} labels are wrong ({'; '.join(parts)}{more})."


def check_labels(answer, expected, name: str = "labels", hint: str | None = None) -> None:
    """Check a vector of class labels exactly (``1.0`` counts as ``1``; probabilities do not count)."""
    problem = _label_problem(answer, expected)
    if problem is not None:
        _fail(name, problem, hint)
    print(f"{name}: correct.")


def _gate_table(gate):
    """(X, y01) from a gate name ("AND", ...) or an (X, y) table with 0/1 or -1/+1 labels."""
    if isinstance(gate, str):
        from .data import logic_gate

        X, y = logic_gate(gate.upper())
        return gate.upper(), X, y
    X, y = gate
    X, y = np.asarray(X, float), np.asarray(y)
    return "the table", X, (y > 0).astype(int)


def check_gate(w, b, gate, name: str = "w, b", hint: str | None = None) -> None:
    """Check that one threshold unit, ŷ = 1 if w·x + b > 0 else 0, computes ``gate``.

    ``gate`` is a gate name for ``course_nn.data.logic_gate`` ("AND", "OR", "NAND", "NOR", "XOR") or a
    table ``(X, y)`` with 0/1 or -1/+1 labels. A score of exactly 0 counts as the negative class.
    """
    label, X, y = _gate_table(gate)
    problem = _not_numbers(w) or _not_numbers(b)
    if problem is None:
        wa, ba = np.asarray(w, float), np.asarray(b, float)
        if wa.size != X.shape[1]:
            problem = f"w must hold {X.shape[1]} weights (one per input), got shape {wa.shape}."
        elif ba.size != 1:
            problem = f"b must be a single number, got shape {ba.shape}."
        else:
            s = X @ wa.ravel() + float(ba.ravel()[0])
            y_hat = (s > 0).astype(int)
            if np.array_equal(y_hat, y):
                print(f"{name}: correct.")
                return
            problem = _gate_problem(X, y, s, y_hat, label)
    _fail(name, problem, hint)


def _gate_problem(X, y, s, y_hat, label) -> str:
    rows = lambda idx: ", ".join(f"x = {tuple(int(v) for v in X[i])}" for i in idx)  # noqa: E731
    zero = np.flatnonzero(np.isclose(s, 0, atol=1e-12) & (y == 1))
    if zero.size:
        return (
            f"at {rows(zero)} the score w·x + b is exactly 0, and the unit outputs 1 only for a score > 0. "
            "Move b up a little."
        )
    if np.array_equal(y_hat, 1 - y):
        return f"your unit computes the opposite of {label} on every input. Flip the signs of w and b."
    wrong = np.flatnonzero(y_hat != y)
    detail = "; ".join(
        f"x = {tuple(int(v) for v in X[i])}: score {s[i]:+.3g}, output {y_hat[i]}, expected {y[i]}" for i in wrong
    )
    msg = f"wrong on {len(wrong)} of {len(y)} inputs ({detail})."
    if label == "XOR":
        msg += " (No single threshold unit computes XOR: its two classes cannot be split by one line.)"
    return msg


def _call(func, args, shown: str, hint):
    """``func(*args)``, reporting an error (other than NotImplementedError) or a None result as a wrong answer."""
    try:
        out = func(*args)
    except NotImplementedError:
        raise
    except Exception as err:  # the student's code failed: say on which input
        _fail(None, f"{shown} raised {type(err).__name__}: {err}", hint, cause=err)
    if out is None:
        _fail(None, f"{shown} returned None: is a `return` missing?", hint)
    return out


def check_predictions(predict, X, y, name: str = "predict", hint: str | None = None) -> None:
    """Call ``predict(X)`` and check the labels it returns against ``y`` (e.g. a two-layer XOR network)."""
    if not callable(predict):
        _fail(name, f"expected a function to call as {name}(X), got {type(predict).__name__}.", hint)
    X = np.asarray(X)
    out = _call(predict, (X.copy(),), f"{name}(X)", hint)
    problem = _label_problem(out, y, inputs=X)
    if problem is not None:
        _fail(name, problem, hint)
    print(f"{name}: correct.")


# --------------------------------------------------------------------------- functions
def _call_text(name: str, args) -> str:
    """How a call is shown in a message: ``f([1., 2.], 0.5)``, or with shapes only when that would be long."""
    shown = f"{name}({', '.join(_fmt(np.asarray(x)) if not np.isscalar(x) else _fmt(x) for x in args)})"
    if len(shown) <= 100:
        return shown
    return f"{name}({', '.join(f'an array of shape {np.shape(x)}' if not np.isscalar(x) else _fmt(x) for x in args)})"


def check_function(func, reference, inputs, name=None, rtol=1e-6, atol=1e-9, factors=None, hint=None):
    """Call ``func`` on each test input and compare with ``reference``.

    Parameters
    ----------
    func : callable
        The student's function.
    reference : callable or list
        The right function (called on copies of the same inputs), or the list of expected outputs.
    inputs : list
        Test inputs; a tuple is unpacked as several arguments, anything else is one argument.
    name : str, optional
        Defaults to the function's ``__name__``.

    A ``NotImplementedError`` from ``func`` (an exercise not done yet) is passed on unchanged; any other
    error, a ``None`` result, or an input changed in place is reported as a wrong answer.
    """
    name = name or getattr(func, "__name__", "function")
    if not callable(func):
        _fail(name, _not_numbers(func) or f"expected a function, got {type(func).__name__}. Define it with def.", hint)
    if not callable(reference) and len(reference) != len(inputs):
        raise ValueError(f"reference: expected {len(inputs)} outputs (one per input), got {len(reference)}.")
    for k, inp in enumerate(inputs):
        args = inp if isinstance(inp, tuple) else (inp,)
        shown = _call_text(name, args)
        given = copy.deepcopy(args)
        out = _call(func, given, shown, hint)
        changed = [
            i
            for i, (x, g) in enumerate(zip(args, given))
            if isinstance(x, np.ndarray) and not np.array_equal(x, g, equal_nan=True)
        ]
        if changed:
            _fail(
                None,
                f"{shown} changed its argument {changed[0] + 1} in place. Work on a copy "
                "(x = x.copy(), or write y = ... instead of x += ...).",
                hint,
            )
        want = reference(*copy.deepcopy(args)) if callable(reference) else reference[k]
        problem = diagnose(out, want, rtol=rtol, atol=atol, factors=factors)
        if problem is not None:
            _fail(None, f"{shown}: {problem}", hint)
    print(f"{name}: correct.")


def check_gradient(grad, f, inputs, name=None, h=1e-6, rtol=1e-5, atol=1e-8, factors=None, hint=None):
    """Check that ``grad(x)`` is the gradient of ``f`` at each test point, by central differences.

    Parameters
    ----------
    grad : callable
        The student's gradient: ``grad(x)`` returns df/dx, a number for a number ``x`` and an array of
        ``x``'s shape for an array.
    f : callable
        The function: ``f(x)`` returns a number.
    inputs : list
        Test points, numbers or arrays (each is passed as a copy).
    h : float
        Step of the central difference (f(x + h) - f(x - h)) / 2h, whose error is O(h²).

    Notes
    -----
    A wrong gradient is explained as ``check`` explains a wrong array (a missing factor, a flipped sign ...),
    at the first point where it is wrong.
    """
    from .gradcheck import numerical_gradient

    name = name or getattr(grad, "__name__", "gradient")
    if not callable(grad):
        _fail(name, _not_numbers(grad) or f"expected a function, got {type(grad).__name__}. Define it with def.", hint)
    for point in inputs:
        x = np.array(point, dtype=float)
        scalar = np.ndim(point) == 0
        shown = f"{name}({_fmt(float(x) if scalar else x)})"
        out = _call(grad, (float(x) if scalar else x.copy(),), shown, hint)
        expected = numerical_gradient(lambda: float(f(float(x) if scalar else x.copy())), x, h)  # noqa: B023 (used here)
        problem = diagnose(out, expected, rtol=rtol, atol=atol, factors=factors)
        if problem is not None:
            _fail(None, f"{shown}: {problem}", hint)
    print(f"{name}: correct.")


def check_order(answer, before, name: str = "order", hint: str | None = None) -> None:
    """Check that ``answer`` lists every item once and puts ``a`` before ``b`` for each pair in ``before``.

    Parameters
    ----------
    answer : list or tuple
        The student's order, e.g. labels ``["a", "b", "c", "L"]``.
    before : list of (a, b) pairs
        The rules; the items are every ``a`` and ``b`` named there. Any order that keeps the rules is right
        (for a topological order: ``(operand, result)`` for every operation).
    """
    items = list(dict.fromkeys(item for pair in before for item in pair))
    if answer is None or answer is Ellipsis:
        _fail(name, _not_numbers(answer), hint)
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (list, tuple)):
        _fail(name, f"expected a list of the items {items}, got {type(answer).__name__} {answer!r}.", hint)
    answer = list(answer)
    repeated = [item for item in dict.fromkeys(answer) if answer.count(item) > 1]
    missing = [item for item in items if item not in answer]
    unknown = [item for item in answer if item not in items]
    if repeated or missing or unknown:
        parts = (
            ([f"listed more than once: {repeated}"] if repeated else [])
            + ([f"missing: {missing}"] if missing else [])
            + ([f"not among the items: {unknown}"] if unknown else [])
        )
        _fail(name, f"every item must appear exactly once ({'; '.join(parts)}). The items are {items}.", hint)
    position = {item: k for k, item in enumerate(answer)}
    broken = [(a, b) for a, b in before if position[a] > position[b]]
    if broken and len(broken) == len(before) and len(before) > 1:
        _fail(name, "the order is back to front: every rule is broken. Reverse the list.", hint)
    if broken:
        a, b = min(broken, key=lambda pair: position[pair[1]])
        _fail(
            name,
            f"{b!r} is placed before {a!r}, but {a!r} must come first ({len(broken)} of {len(before)} rules broken).",
            hint,
        )
    print(f"{name}: correct.")
