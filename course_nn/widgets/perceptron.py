"""Perceptron playground: sliders for w1, w2 and b move the decision line and update the truth table;
a button applies Rosenblatt's rule to the next example; a dropdown picks the logic gate.

The work is done by pure functions (``truth_table``, ``training_step`` and the drawing functions of
``course_nn.plots.perceptron``); ``perceptron_playground()`` only wires widgets to them.

    from course_nn.widgets.perceptron import perceptron_playground
    perceptron_playground("AND")
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._checks import check_number, check_option
from ..data import GATES, logic_gate
from ..perceptron import Perceptron
from ..plots import perceptron as pplots
from .base import Demo

GATE_NAMES = tuple(GATES)


# ---------------------------------------------------------------- pure functions
def truth_table(w, b, gate: str):
    """One row per input of the gate: x1, x2, target y (±1), score s = w·x + b, prediction ŷ
    (+1 if s > 0 else -1) and whether it is right. Returns a list of dicts."""
    X, y = logic_gate(gate, labels="pm1")
    s = X @ np.asarray(w, float) + float(b)
    y_hat = np.where(s > 0, 1, -1)
    return [
        dict(x1=int(x[0]), x2=int(x[1]), y=int(t), s=float(si), y_hat=int(p), correct=bool(p == t))
        for x, t, si, p in zip(X, y, s, y_hat)
    ]


def truth_table_html(rows) -> str:
    """The truth table as a small HTML table (✓ for a right prediction, ✗ for a mistake)."""
    head = "<tr><th>x1</th><th>x2</th><th>target y</th><th>score s</th><th>ŷ</th><th></th></tr>"
    body = "".join(
        f"<tr><td>{r['x1']}</td><td>{r['x2']}</td><td>{r['y']:+d}</td><td>{r['s']:+.2f}</td>"
        f"<td>{r['y_hat']:+d}</td><td style='color:{'green' if r['correct'] else 'red'}'>"
        f"{'✓' if r['correct'] else '✗'}</td></tr>"
        for r in rows
    )
    right = sum(r["correct"] for r in rows)
    return f"<table>{head}{body}</table><p>{right} of {len(rows)} right</p>"


class PlaygroundState:
    """What the playground remembers: the gate, a ``Perceptron`` holding w and b, which example the
    next training step looks at, and the mistakes counted in each epoch of stepping."""

    def __init__(self, gate: str = "AND", w=(0.0, 0.0), b: float = 0.0, lr: float = 1.0):
        self.perceptron = Perceptron(2, lr=lr, w=np.asarray(w, float), b=float(b))
        self.set_gate(gate)

    def set_gate(self, gate: str):
        """Switch gate and start counting epochs again (the weights stay)."""
        self.gate = check_option(gate, "gate", GATE_NAMES)
        self.X, self.y = logic_gate(gate, labels="pm1")
        self.index, self.epoch, self.mistakes_this_epoch = 0, 1, 0
        self.epoch_mistakes: list[int] = []
        self.last = None

    @property
    def w(self) -> np.ndarray:
        return self.perceptron.w

    @property
    def b(self) -> float:
        return float(self.perceptron.b)

    def set_weights(self, w, b):
        self.perceptron.w = np.asarray(w, float).copy()
        self.perceptron.b = float(b)


def training_step(state: PlaygroundState) -> dict:
    """Apply the perceptron rule to the next example (in the order 00, 01, 10, 11, then again).

    Returns what happened: the example, its score and prediction before the step, whether it was a
    mistake, the weights after it, and ``epoch_done`` (the mistakes of the epoch just finished, or None).
    """
    i = state.index
    x, y = state.X[i], int(state.y[i])
    s = float(x @ state.w + state.b)
    mistake = state.perceptron.step(x, y)
    state.mistakes_this_epoch += int(mistake)
    info = dict(
        epoch=state.epoch,
        index=i,
        x=x.copy(),
        y=y,
        s=s,
        y_hat=1 if s > 0 else -1,
        mistake=mistake,
        w=state.w.copy(),
        b=state.b,
        epoch_done=None,
    )
    state.index = (i + 1) % len(state.X)
    if state.index == 0:
        state.epoch_mistakes.append(state.mistakes_this_epoch)
        info["epoch_done"] = state.mistakes_this_epoch
        state.epoch += 1
        state.mistakes_this_epoch = 0
    state.last = info
    return info


def describe_step(info: dict, lr: float = 1.0) -> str:
    """One sentence about a training step, for the playground's status line."""
    x1, x2 = (int(v) for v in info["x"])
    head = (
        f"epoch {info['epoch']}, example x = ({x1}, {x2}), y = {info['y']:+d}: "
        f"s = {info['s']:+.2f}, ŷ = {info['y_hat']:+d}"
    )
    if info["mistake"]:
        w1, w2 = info["w"]
        body = f" → mistake: w ← w + η·y·x = ({w1:g}, {w2:g}), b ← b + η·y = {info['b']:g}" + (
            "" if lr == 1 else f" (η = {lr:g})"
        )
    else:
        body = " → right: no change"
    if info["epoch_done"] is not None:
        body += f". Epoch {info['epoch']} done with {info['epoch_done']} mistake(s)"
        body += " — converged!" if info["epoch_done"] == 0 else "."
    return head + body


