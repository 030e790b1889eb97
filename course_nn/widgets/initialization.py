"""Depth explorer: a deep network's activations, gradients and training loss for a choice of depth,
initialization, activation and batch normalization.

Pure functions (the notebook and the tests call them directly):

- ``digits_split()``: the standardized digits, 1,000 training rows and the rest for validation.
- ``run(depth, init, activation, batch_norm)``: builds ``course_nn.signals.deep_mlp`` (width 100), records its
  per-layer histograms at initialization (one forward and backward pass on 500 training rows) and trains
  it for ``STEPS`` steps of SGD with momentum, returning the loss of every step. Results are cached per
  argument values: the first visit of a setting takes a few tenths of a second (the training run), a
  setting seen before redraws at once.
- ``DepthFigure``: the figure (two ridgelines and the loss curve), redrawn in place by ``show(result)``.
- ``DepthExplorer`` (a ``widgets.base.Demo``): keeps the finished picture of every setting it showed and
  trains the settings one control step away while it waits for the user.

The widget ``depth_explorer()`` wires a depth slider, an initialization menu, activation buttons and a
batch-normalization checkbox to them.
"""

from __future__ import annotations

from functools import cache, lru_cache

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .._checks import check_int
from ..data import load_digits
from ..losses import CrossEntropy
from ..optim import SGD
from ..plots.initialization import Ridgeline, layer_histograms
from ..preprocessing import Standardizer, train_test_split
from ..signals import deep_mlp, layer_signals, loss_curve
from .base import PAINTER, Demo, GiveWay, control, in_kernel

# The menu's initializations: a name from course_nn.init, or the standard deviation of normal weights.
INITS = {
    "N(0, 0.01²): too small": 0.01,
    "Xavier (normal)": "xavier_normal",
    "He (normal)": "he_normal",
    "N(0, 1): too large": 1.0,
}
ACTIVATIONS = ("tanh", "relu")
MAX_DEPTH = 10
WIDTH = 100
STEPS = 100  # training steps of the loss curve (batches of 100 rows: 10 epochs of the 1,000 rows)
LOSS_TOP = 3.0  # top of the loss panel: ln 10 = 2.3 (guessing) and below fit; higher losses are named in the title
LR, MOMENTUM = 0.02, 0.9


@lru_cache(maxsize=1)
def digits_split():
    """Standardized digits (the scaler fitted on the training rows): X_train (1000, 64), y_train (1000,),
    X_val (797, 64), y_val (797,). Read-only arrays, shared by every cached result."""
    X, y = load_digits()
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=len(X) - 1000, stratify=y, rng=0)
    scaler = Standardizer().fit(X_train)
    arrays = (scaler.transform(X_train), y_train, scaler.transform(X_val), y_val)
    for a in arrays:
        a.setflags(write=False)
    return arrays


def _check(depth, init, activation):
    depth = check_int(depth, "depth")
    if init not in INITS:
        raise ValueError(f"init: expected one of {list(INITS)}, got {init!r}.")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation: expected one of {list(ACTIVATIONS)}, got {activation!r}.")
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth: expected 1 to {MAX_DEPTH} hidden layers, got {depth}.")


def run(
    depth: int = 10, init: str = "He (normal)", activation: str = "relu", batch_norm: bool = False, seed: int = 0
) -> dict:
    """Build a depth × 100 network (``init`` a key of ``INITS``), look at its signals, then train it.

    Returns a dict (cached per setting, however the arguments are passed: treat it as read-only) with
    ``activations`` and ``gradients`` (the ``layer_histograms`` of the initial network's hidden layers on
    the first 500 training rows), ``losses`` (the training loss of each of the ``STEPS`` steps, NaN after a
    divergence; SGD, lr 0.02, momentum 0.9, batches of 100), ``val_accuracy`` (of the trained network on
    the validation rows, in evaluation mode; NaN if training diverged) and ``settings``.
    """
    _check(depth, init, activation)
    return _run(int(depth), init, activation, bool(batch_norm), int(seed))


def signals_at_start(
    depth: int = 10, init: str = "He (normal)", activation: str = "relu", batch_norm: bool = False, seed: int = 0
) -> dict:
    """The first part of ``run``, which takes a few milliseconds instead of a few tenths of a second: the
    ``activations`` and ``gradients`` histograms of the initial network, and the ``settings``. Cached."""
    _check(depth, init, activation)
    return _signals(int(depth), init, activation, bool(batch_norm), int(seed))[0]


def trained(depth, init, activation, batch_norm, seed: int = 0) -> bool:
    """Whether ``run`` has this setting's result already (then it returns at once)."""
    return (int(depth), init, activation, bool(batch_norm), int(seed)) in _results


def _network(depth, init, activation, batch_norm, seed):
    return deep_mlp(
        depth, WIDTH, n_in=64, n_out=10, init=INITS[init], activation=activation, batch_norm=batch_norm, rng=seed
    )


