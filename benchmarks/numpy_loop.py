"""The bar: a multilayer perceptron trained by a hand-written NumPy loop.

Forward, backward and the optimizer are written out directly, vectorized over the batch, with every
buffer allocated once and updated in place (``out=``), and all parameters in one flat vector so that
the optimizer is a handful of whole-vector operations. This is about as fast as plain NumPy gets for a
small network; course_nn is measured against it.

It does the same work per batch as ``course_nn.fit``: it computes the batch loss (and adds it to the
epoch's mean loss), its gradient, and one optimizer step. Hidden layers use ReLU; the output layer
gives logits for a softmax cross-entropy loss averaged over the batch. The gradient with respect to
the network's input is not needed and not computed.

``NumpyMLPSameWork`` (at the end) is the same loop doing the arithmetic course_nn does: the optimizer
per parameter, Adam with its bias-corrected ŝ and r̂, and the input gradient.
"""

from __future__ import annotations

import math

import numpy as np


class NumpyMLP:
    """ReLU network ``sizes[0] - sizes[1] - ... - sizes[-1]`` with softmax cross-entropy.

    Parameters
    ----------
    sizes : list of int
        Units per layer, input first.
    batch_size : int
        Largest batch; buffers are allocated for it (a smaller last batch uses their first rows).
    optimizer : "adam" or "sgd"
    lr : float
    dtype : numpy dtype
    rng : int or Generator
        Weights are drawn Xavier-uniform (as course_nn's default), biases start at 0.
    """

    def __init__(
        self, sizes, batch_size, optimizer="adam", lr=1e-3, dtype=np.float64, rng=0, beta1=0.9, beta2=0.999, eps=1e-8
    ):
        rng = np.random.default_rng(rng)
        self.dtype, self.lr, self.optimizer = np.dtype(dtype), lr, optimizer
        self.beta1, self.beta2, self.eps, self.t = beta1, beta2, eps, 0
        shapes = [s for n_in, n_out in zip(sizes[:-1], sizes[1:]) for s in ((n_in, n_out), (n_out,))]
        n_params = sum(math.prod(s) for s in shapes)
        # One flat vector for all weights, one for all gradients; W and b are views into them.
        self.w = np.zeros(n_params, dtype)
        self.g = np.zeros(n_params, dtype)
        views_w, views_g, offset = [], [], 0
        for shape in shapes:
            n = math.prod(shape)
            views_w.append(self.w[offset : offset + n].reshape(shape))
            views_g.append(self.g[offset : offset + n].reshape(shape))
            offset += n
        self.W, self.b = views_w[0::2], views_w[1::2]
        self.dW, self.db = views_g[0::2], views_g[1::2]
        for W in self.W:
            limit = math.sqrt(6.0 / (W.shape[0] + W.shape[1]))
            W[...] = rng.uniform(-limit, limit, W.shape)
        # Per-layer buffers for the largest batch.
        B = batch_size
        self.z = [np.empty((B, n), dtype) for n in sizes[1:]]  # pre-activations (logits last)
        self.a = [np.empty((B, n), dtype) for n in sizes[1:-1]]  # hidden activations
        self.mask = [np.empty((B, n), bool) for n in sizes[1:-1]]  # z > 0
        self.delta = [np.empty((B, n), dtype) for n in sizes[1:]]  # dL/dz
        self.rowmax = np.empty((B, 1), dtype)
        self.rowsum = np.empty((B, 1), dtype)
        self.picked = np.empty(B, dtype)
        self.rows = np.arange(B)
        # Optimizer state and one scratch vector.
        self.s = np.zeros(n_params, dtype)  # Adam: rolling mean of g
        self.r = np.zeros(n_params, dtype)  # Adam: rolling mean of g²
        self.tmp = np.empty(n_params, dtype)
        self.dx = None  # dL/dx of the network's input: not needed for training, so not computed here

    def train_step(self, x, y) -> float:
        """One forward/backward/update on the batch (x, integer labels y); returns the batch loss."""
        n, L = len(x), len(self.W)
        rows = self.rows[:n]
        # ---- forward
        a = x
        for i in range(L):
            z = self.z[i][:n]
            np.matmul(a, self.W[i], out=z)
            z += self.b[i]
            if i < L - 1:
                a = self.a[i][:n]
                np.maximum(z, 0, out=a)
        # ---- softmax cross-entropy (mean over the batch); P overwrites delta's buffer
        z, P = self.z[-1][:n], self.delta[-1][:n]
        rowmax, rowsum, picked = self.rowmax[:n], self.rowsum[:n], self.picked[:n]
        np.max(z, axis=1, keepdims=True, out=rowmax)
        np.subtract(z, rowmax, out=P)
        np.exp(P, out=P)
        np.sum(P, axis=1, keepdims=True, out=rowsum)
        P /= rowsum
        picked[...] = P[rows, y]
        loss = -float(np.log(picked).sum()) / n
        # ---- backward: delta = (P - onehot) / n
        delta = P
        delta[rows, y] -= 1.0
        delta *= 1.0 / n
        for i in range(L - 1, -1, -1):
            a_prev = x if i == 0 else self.a[i - 1][:n]
            np.matmul(a_prev.T, delta, out=self.dW[i])
            np.sum(delta, axis=0, out=self.db[i])
            if i > 0:
                d_prev, mask = self.delta[i - 1][:n], self.mask[i - 1][:n]
                np.matmul(delta, self.W[i].T, out=d_prev)
                np.greater(self.z[i - 1][:n], 0, out=mask)
                np.multiply(d_prev, mask, out=d_prev)
                delta = d_prev
            elif self.dx is not None:
                np.matmul(delta, self.W[0].T, out=self.dx[:n])
        # ---- update
        if self.optimizer == "adam":
            self._adam()
        else:
            self._sgd()
        return loss

    def _sgd(self):
        np.multiply(self.g, self.lr, out=self.tmp)
        self.w -= self.tmp

    def _adam(self):
        b1, b2, g, s, r, tmp = self.beta1, self.beta2, self.g, self.s, self.r, self.tmp
        self.t += 1
        s *= b1  # s = b1 s + (1 - b1) g
        np.multiply(g, 1.0 - b1, out=tmp)
        s += tmp
        r *= b2  # r = b2 r + (1 - b2) g²
        np.multiply(g, g, out=tmp)
        tmp *= 1.0 - b2
        r += tmp
        # w -= lr s_hat / (sqrt(r_hat) + eps), with both bias corrections folded into two scalars
        c1, c2 = 1.0 - b1**self.t, math.sqrt(1.0 - b2**self.t)
        np.sqrt(r, out=tmp)
        tmp += self.eps * c2
        np.divide(s, tmp, out=tmp)
        tmp *= self.lr * c2 / c1
        self.w -= tmp

    def fit(self, X, y, epochs, batch_size, rng=0):
        """Train on (X, y) with reshuffled mini-batches; returns the mean loss of each epoch."""
        rng = np.random.default_rng(rng)
        X = np.ascontiguousarray(X, self.dtype)
        y = np.asarray(y, np.intp)
        N, losses = len(X), []
        for _ in range(epochs):
            order = rng.permutation(N)
            total = 0.0
            for start in range(0, N, batch_size):
                idx = order[start : start + batch_size]
                total += self.train_step(X[idx], y[idx]) * len(idx)
            losses.append(total / N)
        return losses


