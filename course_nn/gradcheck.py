"""Gradient checking: compare backprop's gradients with finite differences.

The centred difference (f(x + h) - f(x - h)) / 2h has error O(h²), so with float64 and h = 1e-5 a
correct backward agrees to about 1e-8 or better in relative error. A bug (a missing transpose, a lost
factor of 2, a wrong sign) shows up as a relative error near 1.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, as_rng, check_bool, check_floats_in_place, check_loss_fn, check_number, check_type


def numerical_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """dF/dx by centred differences for a scalar function ``f()`` of the array ``x``.

    ``x`` is changed in place one entry at a time (and restored), so ``f`` must read ``x`` when called:
    pass a parameter's ``value`` array, or an input array that ``f`` closes over.
    """
    check_loss_fn(f, "f", "lambda: loss(model.forward(X), y)")
    h = check_number(h, "h", low=0.0, low_open=True)
    grad = np.zeros_like(check_floats_in_place(x, "x"), dtype=float)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def rel_error(a, b) -> float:
    """Relative error ||a - b|| / max(||a|| + ||b||, 1e-12) of two arrays (0 means identical).

    The norm is taken over the whole array. An entry-by-entry ratio (CS231n's form) is dominated by
    entries whose true gradient is almost 0 (a saturated sigmoid), where rounding error alone gives
    a large ratio; the norm weighs each entry by its size and still flags a real bug near 1.
    """
    a, b = as_array(a, "a", empty=True), as_array(b, "b", empty=True)
    if a.shape != b.shape:
        raise ValueError(f"b: expected the shape of a, {a.shape}, got {b.shape}; the error compares entry by entry.")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


def gradcheck(obj, x, y=None, *, loss=None, h: float = 1e-5, rng=0, training: bool = False) -> dict:
    """Relative error between analytic and numerical gradients.

    Parameters
    ----------
    obj : Loss, Layer or Sequential
    x : ndarray
        For a loss: the predictions. For a layer or model: the input batch.
    y : ndarray, optional
        Targets, for a loss or together with ``loss``.
    loss : Loss, optional
        For a layer or model: check L = loss(obj(x), y). Without it, L = Σ obj(x) ⊙ G with a fixed
        random upstream gradient G drawn from ``rng``.
    training : bool
        Passed to ``forward`` (keep False for Dropout unless its mask is fixed).

    Returns
    -------
    dict
        ``{"input": err, "<name>": err, ...}``: one entry for the input (``"pred"`` for a loss) and one
        per parameter, named as in ``Sequential.state_dict`` (``"0.W"``) or by the parameter's name.
    """
    from .layers import Layer
    from .losses import Loss, get_loss

    check_type(obj, "obj", (Loss, Layer), "Fix: pass a layer, a model (Sequential) or a loss.")
    x, training = as_array(x, "x").copy(), check_bool(training, "training")  # x: numerical_gradient changes it
    if isinstance(obj, Loss):
        obj(x, y)
        return {"pred": rel_error(obj.backward(), numerical_gradient(lambda: obj(x, y), x, h))}

    if loss is None:
        upstream = as_rng(rng).standard_normal(np.shape(obj.forward(x, training=training)))

        def f():
            return float(np.sum(obj.forward(x, training=training) * upstream))

        def top_grad():
            return upstream
    else:
        loss = get_loss(loss)

        def f():
            return loss(obj.forward(x, training=training), y)

        def top_grad():
            return loss.backward()

    params = obj.parameters()
    for p in params:
        p.zero_grad()
    f()
    dx = obj.backward(top_grad())
    errors = {"input": rel_error(dx, numerical_gradient(f, x, h))}
    for name, p in obj.named_parameters().items():
        errors[name] = rel_error(p.grad, numerical_gradient(f, p.value, h))
    return errors
