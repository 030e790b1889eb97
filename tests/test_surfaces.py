"""2-D test surfaces and run_optimizer."""

import numpy as np
import pytest

from course_nn.gradcheck import numerical_gradient, rel_error
from course_nn.optim import SGD, Adam, RMSProp
from course_nn.schedules import StepDecay
from course_nn.surfaces import SURFACES, Canyon, Rosenbrock, Saddle, StyblinskiTang, run_optimizer

ALL = [Canyon(), Canyon(a=0.5, b=50.0), Rosenbrock(), Rosenbrock(a=2.0, b=10.0), Saddle(), StyblinskiTang()]


@pytest.mark.parametrize("surface", ALL, ids=repr)
def test_gradient_matches_finite_differences(surface):
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = surface.bounds
    for _ in range(10):
        point = np.array([rng.uniform(x0, x1), rng.uniform(y0, y1)])
        numeric = numerical_gradient(lambda: surface(*point), point)  # noqa: B023 (called at once)
        assert rel_error(surface.grad(*point), numeric) < 1e-7


@pytest.mark.parametrize("surface", ALL, ids=repr)
def test_grid_is_vectorized(surface):
    X, Y, Z = surface.grid(n=7)
    assert X.shape == Y.shape == Z.shape == (7, 7)
    np.testing.assert_array_equal(Z, [[surface(x, y) for x, y in zip(xr, yr)] for xr, yr in zip(X, Y)])
    gx, gy = surface.grad(X, Y)
    assert gx.shape == gy.shape == (7, 7)
    np.testing.assert_array_equal(gx[2, 3], surface.grad(X[2, 3], Y[2, 3])[0])


@pytest.mark.parametrize("surface", ALL, ids=repr)
def test_minima_have_zero_gradient_and_the_first_is_lowest(surface):
    for x, y in surface.minima:
        np.testing.assert_allclose(surface.grad(x, y), 0.0, atol=1e-12)
    values = [surface(x, y) for x, y in surface.minima]
    assert values[0] == min(values)


def test_known_minimum_values():
    assert Rosenbrock(a=2.0).minima == [(2.0, 4.0)]
    assert Saddle()(*Saddle().minima[0]) == pytest.approx(-1.0, rel=1e-15)
    assert Saddle().grad(0.0, 0.0) == (0.0, 0.0)  # the saddle point
    st = StyblinskiTang()
    assert st(*st.minima[0]) == pytest.approx(-78.33233, abs=1e-5)  # the textbook global minimum
    assert st.minima[0][0] == pytest.approx(-2.903534, abs=1e-6)


def test_sgd_on_the_canyon_follows_the_closed_form():
    # ∇f = (a·x, b·y), so one GD step multiplies x by (1 − η·a) and y by (1 − η·b)
    path = run_optimizer(Canyon(a=1.0, b=20.0), "sgd", start=(-4.5, 1.5), steps=30, lr=0.09)
    k = np.arange(31)
    np.testing.assert_allclose(path[:, 0], -4.5 * 0.91**k, rtol=1e-13)
    np.testing.assert_allclose(path[:, 1], 1.5 * (-0.8) ** k, rtol=1e-12)


def test_path_shape_start_and_determinism():
    path = run_optimizer(Rosenbrock(), "adam", steps=50, lr=0.05)
    assert path.shape == (51, 2)
    np.testing.assert_array_equal(path[0], Rosenbrock.start)
    np.testing.assert_array_equal(path, run_optimizer(Rosenbrock(), "adam", steps=50, lr=0.05))
    assert run_optimizer(Canyon(), "sgd", steps=0).shape == (1, 2)


def test_names_and_factories_give_the_same_path():
    s = Canyon()
    np.testing.assert_array_equal(
        run_optimizer(s, "momentum", steps=40, lr=0.02), run_optimizer(s, SGD, steps=40, lr=0.02, momentum=0.9)
    )
    np.testing.assert_array_equal(
        run_optimizer(s, "rmsprop", steps=40, lr=0.02, rho=0.99), run_optimizer(s, RMSProp, steps=40, lr=0.02, rho=0.99)
    )


def test_any_optimizer_and_a_schedule():
    path = run_optimizer(Canyon(), Adam, steps=20, lr=StepDecay(0.5, drop=0.5, every=5), beta1=0.8)
    assert np.isfinite(path).all()
    # Adam's first step is about lr·sign(g) in each coordinate: (−4.5, 1.5) → (−4.0, 1.0)
    np.testing.assert_allclose(path[1], [-4.0, 1.0], atol=1e-7)


def test_momentum_crosses_the_canyon_floor_faster_than_sgd():
    s = Canyon()
    dist = {name: np.linalg.norm(run_optimizer(s, name, steps=100, lr=0.02)[-1]) for name in ("sgd", "momentum")}
    assert dist["momentum"] < 0.1 * dist["sgd"]


def test_saddle_is_a_trap_only_on_its_axis():
    on_axis = run_optimizer(Saddle(), "sgd", start=(1.5, 0.0), steps=300, lr=0.05)
    np.testing.assert_allclose(on_axis[-1], [0.0, 0.0], atol=1e-12)  # stuck at the saddle
    off_axis = run_optimizer(Saddle(), "sgd", start=(1.5, 0.01), steps=300, lr=0.05)
    np.testing.assert_allclose(off_axis[-1], Saddle().minima[0], atol=1e-6)  # slides off to a minimum


