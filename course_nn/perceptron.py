"""Rosenblatt's perceptron: a threshold unit trained by correcting its mistakes.

Prediction: ŷ = +1 if w·x + b > 0, else -1.
Learning rule, one example at a time: if ŷ ≠ y then w ← w + lr·y·x and b ← b + lr·y; else nothing.
Repeat passes (epochs) over the data until a pass makes no mistake. On linearly separable data this
stops after finitely many mistakes (the perceptron convergence theorem); on XOR it never does.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, as_rng, check_bool, check_int, check_number


def _pm1(y):
    y = as_array(y, "y", ndim=1)
    if not np.isin(y, (-1.0, 1.0)).all():
        raise ValueError("y: the perceptron expects labels -1 or +1. Fix: for 0/1 labels use 2*y - 1.")
    return y


class Perceptron:
    """A single threshold unit with Rosenblatt's mistake-driven learning rule.

    Parameters
    ----------
    n_features : int
    lr : float, default 1.0
        Step size η of the rule. With w, b starting at 0 it only rescales the weights.
    w, b : initial weights (default zeros) and bias (default 0).

    Attributes
    ----------
    w : ndarray (n_features,)
    b : float
    mistakes_ : list of int
        Mistakes made in each epoch of ``fit``.
    history_ : list of (w, b)
        Weights after each epoch of ``fit`` (the first entry is the start).
    converged_ : bool
        Whether the last epoch of ``fit`` made no mistake.
    """

    def __init__(self, n_features: int, lr: float = 1.0, w=None, b: float = 0.0):
        self.n_features = check_int(n_features, "n_features", low=1)
        self.lr = check_number(lr, "lr", low=0.0, low_open=True)
        self.w = np.zeros(self.n_features) if w is None else as_array(w, "w", ndim=1).copy()
        if self.w.shape != (self.n_features,):
            raise ValueError(f"w: expected shape ({self.n_features},), got {self.w.shape}.")
        self.b = check_number(b, "b")
        self.mistakes_, self.history_, self.converged_ = [], [], False

    def _X(self, X, name: str = "X"):
        X = as_array(X, name, ndim=2)
        if X.shape[1] != self.n_features:
            raise ValueError(f"{name}: expected {self.n_features} columns (n_features), got shape {X.shape}.")
        return X

    def decision_function(self, X):
        """Scores s = X @ w + b, shape (N,)."""
        return self._X(X) @ self.w + self.b

    def predict(self, X):
        """+1 where the score is > 0, -1 elsewhere (the score 0 counts as -1)."""
        return np.where(self.decision_function(X) > 0, 1, -1)

    def step(self, x, y) -> bool:
        """Apply the rule to one example; return True if it was a mistake (and the weights moved)."""
        x = self._X(as_array(x, "x", ndim=1).reshape(1, -1), "x")[0]
        y = as_array(y, "y", ndim=(0, 1))
        if y.size != 1:
            raise ValueError(
                f"y: expected one label (-1 or +1) for the one example x, got {y.size} values {y.tolist()[:5]}. "
                "Fix: call step(x, y) once per example, or train_epoch(X, y) for a whole data set."
            )
        y = _pm1(y.reshape(1))[0]
        if (1 if x @ self.w + self.b > 0 else -1) == y:
            return False
        self.w += self.lr * y * x
        self.b = float(self.b + self.lr * y)
        return True

    def train_epoch(self, X, y, rng=None, shuffle: bool = False) -> int:
        """One pass over the data (in order, or shuffled with ``rng``); returns the number of mistakes."""
        X, y = self._X(X), _pm1(y)
        if len(y) != len(X):
            raise ValueError(f"y: expected one label per row of X ({len(X)} rows), got {len(y)}.")
        order = as_rng(rng).permutation(len(X)) if check_bool(shuffle, "shuffle") else range(len(X))
        return sum(self.step(X[i], y[i]) for i in order)

    def fit(self, X, y, max_epochs: int = 100, shuffle: bool = False, rng=None):
        """Run epochs until one makes no mistake, or ``max_epochs`` have run. Returns self."""
        max_epochs = check_int(max_epochs, "max_epochs", low=1)
        rng = as_rng(rng)
        self.mistakes_, self.history_ = [], [(self.w.copy(), self.b)]
        for _ in range(max_epochs):
            self.mistakes_.append(self.train_epoch(X, y, rng=rng, shuffle=shuffle))
            self.history_.append((self.w.copy(), self.b))
            if self.mistakes_[-1] == 0:
                break
        self.converged_ = self.mistakes_[-1] == 0
        return self

    def __repr__(self):
        return f"Perceptron(w={np.round(self.w, 4).tolist()}, b={self.b:g})"
