"""Figures for the optimizers notebook (05) and its optimizer-race demo.

Pure functions compute what is drawn (gradient-descent steps on a curve, the line fit's loss surface and
descent path, the minima a run ends in); the drawing functions put it on an Axes and return it. Lines
carry the run's name as their ``label``, so tests and notebooks can find them.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..optim import OPTIMIZERS
from . import _axes, finish_axes

# name -> label and colour of every optimizer the figures and the race demo show, in menu order: read from the
# one list, course_nn.optim.OPTIMIZERS (adding an optimizer there adds it here).
OPTIMIZER_STYLES = {name: {"label": info.label, "color": info.color} for name, info in OPTIMIZERS.items()}


def optimizer_label(name: str) -> str:
    """The label figures and tables give the optimizer ``name`` (the name itself if it has no style)."""
    return OPTIMIZER_STYLES.get(name, {}).get("label", name)


# ---------------------------------------------------------------- pure functions
def gd_1d(df, x0: float, lr: float, steps: int) -> np.ndarray:
    """Points visited by gradient descent x ← x − lr·f'(x) on a function of one variable (``steps + 1`` points).
    Stops early (the rest NaN) once |x| exceeds 1e6."""
    xs = np.full(steps + 1, np.nan)
    xs[0] = x = float(x0)
    for k in range(1, steps + 1):
        x = x - lr * df(x)
        if not np.isfinite(x) or abs(x) > 1e6:
            break
        xs[k] = x
    return xs


def line_fit_loss(phi0, phi1, x, y):
    """The slides' line-fit loss L(φ) = Σ_i (φ0 + φ1·x_i − y_i)² for scalars or grids of (φ0, φ1)."""
    x, y = np.ravel(x), np.ravel(y)
    phi0, phi1 = np.asarray(phi0, float), np.asarray(phi1, float)
    r = phi0[..., None] + phi1[..., None] * x - y
    return (r * r).sum(axis=-1)


def line_fit_gradient(phi, x, y) -> np.ndarray:
    """∂L/∂φ of ``line_fit_loss``: Σ_i [2 r_i, 2 x_i r_i] with r_i = φ0 + φ1·x_i − y_i."""
    x, y = np.ravel(x), np.ravel(y)
    r = phi[0] + phi[1] * x - y
    return np.array([2.0 * r.sum(), 2.0 * (x * r).sum()])


def line_fit_gd(x, y, phi0=(0.0, 0.0), lr: float = 0.01, steps: int = 100) -> np.ndarray:
    """Full-batch GD φ ← φ − lr·Σ_i ∂ℓ_i/∂φ on the line fit; returns the (steps + 1, 2) path."""
    path = np.empty((steps + 1, 2))
    path[0] = phi = np.asarray(phi0, float)
    for k in range(1, steps + 1):
        phi = phi - lr * line_fit_gradient(phi, x, y)
        path[k] = phi
    return path


def nesterov_lookahead(surface, w, v, lr: float, momentum: float) -> dict:
    """One step of classical momentum and one of Nesterov momentum from the point w with velocity v.

    Both first coast: the look-ahead point is ``ahead`` = w + α·v. Classical momentum adds the step of the
    gradient taken at w, Nesterov the step of the gradient taken at the look-ahead point::

        momentum: w + α·v − η·∇f(w)          Nesterov: w + α·v − η·∇f(w + α·v)

    Returns a dict of (x, y) arrays: ``w``, ``ahead``, ``grad_here`` = ∇f(w), ``grad_ahead`` = ∇f(ahead),
    ``momentum_step`` and ``nesterov_step`` (the two new points).
    """
    w, v = np.asarray(w, float), np.asarray(v, float)
    ahead = w + momentum * v
    grad_here, grad_ahead = np.array(surface.grad(*w), float), np.array(surface.grad(*ahead), float)
    return {
        "w": w,
        "ahead": ahead,
        "grad_here": grad_here,
        "grad_ahead": grad_ahead,
        "momentum_step": ahead - lr * grad_here,
        "nesterov_step": ahead - lr * grad_ahead,
    }


def endpoints(paths: dict, decimals: int = 3) -> dict:
    """The last finite point of every path, rounded (to group runs that end in the same minimum)."""
    out = {}
    for name, path in paths.items():
        finite = np.asarray(path)[np.isfinite(path).all(axis=1)]
        out[name] = tuple(round(float(v), decimals) for v in finite[-1]) if len(finite) else None
    return out


