"""XOR with a small MLP: training helpers and the hidden-width / seed explorer.

Pure functions (the notebook and the tests call them directly):

- ``xor_data()``: the four points and 0/1 labels, y as a column.
- ``slide_network(relu_grad_at_zero)``: the slides' 2-2-1 network with its printed initial weights.
- ``train_xor(width, seed, ...)``: a 2-width-1 ReLU/sigmoid network trained with ``course_nn.fit``.
- ``solved(model)``, ``dead_units(model)``, ``success_table(widths, seeds, ...)``.

The widget ``width_seed_explorer()`` trains one network per (width, seed) it is asked for (full-batch
gradient descent on four points, at most 200 steps, stopping once solved: about 0.05 s), keeps every run,
and while the user looks trains the runs one slider step away; it shows the decision boundary and the
loss curve.
"""

from __future__ import annotations

from functools import cache

import ipywidgets as widgets
import numpy as np

from .._checks import check_int
from ..activations import ReLU, Sigmoid, get_activation
from ..callbacks import Callback
from ..data import logic_gate
from ..layers import Dense
from ..losses import BinaryCrossEntropy
from ..model import Sequential
from ..plots import xor as xplots
from ..training import fit
from .base import Demo, control

SLIDE_W1 = np.array([[0.1, 0.2], [0.3, 0.4]])
SLIDE_W2 = np.array([[0.5], [0.6]])


def xor_data():
    """X (4, 2) with rows 00, 01, 10, 11, and y (4, 1) = [0, 1, 1, 0] as floats."""
    X, y = logic_gate("XOR")
    return X, y.reshape(-1, 1).astype(float)