@pytest.mark.parametrize("start, minimum", [((4.0, 4.0), 3), ((-4.0, 4.0), 1), ((-4.0, -4.0), 0)])
def test_gradient_descent_ends_in_the_nearest_minimum(start, minimum):
    s = StyblinskiTang()
    path = run_optimizer(s, "sgd", start=start, steps=500, lr=0.01)
    np.testing.assert_allclose(path[-1], s.minima[minimum], atol=1e-8)


def test_a_diverging_run_ends_in_nan_rows_without_warnings():
    path = run_optimizer(Rosenbrock(), "sgd", steps=50, lr=1.0)  # RuntimeWarnings would fail the test
    finite = np.isfinite(path).all(axis=1)
    assert finite[0] and not finite[-1]
    first_bad = np.argmin(finite)
    assert finite[:first_bad].all() and np.isnan(path[first_bad:]).all()


def test_surfaces_by_name():
    assert set(SURFACES) == {"canyon", "rosenbrock", "saddle", "styblinski_tang"}
    assert repr(SURFACES["canyon"]()) == "Canyon(a=1.0, b=20.0)"


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"start": (1.0, 2.0, 3.0)}, ValueError, r"start: expected a point \(x, y\), got shape \(3,\)"),
        ({"steps": -1}, ValueError, r"steps: expected an int >= 0, got -1"),
        ({"optimizer": "adagrad"}, ValueError, r"optimizer: unknown option 'adagrad'"),
        ({"lr": -0.1}, ValueError, r"lr: expected a value in \(0.0, inf[\])], got -0.1"),
    ],
)
def test_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        run_optimizer(Canyon(), **kwargs)


def test_a_run_that_blows_up_without_overflowing_is_cut_at_the_box():
    """On the canyon at lr 0.3 plain gradient descent grows geometrically (to ~1e141, still finite):
    the path must end in NaN rows once it leaves |x|, |y| < DIVERGED, with no overflow warning."""
    import warnings

    from course_nn.surfaces import DIVERGED, Canyon, run_optimizer

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = run_optimizer(Canyon(), "sgd", steps=300, lr=0.3)
    finite = np.isfinite(path).all(axis=1)
    assert finite[0] and not finite[-1]
    assert (np.abs(path[finite]) < DIVERGED).all()
    assert not finite[np.argmin(finite) :].any()  # once cut, it stays cut


def test_momentum_tuning_for_the_canyon_has_the_textbook_values():
    from course_nn.surfaces import momentum_for_quadratic

    canyon = Canyon()
    assert canyon.curvatures == (1.0, 20.0)
    lr, alpha = momentum_for_quadratic(*canyon.curvatures)
    assert lr == pytest.approx(4 / (np.sqrt(20) + 1) ** 2) and lr == pytest.approx(0.13358, abs=1e-5)
    assert alpha == pytest.approx(((np.sqrt(20) - 1) / (np.sqrt(20) + 1)) ** 2)
    assert alpha == pytest.approx(0.40261, abs=1e-5)
    assert lr > 2 / 20  # beyond gradient descent's own stability limit 2/λ_max


@pytest.mark.parametrize("lam_min, lam_max", [(1.0, 20.0), (0.5, 50.0), (2.0, 2.0)])
def test_momentum_tuning_gives_every_curvature_the_rate_sqrt_alpha(lam_min, lam_max):
    from course_nn.surfaces import momentum_for_quadratic

    lr, alpha = momentum_for_quadratic(lam_min, lam_max)
    for lam in np.linspace(lam_min, lam_max, 7):  # roots of r² − (1 + α − ηλ) r + α = 0
        roots = np.roots([1.0, -(1 + alpha - lr * lam), alpha])
        np.testing.assert_allclose(np.abs(roots), np.sqrt(alpha), rtol=1e-6, atol=1e-7)
    kappa = lam_max / lam_min
    assert np.sqrt(alpha) == pytest.approx((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1))


def test_tuned_momentum_beats_the_best_gradient_descent_on_the_canyon():
    from course_nn.surfaces import momentum_for_quadratic

    canyon = Canyon()
    lr, alpha = momentum_for_quadratic(*canyon.curvatures)
    heavy = run_optimizer(canyon, "momentum", steps=30, lr=lr, momentum=alpha)
    best_gd = run_optimizer(canyon, "sgd", steps=60, lr=2 / 21)  # gradient descent's best rate
    assert canyon(*heavy[-1]) < 1e-7 < 1e-4 < canyon(*best_gd[-1])
    assert np.isnan(run_optimizer(canyon, "sgd", steps=60, lr=lr)[-1]).all()  # the same η alone diverges


def test_momentum_tuning_bad_input():
    from course_nn.surfaces import momentum_for_quadratic

    with pytest.raises(ValueError, match="lam_min"):
        momentum_for_quadratic(0.0, 1.0)
    with pytest.raises(ValueError, match="lam_max"):
        momentum_for_quadratic(2.0, 1.0)
