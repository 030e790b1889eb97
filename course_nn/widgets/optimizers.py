"""The optimizer race: several optimizers start from one point of a 2-D test surface and race downhill.

Pure functions (the notebook and the tests call them directly):

- ``race(surface, optimizers, lr, steps)``: one path per optimizer, from ``course_nn.surfaces.run_optimizer``.
- ``race_summary(surface, paths)``: where each run ended, its loss, and whether it diverged.
- ``summary_html(rows)``: that summary as a small HTML table.

The widget ``optimizer_race()`` wires a surface menu, a checkbox per optimizer (its colour beside it), a
learning-rate slider and a steps slider to them; every change re-runs the race (a few hundred steps of
two numbers: milliseconds) and moves the paths over the surface's contour plot, which is drawn once per
surface.
"""

from __future__ import annotations

import html
from functools import cache

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import to_hex

from .._checks import check_list
from ..plots import optimizers as oplots
from ..surfaces import SURFACES, Surface, run_optimizer
from .base import Demo, control

OPTIMIZER_NAMES = tuple(oplots.OPTIMIZER_STYLES)
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
    return _surface(surface)


@cache
def _surface(name: str) -> Surface:
    return SURFACES[name]()


def race(
    surface="canyon", optimizers=("sgd", "momentum", "rmsprop", "adam"), lr: float = 0.03, steps: int = 60, start=None
) -> dict:
    """Run each optimizer (by name, see ``course_nn.optim.get_optimizer``) from the same start with the same
    learning rate. Returns ``{name: path}`` with paths of shape (steps + 1, 2); a diverging path ends
    in NaN rows (see ``run_optimizer``), so it can still be drawn."""
    s = get_surface(surface)
    optimizers = check_list(optimizers, "optimizers", fix="Fix: pass names such as ['sgd', 'adam'].")
    return {name: run_optimizer(s, name, start=start, steps=steps, lr=lr) for name in optimizers}


def race_summary(surface, paths: dict) -> list:
    """One dict per run: name, steps, end point, loss there, and ``diverged`` (the path left the
    1e6 box or became NaN). Runs are listed in order of their final loss, diverged ones last."""
    s = get_surface(surface)
    rows = []
    for name, path in paths.items():
        finite = path[np.isfinite(path).all(axis=1)]
        end = finite[-1]
        rows.append(
            {
                "name": name,
                "steps": len(path) - 1,
                "end": (float(end[0]), float(end[1])),
                "loss": float(s(*end)),
                "diverged": len(finite) < len(path),
            }
        )
    return sorted(rows, key=lambda r: (r["diverged"], r["loss"]))


def summary_html(rows) -> str:
    """The summary of ``race_summary`` as an HTML table (loss at the end point of each run)."""
    body = "".join(
        f"<tr><td>{html.escape(oplots.optimizer_label(r['name']))}</td>"
        f"<td>({r['end'][0]:.3f}, {r['end'][1]:.3f})</td><td>{r['loss']:.4g}</td>"
        f"<td>{'diverged' if r['diverged'] else ''}</td></tr>"
        for r in rows
    )
    return f"<table><tr><th>optimizer</th><th>last point</th><th>loss there</th><th></th></tr>{body}</table>"


# ---------------------------------------------------------------- the widget
def _checkbox(name: str, value: bool) -> widgets.HBox:
    """A checkbox for one optimizer with a stroke of its line colour beside the label: the checkboxes are
    the figure's legend (the static figures of the notebook have one inside)."""
    style = oplots.OPTIMIZER_STYLES[name]
    swatch = widgets.HTML(
        f"<span style='color:{to_hex(style['color'])};font-weight:bold'>━━</span>", layout=widgets.Layout(width="28px")
    )
    return widgets.HBox([swatch, widgets.Checkbox(value=value, description=style["label"], indent=False)])