class NumpyMLPSameWork(NumpyMLP):
    """The same loop doing the work course_nn does: the optimizer updates one parameter at a time, with one
    state array per parameter and Adam's bias-corrected ŝ and r̂ computed as the slides write them (the code
    of ``course_nn.optim``), and the backward pass also computes dL/dx of the network's input (which
    ``course_nn``'s ``Sequential.backward`` returns).

    course_nn's time over this loop's is what the engine itself costs (its layers as objects, their checks,
    gradients added into ``grad``); this loop's time over ``NumpyMLP``'s is what the per-parameter form and the
    input gradient cost by themselves. On workload A the flat loop updates all 9,610 weights in 12
    whole-vector operations; here each of the 4 parameters takes 14, and the three small ones (1,280, 128
    and 10 weights) cost about as much per operation as the large one.
    """

    def __init__(self, sizes, batch_size, *args, **kwargs):
        super().__init__(sizes, batch_size, *args, **kwargs)
        self.dx = np.empty((batch_size, sizes[0]), self.dtype)
        self.params = [p for pair in zip(self.W, self.b) for p in pair]
        self.grads = [g for pair in zip(self.dW, self.db) for g in pair]
        self.s_each = [np.zeros_like(p) for p in self.params]
        self.r_each = [np.zeros_like(p) for p in self.params]

    def _sgd(self):
        for w, g in zip(self.params, self.grads):
            w -= self.lr * g

    def _adam(self):
        beta1, beta2, eps, lr = self.beta1, self.beta2, self.eps, self.lr
        self.t += 1
        t = self.t
        for w, g, s, r in zip(self.params, self.grads, self.s_each, self.r_each):
            s *= beta1
            s += (1 - beta1) * g
            r *= beta2
            r += (1 - beta2) * g * g
            s_hat = s / (1 - beta1**t)
            r_hat = r / (1 - beta2**t)
            w -= lr * s_hat / (np.sqrt(r_hat) + eps)
