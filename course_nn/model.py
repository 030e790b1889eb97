"""Sequential: a network as a list of layers applied in order.

``forward`` runs the layers first to last, ``backward`` runs them last to first, handing each one the
gradient of the loss with respect to its output and receiving the gradient with respect to its input.
"""

from __future__ import annotations

import numpy as np

from ._checks import (
    check_batch,
    check_bool,
    check_int,
    check_layers,
    check_list,
    check_option,
    check_output,
    check_path,
    check_state,
    checked_inputs,
    inputs_checked,
    read_npz,
)
from .activations import Sigmoid, Softmax, sigmoid, softmax
from .layers import Layer

TASKS = ("regression", "binary", "multiclass", "perceptron")


class Sequential(Layer):
    """A stack of layers.

    Parameters
    ----------
    layers : list of Layer
    task : {"regression", "binary", "multiclass"}, optional
        What ``predict`` returns. If not given, ``fit`` sets it from the loss, or it is inferred from the
        last layer (Sigmoid → binary, Softmax → multiclass).

    Examples
    --------
    >>> from course_nn import Sequential, Dense, ReLU, Sigmoid
    >>> model = Sequential([Dense(2, 4, rng=0), ReLU(), Dense(4, 1, rng=0), Sigmoid()])
    >>> model.forward([[0.0, 1.0]]).shape
    (1, 1)
    """

    def __init__(self, layers, task: str | None = None):
        self.layers = check_list(layers, "layers", Layer, "Fix: pass a list of layers such as [Dense(2, 4), ReLU()].")
        if task is not None:
            check_option(task, "task", TASKS)
        self.task = task
        check_layers(self.layers)  # at least one; each takes the width the ones before output; each used once

    # ------------------------------------------------------------------ the two passes
    def forward(self, x, training: bool = False):
        """Output of the network for a batch ``x`` of shape (N, n_features).

        ``x`` is checked here, once; the layers then skip their own checks of the values."""
        if not inputs_checked():
            params, training = self.parameters(), check_bool(training, "training")
            x = check_batch(x, "x", who="Sequential", dtype=params[0].value.dtype if params else None)
        with checked_inputs():
            for layer in self.layers:
                x = layer.forward(x, training=training)
        return x

    def backward(self, grad):
        """Backpropagate dL/d(output) through the layers, last to first; parameter gradients accumulate.
        Returns dL/d(input)."""
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def named_parameters(self):
        """The parameters keyed ``"<layer index>.<name>"`` (``"0.W"``; ``"0.2.W"`` inside a nested Sequential)."""
        return {f"{i}.{name}": p for i, layer in enumerate(self.layers) for name, p in layer.named_parameters().items()}

    def buffers(self):
        return {f"{i}.{name}": b for i, layer in enumerate(self.layers) for name, b in layer.buffers().items()}

    def zero_grad(self):
        for p in self.parameters():
            p.zero_grad()

    # ------------------------------------------------------------------ predictions
    def _task(self):
        if self.task is not None:
            return self.task
        last = self.layers[-1] if self.layers else None
        if isinstance(last, Sigmoid):
            return "binary"
        if isinstance(last, Softmax):
            return "multiclass"
        raise ValueError(
            "predict: cannot tell whether this model is a classifier or a regressor. "
            "Fix: pass task='binary', 'multiclass' or 'regression' to Sequential, or train it with fit()."
        )

    def predict_proba(self, x):
        """Class probabilities: shape (N,) for binary (probability of class 1), (N, K) for multiclass, and
        (N, K) for K binary outputs (multi-label: each column the probability of its label).

        A model ending in Sigmoid or Softmax outputs probabilities; any other output is taken as logits
        and passed through sigmoid (one column) or softmax (several).
        """
        task = self._task()
        if task not in ("binary", "multiclass"):
            raise ValueError(
                f"predict_proba: the model's task is {task!r}; probabilities exist only for 'binary' and 'multiclass'."
            )
        out = check_output(self.forward(x), "predict_proba")
        if not isinstance(self.layers[-1], (Sigmoid, Softmax)):
            out = sigmoid(out) if task == "binary" else softmax(out)
        return out[:, 0] if out.shape[1] == 1 else out

    def predict(self, x):
        """Predictions: class labels (binary: 0/1 with threshold 0.5, each column of a multi-label output on its
        own; multiclass: the argmax),
        ±1 signs for a perceptron, or the output values for regression."""
        task = self._task()
        if task == "regression":
            return check_output(self.forward(x), "predict")
        if task == "perceptron":
            return np.where(check_output(self.forward(x), "predict")[:, 0] > 0, 1, -1)
        p = self.predict_proba(x)
        return (p >= 0.5).astype(int) if task == "binary" else p.argmax(axis=1)

    def fit(self, X, y, **kwargs):
        """Train the model; see ``course_nn.training.fit`` for the arguments. Returns a History."""
        from .training import fit

        return fit(self, X, y, **kwargs)

    # ------------------------------------------------------------------ inspection and saving
    def summary(self, n_features: int | None = None) -> str:
        """A table of layers, output shapes and parameter counts (``print(model.summary())``)."""
        if n_features is None:
            first = next((layer for layer in self.layers if hasattr(layer, "n_in")), None)
            n_features = first.n_in if first is not None else None
        else:
            n_features = check_int(n_features, "n_features", low=1)
        shape = (None, n_features)
        rows = [("layer", "output shape", "parameters")]
        for i, layer in enumerate(self.layers):
            shape = layer.output_shape(shape)
            rows.append((f"{i}: {layer!r}", str(shape), f"{sum(p.size for p in layer.parameters()):,}"))
        total = sum(p.size for p in self.parameters())
        widths = [max(len(r[c]) for r in rows) for c in range(3)]
        line = "-" * (sum(widths) + 4)
        fmt = lambda r: f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}"  # noqa: E731
        body = [fmt(rows[0]), line] + [fmt(r) for r in rows[1:]] + [line, f"total parameters: {total:,}"]
        return "\n".join(body)

    def _arrays(self) -> dict:
        """The model's own arrays (parameter values and buffers), keyed as in ``state_dict``."""
        return {key: p.value for key, p in self.named_parameters().items()} | self.buffers()

    def state_dict(self) -> dict:
        """A copy of every parameter and buffer, keyed ``"<layer index>.<name>"`` (e.g. ``"0.W"``)."""
        return {key: a.copy() for key, a in self._arrays().items()}

    def load_state_dict(self, state: dict) -> None:
        """Copy the values of ``state`` (as made by ``state_dict``) into the parameters and buffers.

        Everything is checked before anything changes: after an error the model is as it was."""
        targets = self._arrays()
        checked = check_state(state, targets)  # keys, shapes, finite numbers: all checked first
        for key, target in targets.items():
            target[...] = checked[key]

    def save(self, path) -> None:
        """Save the parameters and buffers to the file ``path`` (NumPy's ``.npz`` format: plain arrays, no
        pickle). ``load(path)`` reads it back from the same path."""
        with open(check_path(path), "wb") as f:
            np.savez(f, **self.state_dict())

    def load(self, path) -> None:
        """Load parameters saved by ``save(path)`` into this model (same architecture)."""
        self.load_state_dict(read_npz(path))

    def __repr__(self):
        inner = ",\n".join(f"    {layer!r}" for layer in self.layers)
        return f"Sequential([\n{inner}\n])"
