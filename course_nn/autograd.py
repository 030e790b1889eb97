"""A scalar autograd: backpropagation on a graph of single numbers, in plain Python.

Every ``Value`` remembers the values it was computed from (``_prev``) and the operation that made it
(``_op``), so a calculation builds a graph as it runs. ``L.backward()`` then visits that graph from ``L``
back to the inputs, in reverse topological order, and applies the chain rule one node at a time::

    child.grad += (∂out/∂child) · out.grad         # the local derivative times the gradient from above

``+=``, not ``=``: a value used in several places collects one contribution from each (the multivariate
chain rule sums over paths). After ``L.backward()`` every value's ``grad`` is dL/d(value).

    >>> w, x, b = Value(-0.5, label="w"), Value(2.0, label="x"), Value(1.5, label="b")
    >>> L = (w * x + b).tanh()
    >>> L.backward()
    >>> round(w.grad, 6)        # (1 - tanh(0.5)²) · x
    1.572895

This is the layer engine's backpropagation with every matrix product taken apart into its scalar
multiplications and additions (notebook 10). The ReLU kink follows the engine's ``ReLU()``: at exactly 0
the left branch is taken, derivative 0 (as PyTorch). The module is pure Python (no NumPy), so it reads
like the formulas and costs nothing to import.
"""

from __future__ import annotations

import math
import numbers

__all__ = ["Value", "topological_order"]