def slide_network(relu_grad_at_zero: float = 1.0) -> Sequential:
    """The slides' 2-2-1 network: W1 = [[.1, .2], [.3, .4]], W2 = [[.5], [.6]], zero biases,
    ReLU hidden layer (ReLU'(0) = 1 as the slide's numbers need), sigmoid output."""
    return Sequential(
        [Dense(2, 2, init=SLIDE_W1), ReLU(grad_at_zero=relu_grad_at_zero), Dense(2, 1, init=SLIDE_W2), Sigmoid()]
    )


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
    """A 2-width-1 network: Dense, hidden activation, Dense, Sigmoid; weights drawn with ``seed`` (an int >= 0,
    a numpy Generator or SeedSequence, or None for fresh entropy)."""
    check_int(width, "width", low=1)
    if not (seed is None or isinstance(seed, (np.random.Generator, np.random.SeedSequence))):
        check_int(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    return Sequential(
        [Dense(2, width, init=init, rng=rng), get_activation(hidden), Dense(width, 1, init=init, rng=rng), Sigmoid()]
    )


def train_xor(
    width: int,
    seed,
    epochs: int = 200,
    lr: float = 1.0,
    hidden: str = "relu",
    init: str = "he_normal",
    stop_when_solved: bool = False,
):
    """Train ``build_xor_mlp(width, seed)`` on XOR: binary cross-entropy, full-batch gradient descent
    (all four points in every step), ``epochs`` steps of size ``lr``. Returns (model, history)."""
    X, y = xor_data()
    model = build_xor_mlp(width, seed, hidden, init)
    callbacks = [StopWhenSolved()] if stop_when_solved else []
    history = fit(
        model,
        X,
        y,
        loss=BinaryCrossEntropy(),
        lr=lr,
        epochs=epochs,
        batch_size=None,
        shuffle=False,
        callbacks=callbacks,
        verbose=0,
    )
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


@cache
def explorer_run(width: int, seed: int, epochs: int = 200, lr: float = 1.0, resolution: int = 80) -> dict:
    """One run of the explorer, kept for the session (treat it as read-only): ``train_xor(width, seed,
    epochs, lr, stop_when_solved=True)`` and what the picture needs. Returns a dict with ``model``,
    ``history``, ``solved``, ``outputs`` (on 00, 01, 10, 11) and ``grid`` (``plots.xor.probability_grid``)."""
    model, history = train_xor(width, seed, epochs, lr, stop_when_solved=True)
    return {
        "model": model,
        "history": history,
        "solved": solved(model),
        "outputs": model.forward(xor_data()[0]).ravel(),
        "grid": xplots.probability_grid(model, resolution),
    }


# ---------------------------------------------------------------- the widget
class WidthSeedExplorer(Demo):
    """Handles: ``sliders`` (dict "width", "seed"), ``figure``, ``axes`` (boundary, loss), ``status``
    (HTML) and ``state`` (dict: width, seed, model, history, solved)."""

    def __init__(
        self, width: int = 2, seed: int = 0, epochs: int = 200, lr: float = 1.0, max_width: int = 8, max_seed: int = 19
    ):
        self.epochs, self.lr = epochs, lr
        self.sliders = {
            "width": control(
                widgets.IntSlider,
                "width",
                width,
                min=1,
                max=max_width,
                description="hidden units",
                style={"description_width": "initial"},
            ),
            "seed": control(widgets.IntSlider, "seed", seed, min=0, max=max_seed, description="seed"),
        }
        super().__init__(list(self.sliders.values()), figsize=(9, 3.6))
        self.axes = tuple(self.figure.subplots(1, 2))
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.3)
        run = self._run(width, seed)
        self.boundary = xplots.boundary_artists(self.axes[0], run["grid"])
        self.loss_line = xplots.loss_panel(self.axes[1], run["history"]["loss"], epochs)
        self.animate(*[a for a in self.boundary.values() if a is not None], self.loss_line, self.axes[1].title)
        self.on_top.append(self.axes[1].get_legend())
        self.state: dict = {}
        self.watch(*self.sliders.values())
        self.redraw()

    def _run(self, width, seed):
        return explorer_run(width, seed, self.epochs, self.lr)

    def picture_key(self):
        return self.sliders["width"].value, self.sliders["seed"].value

    def update(self):
        return self.draw_key(self.picture_key())

    def draw_key(self, key):
        """Fetch (or train) the run for ``key`` = (width, seed) and show it."""
        width, seed = key
        run = self._run(width, seed)
        model, history, loss = run["model"], run["history"], run["history"]["loss"]
        self.state = dict(width=width, seed=seed, model=model, history=history, solved=run["solved"])
        ax_b, ax_l = self.axes
        self.boundary["image"].set_data(run["grid"][2])
        if self.boundary["contour"] is not None:
            self.forget(self.boundary["contour"])
        self.boundary["contour"] = xplots.boundary_contour(ax_b, run["grid"])
        if self.boundary["contour"] is not None:
            self.animate(self.boundary["contour"])
        ax_b.set_title(f"{width} hidden units, seed {seed}", fontsize=10)
        self.loss_line.set_data(np.arange(1, len(loss) + 1), loss)
        ax_l.set_title(f"training loss (final {loss[-1]:.4f})", fontsize=10)
        if ax_l.get_ylim()[1] != xplots.loss_top(loss):
            ax_l.set_ylim(0, xplots.loss_top(loss))
            self.invalidate()
        return (
            f"<b>{'solved' if run['solved'] else 'not solved'}</b> after {len(history)} epochs: final loss "
            f"{loss[-1]:.4f}, outputs on 00, 01, 10, 11 = " + ", ".join(f"{p:.3f}" for p in run["outputs"])
        )

    def nearby(self) -> list:
        """The (width, seed) one slider step away, the next seeds first."""
        width, seed = self.picture_key()
        return [
            (w, s)
            for w, s in ((width, seed + 1), (width, seed - 1), (width + 1, seed), (width - 1, seed))
            if self.sliders["width"].min <= w <= self.sliders["width"].max
            and self.sliders["seed"].min <= s <= self.sliders["seed"].max
        ]

    def prefetch(self):
        """The pictures one slider step away (training their networks), those continuing the last move first."""
        for key in self.likely_first(self.nearby()):
            yield self.picture_job(key)


def width_seed_explorer(width: int = 2, seed: int = 0, epochs: int = 200, lr: float = 1.0) -> WidthSeedExplorer:
    """Sliders for the hidden width and the seed; each move shows the XOR network trained with them."""
    return WidthSeedExplorer(width, seed, epochs, lr)
