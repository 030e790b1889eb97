"""Activation explorer: pick an activation and its parameter; the function and its derivative redraw.

The curves come from ``course_nn.plots.activations.activation`` (the package's own functions); the
dots on the derivative panel are finite differences of the function, so a wrong derivative would show.

    from course_nn.widgets.activations import activation_explorer
    activation_explorer("leaky_relu")
"""

from __future__ import annotations

from functools import cache

import ipywidgets as widgets
import numpy as np

from ..plots.activations import CATALOGUE, activation, break_jumps, default_param, numerical_derivative
from .base import Demo, check_in_range

Z = np.linspace(-4, 4, 801)
Z_CHECK = np.linspace(-3.75, 3.75, 16)  # finite-difference points; an even count keeps them off the kink at 0


def curves(name: str, param=None, z=Z):
    """Pure function behind the explorer: (z, f(z), f'(z), z_check, finite-difference f'(z_check))."""
    a, da = activation(name, z, param)
    return z, a, da, Z_CHECK, numerical_derivative(name, Z_CHECK, param)


@cache
def y_limits(name: str):
    """Fixed y-ranges of the two panels for the activation ``name``: ((lo, hi) of f, (lo, hi) of f'), wide
    enough for every value of its parameter, so that moving the slider moves the curve, not the axes."""
    spec = CATALOGUE[name]["param"]
    f_values, d_values = [], []
    for param in [None] if spec is None else np.linspace(spec[2], spec[3], 5):
        _, a, da, _, fd = curves(name, param)
        f_values.append(a)
        d_values += [da, fd]
    return _padded(f_values), _padded(d_values)


def _padded(values):
    lo, hi = min(np.nanmin(v) for v in values), max(np.nanmax(v) for v in values)
    pad = 0.1 * max(hi - lo, 1.0)
    return lo - pad, hi + pad


class ActivationExplorer(Demo):
    """Handles: ``dropdown`` (activation), ``slider`` (its parameter; disabled when it has none),
    ``figure``, ``axes`` (function, derivative), ``lines`` (dict "f", "df", "fd") and ``state``
    (dict with the current ``name`` and ``param``)."""

    def __init__(self, name: str = "sigmoid", param=None):
        if name not in CATALOGUE:
            raise ValueError(f"name: unknown activation {name!r}; expected one of {sorted(CATALOGUE)}.")
        spec = CATALOGUE[name]["param"]
        if param is not None and spec is None:
            takes = sorted(n for n, entry in CATALOGUE.items() if entry["param"] is not None)
            raise ValueError(
                f"param: the activation {name!r} has no parameter, got param={param!r}. Fix: leave param out, or "
                f"choose an activation with one: {takes}."
            )
        if param is not None:
            check_in_range(param, "param", spec[2], spec[3], slider=spec[0])
        self.dropdown = widgets.Dropdown(options=list(CATALOGUE), value=name, description="activation")
        self.slider = widgets.FloatSlider(description="parameter")
        super().__init__([self.dropdown, self.slider], figsize=(8, 3.2))
        ax_f, ax_d = self.figure.subplots(1, 2)
        self.axes = (ax_f, ax_d)
        (f_line,) = ax_f.plot([], [], lw=2, color="C0")
        (df_line,) = ax_d.plot([], [], lw=2, ls="--", color="C3", label="$f'(z)$")
        (fd_line,) = ax_d.plot([], [], "o", ms=4, color="C3", alpha=0.6, label="finite difference")
        self.lines = {"f": f_line, "df": df_line, "fd": fd_line}
        for ax, label in zip(self.axes, ("$f(z)$", "$f'(z)$")):
            ax.axhline(0, color="0.7", lw=0.8)
            ax.axvline(0, color="0.7", lw=0.8)
            ax.set_xlabel("$z$")
            ax.set_ylabel(label)
            ax.set_xlim(Z[0], Z[-1])
        ax_d.legend(fontsize=8, loc="upper left")
        ax_d.set_title("derivative (dots: finite differences)", fontsize=9)
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.88, wspace=0.28)
        self.animate(*self.lines.values(), ax_f.title)
        self.on_top.append(ax_d.get_legend())  # the legend stays above the curves
        self.state = {"name": name, "param": None}
        self._configure_slider(name, param)
        self.dropdown.observe(self._on_name, names="value")
        self.watch(self.slider)
        self.redraw()

    def _configure_slider(self, name, param=None):
        spec = CATALOGUE[name]["param"]
        with self.hold_redraws():
            if spec is None:
                self.slider.disabled, self.slider.description = True, "(none)"
            else:
                label, default, lo, hi, step = spec
                self.slider.min, self.slider.max = -1e9, 1e9  # widen first so the new range is always valid
                self.slider.min, self.slider.max, self.slider.step = lo, hi, step
                self.slider.value = default if param is None else param
                self.slider.disabled, self.slider.description = False, label

    def _on_name(self, change):
        self._configure_slider(change["new"])
        self.request_redraw()

    def background_key(self):
        return self.dropdown.value

    def set_background(self, name):
        """The axes of ``name``: its y-ranges (the slider moves the curves, not the axes)."""
        for ax, limits in zip(self.axes, y_limits(name)):
            ax.set_ylim(*limits)

    def prefetch(self):
        """The backgrounds of the other activations, in menu order from the current one."""
        names = list(CATALOGUE)
        start = names.index(self.dropdown.value)
        for name in names[start + 1 :] + names[:start]:
            yield self.background_job(name)

    def update(self):
        name = self.dropdown.value
        param = None if CATALOGUE[name]["param"] is None else self.slider.value
        self.state = {"name": name, "param": param}
        z, a, da, zc, fd = curves(name, param)
        self.lines["f"].set_data(z, break_jumps(a))  # gaps at the jumps, not vertical lines
        self.lines["df"].set_data(z, break_jumps(da))
        self.lines["fd"].set_data(zc, fd)
        shown = "" if param is None else f" ({CATALOGUE[name]['param'][0]} = {param:g})"
        self.axes[0].set_title(f"{name}{shown}: {CATALOGUE[name]['formula']}", fontsize=9)


def activation_explorer(name: str = "sigmoid", param=None) -> ActivationExplorer:
    """The activation explorer, starting at ``name`` (see ``course_nn.plots.activations.CATALOGUE``)."""
    default_param(name)
    return ActivationExplorer(name, param)
