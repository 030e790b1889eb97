"""Input checks shared by the whole package.

Every public function validates what it is given and, when something is wrong, raises an error whose
message names the argument, says what was expected, what was given and, where there is one, the fix.
These helpers keep those messages uniform, and treat NumPy arrays exactly like lists.

Data is checked once, where it enters: ``model.forward(X)`` checks ``X`` and then runs its layers inside
``checked_inputs()``, where layers and losses skip their own checks; ``fit`` checks the whole data set
once (``check_data``) and trains inside the same block. A layer called on its own checks its input itself.

- arrays: ``as_array`` (real numbers only: complex, text and objects refused; NaN/inf, emptiness, ndim),
  ``check_values`` and ``check_batch`` (layer inputs), ``check_data`` (X and targets for a model and a
  loss), ``as_class_labels``, ``check_floats_in_place``, ``warn_unless_rows_sum_to_1``;
- options: ``check_bool``, ``check_number``, ``check_int``, ``check_option``, ``check_type``, ``check_list``,
  ``check_pair``, ``check_methods``, ``check_callable``, ``check_dtype``, ``check_shape``, ``as_rng``,
  ``as_parameters``;
- files: ``check_path``, ``read_npz``.
"""

from __future__ import annotations

import numbers
import os
import threading
import warnings
from collections.abc import Iterable

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
        raise ValueError(
            f"{name}: expected a rectangular array of numbers, got a nested list whose rows have "
            "different lengths. Fix: give every row the same number of values."
        ) from None
    kind = a.dtype.kind
    if kind in "biuf":
        return a
    if kind == "O" and all(isinstance(v, (numbers.Real, np.bool_)) for v in a.ravel()):
        return a.astype(np.float64)
    if kind == "c":
        raise TypeError(
            f"{name}: expected real numbers, got complex values (dtype {a.dtype}). "
            "Fix: pass x.real if the imaginary parts are 0, or abs(x) if you mean the magnitude."
        )
    got = f"text (dtype {a.dtype})" if kind in "USV" else f"dtype {a.dtype}"
    if kind == "O":
        got = "values of type " + ", ".join(
            sorted({type(v).__name__ for v in a.ravel() if not isinstance(v, (numbers.Real, np.bool_))})
        )
    raise TypeError(
        f"{name}: expected an array of numbers, got {got}. "
        "Fix: convert the data to numbers first (for example with np.asarray(x, dtype=float))."
    )


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
    given = a = _real(x, name)
    if dtype is None:
        dtype = a.dtype if a.dtype.kind == "f" else np.float64
    if a.dtype != dtype:
        with np.errstate(over="ignore"):  # a value beyond float32's range is reported below
            a = a.astype(dtype)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if a.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            fix = (
                "Fix: use x.reshape(1, -1) for one sample or x.reshape(-1, 1) for one feature."
                if 2 in allowed and a.ndim == 1
                else "Fix: put the number in a list, [x]."
                if a.ndim == 0
                else ""
            )
            raise ValueError(f"{name}: expected a {want} array, got shape {a.shape}. {fix}".rstrip())
    if not empty and a.size == 0:
        raise ValueError(f"{name}: expected at least one value, got an empty array of shape {a.shape}.")
    if finite and a.dtype.kind == "f" and not np.isfinite(a).all():
        bad = int(a.size - np.isfinite(a).sum())
        if given.dtype != a.dtype and np.isfinite(given).all():
            raise ValueError(
                f"{name}: {bad} value(s) beyond the range of {a.dtype} (largest {np.finfo(a.dtype).max:.3g}); "
                f"expected values a {a.dtype} model can hold. Fix: rescale the data (standardize it), or use a "
                "float64 model."
            )
        raise ValueError(
            f"{name}: contains {bad} NaN or infinite value(s); expected finite numbers. "
            "Fix: clean or impute the data before passing it in."
        )
    return a