# ---------------------------------------------------------------- drawing
def downhill(f, df, x0: float, lr: float, steps: int = 8, ax=None, xlim=(-2.5, 2.5), title: str | None = None):
    """A curve f(x) and the points of gradient descent on it, joined by arrows (step k → k + 1).

    Returns (ax, xs) with xs the visited points (``gd_1d``)."""
    ax = _axes(ax)
    grid = np.linspace(*xlim, 400)
    ax.plot(grid, f(grid), color="0.3", lw=2)
    xs = gd_1d(df, x0, lr, steps)
    xs = xs[np.isfinite(xs)]
    shown = xs[(xs >= xlim[0]) & (xs <= xlim[1])]
    ax.plot(shown, f(shown), "o", color="C3", ms=6, zorder=4, label="visited points")
    for a, b in zip(xs[:-1], xs[1:]):
        if xlim[0] <= a <= xlim[1] and xlim[0] <= b <= xlim[1]:
            ax.annotate("", (b, f(b)), (a, f(a)), arrowprops=dict(arrowstyle="->", color="C3", lw=1.2))
    ax.plot([xs[0]], [f(xs[0])], "s", color="k", ms=7, zorder=5, label="start")
    ax.set_xlim(*xlim)
    return finish_axes(ax, "parameter $w$", "loss $L(w)$", title, title_size=10), xs


def surface_contours(
    surface,
    ax=None,
    n: int = 121,
    levels: int | np.ndarray = 24,
    filled: bool = True,
    log: bool = False,
    mark_minima: bool = True,
):
    """Contour plot of a ``course_nn.surfaces`` surface over its ``bounds``, minima marked with stars.

    ``log=True`` spaces the contour levels on a log scale of (f − min f + 1e-3): useful for surfaces with
    a deep narrow valley (Rosenbrock)."""
    ax = _axes(ax)
    X, Y, Z = surface.grid(n)
    if log:
        Z = np.log10(Z - Z.min() + 1e-3)
    if filled:
        ax.contourf(X, Y, Z, levels=levels, cmap="Greys_r", alpha=0.55)
    ax.contour(X, Y, Z, levels=levels, colors="0.45", linewidths=0.5)
    if mark_minima:
        for k, (mx, my) in enumerate(surface.minima):
            ax.plot(mx, my, "*", ms=14 if k == 0 else 10, color="gold" if k == 0 else "w", mec="k", zorder=6)
    (x0, x1), (y0, y1) = surface.bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    return ax


def path_lines(ax, names, markers: bool = True, labels: dict | None = None, colors: dict | None = None) -> dict:
    """One empty line per optimizer name, in its colour and with its label from ``OPTIMIZER_STYLES``
    (``labels``/``colors`` override; other names get the colour cycle). Returns ``{name: Line2D}``, to be
    filled with ``set_data``."""
    labels, colors = labels or {}, colors or {}
    lines = {}
    for k, name in enumerate(names):
        color = colors.get(name, OPTIMIZER_STYLES.get(name, {}).get("color", f"C{k}"))
        (lines[name],) = ax.plot(
            [],
            [],
            "-",
            marker="o" if markers else None,
            ms=2.5,
            lw=1.5,
            color=color,
            label=labels.get(name, optimizer_label(name)),
        )
    return lines


def trajectories(
    surface,
    paths: dict,
    ax=None,
    title: str | None = None,
    log: bool = False,
    markers: bool = True,
    labels: dict | None = None,
    colors: dict | None = None,
    legend: bool = True,
):
    """Optimizer paths (``{name: (steps + 1, 2) array}``) on the surface's contour plot.

    Each path is one line whose ``label`` is its name's label (or ``labels[name]``); its start is a black
    square. Returns the Axes."""
    ax = surface_contours(surface, ax=ax, log=log)
    for name, line in path_lines(ax, paths, markers, labels, colors).items():
        path = np.asarray(paths[name])
        line.set_data(path[:, 0], path[:, 1])
    starts = {tuple(np.asarray(p)[0]) for p in paths.values()}
    for sx, sy in starts:
        ax.plot(sx, sy, "s", color="k", ms=7, zorder=7)
    if legend and paths:
        ax.legend(fontsize=8, loc="best")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def _arrow(ax, start, end, color, label=None, ls="-"):
    arrowprops = dict(arrowstyle="-|>", color=color, lw=2, ls=ls, mutation_scale=16, shrinkA=0, shrinkB=6)
    ax.annotate("", tuple(end), tuple(start), arrowprops=arrowprops)
    if label:  # an invisible line carries the legend entry
        ax.plot([], [], color=color, lw=2, ls=ls, label=label)


