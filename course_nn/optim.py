"""Optimizers: the only code that changes a network's weights.

An optimizer is given the parameters once, keeps its own state for each of them (velocity, moments)
and, in ``step()``, updates every parameter in place from the gradient that ``backward`` accumulated::

    opt = Adam(model.parameters(), lr=1e-3)
    ...
    opt.zero_grad(); model.backward(loss.backward()); opt.step()

Each ``step`` is the slides' ``update()`` pseudocode, written line by line for one parameter (a weight
matrix W or a bias b) at a time: where the pseudocode loops ``for each i, j``, NumPy updates every entry
of the array at once.

The slides divide the accumulated gradient by the batch size (``g := d / batch_size``). In course_nn
the losses already average over the batch, so ``g`` arrives as that mean and no division is needed.

Symbols: w weights, g gradient, η (``lr``) learning rate, v velocity (momentum), s rolling mean of g and
r rolling mean of g² (RMSProp, Adam), t step number.
"""

from __future__ import annotations

from collections import namedtuple
from functools import partial

import numpy as np

from ._checks import as_parameters, check_bool, check_number, check_option, check_rate
from .layers import Parameter


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
    params : list of Parameter
    t : int
        Steps taken so far.

    Subclasses keep one state array per parameter (``self.v[i]`` for ``self.params[i]``) and implement
    ``step()``.
    """

    def __init__(self, params, lr):
        self.params = as_parameters(params, Parameter)  # each Parameter once, even if listed twice
        if not callable(lr):
            check_number(lr, "lr", low=0.0, low_open=True)
        self.lr = lr
        self.t = 0  # steps taken so far

    def current_lr(self) -> float:
        """The learning rate the next step will use (a schedule's value is checked: a positive number)."""
        return check_rate(self.lr(self.t), self.t) if callable(self.lr) else float(self.lr)

    def _state(self):
        """A zero array for each parameter: velocities and moments start at 0."""
        return [np.zeros_like(p.value) for p in self.params]

    def step(self) -> None:
        raise NotImplementedError

    def zero_grad(self) -> None:
        """Reset every gradient to 0 (gradients accumulate across backward calls until then)."""
        for p in self.params:
            p.zero_grad()

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k not in ("params", "t", "v", "s", "r"))
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional momentum and Nesterov momentum.

    Parameters
    ----------
    params : iterable of Parameter, or a model with ``parameters()``
    lr : float or callable
        Learning rate η (a number or a schedule ``lr(t)``; for the Keras-legacy ``decay`` use
        ``schedules.InverseTimeDecay``).
    momentum : float in [0, 1), default 0
        α, the fraction of the previous step kept in the velocity. 0 is plain gradient descent.
    nesterov : bool, default False
        Take the step from the look-ahead point (needs ``momentum > 0``).

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
    When η changes between steps (a schedule) the two forms differ slightly: the slide's v keeps the
    step sizes of past steps, PyTorch's b keeps past gradients and rescales them with today's η.
    course_nn follows the slide (and Keras).
    """

    def __init__(self, params, lr, momentum: float = 0.0, nesterov: bool = False):
        super().__init__(params, lr)
        self.momentum = check_number(momentum, "momentum", low=0.0, high=1.0, high_open=True)
        self.nesterov = check_bool(nesterov, "nesterov")
        if self.nesterov and self.momentum == 0.0:
            raise ValueError(
                "nesterov: Nesterov momentum needs momentum > 0, got momentum=0. "
                "Fix: pass momentum=0.9 (for example) or nesterov=False."
            )
        self.v = self._state()  # velocity of each parameter

    def step(self):
        lr, alpha = self.current_lr(), self.momentum
        for p, v in zip(self.params, self.v):
            w, g = p.value, p.grad
            if alpha == 0.0:
                w -= lr * g  # plain gradient descent: w ← w − η·g
                continue
            v *= alpha  # v ← α·v − η·g
            v -= lr * g
            if self.nesterov:
                w += alpha * v - lr * g  # w ← w + α·v − η·g
            else:
                w += v  # w ← w + v
        self.t += 1


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
        self.r = self._state()  # rolling mean of g² of each parameter

    def step(self):
        lr, rho, eps = self.current_lr(), self.rho, self.eps
        for p, r in zip(self.params, self.r):
            w, g = p.value, p.grad
            r *= rho  # r ← ρ·r + (1 − ρ)·g²
            r += (1 - rho) * g * g
            if self.eps_placement == "inside":
                w -= lr * g / np.sqrt(r + eps)  # w ← w − η·g / √(r + ε)
            else:
                w -= lr * g / (np.sqrt(r) + eps)  # w ← w − η·g / (√r + ε)
        self.t += 1


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
        ŝ ← s / (1 − β1ᵗ)
        r̂ ← r / (1 − β2ᵗ)
        w ← w − η·ŝ / (√r̂ + ε)

    Bias correction: s and r start at 0, so early on they are too small, by the factors 1 − β1ᵗ and
    1 − β2ᵗ; dividing by them removes that bias. At t = 1 the corrected moments are exactly g and g²,
    so the first step is η·g/(|g| + ε) ≈ η·sign(g) for every weight.
    """

    def __init__(self, params, lr=1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(params, lr)
        self.beta1 = check_number(beta1, "beta1", low=0.0, high=1.0, high_open=True)
        self.beta2 = check_number(beta2, "beta2", low=0.0, high=1.0, high_open=True)
        self.eps = check_number(eps, "eps", low=0.0, low_open=True)
        self.s = self._state()  # rolling mean of g  (first moment) of each parameter
        self.r = self._state()  # rolling mean of g² (second moment) of each parameter

    def step(self):
        lr, beta1, beta2, eps = self.current_lr(), self.beta1, self.beta2, self.eps
        self.t += 1
        t = self.t
        for p, s, r in zip(self.params, self.s, self.r):
            w, g = p.value, p.grad
            s *= beta1  # s ← β1·s + (1 − β1)·g
            s += (1 - beta1) * g
            r *= beta2  # r ← β2·r + (1 − β2)·g²
            r += (1 - beta2) * g * g
            s_hat = s / (1 - beta1**t)  # ŝ ← s / (1 − β1ᵗ)
            r_hat = r / (1 - beta2**t)  # r̂ ← r / (1 − β2ᵗ)
            w -= lr * s_hat / (np.sqrt(r_hat) + eps)  # w ← w − η·ŝ / (√r̂ + ε)


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter): w ← w − η·λ·w, then Adam's step.

    Parameters
    ----------
    params, lr, beta1, beta2, eps
        As for ``Adam``.
    weight_decay : float >= 0, default 0.01
        λ. Applied to parameters with ``regularize=True`` (the weights W); biases are left alone
        (set ``layer.b.regularize = True`` to decay one anyway).

    Notes
    -----
    An L2 penalty added to the loss goes through Adam's division by √r̂, so weights with large
    gradients are decayed less. AdamW takes the decay out of the gradient: each step first shrinks every
    weight by the same fraction, w ← w − η·λ·w, then takes Adam's step. PyTorch:
    ``torch.optim.AdamW(..., weight_decay=λ)`` (which decays every parameter unless told otherwise).
    """

    def __init__(
        self, params, lr=1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, weight_decay: float = 0.01
    ):
        super().__init__(params, lr, beta1, beta2, eps)
        self.weight_decay = check_number(weight_decay, "weight_decay", low=0.0)

    def step(self):
        lr, lam = self.current_lr(), self.weight_decay
        for p in self.params:
            if p.regularize:
                p.value -= lr * lam * p.value  # w ← w − η·λ·w  (decoupled weight decay)
        super().step()  # then Adam's step


def clip_grad_norm(params, max_norm: float) -> float:
    """Scale all gradients down together so that their global norm is at most ``max_norm``.

    The global norm is ‖g‖ = √(Σ over every parameter of Σ g²). If it exceeds ``max_norm``, every
    gradient is multiplied by ``max_norm / ‖g‖``: the direction of the step is kept, only its length is
    capped. Call it between ``backward`` and ``step`` (``train_step`` and ``fit`` do, given ``clip_norm``). PyTorch:
    ``torch.nn.utils.clip_grad_norm_``.

    Returns
    -------
    float
        The global norm before clipping (useful to watch for exploding gradients).
    """
    params = as_parameters(params, Parameter)
    max_norm = check_number(max_norm, "max_norm", low=0.0, low_open=True)
    norm = float(np.sqrt(sum(float(np.sum(p.grad * p.grad)) for p in params)))
    scale = max_norm / (norm + 1e-6)  # the 1e-6 as in PyTorch, so a zero gradient divides safely
    if scale < 1.0:
        for p in params:
            p.grad *= scale
    return norm


# The optimizers by name, with the label and colour the figures and demos use for them.
OptimizerInfo = namedtuple("OptimizerInfo", "make label color")
OPTIMIZERS = {
    "sgd": OptimizerInfo(SGD, "SGD", "C0"),
    "momentum": OptimizerInfo(partial(SGD, momentum=0.9), "momentum", "C1"),
    "nesterov": OptimizerInfo(partial(SGD, momentum=0.9, nesterov=True), "Nesterov", "C4"),
    "rmsprop": OptimizerInfo(RMSProp, "RMSProp", "C2"),
    "adam": OptimizerInfo(Adam, "Adam", "C3"),
    "adamw": OptimizerInfo(AdamW, "AdamW", "C5"),
}


def get_optimizer(name: str, params, lr, **kwargs) -> Optimizer:
    """An optimizer from its name (a key of ``OPTIMIZERS``: ``"sgd"``, ``"momentum"`` (SGD, α = 0.9),
    ``"nesterov"``, ``"rmsprop"``, ``"adam"``, ``"adamw"``); ``kwargs`` go to its constructor
    (``momentum=0.5`` overrides 0.9).

    Examples
    --------
    >>> from course_nn import Parameter
    >>> get_optimizer("momentum", [Parameter([1.0, 2.0])], lr=0.1)
    SGD(lr=0.1, momentum=0.9, nesterov=False)
    """
    check_option(name, "optimizer", OPTIMIZERS)
    return OPTIMIZERS[name].make(params, lr=lr, **kwargs)