def check_values(x, name: str, finite: bool = True) -> np.ndarray:
    """An array of any shape of real numbers (finite ones unless ``finite=False``), as floats; as it is inside
    ``checked_inputs()``."""
    return x if inputs_checked() else as_array(x, name, dtype=None, finite=finite)


def check_batch(x, name: str, n_features: int | None = None, *, who, dtype=None) -> np.ndarray:
    """A batch ``(N, n_features)`` of finite real numbers, N >= 1, for the layer (or name) ``who``.

    Inside ``checked_inputs()`` only the number of features is checked (the values were checked already).
    """
    if not inputs_checked():
        x = as_array(x, name, ndim=2, dtype=dtype)
    if n_features is not None and x.shape[1] != n_features:
        raise ValueError(
            f"{who!r}: expected {name} of shape (N, {n_features}), got {x.shape}. Fix: the width of the "
            f"layer before (its n_out), or the number of features, must be {n_features}."
        )
    return x


def check_data(model, loss, X, y, names=("X", "y")):
    """(X, targets) for training or evaluating ``model`` with ``loss``, checked once: X as the model's dtype, one
    target per row, targets as ``loss`` uses them (``loss.check_targets``). ``names`` are what messages call them.

    Returns
    -------
    X : ndarray (N, n_features);  targets : ndarray (N, K)
    """
    last = model.layers[-1] if getattr(model, "layers", None) else model
    if getattr(loss, "from_logits", False) and getattr(last, "probabilities", False):
        raise ValueError(
            f"loss: {loss!r} takes raw scores (logits) and applies {type(last).__name__.lower()} itself, but the "
            f"model ends in {last!r}, so the scores would be squashed twice. Fix: remove the model's last "
            f"{last!r} (the loss does it, more stably), or use {type(loss).__name__}(from_logits=False)."
        )
    params = model.parameters()
    X = as_array(X, names[0], ndim=2, dtype=params[0].value.dtype if params else None)
    y = as_array(y, names[1], ndim=(1, 2), dtype=X.dtype)
    if len(y) != len(X):
        raise ValueError(f"{names[1]}: expected one target per row of {names[0]} ({len(X)} rows), got {len(y)}.")
    try:
        n_outputs = model.forward(X[:1]).shape[1]  # the width of the network's output (and a check of X's width)
    except ValueError as err:  # X has the wrong number of columns for the first layer
        raise ValueError(f"{names[0]} (shape {X.shape}): {err}") from None
    return X, loss.check_targets(y, (len(X), n_outputs), X.dtype, name=names[1])


def warn_unless_rows_sum_to_1(P: np.ndarray, name: str, who: str, stacklevel: int = 3) -> None:
    """Warn (the same way in losses and metrics, as scikit-learn does) when rows of probabilities do not
    sum to 1 within rounding. ``stacklevel`` points the warning at the user's line (3: the caller's caller)."""
    if not np.allclose(P.sum(axis=1), 1.0, rtol=np.sqrt(np.finfo(P.dtype).eps)):
        warnings.warn(
            f"{who}: the rows of {name} do not sum to 1; pass probabilities (a softmax output).",
            UserWarning,
            stacklevel=stacklevel,
        )


def check_option(value, name: str, options):
    """Check that ``value`` is one of ``options`` (strings, or numbers such as verbosity levels) and return it."""
    try:
        known = value in options and isinstance(value, str) == isinstance(next(iter(options)), str)
    except TypeError:  # an unhashable value, such as a list
        known = False
    if not known:
        raise ValueError(f"{name}: unknown option {value!r}; expected one of {sorted(options, key=str)}.")
    return value


def check_ran(value, who: str, fix: str):
    """``value``, what a forward pass kept for ``who`` (a backward method), or a clear error when it did not run."""
    if value is None:
        raise RuntimeError(f"{who} was called before forward (nothing to go back through). Fix: {fix}")
    return value


class NonFiniteOutput(ValueError):
    """A model's output has NaN or infinite values for finite inputs: its weights are to blame."""