def nesterov_diagram(
    surface, w, v, lr: float, momentum: float, ax=None, window=None, levels: int = 48, title: str | None = None
):
    """The look-ahead of Nesterov momentum on a contour plot (the points of ``nesterov_lookahead``).

    Grey arrow: the coasting part α·v, from w to the look-ahead point. Orange: classical momentum's gradient
    step −η·∇f(w), measured at w but taken from the look-ahead point. Purple: Nesterov's gradient step
    −η·∇f(look-ahead), measured where the step will land. ``window`` = ((x0, x1), (y0, y1)) zooms in; ``levels``
    contour lines cover the whole surface. Returns the Axes."""
    p = nesterov_lookahead(surface, w, v, lr, momentum)
    ax = surface_contours(surface, ax=ax, levels=levels, filled=False, mark_minima=False)
    _arrow(ax, p["w"], p["ahead"], "0.35", r"coast: $\alpha v$")
    _arrow(
        ax, p["ahead"], p["momentum_step"], OPTIMIZERS["momentum"].color, r"momentum: $-\eta\nabla f(w)$, slope at $w$"
    )
    _arrow(
        ax,
        p["ahead"],
        p["nesterov_step"],
        OPTIMIZERS["nesterov"].color,
        r"Nesterov: $-\eta\nabla f(w + \alpha v)$, slope ahead",
    )
    _arrow(ax, p["w"], p["w"] - lr * p["grad_here"], OPTIMIZERS["momentum"].color, ls=":")
    for key, marker, color, text in (
        ("w", "o", "k", "$w$"),
        ("ahead", "o", "w", r"$w + \alpha v$"),
        ("momentum_step", "s", OPTIMIZERS["momentum"].color, "momentum"),
        ("nesterov_step", "s", OPTIMIZERS["nesterov"].color, "Nesterov"),
    ):
        ax.plot(*p[key], marker, color=color, mec="k", ms=8, zorder=6)
        ax.annotate(text, p[key], textcoords="offset points", xytext=(9, -3), fontsize=9)
    if window is not None:
        ax.set_xlim(*window[0])
        ax.set_ylim(*window[1])
    ax.legend(fontsize=8, loc="upper right")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def lr_range_plot(result, ax=None, title: str | None = None):
    """The loss of a learning-rate range test against the learning rate (log axis).

    Grey: the loss of every mini-batch; blue: its moving average, on which the suggestions are read. Red dot:
    steepest descent; black cross: the minimum; green dot: a tenth of the minimum's rate; the dashed line marks
    ``result.suggestion``. ``result`` is what ``course_nn.lr_finder.lr_range_test`` returns. Returns the Axes."""
    ax = _axes(ax, figsize=(6, 3.8))
    lrs, losses = np.asarray(result.lrs), np.asarray(result.losses)
    ax.plot(lrs, result.raw_losses, color="0.75", lw=0.8, label="mini-batch loss")
    ax.plot(lrs, losses, color="C0", lw=2, label="smoothed loss")
    at = lambda lr: float(np.interp(np.log(lr), np.log(lrs), losses))  # noqa: E731
    ax.plot(
        result.steepest_lr,
        at(result.steepest_lr),
        "o",
        color="C3",
        ms=8,
        zorder=5,
        label=f"steepest fall: {result.steepest_lr:.2g}",
    )
    ax.plot(
        result.min_lr, at(result.min_lr), "x", color="k", ms=9, mew=2, zorder=5, label=f"minimum: {result.min_lr:.2g}"
    )
    ax.plot(
        result.min_lr / 10,
        at(result.min_lr / 10),
        "o",
        color="C2",
        ms=8,
        zorder=5,
        label=f"minimum / 10: {result.min_lr / 10:.2g}",
    )
    ax.axvline(result.suggestion, color="C3" if result.rule == "steepest" else "C2", ls="--", lw=1)
    ax.set_xscale("log")
    top = max(float(losses[0]), float(losses.min())) * 1.6
    ax.set_ylim(0, top)
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel("training loss")
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="lower left")
    return ax


def line_fit_surface(x, y, ax=None, phi0_range=(-2.0, 4.0), phi1_range=(-3.0, 6.0), n: int = 121):
    """Filled contours of the line-fit loss L(φ0, φ1) = Σ (φ0 + φ1·x_i − y_i)²; returns the Axes."""
    ax = _axes(ax)
    p0, p1 = np.meshgrid(np.linspace(*phi0_range, n), np.linspace(*phi1_range, n))
    L = line_fit_loss(p0, p1, x, y)
    levels = L.min() + (L.max() - L.min()) * np.linspace(0, 1, 25)[1:] ** 3
    ax.contourf(p0, p1, L, levels=levels, cmap="Greys_r", alpha=0.5)
    ax.contour(p0, p1, L, levels=levels, colors="0.45", linewidths=0.5)
    ax.set_xlabel(r"$\phi_0$ (intercept)")
    ax.set_ylabel(r"$\phi_1$ (slope)")
    return ax


