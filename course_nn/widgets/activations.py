"""Activation explorer: pick an activation and its parameter; the function and its derivative redraw.

The curves come from ``course_nn.plots.activations.activation`` (the package's own functions); the
dots on the derivative panel are finite differences of the function, so a wrong derivative would show.

    from course_nn.widgets.activations import activation_explorer
    activation_explorer("leaky_relu")
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..plots.activations import CATALOGUE, activation, break_jumps, default_param, numerical_derivative
from . import show_figure

Z = np.linspace(-4, 4, 801)
Z_CHECK = np.linspace(-3.75, 3.75, 16)  # finite-difference points; an even count keeps them off the kink at 0


def curves(name: str, param=None, z=Z):
    """Pure function behind the explorer: (z, f(z), f'(z), z_check, finite-difference f'(z_check))."""
    a, da = activation(name, z, param)
    return z, a, da, Z_CHECK, numerical_derivative(name, Z_CHECK, param)


class ActivationExplorer(widgets.VBox):
    """Handles: ``dropdown`` (activation), ``slider`` (its parameter; disabled when it has none),
    ``figure``, ``axes`` (function, derivative), ``lines`` (dict "f", "df", "fd") and ``state``
    (dict with the current ``name`` and ``param``)."""

    def __init__(self, name: str = "sigmoid", param=None):
        if name not in CATALOGUE:
            raise ValueError(f"name: unknown activation {name!r}; expected one of {sorted(CATALOGUE)}.")
        self.dropdown = widgets.Dropdown(options=list(CATALOGUE), value=name, description="activation")
        self.slider = widgets.FloatSlider(description="parameter", continuous_update=True)
        self.out = widgets.Output()
        self.figure = Figure(figsize=(8, 3.2))
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
        self.figure.tight_layout()
        self.state = {"name": name, "param": None}
        self._configure_slider(name, param)
        self.dropdown.observe(self._on_name, names="value")
        self.slider.observe(self._on_param, names="value")
        super().__init__([widgets.HBox([self.dropdown, self.slider]), self.out])
        self.refresh()

    def _configure_slider(self, name, param=None):
        spec = CATALOGUE[name]["param"]
        self._configuring = True
        try:
            if spec is None:
                self.slider.disabled, self.slider.description = True, "(none)"
            else:
                label, default, lo, hi, step = spec
                self.slider.min, self.slider.max = -1e9, 1e9   # widen first so the new range is always valid
                self.slider.min, self.slider.max, self.slider.step = lo, hi, step
                self.slider.value = default if param is None else param
                self.slider.disabled, self.slider.description = False, label
        finally:
            self._configuring = False
        self.state["param"] = None if spec is None else self.slider.value

    def _on_name(self, change):
        self.state["name"] = change["new"]
        self._configure_slider(change["new"])
        self.refresh()

    def _on_param(self, change):
        if self._configuring:
            return
        self.state["param"] = change["new"]
        self.refresh()

    def refresh(self):
        name, param = self.state["name"], self.state["param"]
        z, a, da, zc, fd = curves(name, param)
        a, da = break_jumps(a), break_jumps(da)   # gaps at the jumps, not vertical lines
        self.lines["f"].set_data(z, a)
        self.lines["df"].set_data(z, da)
        self.lines["fd"].set_data(zc, fd)
        for ax, values in zip(self.axes, (a, np.concatenate([da, fd]))):
            lo, hi = np.nanmin(values), np.nanmax(values)
            pad = 0.1 * max(hi - lo, 1.0)
            ax.set_ylim(lo - pad, hi + pad)
        shown = "" if param is None else f" ({CATALOGUE[name]['param'][0]} = {param:g})"
        self.axes[0].set_title(f"{name}{shown}: {CATALOGUE[name]['formula']}", fontsize=9)
        self.axes[1].set_title("derivative (dots: finite differences)", fontsize=9)
        show_figure(self.out, self.figure)


def activation_explorer(name: str = "sigmoid", param=None) -> ActivationExplorer:
    """The activation explorer, starting at ``name`` (see ``course_nn.plots.activations.CATALOGUE``)."""
    default_param(name)
    return ActivationExplorer(name, param)
