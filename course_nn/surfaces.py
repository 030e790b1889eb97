"""Two-parameter test surfaces for watching optimizers move.

A real network has thousands of weights, so its loss cannot be drawn. These functions f(x, y) of two
parameters show, on a contour plot, the difficulties a loss surface can have:

- ``Canyon``: a long narrow valley (ill-conditioned), where one learning rate is too large across the
  valley and too small along it (``momentum_for_quadratic`` tunes momentum for it from its curvatures);
- ``Rosenbrock``: a curved, flat-bottomed valley;
- ``Saddle``: a point with zero gradient that is a minimum in one direction and a maximum in the other;
- ``StyblinskiTang``: four minima, only one of them global.

Every surface gives its value and its exact gradient for scalars or whole grids (``surface.grid()``
for contour plots), and ``run_optimizer`` runs any course_nn optimizer on one and returns the path.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, check_int, check_number, check_type
from .layers import Parameter
from .optim import get_optimizer


class Surface:
    """Base class: a function f(x, y), its gradient, and where to look at it.

    Attributes
    ----------
    bounds : ((x_min, x_max), (y_min, y_max))
        A plotting window that shows the interesting part.
    start : (x, y)
        A starting point that shows the surface's difficulty.
    minima : list of (x, y)
        The local minima, the global one first.
    """

    bounds = ((-2.0, 2.0), (-2.0, 2.0))
    start = (1.0, 1.0)
    minima: list = []  # subclasses list theirs

    def value(self, x, y):
        """f(x, y); ``x`` and ``y`` are numbers or arrays of one shape (NaN gives NaN: a diverged path)."""
        raise NotImplementedError

    def grad(self, x, y):
        """(∂f/∂x, ∂f/∂y) at (x, y), each of the shape of ``x``."""
        raise NotImplementedError

    def __call__(self, x, y):
        return self.value(x, y)

    @staticmethod
    def _xy(x, y):
        """x and y checked (real numbers; NaN and infinity allowed, they mark a path that diverged), as floats."""
        return as_array(x, "x", finite=False, empty=True)[()], as_array(y, "y", finite=False, empty=True)[()]

    def grid(self, n: int = 101):
        """Coordinates and values on an n × n grid over ``bounds``: X, Y, Z, each of shape (n, n),
        ready for ``plt.contour(X, Y, Z)``."""
        n = check_int(n, "n", low=2)
        (x0, x1), (y0, y1) = self.bounds
        X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        return X, Y, self.value(X, Y)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


class Canyon(Surface):
    """f = ½(a·x² + b·y²): an elongated bowl, steep across (y) and flat along (x) when b ≫ a.

    Gradient descent is stable only for η < 2/b, and then it crawls along x, shrinking x by the
    factor (1 − η·a) per step. The ratio b/a (the condition number) measures how hard it is; per-weight
    step sizes (RMSProp, Adam) and momentum are the cures. Minimum at (0, 0).
    """

    bounds = ((-5.0, 5.0), (-2.0, 2.0))
    start = (-4.5, 1.5)
    minima = [(0.0, 0.0)]

    def __init__(self, a: float = 1.0, b: float = 20.0):
        self.a, self.b = check_number(a, "a", low=0.0, low_open=True), check_number(b, "b", low=0.0, low_open=True)

    def value(self, x, y):
        x, y = self._xy(x, y)
        return 0.5 * (self.a * x**2 + self.b * y**2)

    def grad(self, x, y):
        x, y = self._xy(x, y)
        return self.a * x, self.b * y

    @property
    def curvatures(self) -> tuple[float, float]:
        """(λ_min, λ_max): the smallest and largest eigenvalue of the Hessian diag(a, b)."""
        return float(min(self.a, self.b)), float(max(self.a, self.b))


def momentum_for_quadratic(lam_min: float, lam_max: float) -> tuple[float, float]:
    """The textbook tuning of momentum (Polyak's heavy ball) for a quadratic with curvatures in [λ_min, λ_max].

    Returns (η, α) = (4 / (√λ_max + √λ_min)², ((√κ − 1) / (√κ + 1))²) with κ = λ_max / λ_min.

    Along a direction of curvature λ the momentum update x ← x + α·(x − x_prev) − η·λ·x multiplies the
    error by the roots r of r² − (1 + α − ηλ)·r + α = 0. While the roots are complex, |r| = √α for
    every λ; they are complex exactly when (1 − √α)² < ηλ < (1 + √α)². Putting λ_min and λ_max on the two
    ends of that interval gives the η and α above and the rate √α = (√κ − 1)/(√κ + 1) per step, against
    (κ − 1)/(κ + 1) for gradient descent at its best rate 2/(λ_min + λ_max).
    """
    lam_min = check_number(lam_min, "lam_min", low=0.0, low_open=True)
    lam_max = check_number(lam_max, "lam_max", low=lam_min)
    root_kappa = np.sqrt(lam_max / lam_min)
    lr = 4.0 / (np.sqrt(lam_max) + np.sqrt(lam_min)) ** 2
    momentum = ((root_kappa - 1.0) / (root_kappa + 1.0)) ** 2
    return float(lr), float(momentum)


class Rosenbrock(Surface):
    """f = (a − x)² + b·(y − x²)²: a curved valley along y = x² with a nearly flat floor.

    Finding the valley is easy; following its bend to the minimum at (a, a²) is slow.
    """

    bounds = ((-2.0, 2.0), (-1.0, 3.0))
    start = (-1.2, 1.0)

    def __init__(self, a: float = 1.0, b: float = 100.0):
        self.a, self.b = check_number(a, "a"), check_number(b, "b", low=0.0, low_open=True)

    @property
    def minima(self):
        return [(self.a, self.a**2)]

    def value(self, x, y):
        x, y = self._xy(x, y)
        return (self.a - x) ** 2 + self.b * (y - x**2) ** 2

    def grad(self, x, y):
        x, y = self._xy(x, y)
        valley = y - x**2
        return -2.0 * (self.a - x) - 4.0 * self.b * x * valley, 2.0 * self.b * valley


class Saddle(Surface):
    """f = x² + ¼y⁴ − y²: a saddle point at (0, 0) between two minima at (0, ±√2), f = −1.

    Along x the origin is a minimum, along y a maximum, and the gradient there is 0. A path that
    starts with y near 0 slows down near the saddle before it slides off to a minimum; one that
    starts with y exactly 0 never leaves the line y = 0.
    """

    bounds = ((-2.0, 2.0), (-2.0, 2.0))
    start = (1.5, 0.01)
    minima = [(0.0, float(np.sqrt(2.0))), (0.0, -float(np.sqrt(2.0)))]

    def value(self, x, y):
        x, y = self._xy(x, y)
        return x**2 + 0.25 * y**4 - y**2

    def grad(self, x, y):
        x, y = self._xy(x, y)
        return 2.0 * x, y**3 - 2.0 * y


class StyblinskiTang(Surface):
    """f = ½·Σ (u⁴ − 16u² + 5u) over u = x, y: four minima, one global.

    Each coordinate has a deep minimum at u ≈ −2.9035 and a shallower one at u ≈ 2.7468, so the
    global minimum is (−2.9035, −2.9035) with f ≈ −78.33 and the other three are local minima that
    gradient descent gets stuck in, depending on where it starts.
    """

    bounds = ((-5.0, 5.0), (-5.0, 5.0))
    start = (4.0, 4.0)

    @property
    def minima(self):
        deep, _, shallow = np.sort(np.roots([2.0, 0.0, -16.0, 2.5]).real)  # f'(u) = 2u³ − 16u + 2.5 = 0
        deep, shallow = float(deep), float(shallow)
        return [(deep, deep), (deep, shallow), (shallow, deep), (shallow, shallow)]

    def value(self, x, y):
        x, y = self._xy(x, y)
        return 0.5 * (x**4 - 16 * x**2 + 5 * x + y**4 - 16 * y**2 + 5 * y)

    def grad(self, x, y):
        x, y = self._xy(x, y)
        return 2 * x**3 - 16 * x + 2.5, 2 * y**3 - 16 * y + 2.5


SURFACES = {"canyon": Canyon, "rosenbrock": Rosenbrock, "saddle": Saddle, "styblinski_tang": StyblinskiTang}


DIVERGED = 1e6  # a run whose point leaves |x|, |y| < DIVERGED has diverged


def run_optimizer(
    surface: Surface, optimizer="sgd", start=None, steps: int = 100, lr: float = 0.01, **kwargs
) -> np.ndarray:
    """Run an optimizer on a surface and return the points it visits.

    Parameters
    ----------
    surface : Surface
    optimizer : str or callable, default "sgd"
        A name for ``course_nn.optim.get_optimizer`` (``"sgd"``, ``"momentum"``, ``"nesterov"``,
        ``"rmsprop"``, ``"adam"``), or a class or function called as ``optimizer(params, lr=lr, **kwargs)``
        such as ``Adam``.
    start : (x, y), optional
        Starting point; ``surface.start`` by default.
    steps : int >= 0
        Number of optimizer steps.
    lr : float or schedule
        Learning rate.
    **kwargs
        Passed to the optimizer (``momentum=0.5``, ``rho=0.99``, ...).

    Returns
    -------
    path : ndarray of shape (steps + 1, 2)
        ``path[0]`` is the start and ``path[k]`` the point after k steps. If the run diverges (a
        coordinate leaves the box |x|, |y| < ``DIVERGED`` = 1e6, or becomes NaN), the remaining rows
        are NaN.

    Examples
    --------
    >>> path = run_optimizer(Canyon(), "momentum", steps=50, lr=0.05)
    >>> path.shape
    (51, 2)
    """
    check_type(surface, "surface", Surface, "Fix: pass a surface such as Canyon().")
    steps = check_int(steps, "steps", low=0)
    start = as_array(surface.start if start is None else start, "start", ndim=1)
    if start.shape != (2,):
        raise ValueError(f"start: expected a point (x, y), got shape {start.shape}.")
    point = Parameter(start.copy(), name="xy")
    if isinstance(optimizer, str):
        opt = get_optimizer(optimizer, [point], lr=lr, **kwargs)
    elif callable(optimizer):
        opt = optimizer([point], lr=lr, **kwargs)
    else:
        raise TypeError(
            f"optimizer: expected a name such as 'adam' or an optimizer class such as Adam, got "
            f"{type(optimizer).__name__} ({optimizer!r:.60})."
        )
    path = np.full((steps + 1, 2), np.nan)
    path[0] = point.value
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            point.grad[...] = surface.grad(*point.value)  # may be huge once the run diverges: checked below
            opt.step()
            if not (np.abs(point.value) < DIVERGED).all():  # also False for NaN
                break
            path[k] = point.value
    return path