def draw_playground(ax, gate: str, w, b):
    """The static version of the playground's picture: the gate's points, the line, the half-planes.
    Returns (line, image, point_artists)."""
    line, image = pplots.decision_line(w, b, ax=ax)
    points = _add_points(ax, gate)
    ax.set_title(_title(gate, w, b), fontsize=10)
    return line, image, points


def _add_points(ax, gate: str) -> list:
    """Draw the gate's four points on ``ax``; return the artists added."""
    before = list(ax.collections)
    pplots.gate_points(*logic_gate(gate, labels="pm1"), ax=ax)
    return [c for c in ax.collections if c not in before]


def _title(gate, w, b):
    right = sum(r["correct"] for r in truth_table(w, b, gate))
    return f"{gate}: w = ({w[0]:g}, {w[1]:g}), b = {b:g} — {right}/4 right"


# ---------------------------------------------------------------- the widget
class PerceptronPlayground(Demo):
    """The playground. Handles for code and tests: ``sliders`` (dict w1, w2, b), ``dropdown``,
    ``button`` (one training step), ``reset_button``, ``table`` and ``status`` (HTML), ``figure``,
    ``ax``, ``line`` (the decision line), ``region`` (the tinted half-planes) and ``state`` (a ``PlaygroundState``)."""

    def __init__(self, gate: str = "AND", w=(0.0, 0.0), b: float = 0.0, lr: float = 1.0, limit: float = 5.0):
        self.state = PlaygroundState(gate, w, b, lr)
        self.lr = lr
        limit = check_number(limit, "limit", low=0.0, low_open=True)

        def slider(name, value):  # a start beyond ±limit widens the slider (as a learned weight does): no clamping
            lo, hi = min(-limit, value), max(limit, value)
            return widgets.FloatSlider(value=float(value), min=lo, max=hi, step=0.5, description=name)

        w = self.state.w
        self.sliders = {"w1": slider("w1", w[0]), "w2": slider("w2", w[1]), "b": slider("b", self.state.b)}
        self.dropdown = widgets.Dropdown(options=GATE_NAMES, value=gate, description="gate")
        self.button = widgets.Button(description="one training step", button_style="primary")
        self.reset_button = widgets.Button(description="reset w, b to 0")
        self.table = widgets.HTML()
        super().__init__(
            [self.dropdown, *self.sliders.values(), widgets.HBox([self.button, self.reset_button]), self.table],
            figsize=(4.2, 4.2),
            side=True,
        )
        self.status.value = "Move the sliders, or press <i>one training step</i>."
        self.ax = self.figure.add_subplot()
        self.line, self.region, self._points = draw_playground(self.ax, gate, self.state.w, self.state.b)
        # the half-planes are repainted under the points, so the points are animated too
        self.animate(self.line, self.region, *self._points, self.ax.title)
        self._syncing = False

        for s in self.sliders.values():
            s.observe(self._on_slider, names="value")
        self.dropdown.observe(self._on_gate, names="value")
        self.button.on_click(self._on_step)
        self.reset_button.on_click(self._on_reset)
        self.redraw()

    # -- observers
    def _on_slider(self, change):
        if self._syncing:
            return
        self.state.set_weights((self.sliders["w1"].value, self.sliders["w2"].value), self.sliders["b"].value)
        self.request_redraw()

    def _on_gate(self, change):
        self.state.set_gate(change["new"])
        self.forget(*self._points)
        self._points = self.animate(*_add_points(self.ax, change["new"]))
        self.status.value = f"Gate {change['new']}: epochs are counted from 1 again."
        self.request_redraw()

    def _on_step(self, _button=None):
        info = training_step(self.state)
        self.request_redraw()  # the picture first (it follows the state); the sliders follow while it is drawn
        self._sync_sliders()
        self.status.value = describe_step(info, self.lr)

    def _on_reset(self, _button=None):
        self.state.set_weights((0.0, 0.0), 0.0)
        self.state.set_gate(self.state.gate)
        self.request_redraw()
        self._sync_sliders()
        self.status.value = "Weights and bias set to 0; epoch 1 starts with the example (0, 0)."

    def _sync_sliders(self):
        self._syncing = True
        try:
            for name, value in zip(("w1", "w2", "b"), (*self.state.w, self.state.b)):
                s = self.sliders[name]
                s.max, s.min = max(s.max, value), min(s.min, value)  # never clamp a learned weight
                s.value = float(value)
        finally:
            self._syncing = False

    # -- drawing
    def update(self):
        """Move the line, recolour the half-planes, retitle and recount the truth table from the state."""
        w, b, gate = self.state.w, self.state.b, self.state.gate
        self.line.set_data(*pplots.line_points(w, b))
        self.region.set_data(pplots.predicted_region(w, b))
        self.ax.set_title(_title(gate, w, b), fontsize=10)
        self.table.value = truth_table_html(truth_table(w, b, gate))


def perceptron_playground(gate: str = "AND", w=(0.0, 0.0), b: float = 0.0, lr: float = 1.0) -> PerceptronPlayground:
    """A perceptron playground for a two-input logic gate (AND, OR, NAND, NOR or XOR)."""
    return PerceptronPlayground(gate, w, b, lr)