def _as_float(x, name: str) -> float:
    """``x`` as a float, or a TypeError naming the argument (bool and complex are refused)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(
            f"{name}: expected a real number (int or float), got {type(x).__name__} ({x!r}). "
            "Fix: pass a plain Python number, e.g. float(array_entry)."
        )
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"{name}: expected a finite number, got {x}.")
    return x


def _as_value(x, name: str) -> Value:
    """``x`` if it is a Value, else a new constant Value holding the number ``x``."""
    return x if isinstance(x, Value) else Value(_as_float(x, name))


class Value:
    """A number that remembers how it was computed, so that ``backward`` can find the gradient.

    Parameters
    ----------
    data : int or float
        The number.
    label : str, optional
        A name for printing and for the graph picture (``course_nn.plots.graph``).

    Attributes
    ----------
    data : float
        The number computed in the forward pass.
    grad : float
        dL/d(data) once ``L.backward()`` has run; 0.0 before. Values computed inside the graph get a fresh
        gradient from each ``backward``; leaves (inputs and weights, made with ``Value(...)``) add to theirs,
        as PyTorch's leaf tensors do, so call ``zero_grad`` between training steps.
    _prev : tuple of Value
        The operands this value was computed from (its children in the graph); ``()`` for a leaf.
    _op : str
        The operation that produced it (``"+"``, ``"*"``, ``"**2"``, ``"exp"`` ...); ``""`` for a leaf.
    _backward : callable
        Set by the operation that made this value: adds ``local derivative · self.grad`` to the ``grad`` of
        each operand in ``_prev`` (does nothing for a leaf).
    label : str
        The name given, or ``""``.
    """

    def __init__(self, data, label: str = "", _prev=(), _op: str = ""):
        if _op and isinstance(data, float) and not math.isfinite(data):  # e.g. 1e200 * 1e200
            raise OverflowError(
                f"{_op!r} gave {data}: the result is beyond the largest float (about 1.8e308). "
                "Fix: keep the values in a moderate range (standardize the inputs, use smaller weights)."
            )
        self.data = _as_float(data, "data")
        self.grad = 0.0
        self.label = label
        self._prev = tuple(_prev)
        self._op = _op
        self._backward = lambda: None  # a leaf has no operands to pass its gradient to

    def __repr__(self):
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # ------------------------------------------------------------------ two operands
    def __add__(self, other):
        """out = self + other.  ∂out/∂self = 1, ∂out/∂other = 1: the gradient is copied to both."""
        other = _as_value(other, "other operand of +")
        out = Value(self.data + other.data, _prev=(self, other), _op="+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        """out = self · other.  ∂out/∂self = other, ∂out/∂other = self: each gets the *other* factor."""
        other = _as_value(other, "other operand of *")
        out = Value(self.data * other.data, _prev=(self, other), _op="*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, k):
        """out = self ** k for a plain number k.  ∂out/∂self = k · self^(k-1).

        A Value exponent is refused: write ``(k * x.log()).exp()`` for x ** k with k a Value.
        """
        if isinstance(k, Value):
            raise TypeError(
                "exponent: expected a plain number, got a Value. Fix: for x ** k with k a Value, "
                "write (k * x.log()).exp() (x > 0)."
            )
        k = _as_float(k, "exponent")
        if self.data == 0 and (k < 0 or 0 < k < 1):
            raise ValueError(
                f"x ** {k:g} at x = 0 has an infinite {'value' if k < 0 else 'derivative'}. "
                "Fix: keep the base away from 0, e.g. (x + eps) ** k."
            )
        if self.data < 0 and not k.is_integer():
            raise ValueError(
                f"x ** {k:g} at x = {self.data:g}: a negative base has no real power with a "
                "fractional exponent. Fix: use a whole-number exponent, or a positive base."
            )
        try:
            data, local = self.data**k, (k * self.data ** (k - 1) if k != 0 else 0.0)
        except OverflowError:  # the value or its derivative is beyond the largest float (about 1.8e308)
            raise OverflowError(
                f"x ** {k:g} at x = {self.data:g}: the power or its derivative is too large for a float. "
                "Fix: keep the values in a moderate range (standardize the inputs, use smaller weights)."
            ) from None
        return self._unary(data, f"**{k:g}", local)

    def __neg__(self):  # -self = self · (-1)
        return self * -1

    def __sub__(self, other):  # self - other = self + (-other)
        return self + (-_as_value(other, "other operand of -"))

    def __truediv__(self, other):
        """self / other = self · other ** -1 (so ∂/∂other = -self / other²)."""
        other = _as_value(other, "divisor")
        if other.data == 0:
            raise ZeroDivisionError("divisor: its data is 0. Fix: keep it away from 0, e.g. x / (y + eps).")
        return self * other**-1

    def __radd__(self, other):  # 2 + x, and sum() which starts from 0
        return self + other

    def __rmul__(self, other):  # 2 * x
        return self * other

    def __rsub__(self, other):  # 2 - x
        return _as_value(other, "other operand of -") - self

    def __rtruediv__(self, other):  # 2 / x
        return _as_value(other, "dividend") / self

    def __rpow__(self, base):  # 2 ** x is not an operation of its own
        raise TypeError(
            f"exponent: {base!r} ** Value is not supported. Fix: write (x * math.log(base)).exp() for a base > 0."
        )

    # ------------------------------------------------------------------ one operand
    def _unary(self, data: float, op: str, local_derivative: float) -> Value:
        """A new Value ``op(self)`` whose backward adds ``local_derivative · out.grad`` to ``self.grad``."""
        out = Value(data, _prev=(self,), _op=op)

        def _backward():
            self.grad += local_derivative * out.grad

        out._backward = _backward
        return out

    def exp(self):
        """out = e^self.  ∂out/∂self = e^self = out."""
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(
                f"exp: e^{self.data:g} is too large for a float (the limit is about e^709). "
                "Fix: scale the input down, or use a stable formula (sigmoid, log-sum-exp)."
            ) from None
        return self._unary(e, "exp", e)

    def log(self):
        """out = ln(self) for self > 0.  ∂out/∂self = 1 / self."""
        if self.data <= 0:
            raise ValueError(
                f"log: expected data > 0, got {self.data:g}. Fix: take the log of a positive "
                "value, e.g. (p + eps).log() for a probability that can reach 0."
            )
        return self._unary(math.log(self.data), "log", 1.0 / self.data)

    def tanh(self):
        """out = tanh(self).  ∂out/∂self = 1 - tanh² = 1 - out²."""
        t = math.tanh(self.data)
        return self._unary(t, "tanh", 1.0 - t * t)

    def sigmoid(self):
        """out = σ(self) = 1 / (1 + e^-self), computed without overflow.  ∂out/∂self = σ(1 - σ) = out(1 - out)."""
        if self.data >= 0:
            s = 1.0 / (1.0 + math.exp(-self.data))
        else:
            e = math.exp(self.data)
            s = e / (1.0 + e)
        return self._unary(s, "sigmoid", s * (1.0 - s))

    def relu(self):
        """out = max(0, self).  ∂out/∂self = 1 for self > 0, else 0 — also at exactly 0 (the left branch,
        as ``course_nn.ReLU()`` and PyTorch; the slides' XOR example takes 1 there)."""
        return self._unary(max(self.data, 0.0), "relu", 1.0 if self.data > 0 else 0.0)

    # ------------------------------------------------------------------ the backward pass
    def backward(self):
        """Fill in ``grad`` = d(self)/d(value) for every value this one was computed from.

        Values inside the graph are reset to 0 first; then ``self.grad = 1`` (dL/dL) and each value, in
        reverse topological order, passes its gradient to its operands. Reverse topological order means a
        value is processed only after every value that uses it has added its contribution. Leaves keep
        adding to what they had (zero them with ``zero_grad``).
        """
        order = topological_order(self)
        for v in order:
            if v._prev:
                v.grad = 0.0
        self.grad += 1.0  # dL/dL = 1 (0 + 1, or added to what a leaf had)
        for v in reversed(order):
            v._backward()

    def zero_grad(self):
        """Set ``grad = 0`` on this value and on every value it was computed from (weights included)."""
        for v in topological_order(self):
            v.grad = 0.0


def topological_order(root: Value) -> list[Value]:
    """Every value ``root`` depends on, each listed after all of its operands; ``root`` comes last.

    A depth-first search that appends a value once all its operands are in the list. It keeps its own
    stack instead of recursing, so a long chain (a sum of thousands of terms) does not reach Python's
    recursion limit. A value reached along several paths is listed once.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root: expected a Value, got {type(root).__name__}.")
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        v, operands_done = stack.pop()
        if operands_done:  # second visit: every operand is already in order
            order.append(v)
        elif v not in visited:
            visited.add(v)
            stack.append((v, True))
            stack.extend((child, False) for child in reversed(v._prev))
    return order