def check_output(out, who: str) -> np.ndarray:
    """``out``, a model's output for finite inputs, which must be finite too: if not, the weights are to blame."""
    if not np.isfinite(out).all():
        raise NonFiniteOutput(
            f"{who}: the model's output has {int(out.size - np.isfinite(out).sum())} NaN or infinite value(s) "
            "although the inputs are finite, so its weights are NaN, infinite or far too large (did training "
            "diverge?). Fix: train it again with a smaller learning rate, or load weights saved before."
        )
    return out


def check_grad_shape(grad, shape: tuple, who) -> np.ndarray:
    """``grad`` = dL/d(output) for the layer ``who``'s backward: real numbers of the last output's shape (the
    message names the layer by its repr, made only when it is needed). NaN and infinity pass: a loss that
    diverged is reported where it is computed (``train_step``)."""
    if (grad := check_values(grad, "grad", finite=False)).shape != shape:
        raise ValueError(
            f"{who!r}.backward: expected grad of shape {shape} (the shape of the last output), got {np.shape(grad)}."
        )
    return grad


def check_labels(y: np.ndarray, allowed: tuple, name: str, who: str, fix: str) -> np.ndarray:
    """``y`` must hold only the label values ``allowed`` (such as 0 and 1) that ``who`` expects; returns it."""
    bad = ~np.isin(y, allowed)
    if bad.any():
        raise ValueError(
            f"{name}: {who} expects labels {' or '.join(f'{v:g}' for v in allowed)}, got values "
            f"{np.unique(y[bad])[:5].tolist()}. Fix: {fix}"
        )
    return y


def check_probabilities(p: np.ndarray, who: str, rows_sum_to_1: bool = False) -> np.ndarray:
    """``p``, a network's output read as probabilities: in [0, 1]; with ``rows_sum_to_1`` (K classes, one
    softmax row each) rows that do not sum to 1 warn."""
    if ((p < 0) | (p > 1)).any():
        raise ValueError(
            f"{who}: expected probabilities in [0, 1] as pred, got values outside. Fix: end the model "
            "with Sigmoid (Softmax for K classes), or pass from_logits=True to the loss."
        )
    if rows_sum_to_1:
        warn_unless_rows_sum_to_1(p, "pred", who, stacklevel=4)
    return p


def check_target_shape(y: np.ndarray, pred_shape: tuple, name: str) -> np.ndarray:
    """Targets ``y`` of the predictions' shape (N, K); y of shape (N,) is taken as the column for K = 1."""
    if y.shape != pred_shape and not (pred_shape[1] == 1 and y.size == pred_shape[0]):
        raise ValueError(
            f"{name}: expected the shape of the predictions {pred_shape} (or (N,) for one output "
            f"column), got {y.shape}."
        )
    return y.reshape(pred_shape)


def check_class_targets(y, pred_shape: tuple, dtype, name: str) -> np.ndarray:
    """Targets for K-class predictions of shape (N, K) as one-hot rows T (N, K): integer labels 0..K-1 of shape
    (N,) or (N, 1) are turned into them; one-hot (or probability) rows are checked."""
    n, k = pred_shape
    y = as_array(y, name, ndim=(1, 2), dtype=dtype)
    if y.ndim == 1 or y.shape[1] == 1 and k > 1:
        if y.size != n:
            raise ValueError(f"{name}: expected {n} labels, one per row of the predictions, got {y.size}.")
        labels = as_class_labels(y.reshape(-1), name, k, f" (the predictions have {k} columns)")
        return np.eye(k, dtype=dtype)[labels]  # row n is 1 at its class, 0 elsewhere
    if y.shape != pred_shape:
        raise ValueError(f"{name}: expected one-hot rows of the predictions' shape {pred_shape}, got {y.shape}.")
    if (y < 0).any() or not np.allclose(y.sum(axis=1), 1.0):
        raise ValueError(f"{name}: one-hot targets must be non-negative and each row must sum to 1.")
    return y