@cache
def _signals(*key):
    """The histograms of the initial network, and the network as that look left it (a state dict: batch
    norm's running statistics moved once, as in a training step)."""
    X, y, _, _ = digits_split()
    model = _network(*key)
    with np.errstate(over="ignore", invalid="ignore"):  # a too-large init overflows: that is the point
        signals = layer_signals(model, X[:500], y[:500], CrossEntropy())
    depth, init, activation, batch_norm, seed = key
    histograms = {
        "activations": layer_histograms(signals["activations"]),
        "gradients": layer_histograms(signals["gradients"]),
        "settings": {"depth": depth, "init": init, "activation": activation, "batch_norm": batch_norm, "seed": seed},
    }
    return histograms, model.state_dict()


_results: dict = {}  # the finished runs, by their arguments


def _run(*key):
    if key not in _results:
        X, y, X_val, y_val = digits_split()
        histograms, start = _signals(*key)
        model = _network(*key)
        model.load_state_dict(start)  # the network that was looked at, now trained
        optimizer = SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
        # GiveWay: run ahead of time in a demo, the training stops when the user moves a control (nothing kept)
        losses = loss_curve(
            model, X, y, CrossEntropy(), optimizer, steps=STEPS, batch_size=100, rng=key[-1], callbacks=[GiveWay()]
        )
        losses.setflags(write=False)
        accuracy = np.nan if diverged_at(losses) else float(np.mean(model.predict(X_val) == y_val))
        _results[key] = {**histograms, "losses": losses, "val_accuracy": accuracy}
    return _results[key]


def diverged_at(losses) -> int | None:
    """The first training step (counted from 1) whose loss is not finite, or None."""
    finite = np.isfinite(losses)
    return None if finite.all() else int(np.argmin(finite)) + 1


def describe(result) -> str:
    """One line about a ``run`` result: where the training loss ended (or when it diverged)."""
    losses, step = result["losses"], diverged_at(result["losses"])
    if step is not None:
        return f"training diverged at step {step}: the loss became infinite or NaN"
    return (
        f"training loss {losses[0]:.3f} at the first step, {losses[-10:].mean():.3f} over the last 10 "
        f"(ln 10 = {np.log(10):.3f} is guessing); validation accuracy {result['val_accuracy']:.3f}"
    )


def sigma_table(result) -> str:
    """The standard deviation of each layer's activations and gradients as a small HTML table."""

    def row(name, values):
        return f"<tr><th>{name}</th>" + "".join(f"<td>{v:.1e}</td>" for v in values) + "</tr>"

    layers = range(1, len(result["activations"]["stds"]) + 1)
    return (
        "<table style='font-size:80%'><tr><th>layer</th>"
        + "".join(f"<td>{k}</td>" for k in layers)
        + "</tr>"
        + row("σ of a", result["activations"]["stds"])
        + row("σ of dL/da", result["gradients"]["stds"])
        + "</table>"
    )


class DepthFigure:
    """The demo's figure: activation and gradient ridgelines and the loss curve, redrawn in place.

    Attributes ``figure``, ``axes`` (activations, gradients, loss), ``ridgelines`` (two ``Ridgeline``) and
    ``line`` (the loss curve). ``show(result)`` changes their data; no artist is created after ``__init__``.
    Few texts and fixed title positions keep a redraw fast (text is what costs most to draw).
    """

    def __init__(self, figure=None, max_depth: int = MAX_DEPTH, figsize=(11, 3.6)):
        self.figure = Figure(figsize=figsize) if figure is None else figure
        self.axes = tuple(self.figure.subplots(1, 3))
        self.figure.subplots_adjust(left=0.05, right=0.98, bottom=0.14, top=0.9, wspace=0.22)
        self.ridgelines = tuple(
            Ridgeline(ax, max_depth, kind, sigma_labels=False)
            for ax, kind in zip(self.axes, ("activations", "gradients"))
        )
        self.axes[1].set_ylabel("")
        ax = self.axes[2]
        (self.line,) = ax.plot([], [], lw=1.5, color="C2")
        ax.axhline(np.log(10), color="0.6", ls="--", lw=1)
        ax.text(STEPS, np.log(10), "guessing (ln 10)", ha="right", va="bottom", fontsize=7, color="0.4")
        ax.set_xlim(0, STEPS + 1)
        ax.set_ylim(0, LOSS_TOP)  # the first losses of a too-large init (about 10) lie above; most come down
        ax.set_yticks([0, 1, 2, 3])
        ax.set_xlabel("training step")
        ax.set_ylabel("training loss")

    def show(self, result) -> None:
        s = result["settings"]
        name = f"{s['init']}, {s['activation']}{' + batch norm' if s['batch_norm'] else ''}"
        self.ridgelines[0].update(result["activations"], f"activations at the start: {s['depth']} layers")
        self.ridgelines[1].update(result["gradients"], "gradients at the start")
        losses = result.get("losses")  # None: the network is still being trained (``signals_at_start``)
        if losses is None:
            self.line.set_data([], [])
            name += ": training ..."
        else:
            self.line.set_data(np.arange(1, len(losses) + 1), losses)
        if losses is not None and diverged_at(losses) is not None:
            name += f": diverged at step {diverged_at(losses)}"
        elif losses is not None and min(losses) > LOSS_TOP:  # the whole curve lies above the panel
            name += f": loss {min(losses):.1f} to {max(losses):.1f}, above this axis"
        self.axes[2].set_title(name, fontsize=9, y=1.0)


