"""Regularization explorer: a too-big network on a few noisy two-moons points, with an L2 (or L1) penalty
and dropout set by sliders.

Pure functions (the notebook and the tests call them directly):

- ``moons_split(...)``: a small noisy training set and a larger validation set from the same distribution.
- ``build_net(width, rate, seed)``: a 2-width-width-1 ReLU network with logits output, Dropout(rate) after
  each hidden layer when rate > 0.
- ``train_regularized(lam, rate, penalty, ...)``: trains one such network (Adam, full batch) and returns what
  the figure needs: the model, the loss curves, accuracies, the weights and the predicted probabilities on a
  grid. Results are cached per argument values, so moving a slider back is instant.

A training run takes about 0.1-0.3 s (40 training points, 32 units per layer, 300 full-batch steps). The
widget ``regularization_explorer()`` shows the run of the sliders' values, training it if it is not cached
yet, and while the user looks trains the runs one step away on each control.
"""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as widgets
import numpy as np

from ..activations import ReLU
from ..data import two_moons
from ..layers import Dense, Dropout
from ..losses import BinaryCrossEntropy
from ..model import Sequential
from ..optim import Adam
from ..plots import grid_over
from ..plots import regularization as rplots
from ..regularization import L1, L2
from ..training import fit
from .base import Demo, GiveWay, control

LAMBDAS = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
RATES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


@lru_cache(maxsize=8)
def _moons(n_train, n_val, noise, seed):
    rng = np.random.default_rng(seed)
    X_train, y_train = two_moons(n_train, noise=noise, rng=rng)
    X_val, y_val = two_moons(n_val, noise=noise, rng=rng)
    for a in (X_train, y_train, X_val, y_val):
        a.setflags(write=False)  # shared by every cached result: read-only
    return X_train, y_train, X_val, y_val


def moons_split(n_train: int = 40, n_val: int = 200, noise: float = 0.35, seed: int = 0):
    """Few noisy training points and many validation points of the two-moons problem (read-only arrays).

    Returns X_train (n_train, 2), y_train (n_train,), X_val (n_val, 2), y_val (n_val,)."""
    return _moons(int(n_train), int(n_val), float(noise), int(seed))


def build_net(width: int = 32, rate: float = 0.0, seed: int = 1) -> Sequential:
    """2 → width → width → 1: Dense + ReLU twice (each followed by Dropout(rate) when rate > 0), then a
    Dense output giving the logit (train with ``BinaryCrossEntropy(from_logits=True)``)."""
    rng = np.random.default_rng(seed)
    layers = []
    for n_in in (2, width):
        layers += [Dense(n_in, width, init="he_normal", rng=rng), ReLU()]
        if rate > 0:
            layers.append(Dropout(rate, rng=rng))
    layers.append(Dense(width, 1, rng=rng))
    return Sequential(layers, task="binary")


def _penalty(penalty: str, lam: float):
    if penalty not in ("l2", "l1"):
        raise ValueError(f"penalty: expected 'l2' or 'l1', got {penalty!r}.")
    if lam == 0:
        return None
    return L2(lam) if penalty == "l2" else L1(lam)


@lru_cache(maxsize=256)
def train_regularized(
    lam: float = 0.0,
    rate: float = 0.0,
    penalty: str = "l2",
    width: int = 32,
    epochs: int = 300,
    lr: float = 0.01,
    seed: int = 1,
    n_train: int = 40,
    noise: float = 0.35,
    resolution: int = 60,
):
    """Train ``build_net(width, rate, seed)`` on ``moons_split(n_train, noise=noise)`` with Adam(lr), full
    batch, ``epochs`` steps, penalty λ·Ω(w) (``penalty`` "l2": λΣw², "l1": λΣ|w|; biases are not penalized).

    Returns a dict (cached: treat it as read-only) with

    - ``model``; ``history``: {"loss", "val_loss", "penalty"} lists, one value per epoch (``loss`` is the
      data loss of the training steps, with dropout active);
    - ``train_loss``, ``val_loss``: the final losses in evaluation mode (dropout off);
    - ``train_acc``, ``val_acc``; ``best_epoch`` (lowest val_loss, counted from 1);
    - ``weights``: all weights W (not biases) as one flat array;
    - ``grid``: (xx, yy, proba) — the probability of class 1 on a resolution × resolution grid.
    """
    lam, rate = float(lam), float(rate)
    X, y, X_val, y_val = moons_split(n_train, noise=noise)
    model = build_net(width, rate, seed)
    loss = BinaryCrossEntropy(from_logits=True)
    history = fit(
        model,
        X,
        y,
        loss=loss,
        optimizer=Adam(model.parameters(), lr=lr),
        epochs=epochs,
        batch_size=None,
        shuffle=False,
        validation_data=(X_val, y_val),
        regularizer=_penalty(penalty, lam),
        callbacks=[GiveWay()],
        verbose=0,
    )
    xx, yy, points = grid_over(np.r_[X, X_val], resolution=resolution, padding=0.3)
    val_loss = np.asarray(history["val_loss"])
    return {
        "model": model,
        "history": {k: list(history[k]) for k in ("loss", "val_loss", "penalty") if k in history},
        "train_loss": float(loss(model.forward(X), y)),
        "val_loss": float(loss(model.forward(X_val), y_val)),
        "train_acc": float(np.mean(model.predict(X) == y)),
        "val_acc": float(np.mean(model.predict(X_val) == y_val)),
        "best_epoch": int(np.argmin(val_loss)) + 1,
        "weights": np.concatenate([p.value.ravel() for p in model.parameters() if p.regularize]),
        "grid": (xx, yy, model.predict_proba(points).reshape(xx.shape)),
        "settings": dict(lam=lam, rate=rate, penalty=penalty, width=width, epochs=epochs, lr=lr, seed=seed),
    }