def as_shaped(value, name: str, shape: tuple, fix: str = "", dtype=np.float64) -> np.ndarray:
    """``value`` as a finite real array of exactly ``shape`` (a flat vector is compared as given)."""
    a = as_array(value, name, dtype=dtype, empty=True)
    if a.shape != tuple(shape):
        raise ValueError(f"{name}: expected shape {tuple(shape)}, got {a.shape}. {fix}".rstrip())
    return a


def check_layers(layers) -> None:
    """The layers of a Sequential: at least one, widths that fit together, no layer object twice."""
    if not layers:
        raise ValueError("layers: expected at least one layer, got an empty list. Fix: pass [Dense(2, 1)] or more.")
    check_widths(layers)
    check_distinct(layers)


def check_widths(layers) -> None:
    """Each layer's input width (``n_in``, or ``n_features`` for a layer that keeps its width) must be the
    width the layers before it output (the last ``n_out``)."""
    width = None
    for i, layer in enumerate(layers):
        n_in = getattr(layer, "n_in", getattr(layer, "n_features", None))
        if width is not None and n_in is not None and n_in != width:
            raise ValueError(
                f"layers[{i}] is {layer!r} but the layers before it output {width} units; expected an "
                f"input of {width} units."
            )
        width = getattr(layer, "n_out", width if n_in is None else n_in)


def _layers_in(layer):
    """``layer`` and, for a Sequential, every layer inside it."""
    yield layer
    for inner in getattr(layer, "layers", ()):
        yield from _layers_in(inner)


def check_distinct(layers) -> None:
    """No layer object may appear twice (also inside a nested Sequential): backward would use the values of
    its last forward pass for both places, and the gradients would be wrong."""
    first = {}
    for i, top in enumerate(layers):
        for layer in _layers_in(top):
            if id(layer) in first:
                raise ValueError(
                    f"layers[{i}]: the {type(layer).__name__} object {layer!r} is already used in "
                    f"layers[{first[id(layer)]}]; a layer may appear only once, because it keeps the values of "
                    f"its forward pass for backward. Fix: create a new one for each place, e.g. "
                    f"[Dense(2, 4), ReLU(), Dense(4, 4), ReLU()] rather than reusing one ReLU()."
                )
            first[id(layer)] = i


def check_owner(model, optimizer) -> None:
    """The optimizer must update at least one of the model's parameters (all of them, or some: fine-tuning)."""
    mine = {id(p) for p in model.parameters()}
    if not any(id(p) in mine for p in optimizer.params):
        raise ValueError(
            f"optimizer: none of its {len(optimizer.params)} parameters belongs to this model, so training would "
            "change nothing. It was made for another model (or copied on its own, which copies the parameters "
            "too). Fix: make it for this model, Adam(model.parameters()), or copy both together: "
            "model2, opt2 = copy.deepcopy((model, opt))."
        )


def check_state(state, targets: dict) -> dict:
    """The arrays of ``state`` (as ``state_dict`` makes it) checked against ``targets`` (key -> the model's own
    array): the same keys, shapes, finite real numbers. Returns them converted, without changing anything."""
    if not isinstance(state, dict) or set(state) != set(targets):
        got = sorted(state) if isinstance(state, dict) else type(state).__name__
        raise ValueError(
            f"state: keys {got} do not match this model's parameters and buffers {sorted(targets)}. "
            "Fix: load into a model built with the same layers."
        )
    checked = {}
    for key, target in targets.items():
        name = f"state[{key!r}]"
        if np.asarray(state[key]).dtype.kind == "b":
            raise TypeError(f"{name}: expected numbers, got booleans. Fix: pass the arrays that state_dict() made.")
        checked[key] = as_array(state[key], name, dtype=target.dtype, empty=True)
        if checked[key].shape != target.shape:
            raise ValueError(
                f"state[{key!r}]: expected shape {target.shape}, got {checked[key].shape}. "
                "Fix: load into a model built with the same layer sizes."
            )
    return checked


