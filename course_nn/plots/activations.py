"""Activation functions as pictures: each one with its derivative, maxout, softmax on an example.

``activation(name, z, param)`` returns the values and the derivative from the package's own functions
(``course_nn.activations``), so the plots show exactly what the layers compute. ``CATALOGUE`` lists the
activations, their parameter (if any) and a formula for the title; the activation explorer widget and
the notebook's static figures both draw from it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import activations as act
from . import _axes

# The one list of the activations the figures and the explorer show: name -> the formula for titles, the
# parameter (label, default, min, max, step) or None, and f(z, p) and f'(z, p) from course_nn.activations.
# Every name but the slides' "leaky_relu_divisor" (a leaky ReLU written with a divisor) is the engine's.
CATALOGUE = {
    "sigmoid": dict(
        formula=r"$\sigma(z) = 1/(1+e^{-z})$",
        param=None,
        f=lambda z, p: act.sigmoid(z),
        df=lambda z, p: act.sigmoid_prime(z),
    ),
    "tanh": dict(formula=r"$\tanh(z)$", param=None, f=lambda z, p: np.tanh(z), df=lambda z, p: act.tanh_prime(z)),
    "relu": dict(
        formula=r"$\max(0, z)$",
        param=("ReLU'(0)", 0.0, 0.0, 1.0, 1.0),
        f=lambda z, p: act.relu(z),
        df=lambda z, p: act.relu_prime(z, grad_at_zero=p),
    ),
    "leaky_relu": dict(
        formula=r"$\max(c z, z)$", param=("slope c", 0.1, 0.0, 0.5, 0.01), f=act.leaky_relu, df=act.leaky_relu_prime
    ),
    "leaky_relu_divisor": dict(
        formula=r"$z/a$ for $z<0$, $z$ for $z \geq 0$",
        param=("divisor a", 10.0, 1.5, 20.0, 0.5),
        f=lambda z, a: act.leaky_relu(z, 1.0 / a),
        df=lambda z, a: act.leaky_relu_prime(z, 1.0 / a),
    ),
    "elu": dict(
        formula=r"$\alpha(e^z - 1)$ for $z<0$, $z$ for $z \geq 0$",
        param=("alpha", 1.0, 0.1, 3.0, 0.1),
        f=act.elu,
        df=act.elu_prime,
    ),
    "step": dict(
        formula=r"$1$ if $z > 0$ else $0$",
        param=None,
        f=lambda z, p: act.step(z, values="01"),
        df=lambda z, p: np.zeros_like(z),
    ),
    "identity": dict(formula=r"$z$", param=None, f=lambda z, p: z.copy(), df=lambda z, p: np.ones_like(z)),
}


def default_param(name: str):
    """The parameter's default value for ``name`` (``None`` if it has no parameter)."""
    _check_name(name)
    p = CATALOGUE[name]["param"]
    return None if p is None else p[1]


def _check_name(name):
    if name not in CATALOGUE:
        raise ValueError(f"name: unknown activation {name!r}; expected one of {sorted(CATALOGUE)}.")


def activation(name: str, z, param=None):
    """Values a = f(z) and derivative f'(z) of the activation ``name``.

    ``param`` is the slope c (``"leaky_relu"``), the divisor a (``"leaky_relu_divisor"``, slope 1/a),
    α (``"elu"``) or the value used for ReLU'(0) (``"relu"``); ``None`` takes the default. The step's
    derivative is 0 wherever it exists (it is undefined at 0, where we also return 0).
    """
    _check_name(name)
    z = np.asarray(z, float)
    p = default_param(name) if param is None else float(param)
    return CATALOGUE[name]["f"](z, p), CATALOGUE[name]["df"](z, p)


def numerical_derivative(name: str, z, param=None, h: float = 1e-5):
    """Central difference (f(z + h) - f(z - h)) / 2h of the activation, to check ``activation``'s f'."""
    z = np.asarray(z, float)
    return (activation(name, z + h, param)[0] - activation(name, z - h, param)[0]) / (2 * h)


def break_jumps(values, threshold: float = 0.2):
    """A copy of a sampled curve with NaN just after every jump larger than ``threshold``, so that
    matplotlib draws a gap (the step, ReLU', leaky ReLU') instead of a vertical line."""
    values = np.array(values, dtype=float)
    jumps = np.abs(np.diff(values)) > threshold
    values[1:][jumps] = np.nan
    return values