class OptimizerRace(Demo):
    """Handles: ``controls`` (dict "surface", "lr", "steps" and one Checkbox per optimizer name under
    "optimizers"), ``sliders`` (dict "lr", "steps"), ``figure``, ``ax``, ``lines`` (one Line2D per optimizer),
    ``status`` (HTML) and ``state`` (dict: surface, optimizers, lr, steps, paths, summary)."""

    def __init__(
        self,
        surface: str = "canyon",
        optimizers=("sgd", "momentum", "rmsprop", "adam"),
        lr: float | None = None,
        steps: int | None = None,
    ):
        get_surface(surface)
        optimizers = check_list(optimizers, "optimizers", fix="Fix: pass names such as ['sgd', 'adam'].")
        unknown = set(optimizers) - set(OPTIMIZER_NAMES)
        if unknown:
            raise ValueError(f"optimizers: expected names from {OPTIMIZER_NAMES}, got {sorted(unknown)}.")
        defaults = DEFAULTS.get(surface, {"lr": 0.01, "steps": 100})
        boxes = {name: _checkbox(name, name in optimizers) for name in OPTIMIZER_NAMES}
        self.controls = {
            "surface": control(widgets.Dropdown, "surface", surface, options=list(SURFACES), description="surface"),
            "lr": control(
                widgets.FloatLogSlider,
                "lr",
                defaults["lr"] if lr is None else lr,
                base=10,
                min=-4,
                max=0,
                step=0.05,
                description="learning rate",
                style={"description_width": "initial"},
                readout_format=".4f",
            ),
            "steps": control(
                widgets.IntSlider,
                "steps",
                defaults["steps"] if steps is None else steps,
                min=1,
                max=500,
                description="steps",
            ),
            "optimizers": {name: box.children[1] for name, box in boxes.items()},
        }
        self.sliders = {"lr": self.controls["lr"], "steps": self.controls["steps"]}
        c = self.controls
        menu = widgets.VBox([widgets.HTML("<b>optimizers</b>"), *boxes.values()])
        super().__init__([widgets.VBox([c["surface"], c["lr"], c["steps"]]), menu], figsize=(7.5, 4.8))
        self.state: dict = {}
        self.scenes: dict = {}  # surface -> its Axes, path lines and start square (drawn once)
        c["surface"].observe(self._on_surface, names="value")
        self.watch(c["lr"], c["steps"], *c["optimizers"].values())
        self.redraw()

    def selected(self) -> tuple:
        """The ticked optimizers, in menu order."""
        return tuple(name for name, box in self.controls["optimizers"].items() if box.value)

    def select(self, names):
        """Tick exactly the optimizers ``names`` (one redraw)."""
        with self.hold_redraws():
            for name, box in self.controls["optimizers"].items():
                box.value = name in names

    def _on_surface(self, change):
        """A new surface: reset learning rate and steps to values that show its difficulty (one redraw)."""
        with self.hold_redraws():
            for name, value in DEFAULTS.get(change["new"], {}).items():
                self.controls[name].value = value
            self.request_redraw()

    def background_key(self):
        """The surface of the picture being drawn (a picture drawn ahead of time may show another one)."""
        return self.state.get("surface", self.controls["surface"].value)

    def set_background(self, surface: str):
        """Show the Axes of ``surface`` (made the first time: its contour plot, the unchanging part, and one
        empty line per optimizer and the start square, which are animated); hide the others."""
        if surface not in self.scenes:
            ax = self.figure.add_axes((0.09, 0.11, 0.88, 0.81))
            s = get_surface(surface)
            oplots.surface_contours(s, ax=ax, log=surface == "rosenbrock")
            lines = oplots.path_lines(ax, OPTIMIZER_NAMES)
            (start,) = ax.plot([s.start[0]], [s.start[1]], "s", color="k", ms=7, zorder=7)
            for artist in (*lines.values(), start, ax.title):
                artist.set_animated(True)
            self.scenes[surface] = {"ax": ax, "lines": lines, "start": start}
        for name, scene in self.scenes.items():
            scene["ax"].set_visible(name == surface)
        scene = self.scenes[surface]
        self.ax, self.lines, self.start = scene["ax"], scene["lines"], scene["start"]
        self.animated = [*self.lines.values(), self.start, self.ax.title]

    def picture_key(self):
        c = self.controls
        return (c["surface"].value, self.selected(), float(c["lr"].value), int(c["steps"].value))

    def nearby(self) -> list:
        """The settings a click away: another surface (with its learning rate and steps), one optimizer
        ticked or unticked. (A slider's next value is drawn when asked: a race takes milliseconds.)"""
        surface, names, lr, steps = self.picture_key()
        keys = [(other, names, d["lr"], d["steps"]) for other, d in DEFAULTS.items() if other != surface]
        for flipped in OPTIMIZER_NAMES:
            keys.append((surface, tuple(n for n in OPTIMIZER_NAMES if (n in names) != (n == flipped)), lr, steps))
        return keys

    def prefetch(self):
        """The contour plots of the other surfaces, then the pictures a click away."""
        for surface in SURFACES:
            yield self.background_job(surface)
        for key in self.nearby():
            yield self.picture_job(key)

    def update(self):
        return self.draw_key(self.picture_key())

    def draw_key(self, key):
        """Run the race of ``key`` (surface, optimizers, learning rate, steps) and move the paths."""
        surface, names, lr, steps = key
        self.set_background(surface)
        paths = race(surface, names, lr, steps)
        rows = race_summary(surface, paths) if paths else []
        self.state = dict(surface=surface, optimizers=names, lr=lr, steps=steps, paths=paths, summary=rows)
        for name, line in self.lines.items():
            path = paths.get(name, np.empty((0, 2)))
            line.set_data(path[:, 0], path[:, 1])
            line.set_visible(name in paths)
        self.start.set_visible(bool(paths))
        self.ax.set_title(f"{surface}: learning rate {lr:.4g}, {steps} steps", fontsize=10)
        return summary_html(rows) if rows else "<i>choose at least one optimizer</i>"


def optimizer_race(
    surface: str = "canyon",
    optimizers=("sgd", "momentum", "rmsprop", "adam"),
    lr: float | None = None,
    steps: int | None = None,
) -> OptimizerRace:
    """A surface menu, a checkbox per optimizer, a learning-rate slider and a steps slider; every change
    re-runs the optimizers from the surface's start point and redraws their paths."""
    return OptimizerRace(surface, optimizers, lr, steps)