def describe(result) -> str:
    """One line about a ``train_regularized`` result: accuracies and losses."""
    return (
        f"train accuracy {result['train_acc']:.3f}, validation accuracy {result['val_acc']:.3f}; "
        f"final losses: train {result['train_loss']:.3f}, validation {result['val_loss']:.3f} "
        f"(lowest validation loss at epoch {result['best_epoch']})"
    )


# ---------------------------------------------------------------- the widget
class RegularizationExplorer(Demo):
    """Handles: ``sliders`` (dict "lam", "rate"), ``penalty`` (ToggleButtons "l2"/"l1"), ``figure``, ``axes``
    (boundary, curves), ``status`` (HTML) and ``state`` (dict: lam, rate, penalty, result)."""

    def __init__(self, lam: float = 0.0, rate: float = 0.0, penalty: str = "l2", **train_kwargs):
        self.train_kwargs = train_kwargs
        self.sliders = {
            "lam": control(
                widgets.SelectionSlider, "lam", lam, options=[(f"{v:g}", v) for v in LAMBDAS], description="λ"
            ),
            "rate": control(
                widgets.SelectionSlider,
                "rate",
                rate,
                options=[(f"{v:g}", v) for v in RATES],
                description="dropout rate",
                style={"description_width": "initial"},
            ),
        }
        self.penalty = control(
            widgets.ToggleButtons,
            "penalty",
            penalty,
            options=[("L2: λΣw²", "l2"), ("L1: λΣ|w|", "l1")],
            description="penalty",
        )
        super().__init__([*self.sliders.values(), self.penalty], figsize=(10, 4))
        self.axes = tuple(self.figure.subplots(1, 2))
        self.figure.subplots_adjust(left=0.06, right=0.98, bottom=0.13, top=0.9, wspace=0.25)
        kw = self.train_kwargs
        self.data = moons_split(kw.get("n_train", 40), noise=kw.get("noise", 0.35))
        self.animate(*(ax.title for ax in self.axes))
        self.state: dict = {}
        self._drawn: list = []
        self._top = None
        self.watch(*self.sliders.values(), self.penalty)
        self.redraw()

    def _result(self, lam, rate, penalty):
        return train_regularized(lam, rate, penalty, **self.train_kwargs)

    def picture_key(self):
        return self.sliders["lam"].value, self.sliders["rate"].value, self.penalty.value

    def update(self):
        return self.draw_key(self.picture_key())

    def draw_key(self, key):
        """Fetch (or train) the run for ``key`` = (λ, rate, penalty) and draw its two panels (their frames
        stay cached; what is inside them is drawn anew)."""
        lam, rate, penalty = key
        result = self._result(lam, rate, penalty)
        self.state = dict(lam=lam, rate=rate, penalty=penalty, result=result)
        X, y, X_val, y_val = self.data
        ax_b, ax_c = self.axes
        title = f"{penalty.upper()} λ = {lam:g}, dropout {rate:g}"
        self.forget(*self._drawn)
        self._drawn = self.animate_drawing(
            ax_b, lambda: rplots.boundary(result["grid"], X, y, ax=ax_b, X_val=X_val, y_val=y_val, title=title)
        )
        self._drawn += self.animate_drawing(
            ax_c, lambda: rplots.train_val_curves(result["history"], ax=ax_c, best_epoch=result["best_epoch"])
        )
        history = result["history"]  # with dropout the training loss lies above the validation loss
        top = max(1.2, 1.05 * max(max(history["loss"]), max(history["val_loss"])))
        if top != self._top:  # a new axis (rare): draw the frame again
            ax_c.set_ylim(0, top)
            self._top = top
            self.invalidate()
        return describe(result)

    def nearby(self) -> list:
        """The (λ, rate, penalty) one step away: the next and previous λ, dropout rate, the other penalty."""
        lam, rate, penalty = self.picture_key()
        i, j = LAMBDAS.index(lam), RATES.index(rate)
        near = [(LAMBDAS[k], rate, penalty) for k in (i + 1, i - 1) if 0 <= k < len(LAMBDAS)]
        near += [(lam, RATES[k], penalty) for k in (j + 1, j - 1) if 0 <= k < len(RATES)]
        return near + [(lam, rate, "l1" if penalty == "l2" else "l2")]

    def prefetch(self):
        """The pictures one step away, those continuing the last move first (training their networks; a
        training gives way to a redraw)."""
        for key in self.likely_first(self.nearby()):
            yield self.picture_job(key)


def regularization_explorer(lam: float = 0.0, rate: float = 0.0, penalty: str = "l2", **train_kwargs):
    """Sliders for the penalty strength λ and the dropout rate (and L2/L1 buttons); each change shows the
    network trained with them on the few noisy two-moons points: its decision boundary and loss curves."""
    return RegularizationExplorer(lam, rate, penalty, **train_kwargs)