def _names(cls, article: bool = True) -> str:
    """The name(s) of a class or a tuple of classes, joined by "or", with articles: "a Layer or an Optimizer"."""
    names = [c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,))]
    return " or ".join(("an " if article and n[0] in "AEIOU" else "a " if article else "") + n for n in names)


def check_type(value, name: str, cls, fix: str = ""):
    """Check that ``value`` is an instance of ``cls`` and return it."""
    if not isinstance(value, cls):
        raise TypeError(f"{name}: expected {_names(cls)}, got {type(value).__name__} ({value!r:.60}). {fix}".rstrip())
    return value


def check_list(values, name: str, cls=None, fix: str = "") -> list:
    """``values`` (a list, a tuple or another iterable, not a string) as a list; with ``cls``, each item must be
    an instance of it. A single item where a list belongs gets the fix ``name=[item]``."""
    single = isinstance(values, (str, bytes, dict)) or (cls is not None and isinstance(values, cls))
    if single or not isinstance(values, Iterable):
        want = "a list" if cls is None else f"a list of {_names(cls, article=False)} objects"
        hint = f"Fix: put it in a list, {name}=[{values!r:.40}]." if single else fix
        raise TypeError(f"{name}: expected {want}, got {type(values).__name__} ({values!r:.60}). {hint}".rstrip())
    values = list(values)
    if cls is not None:
        for i, value in enumerate(values):
            check_type(value, f"{name}[{i}]", cls, fix)
    return values


def check_pair(value, name: str, example: str):
    """Check that ``value`` is a pair (a tuple or list of 2 items), such as ``(X_val, y_val)``, and return it."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        got = type(value).__name__ + (f" of length {len(value)}" if isinstance(value, (tuple, list)) else "")
        raise TypeError(f"{name}: expected a pair {example}, got {got}. Fix: pass {name}={example}.")
    return value


def check_methods(value, name: str, methods, example: str):
    """Check that ``value`` has the methods ``methods`` (names), as ``example`` has, and return it."""
    if isinstance(value, type) or not all(callable(getattr(value, m, None)) for m in methods):
        want = " and ".join(f"{m}(...)" for m in methods)
        got = f"the class {value.__name__}" if isinstance(value, type) else f"{type(value).__name__} ({value!r:.60})"
        raise TypeError(f"{name}: expected an object with {want}, such as {example}, got {got}.")
    return value


def check_callable(value, name: str, example: str):
    """Check that ``value`` can be called (a function, a schedule ...), and return it."""
    if not callable(value):
        raise TypeError(f"{name}: expected a function such as {example}, got {type(value).__name__} ({value!r:.60}).")
    return value


def check_rate(lr, t: int) -> float:
    """``lr``, the learning rate a schedule gave for step ``t``: a finite number >= 0 (0 at the end of a cosine)."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not (np.isfinite(lr) and lr >= 0):
        raise ValueError(
            f"lr: the schedule gave {lr!r} for step {t}; expected a finite learning rate >= 0. "
            "Fix: check the schedule's formula (a negative rate would climb the loss)."
        )
    return float(lr)


def check_loss_fn(f, name: str, example: str):
    """Check that ``f`` is a function of no arguments returning one real number (a loss), and return it."""
    value = check_callable(f, name, example)()
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray)) or np.ndim(value) != 0:
        raise TypeError(
            f"{name}: expected a function that returns one number (a loss), such as {example}; it returned "
            f"{type(value).__name__} of shape {np.shape(value)}. Fix: return a single number, e.g. float(np.sum(...))."
        )
    return f


def as_parameters(params, cls) -> list:
    """``params`` (``cls`` = Parameter objects, or a model with ``parameters()``) as a list holding each one once
    (a parameter listed twice is updated once)."""
    params = check_list(
        params.parameters() if hasattr(params, "parameters") else params,
        "params",
        cls,
        "Fix: pass model.parameters() (or the model itself).",
    )
    if not params:
        raise ValueError("params: expected at least one Parameter, got none. Does the model have a Dense layer?")
    return list({id(p): p for p in params}.values())


