"""Optimizers: the only code that changes a network's weights.

An optimizer is given the parameters once, owns all its state (step count, velocities, moments) and
updates the parameters in ``step()`` from the gradients that ``backward`` accumulated::

    opt = Adam(model.parameters(), lr=1e-3)
    ...
    opt.zero_grad(); model.backward(loss.backward()); opt.step()

When it is created the optimizer moves every parameter into one flat vector ``w`` (and the gradients
into ``g``, see ``course_nn.layers.flatten``), so an update is a few NumPy operations on the whole model,
written line by line as the slides' ``update()`` pseudocode. The pseudocode loops ``for each i, j``
over one weight matrix; here each line acts on every weight of the model at once.

The slides divide the accumulated gradient by the batch size (``g := d / batch_size``). In course_nn
the losses already average over the batch, so ``g`` arrives as that mean and no division is needed.

Symbols: w weights, g gradient, η (``lr``) learning rate, v velocity (momentum), r rolling mean of g²
(RMSProp, Adam), s rolling mean of g (Adam), t step number.
"""
from __future__ import annotations

import math
from functools import partial

import numpy as np

from ._checks import check_number, check_option
from .layers import flatten


class Optimizer:
    """Base class.

    Parameters
    ----------
    params : iterable of Parameter, or a model with ``parameters()``
    lr : float or callable
        The learning rate η: a positive number, or a schedule ``lr(t)`` giving the rate for step
        t = 0, 1, ... (see ``course_nn.schedules``).

    Attributes
    ----------
    w, g : ndarray of shape (n_parameters,)
        All weights and all gradients of ``params``, as flat vectors (each parameter is a view into them).
    t : int
        Steps taken so far.

    Subclasses implement ``update(w, g, lr)``, changing ``w`` in place.
    """

    def __init__(self, params, lr):
        if hasattr(params, "parameters"):
            params = params.parameters()
        self.params = list(params)
        self.w, self.g = flatten(self.params)
        if not callable(lr):
            check_number(lr, "lr", low=0.0, low_open=True)
        self.lr = lr
        self.t = 0  # steps taken so far

    def current_lr(self) -> float:
        """The learning rate the next step will use."""
        return float(self.lr(self.t)) if callable(self.lr) else float(self.lr)

    def step(self) -> None:
        """Update every parameter from its gradient, then count the step."""
        self.update(self.w, self.g, self.current_lr())
        self.t += 1

    def update(self, w, g, lr) -> None:
        raise NotImplementedError

    def zero_grad(self) -> None:
        """Reset every gradient to 0 (gradients accumulate across backward calls until then)."""
        self.g[...] = 0.0


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional momentum, Nesterov momentum and time decay.

    Parameters
    ----------
    params : iterable of Parameter, or a model with ``parameters()``
    lr : float or callable
        Learning rate η (a number or a schedule ``lr(t)``).
    momentum : float in [0, 1), default 0
        α, the fraction of the previous step kept in the velocity. 0 is plain gradient descent.
    nesterov : bool, default False
        Take the step from the look-ahead point (needs ``momentum > 0``).
    decay : float >= 0, default 0
        Keras-legacy time decay: step t uses η_t = η / (1 + decay·t), t = steps taken so far.

    Notes
    -----
    The update, as on the slide (v starts at 0)::

        v ← α·v − η·g
        w ← w + v               (Nesterov: w ← w + α·v − η·g)

    With α = 0 this is plain SGD, w ← w − η·g. With a constant gradient the velocity settles where
    v = α·v − η·g, i.e. at v = −η·g / (1 − α): steps in a steady direction grow by 1/(1 − α)
    (×10 for α = 0.9), while gradients that flip sign cancel in v.

    **PyTorch writes momentum differently** (``torch.optim.SGD``): b ← μ·b + g; w ← w − η·b.
    For a constant η both are the same update. Put v = −η·b (with μ = α):

    - velocity: −η·b_new = −η·(μ·b + g) = μ·(−η·b) − η·g = α·v − η·g, the slide's v ← α·v − η·g;
    - weights: w − η·b_new = w + v_new, the slide's w ← w + v.

    Nesterov in PyTorch, w ← w − η·(g + μ·b_new) = w + α·v_new − η·g, is the look-ahead step above.
    When η changes between steps (a schedule, ``decay``) the two forms differ slightly: the slide's
    v keeps the step sizes of past steps, PyTorch's b keeps past gradients and rescales them with
    today's η. course_nn follows the slide (and Keras).
    """

    def __init__(self, params, lr, momentum: float = 0.0, nesterov: bool = False, decay: float = 0.0):
        super().__init__(params, lr)
        self.momentum = check_number(momentum, "momentum", low=0.0, high=1.0, high_open=True)
        if not isinstance(nesterov, bool):
            raise TypeError(f"nesterov: expected True or False, got {nesterov!r}.")
        if nesterov and self.momentum == 0.0:
            raise ValueError("nesterov: Nesterov momentum needs momentum > 0, got momentum=0. "
                             "Fix: pass momentum=0.9 (for example) or nesterov=False.")
        self.nesterov = nesterov
        self.decay = check_number(decay, "decay", low=0.0)
        self.v = np.zeros_like(self.w)  # velocity, one entry per weight

    def current_lr(self) -> float:
        """η_t = η / (1 + decay·t) for the next step (just η when ``decay=0``)."""
        return super().current_lr() / (1.0 + self.decay * self.t)

    def update(self, w, g, lr):
        alpha, v = self.momentum, self.v
        if alpha == 0.0:
            w -= lr * g                  # plain gradient descent, w ← w − η·g (v stays 0)
            return
        v *= alpha                       # v ← α·v − η·g
        v -= lr * g
        if self.nesterov:
            w += alpha * v - lr * g      # w ← w + α·v − η·g
        else:
            w += v                       # w ← w + v

    def __repr__(self):
        return (f"SGD(lr={self.lr}, momentum={self.momentum}, nesterov={self.nesterov}, "
                f"decay={self.decay})")


class RMSProp(Optimizer):
    r"""RMSProp: divide each weight's step by the root of its rolling mean square gradient.

    Parameters
    ----------
    params : iterable of Parameter, or a model with ``parameters()``
    lr : float or callable
        Learning rate η.
    rho : float in [0, 1), default 0.9
        ρ, how much of the old mean square r is kept at each step (PyTorch calls it ``alpha``).
    eps : float > 0, default 1e-7
        ε, keeps the division finite where r is 0.
    eps_placement : {"inside", "outside"}, default "inside"
        Where ε goes: ``"inside"`` the square root, √(r + ε), as the slide writes it (and Keras);
        ``"outside"``, √r + ε, as PyTorch's ``RMSprop`` does.

    Notes
    -----
    The update (r starts at 0)::

        r ← ρ·r + (1 − ρ)·g²
        w ← w − η·g / √(r + ε)      (outside: w ← w − η·g / (√r + ε))

    When r ≈ g² ≫ ε the ratio g/√r is about ±1, so every weight moves by about η whatever the size
    of its gradient; a gradient small compared with its history moves its weight by less than η.
    The two placements differ only when g² is not much larger than ε: for r = g² = 1e-8 and
    ε = 1e-7, g/√(r + ε) = 0.30 but g/(√r + ε) = 0.999.

    There is no bias correction: with r = 0 at the start the first step is η/√(1 − ρ) in size
    (3.16·η for ρ = 0.9).
    """

    def __init__(self, params, lr, rho: float = 0.9, eps: float = 1e-7, eps_placement: str = "inside"):
        super().__init__(params, lr)
        self.rho = check_number(rho, "rho", low=0.0, high=1.0, high_open=True)
        self.eps = check_number(eps, "eps", low=0.0, low_open=True)
        self.eps_placement = check_option(eps_placement, "eps_placement", ("inside", "outside"))
        self.r = np.zeros_like(self.w)  # rolling mean of g², one entry per weight

    def update(self, w, g, lr):
        rho, eps, r = self.rho, self.eps, self.r
        r *= rho                                 # r ← ρ·r + (1 − ρ)·g²
        r += (1 - rho) * g**2
        if self.eps_placement == "inside":
            w -= lr * g / np.sqrt(r + eps)       # w ← w − η·g / √(r + ε)
        else:
            w -= lr * g / (np.sqrt(r) + eps)     # w ← w − η·g / (√r + ε)

    def __repr__(self):
        return f"RMSProp(lr={self.lr}, rho={self.rho}, eps={self.eps}, eps_placement={self.eps_placement!r})"


class Adam(Optimizer):
    r"""Adam ("adaptive moments"): momentum on g and RMSProp's scaling by g², both bias-corrected.

    Parameters
    ----------
    params : iterable of Parameter, or a model with ``parameters()``
    lr : float or callable, default 1e-3
        Learning rate η.
    beta1 : float in [0, 1), default 0.9
        β1, decay of the rolling mean s of g.
    beta2 : float in [0, 1), default 0.999
        β2, decay of the rolling mean r of g².
    eps : float > 0, default 1e-8
        ε, added after the square root (as on the slide and in PyTorch's ``Adam``).

    Notes
    -----
    The update (s and r start at 0, t at 0)::

        t ← t + 1
        s ← β1·s + (1 − β1)·g
        r ← β2·r + (1 − β2)·g²
        w ← w − η·(s / (1 − β1ᵗ)) / (√(r / (1 − β2ᵗ)) + ε)

    Bias correction: s and r start at 0, so early on they are too small, by the factors 1 − β1ᵗ and
    1 − β2ᵗ; dividing by them removes that bias. At t = 1 the corrected moments are exactly g and g²,
    so the first step is η·g/(|g| + ε) ≈ η·sign(g) for every weight.
    """

    def __init__(self, params, lr=1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(params, lr)
        self.beta1 = check_number(beta1, "beta1", low=0.0, high=1.0, high_open=True)
        self.beta2 = check_number(beta2, "beta2", low=0.0, high=1.0, high_open=True)
        self.eps = check_number(eps, "eps", low=0.0, low_open=True)
        self.s = np.zeros_like(self.w)  # rolling mean of g  (first moment)
        self.r = np.zeros_like(self.w)  # rolling mean of g² (second moment)

    def update(self, w, g, lr):
        beta1, beta2, s, r = self.beta1, self.beta2, self.s, self.r
        t = self.t + 1                           # t ← t + 1 (self.t counts steps already taken)
        s *= beta1                               # s ← β1·s + (1 − β1)·g
        s += (1 - beta1) * g
        r *= beta2                               # r ← β2·r + (1 − β2)·g²
        r += (1 - beta2) * g * g
        # w ← w − η·ŝ/(√r̂ + ε) with the bias-corrected moments ŝ = s/(1 − β1ᵗ), r̂ = r/(1 − β2ᵗ).
        # The corrections are numbers, so they go into η and ε instead of into every entry of s and r:
        # η·ŝ/(√r̂ + ε) = η_t·s/(√r + ε_t), with η_t = η·√(1 − β2ᵗ)/(1 − β1ᵗ) and ε_t = ε·√(1 − β2ᵗ).
        c2 = math.sqrt(1 - beta2**t)
        lr_t, eps_t = lr * c2 / (1 - beta1**t), self.eps * c2
        w -= lr_t * s / (np.sqrt(r) + eps_t)

    def __repr__(self):
        return f"Adam(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps})"


OPTIMIZERS = {
    "sgd": SGD,
    "momentum": partial(SGD, momentum=0.9),
    "nesterov": partial(SGD, momentum=0.9, nesterov=True),
    "rmsprop": RMSProp,
    "adam": Adam,
}


def get_optimizer(name: str, params, lr, **kwargs) -> Optimizer:
    """An optimizer from its name: ``"sgd"``, ``"momentum"`` (SGD, α = 0.9), ``"nesterov"``,
    ``"rmsprop"`` or ``"adam"``; ``kwargs`` go to its constructor (``momentum=0.5`` overrides 0.9).

    Examples
    --------
    >>> from course_nn import Parameter
    >>> get_optimizer("momentum", [Parameter([1.0, 2.0])], lr=0.1)
    SGD(lr=0.1, momentum=0.9, nesterov=False, decay=0.0)
    """
    check_option(name, "optimizer", OPTIMIZERS)
    return OPTIMIZERS[name](params, lr=lr, **kwargs)