def plot_activation(name: str, param=None, ax=None, z=None, derivative_ax=None, check_points: bool = True):
    """Draw f (solid) and f' (dashed) of one activation.

    With ``derivative_ax`` the derivative goes on its own Axes, else on the same one. ``check_points``
    adds finite-difference values of f' as dots (they should sit on the dashed curve).
    Returns a dict of the artists: ``{"f": Line2D, "df": Line2D, "fd": Line2D or None}``.
    """
    ax = _axes(ax, (4, 3))
    dax = ax if derivative_ax is None else derivative_ax
    z = np.linspace(-4, 4, 801) if z is None else np.asarray(z, float)
    a, da = activation(name, z, param)
    lines = {}
    a, da = break_jumps(a), break_jumps(da)
    (lines["f"],) = ax.plot(z, a, lw=2, color="C0", label="$f(z)$", zorder=3)
    (lines["df"],) = dax.plot(z, da, lw=2, ls="--", color="C3", label="$f'(z)$", zorder=2)
    lines["fd"] = None
    if check_points:
        # an even count of points on a symmetric range never hits z = 0 (the kinks)
        zc = np.linspace(z.min() + 0.25, z.max() - 0.25, 16)
        (lines["fd"],) = dax.plot(
            zc, numerical_derivative(name, zc, param), "o", ms=4, color="C3", alpha=0.6, label="finite difference"
        )
    for a_ in {ax, dax}:
        a_.axhline(0, color="0.7", lw=0.8)
        a_.axvline(0, color="0.7", lw=0.8)
        a_.set_xlabel("$z$")
    return lines


def catalogue_figure(
    names=("sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu_divisor", "elu"),
    params=None,
    ncols: int = 3,
    titles=None,
):
    """One panel per activation, each with f, f' and the finite-difference dots. Returns the Figure."""
    params = params or {}
    nrows = int(np.ceil(len(names) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.0 * ncols, 3.0 * nrows), squeeze=False)
    low, high = np.inf, -np.inf
    for k, (ax, name) in enumerate(zip(axes.ravel(), names)):
        lines = plot_activation(name, params.get(name), ax=ax)
        title = titles[k] if titles is not None else name
        ax.set_title(f"{title}: {CATALOGUE[name]['formula']}", fontsize=9)
        values = np.concatenate([lines["f"].get_ydata(), lines["df"].get_ydata()])
        low, high = min(low, np.nanmin(values)), max(high, np.nanmax(values))
    pad = 0.1 * (high - low)
    for ax in axes.ravel()[: len(names)]:  # one y-range for every panel, wide enough for every curve
        ax.set_ylim(low - pad, high + pad)
    for ax in axes.ravel()[len(names) :]:
        ax.axis("off")
    axes.ravel()[0].legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def maxout_examples(ax=None, z=None):
    """Maxout of two affine pieces, max(w1·z + b1, w2·z + b2), for three choices of the pieces: it gives
    ReLU (pieces z and 0), leaky ReLU (z and 0.1z) and |z| (z and -z). Returns the Axes."""
    ax = _axes(ax, (4.5, 3.2))
    z = np.linspace(-3, 3, 301) if z is None else np.asarray(z, float)
    examples = [
        ("pieces $z$, $0$ → ReLU", (1.0, 0.0), (0.0, 0.0)),
        ("pieces $z$, $0.1z$ → leaky ReLU", (1.0, 0.0), (0.1, 0.0)),
        ("pieces $z$, $-z$ → $|z|$", (1.0, 0.0), (-1.0, 0.0)),
    ]
    for label, (w1, b1), (w2, b2) in examples:
        ax.plot(z, np.maximum(w1 * z + b1, w2 * z + b2), lw=2, label=label)
    ax.axhline(0, color="0.7", lw=0.8)
    ax.axvline(0, color="0.7", lw=0.8)
    ax.set_xlabel("$z$")
    ax.set_title(r"maxout: $\max(w_1 z + b_1,\ w_2 z + b_2)$", fontsize=10)
    ax.legend(fontsize=8)
    return ax


def softmax_bars(z, axes=None, class_names=None):
    """Scores z (left) and their softmax probabilities (right) as bar charts. Returns the two Axes."""
    z = np.asarray(z, float).ravel()
    p = act.softmax(z)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 3))
    names = class_names or [f"class {k + 1}" for k in range(len(z))]
    axes[0].bar(names, z, color="C0")
    axes[0].axhline(0, color="k", lw=0.8)
    axes[0].set_title("scores $f_k$ (logits)")
    axes[1].bar(names, p, color="C2")
    axes[1].set_ylim(0, 1)
    axes[1].set_title(r"softmax $P_k = e^{f_k} / \sum_j e^{f_j}$")
    for k, v in enumerate(p):
        axes[1].text(k, v + 0.02, f"{v:.3f}", ha="center", fontsize=9)
    return axes
