"""XOR with a small MLP: training helpers and the hidden-width / seed explorer.

Pure functions (the notebook and the tests call them directly):

- ``xor_data()``: the four points and 0/1 labels, y as a column.
- ``slide_network(relu_grad_at_zero)``: the slides' 2-2-1 network with its printed initial weights.
- ``train_xor(width, seed, ...)``: a 2-width-1 ReLU/sigmoid network trained with ``course_nn.fit``.
- ``solved(model)``, ``dead_units(model)``, ``success_table(widths, seeds, ...)``.

The widget ``width_seed_explorer()`` retrains on every slider move (full-batch gradient descent on four
points, at most 200 steps, stopping once solved: about 0.1 s) and redraws the decision boundary and the
loss curve.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..activations import ReLU, Sigmoid, get_activation
from ..data import logic_gate
from ..layers import Dense
from ..losses import BinaryCrossEntropy
from ..model import Sequential
from ..callbacks import Callback
from ..training import fit
from ..plots import xor as xplots
from . import show_figure

SLIDE_W1 = np.array([[0.1, 0.2], [0.3, 0.4]])
SLIDE_W2 = np.array([[0.5], [0.6]])


def xor_data():
    """X (4, 2) with rows 00, 01, 10, 11, and y (4, 1) = [0, 1, 1, 0] as floats."""
    X, y = logic_gate("XOR")
    return X, y.reshape(-1, 1).astype(float)


def slide_network(relu_grad_at_zero: float = 1.0) -> Sequential:
    """The slides' 2-2-1 network: W1 = [[.1, .2], [.3, .4]], W2 = [[.5], [.6]], zero biases,
    ReLU hidden layer (ReLU'(0) = 1 as the slide's numbers need), sigmoid output."""
    return Sequential([Dense(2, 2, init=SLIDE_W1), ReLU(grad_at_zero=relu_grad_at_zero),
                       Dense(2, 1, init=SLIDE_W2), Sigmoid()])


class StopWhenSolved(Callback):
    """Stop training once the mean loss of an epoch is below ``tol`` (every point is then on its side)."""

    def __init__(self, tol: float = 0.05):
        self.tol = tol

    def on_epoch_end(self, epoch, logs):
        if logs["loss"] < self.tol:
            self.stop_training = True


class RecordPredictions(Callback):
    """Keep the model's outputs on ``X`` after every epoch in ``self.outputs`` (list of 1-D arrays)."""

    def __init__(self, X):
        self.X = np.asarray(X, float)
        self.outputs: list[np.ndarray] = []

    def on_epoch_end(self, epoch, logs):
        self.outputs.append(self.model.forward(self.X).ravel().copy())


def build_xor_mlp(width: int, seed, hidden: str = "relu", init: str = "he_normal") -> Sequential:
    """A 2-width-1 network: Dense, hidden activation, Dense, Sigmoid; weights drawn with ``seed``."""
    rng = np.random.default_rng(seed)
    return Sequential([Dense(2, width, init=init, rng=rng), get_activation(hidden),
                       Dense(width, 1, init=init, rng=rng), Sigmoid()])


def train_xor(width: int, seed, epochs: int = 200, lr: float = 1.0, hidden: str = "relu", init: str = "he_normal",
              stop_when_solved: bool = False):
    """Train ``build_xor_mlp(width, seed)`` on XOR: binary cross-entropy, full-batch gradient descent
    (all four points in every step), ``epochs`` steps of size ``lr``. Returns (model, history)."""
    X, y = xor_data()
    model = build_xor_mlp(width, seed, hidden, init)
    callbacks = [StopWhenSolved()] if stop_when_solved else []
    history = fit(model, X, y, loss=BinaryCrossEntropy(), lr=lr, epochs=epochs, batch_size=None, shuffle=False,
                  callbacks=callbacks, verbose=0)
    return model, history


def solved(model) -> bool:
    """True when the network puts all four XOR points on the right side of 0.5."""
    X, y = xor_data()
    return bool(((model.forward(X) >= 0.5) == (y == 1)).all())


def dead_units(model) -> int:
    """Hidden ReLU units that output 0 for all four inputs (no gradient reaches their weights)."""
    X, _ = xor_data()
    h = model.layers[1].forward(model.layers[0].forward(X))
    return int((h <= 0).all(axis=0).sum())


def success_table(widths=(2, 4, 8), seeds=range(20), epochs: int = 200, lr: float = 1.0, **kwargs) -> dict:
    """Train one network per (width, seed), stopping each once it is solved.

    Returns {width: {"solved": [bool per seed], "epochs": [epochs run], "loss": [final loss],
    "dead": [dead hidden units]}}.
    """
    table = {}
    for width in widths:
        rows = {"solved": [], "epochs": [], "loss": [], "dead": []}
        for seed in seeds:
            model, history = train_xor(width, seed, epochs, lr, stop_when_solved=True, **kwargs)
            rows["solved"].append(solved(model))
            rows["epochs"].append(len(history))
            rows["loss"].append(history["loss"][-1])
            rows["dead"].append(dead_units(model) if kwargs.get("hidden", "relu") == "relu" else 0)
        table[width] = rows
    return table


# ---------------------------------------------------------------- the widget
class WidthSeedExplorer(widgets.VBox):
    """Handles: ``sliders`` (dict "width", "seed"), ``figure``, ``axes`` (boundary, loss), ``status``
    (HTML) and ``state`` (dict: width, seed, model, history, solved)."""

    def __init__(self, width: int = 2, seed: int = 0, epochs: int = 200, lr: float = 1.0, max_width: int = 8,
                 max_seed: int = 19):
        self.epochs, self.lr = epochs, lr
        self.sliders = {"width": widgets.IntSlider(value=width, min=1, max=max_width, description="hidden units", style={"description_width": "initial"},
                                                   continuous_update=False),
                        "seed": widgets.IntSlider(value=seed, min=0, max=max_seed, description="seed",
                                                  continuous_update=False)}
        self.status = widgets.HTML()
        self.out = widgets.Output()
        self.figure = Figure(figsize=(9, 3.6))
        self.axes = tuple(self.figure.subplots(1, 2))
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.3)
        self.state: dict = {}
        for s in self.sliders.values():
            s.observe(self._on_change, names="value")
        super().__init__([widgets.HBox(list(self.sliders.values())), self.status, self.out])
        self.retrain()

    def _on_change(self, change):
        self.retrain()

    def retrain(self):
        """Train for the sliders' width and seed, then redraw."""
        width, seed = self.sliders["width"].value, self.sliders["seed"].value
        model, history = train_xor(width, seed, self.epochs, self.lr, stop_when_solved=True)
        self.state = dict(width=width, seed=seed, model=model, history=history, solved=solved(model))
        for ax in self.axes:
            ax.clear()
        xplots.boundary_and_loss(model, history, axes=self.axes, title=f"{width} hidden units, seed {seed}")
        outputs = model.forward(xor_data()[0]).ravel()
        self.status.value = (f"<b>{'solved' if self.state['solved'] else 'not solved'}</b> after {len(history)} "
                             f"epochs: final loss {history['loss'][-1]:.4f}, outputs on 00, 01, 10, 11 = "
                             + ", ".join(f"{p:.3f}" for p in outputs))
        show_figure(self.out, self.figure)


def width_seed_explorer(width: int = 2, seed: int = 0, epochs: int = 200, lr: float = 1.0) -> WidthSeedExplorer:
    """Sliders for the hidden width and the seed; each move retrains the XOR network and redraws."""
    return WidthSeedExplorer(width, seed, epochs, lr)