def line_fit_descent(
    x,
    y,
    path,
    axes=None,
    iterations=(0, 1, 2, 5, 10, 20, 50),
    phi0_range=(-2.0, 4.0),
    phi1_range=(-3.0, 6.0),
    solution=None,
):
    """Gradient descent on the line fit, two ways: the loss surface L(φ0, φ1) with the descent path (left),
    and the data with the fitted line after selected iterations (right, darker = earlier).

    Returns the two Axes."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    ax_s, ax_l = axes
    path = np.asarray(path)
    line_fit_surface(x, y, ax_s, phi0_range, phi1_range)
    ax_s.plot(path[:, 0], path[:, 1], "o-", color="C3", ms=3, lw=1.2, label="gradient descent")
    ax_s.plot(*path[0], "s", color="k", ms=7, label="start")
    if solution is not None:
        ax_s.plot(*solution, "*", color="gold", mec="k", ms=15, label="closed form", zorder=6)
    ax_s.set_title("loss surface and descent path", fontsize=10)
    ax_s.legend(fontsize=8, loc="upper right")
    x = np.ravel(x)
    ax_l.scatter(x, np.ravel(y), color="k", s=18, zorder=5, label="data")
    grid = np.linspace(x.min(), x.max(), 2)
    shown = [k for k in iterations if k < len(path)]
    cmap = plt.get_cmap("viridis")
    for n, k in enumerate(shown):
        ax_l.plot(
            grid, path[k, 0] + path[k, 1] * grid, color=cmap(n / max(1, len(shown) - 1)), lw=1.5, label=f"iteration {k}"
        )
    ax_l.set_xlabel("$x$")
    ax_l.set_ylabel("$y$")
    ax_l.set_title("fitted line after each iteration", fontsize=10)
    ax_l.legend(fontsize=7, ncol=2, loc="lower right")
    return axes


def curves(
    values: dict,
    ax=None,
    logy: bool = True,
    xlabel: str = "epoch",
    ylabel: str = "loss",
    styles: dict | None = None,
    title: str | None = None,
):
    """One line per entry of ``{label: sequence}`` against 1, 2, ...; NaN/inf values are left out
    (a diverged run's curve simply ends)."""
    ax = _axes(ax, figsize=(6, 3.8))
    styles = styles or {}
    for label, v in values.items():
        v = np.asarray(v, float)
        v = np.where(np.isfinite(v), v, np.nan)
        ax.plot(np.arange(1, len(v) + 1), v, lw=2, label=str(label), **styles.get(label, {}))
    return finish_axes(ax, xlabel, ylabel, title, logy=logy, legend=True, title_size=10)


def schedule_curves(schedules: dict, steps: int, ax=None, logy: bool = False, title: str | None = None):
    """The learning rate η_t of each schedule (``{label: callable}``) for t = 0 .. steps − 1."""
    ax = _axes(ax, figsize=(6.5, 3.8))
    t = np.arange(steps)
    for label, schedule in schedules.items():
        ax.plot(t, [schedule(int(k)) for k in t], lw=2, label=label)
    return finish_axes(ax, "step $t$", r"learning rate $\eta_t$", title, logy=logy, legend=True, title_size=10)


# ---------------------------------------------------------------- a loss with many minima
class GaborFit:
    """Least-squares fit of the two-parameter Gabor model f(x; φ) = sin(u)·exp(−u²/32), u = φ0 + 0.06·φ1·x,
    to data (x, y): L(φ) = Σ_i (f(x_i; φ) − y_i)², a small model whose loss surface has many local minima
    and saddle points (the textbook picture of a non-convex loss).

    ``loss``, ``grad`` and ``hessian`` accept φ as arrays of shape (..., 2)."""

    window = ((-10.0, 10.0), (2.5, 22.5))

    def __init__(self, x, y):
        self.x, self.y = np.ravel(x).astype(float), np.ravel(y).astype(float)

    @staticmethod
    def model(x, phi):
        """f(x; φ) for φ of shape (..., 2): the model's output at every x (last axis)."""
        phi = np.asarray(phi, float)
        u = phi[..., :1] + 0.06 * phi[..., 1:] * np.ravel(x)
        return np.sin(u) * np.exp(-u * u / 32.0)

    def loss(self, phi):
        r = self.model(self.x, phi) - self.y
        return (r * r).sum(axis=-1)

    def grad(self, phi):
        phi = np.asarray(phi, float)
        u = phi[..., :1] + 0.06 * phi[..., 1:] * self.x
        e = np.exp(-u * u / 32.0)
        r2 = 2.0 * (np.sin(u) * e - self.y)
        du = (np.cos(u) - np.sin(u) * u / 16.0) * e  # d f / d u
        return np.stack([(r2 * du).sum(-1), (r2 * du * 0.06 * self.x).sum(-1)], axis=-1)

    def hessian(self, phi, h: float = 1e-5):
        """By central differences of ``grad`` (symmetrized): shape (..., 2, 2)."""
        phi = np.asarray(phi, float)
        cols = []
        for k in range(2):
            d = np.zeros(2)
            d[k] = h
            cols.append((self.grad(phi + d) - self.grad(phi - d)) / (2 * h))
        H = np.stack(cols, axis=-1)
        return (H + np.swapaxes(H, -1, -2)) / 2

    def critical_points(self, n: int = 25, iterations: int = 40, tol: float = 1e-8):
        """Points with zero gradient inside ``window``, found by Newton's method from an n × n grid of starts.

        Returns (minima, saddles): arrays of shape (k, 2), minima sorted by loss (global first)."""
        (a0, a1), (b0, b1) = self.window
        s0, s1 = np.meshgrid(np.linspace(a0 + 0.5, a1 - 0.5, n), np.linspace(b0 + 0.5, b1 - 0.5, n))
        P = np.c_[s0.ravel(), s1.ravel()]
        with np.errstate(all="ignore"):
            for _ in range(iterations):
                step = np.linalg.solve(self.hessian(P), self.grad(P)[..., None])[..., 0]
                P = P - np.clip(np.nan_to_num(step), -1.0, 1.0)
        ok = (
            (np.linalg.norm(self.grad(P), axis=-1) < tol)
            & (P[:, 0] > a0)
            & (P[:, 0] < a1)
            & (P[:, 1] > b0)
            & (P[:, 1] < b1)
        )
        points = np.unique(np.round(P[ok], 6), axis=0)
        eig = np.linalg.eigvalsh(self.hessian(points)) if len(points) else np.zeros((0, 2))
        minima = points[(eig > 0).all(axis=1)]
        saddles = points[(eig[:, 0] < 0) & (eig[:, 1] > 0)]
        minima = minima[np.argsort(self.loss(minima))]
        return minima, saddles

    def grid(self, n: int = 151):
        """φ0, φ1 and the loss on an n × n grid over ``window``."""
        (a0, a1), (b0, b1) = self.window
        P0, P1 = np.meshgrid(np.linspace(a0, a1, n), np.linspace(b0, b1, n))
        return P0, P1, self.loss(np.stack([P0, P1], axis=-1))


def minima_panels(fit: GaborFit, minima, saddles, axes, n_models: int = 5):
    """Panel (a): the loss surface over (φ0, φ1) with the global minimum (gold star), local minima (cyan
    circles) and saddle points (blue crosses). Next panels: the model at the global and at local minima,
    with its loss. ``axes``: 1 + n_models Axes."""
    ax = axes[0]
    P0, P1, L = fit.grid()
    levels = L.min() + (L.max() - L.min()) * np.linspace(0, 1, 25) ** 1.5
    ax.contourf(P0, P1, L, levels=levels, cmap="viridis")
    ax.plot(minima[1:, 0], minima[1:, 1], "o", color="cyan", mec="k", ms=7, label="local minima")
    ax.plot(*minima[0], "*", color="gold", mec="k", ms=16, label="global minimum")
    ax.plot(saddles[:, 0], saddles[:, 1], "x", color="blue", ms=7, mew=2, label="saddle points")
    ax.set_xlabel(r"$\phi_0$")
    ax.set_ylabel(r"$\phi_1$")
    ax.set_title("(a) loss surface", fontsize=10)
    ax.legend(fontsize=7, loc="lower left", framealpha=0.9)
    xs = np.linspace(fit.x.min() - 1, fit.x.max() + 1, 400)
    for k, ax in enumerate(axes[1 : 1 + n_models]):
        phi = minima[k]
        ax.scatter(fit.x, fit.y, s=12, color="k")
        ax.plot(xs, fit.model(xs, phi).ravel(), color="gold" if k == 0 else "C0", lw=2)
        kind = "global minimum" if k == 0 else "local minimum"
        ax.set_title(f"({chr(98 + k)}) {kind}: loss {float(fit.loss(phi)):.2f}", fontsize=9)
        ax.set_ylim(-1.3, 1.3)
        ax.set_xlabel("$x$")
    return axes