def check_path(path, name: str = "path"):
    """Check that ``path`` names a file (a str or an os.PathLike such as pathlib.Path) and return it."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"{name}: expected a file name (a str or a pathlib.Path), got {type(path).__name__} "
            f"({path!r:.60}). Fix: pass a name such as 'model.npz'."
        )
    return path


def read_npz(path, name: str = "path") -> dict:
    """The arrays of a NumPy ``.npz`` file (as ``Sequential.save`` writes), by key; a missing file, a file of
    another kind and an array of Python objects get errors that name the file and the array."""
    import zipfile  # loaded when a file is read, not at import

    check_path(path, name)
    try:
        f = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise FileNotFoundError(f"{name}: no file {str(path)!r}. Fix: check the name; save(path) writes it.") from None
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as err:
        raise ValueError(
            f"{name}: {str(path)!r} is not a weight file written by save() (NumPy's .npz format): {err}"
        ) from None
    if not isinstance(f, np.lib.npyio.NpzFile):
        raise ValueError(
            f"{name}: {str(path)!r} holds a single array (.npy), not the weights written by save() "
            "(NumPy's .npz format)."
        )
    arrays = {}
    with f:
        for key in f.files:
            try:
                arrays[key] = f[key]
            except ValueError:  # an object array, which would need pickle
                raise TypeError(
                    f"{name}: the array {key!r} in {str(path)!r} holds Python objects, expected "
                    "numbers. Fix: save the weights again with save(path)."
                ) from None
    return arrays


def check_floats_in_place(x, name: str) -> np.ndarray:
    """Check that ``x`` is a NumPy float array of finite numbers, to be changed in place (and return it)."""
    if as_array(x, name, dtype=None) is not x:  # a list, or ints: a converted copy would be changed
        got = f"an array of dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(
            f"{name}: expected a NumPy float array (it is changed in place, entry by entry), got {got}. "
            f"Fix: {name} = np.asarray({name}, dtype=float), then let f read that array."
        )
    return x


def check_dtype(dtype, name: str = "dtype") -> np.dtype:
    """A floating-point dtype for weights and data: float64 (the default, for gradient checks) or float32."""
    try:
        d = np.dtype(dtype)
    except TypeError:
        d = None
    if d not in (np.float32, np.float64):
        raise TypeError(
            f"{name}: expected np.float64 or np.float32, got {dtype!r}. Fix: dtype=np.float32 for "
            "speed, np.float64 (the default) for gradient checks."
        )
    return d


def check_shape(shape, name: str = "shape", ndim: int | None = None) -> tuple:
    """An array shape: a tuple of ints >= 1 (an int ``n`` means ``(n,)``), with ``ndim`` entries if given."""
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    ok = isinstance(shape, (tuple, list)) and all(
        isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 1 for n in shape
    )
    if not ok or (ndim is not None and len(shape) != ndim):
        want = f"{ndim} ints >= 1 such as (n_in, n_out)" if ndim == 2 else "ints >= 1 such as (3, 4)"
        raise ValueError(f"{name}: expected a shape of {want}, got {shape!r}.")
    return tuple(int(n) for n in shape)


def as_class_labels(y, name: str, n_classes: int | None = None, why: str = "") -> np.ndarray:
    """``y`` as a 1-D int array of class labels 0 .. K-1 (K = ``n_classes``, or any K when not given).

    ``why`` says where K comes from in the message (e.g. " (the predictions have 4 columns)")."""
    y = as_array(y, name, ndim=1)
    if not (np.equal(np.mod(y, 1), 0).all() and y.min() >= 0 and (n_classes is None or y.max() < n_classes)):
        want = f"0..{n_classes - 1}{why}" if n_classes is not None else "0 .. K-1"
        raise ValueError(
            f"{name}: expected integer class labels in {want}, got values from {y.min():g} to "
            f"{y.max():g}. Fix: classes, {name} = np.unique({name}, return_inverse=True) gives labels "
            "0 .. K-1."
        )
    return y.astype(np.intp)


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