class DepthExplorer(Demo):
    """Handles: ``controls`` (dict "depth", "init", "activation", "batch_norm"), ``view`` (a ``DepthFigure``
    on the demo's ``figure``), ``status`` (HTML) and ``state`` (dict: the settings and the ``result``).

    Every setting changes the histograms' axes, so their two Axes are animated whole over the cached rest
    (the loss panel's frame, ticks and labels); the finished pictures are kept
    per setting (``picture_key``); the settings one control step away are trained and drawn ahead of time.
    """

    def __init__(self, depth: int = 10, init: str = "He (normal)", activation: str = "relu", batch_norm: bool = False):
        _check(depth, init, activation)
        self.controls = {
            "depth": control(widgets.IntSlider, "depth", depth, min=1, max=MAX_DEPTH, description="depth"),
            "init": control(widgets.Dropdown, "init", init, options=list(INITS), description="init"),
            "activation": control(
                widgets.ToggleButtons, "activation", activation, options=list(ACTIVATIONS), description="activation"
            ),
            "batch_norm": control(widgets.Checkbox, "batch_norm", batch_norm, description="batch norm"),
        }
        super().__init__(list(self.controls.values()), figsize=(11, 3.6))
        self.view = DepthFigure(self.figure)
        # what a setting changes: both histogram panels (limits, rows, titles), the loss curve and its title
        self.animate(*self.view.axes[:2], self.view.line, self.view.axes[2].title)
        self.state: dict = {}
        self.watch(*self.controls.values())
        self.redraw()

    def picture_key(self):
        return tuple(control.value for control in self.controls.values())

    def update(self):
        key = self.picture_key()
        if not self.finished(key):  # the histograms at once; the loss curve when it is trained
            self.provisional = True
            return self.draw_sketch(key)
        return self.draw_key(key)

    def finished(self, key):
        """In a kernel, a setting whose network is not trained yet shows its histograms first (outside one,
        in the tests, every picture is drawn whole at once)."""
        return trained(*key) or not in_kernel()

    def draw_sketch(self, key):
        settings = dict(zip(self.controls, key))
        result = signals_at_start(**settings)
        PAINTER.give_way()  # drawn ahead of time: a redraw that is waiting goes first (the histograms stay cached)
        self.state = dict(settings, result=result)
        self.view.show(self.state["result"])
        return "training the network for its loss curve ..."

    def draw_key(self, key):
        """Fetch (or train once) the run of the settings ``key`` and show it."""
        settings = dict(zip(self.controls, key))
        result = run(**settings)
        self.state = dict(settings, result=result)
        self.view.show(result)
        return describe(result) + sigma_table(result)

    def nearby(self) -> list:
        """The settings one control step away: the other batch-norm choice and activation, depth ± 1, the
        neighbouring initializations."""
        depth, init, activation, batch_norm = self.picture_key()
        inits = list(INITS)
        i = inits.index(init)
        keys = [
            (depth, init, activation, not batch_norm),
            (depth, init, ACTIVATIONS[1 - ACTIVATIONS.index(activation)], batch_norm),
            (depth - 1, init, activation, batch_norm),
            (depth + 1, init, activation, batch_norm),
        ]
        keys += [(depth, inits[j], activation, batch_norm) for j in (i - 1, i + 1) if 0 <= j < len(inits)]
        return [k for k in keys if 1 <= k[0] <= MAX_DEPTH]

    def prefetch(self):
        """First the sketches one control step away (their histograms: some 50 ms each), then the training
        the picture on screen waits for, then the whole pictures one control step away."""
        key, nearby = self.picture_key(), self.likely_first(self.nearby())
        for near in nearby:
            yield self.sketch_job(near)
        if not trained(*key):
            yield self.finish_job(key)
        for near in nearby:
            yield self.picture_job(near)

    def finish_job(self, key):
        """A prefetch job that trains the network of ``key`` and then shows its whole picture."""

        def job():
            run(**dict(zip(self.controls, key)))
            self.request_redraw()

        job.demo, job.key = self, key  # a redraw waiting for this very picture lets it finish
        return job


def depth_explorer(
    depth: int = 10, init: str = "He (normal)", activation: str = "relu", batch_norm: bool = False
) -> DepthExplorer:
    """Controls for depth, initialization, activation and batch normalization; each change shows the new
    network's per-layer activation and gradient histograms at initialization and its training loss curve."""
    return DepthExplorer(depth, init, activation, batch_norm)
