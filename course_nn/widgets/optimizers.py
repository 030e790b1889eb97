"""The optimizer race: several optimizers start from one point of a 2-D test surface and race downhill.

Pure functions (the notebook and the tests call them directly):

- ``race(surface, optimizers, lr, steps)``: one path per optimizer, from ``course_nn.surfaces.run_optimizer``.
- ``race_summary(surface, paths)``: where each run ended, its loss, and whether it diverged.
- ``summary_html(rows)``: that summary as a small HTML table.

The widget ``optimizer_race()`` wires a surface menu, a multiple choice of optimizers, a learning-rate
slider and a steps slider to them; every change re-runs the race (a few hundred steps of two numbers:
milliseconds) and redraws the paths on the surface's contour plot.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..plots import optimizers as oplots
from ..surfaces import SURFACES, Surface, run_optimizer
from . import show_figure

OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "rmsprop", "adam")
# A learning rate and a number of steps that show each surface's difficulty (the surface menu resets to them).
DEFAULTS = {
    "canyon": {"lr": 0.03, "steps": 60},
    "rosenbrock": {"lr": 0.002, "steps": 300},
    "saddle": {"lr": 0.01, "steps": 150},
    "styblinski_tang": {"lr": 0.01, "steps": 100},
}


def get_surface(surface) -> Surface:
    """A Surface from a name in ``course_nn.surfaces.SURFACES`` (or a Surface, returned as is)."""
    if isinstance(surface, Surface):
        return surface
    if surface not in SURFACES:
        raise ValueError(f"surface: expected one of {sorted(SURFACES)}, got {surface!r}.")
    return SURFACES[surface]()


def race(surface="canyon", optimizers=("sgd", "momentum", "rmsprop", "adam"), lr: float = 0.03, steps: int = 60,
         start=None) -> dict:
    """Run each optimizer (by name, see ``course_nn.optim.get_optimizer``) from the same start with the same
    learning rate. Returns ``{name: path}`` with paths of shape (steps + 1, 2); a diverging path ends
    in NaN rows (see ``run_optimizer``), so it can still be drawn."""
    s = get_surface(surface)
    return {name: run_optimizer(s, name, start=start, steps=steps, lr=lr) for name in optimizers}


def race_summary(surface, paths: dict) -> list:
    """One dict per run: name, steps, end point, loss there, and ``diverged`` (the path left the
    1e6 box or became NaN). Runs are listed in order of their final loss, diverged ones last."""
    s = get_surface(surface)
    rows = []
    for name, path in paths.items():
        finite = path[np.isfinite(path).all(axis=1)]
        end = finite[-1]
        rows.append({"name": name, "steps": len(path) - 1, "end": (float(end[0]), float(end[1])),
                     "loss": float(s(*end)), "diverged": len(finite) < len(path)})
    return sorted(rows, key=lambda r: (r["diverged"], r["loss"]))


def summary_html(rows) -> str:
    """The summary of ``race_summary`` as an HTML table (loss at the end point of each run)."""
    body = "".join(
        f"<tr><td>{html.escape(oplots.NAMES.get(r['name'], r['name']))}</td>"
        f"<td>({r['end'][0]:.3f}, {r['end'][1]:.3f})</td><td>{r['loss']:.4g}</td>"
        f"<td>{'diverged' if r['diverged'] else ''}</td></tr>" for r in rows)
    return ("<table><tr><th>optimizer</th><th>last point</th><th>loss there</th><th></th></tr>"
            f"{body}</table>")


# ---------------------------------------------------------------- the widget
class OptimizerRace(widgets.VBox):
    """Handles: ``controls`` (dict "surface", "optimizers", "lr", "steps"), ``sliders`` (dict "lr", "steps"),
    ``figure``, ``ax``, ``status`` (HTML) and ``state`` (dict: surface, optimizers, lr, steps, paths, summary)."""

    def __init__(self, surface: str = "canyon", optimizers=("sgd", "momentum", "rmsprop", "adam"),
                 lr: float | None = None, steps: int | None = None):
        get_surface(surface)
        defaults = DEFAULTS.get(surface, {"lr": 0.01, "steps": 100})
        self.controls = {
            "surface": widgets.Dropdown(options=list(SURFACES), value=surface, description="surface"),
            "optimizers": widgets.SelectMultiple(options=list(OPTIMIZER_NAMES), value=tuple(optimizers), rows=5,
                                                 description="optimizers"),
            "lr": widgets.FloatLogSlider(value=lr or defaults["lr"], base=10, min=-4, max=0, step=0.05,
                                         description="learning rate", style={"description_width": "initial"}, readout_format=".4f",
                                         continuous_update=False),
            "steps": widgets.IntSlider(value=steps or defaults["steps"], min=1, max=500, description="steps",
                                       continuous_update=False),
        }
        self.sliders = {"lr": self.controls["lr"], "steps": self.controls["steps"]}
        self.status = widgets.HTML()
        self.out = widgets.Output()
        self.figure = Figure(figsize=(7.5, 4.8))
        self.ax = self.figure.subplots()
        self.figure.subplots_adjust(left=0.09, right=0.97, bottom=0.11, top=0.92)
        self.state: dict = {}
        self._resetting = False
        self.controls["surface"].observe(self._on_surface, names="value")
        for name in ("optimizers", "lr", "steps"):
            self.controls[name].observe(self._on_change, names="value")
        c = self.controls
        super().__init__([widgets.HBox([widgets.VBox([c["surface"], c["lr"], c["steps"]]), c["optimizers"]]),
                          self.out, self.status])
        self.redraw()

    def _on_surface(self, change):
        """A new surface: reset learning rate and steps to values that show its difficulty, then redraw once."""
        defaults = DEFAULTS.get(change["new"], {})
        self._resetting = True
        try:
            for name in ("lr", "steps"):
                if name in defaults:
                    self.controls[name].value = defaults[name]
        finally:
            self._resetting = False
        self.redraw()

    def _on_change(self, change):
        if not self._resetting:
            self.redraw()

    def redraw(self):
        """Re-run the race for the current controls and redraw the paths."""
        c = self.controls
        surface, names = c["surface"].value, tuple(c["optimizers"].value)
        lr, steps = float(c["lr"].value), int(c["steps"].value)
        paths = race(surface, names, lr, steps)
        rows = race_summary(surface, paths) if paths else []
        self.state = dict(surface=surface, optimizers=names, lr=lr, steps=steps, paths=paths, summary=rows)
        self.ax.clear()
        oplots.trajectories(get_surface(surface), paths, ax=self.ax, log=surface == "rosenbrock",
                            title=f"{surface}: learning rate {lr:.4g}, {steps} steps")
        self.status.value = summary_html(rows) if rows else "<i>choose at least one optimizer</i>"
        show_figure(self.out, self.figure)


def optimizer_race(surface: str = "canyon", optimizers=("sgd", "momentum", "rmsprop", "adam"), lr: float | None = None,
                   steps: int | None = None) -> OptimizerRace:
    """A surface menu, a choice of optimizers, a learning-rate slider and a steps slider; every change
    re-runs the optimizers from the surface's start point and redraws their paths."""
    return OptimizerRace(surface, optimizers, lr, steps)
