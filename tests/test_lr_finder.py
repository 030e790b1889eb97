"""The learning-rate range test (course_nn.lr_finder) and its plot."""

import numpy as np
import pytest

from course_nn import MSE, SGD, Adam, CrossEntropy, Dense, ReLU, Sequential
from course_nn.lr_finder import ExponentialRange, lr_range_test, suggest
from course_nn.plots.optimizers import lr_range_plot

rng = np.random.default_rng(0)
X_LIN = rng.normal(size=(64, 3)) * np.array([1.0, 2.0, 0.5])  # a badly scaled linear regression
Y_LIN = X_LIN @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=64)
X_CLS = np.random.default_rng(1).normal(size=(120, 4))
Y_CLS = (X_CLS[:, 0] + X_CLS[:, 1] > 0).astype(int) + (X_CLS[:, 2] > 1).astype(int)


def linear():
    return Sequential([Dense(3, 1, init=np.zeros((3, 1)))], task="regression")


def classifier(seed=0):
    return Sequential([Dense(4, 16, rng=seed), ReLU(), Dense(16, 3, rng=seed + 1)], task="multiclass")


def test_exponential_range_goes_from_lr_min_to_lr_max_by_a_constant_factor():
    schedule = ExponentialRange(1e-4, 1.0, 5)
    lrs = np.array([schedule(t) for t in range(5)])
    np.testing.assert_allclose(lrs, [1e-4, 1e-3, 1e-2, 1e-1, 1.0])


def test_the_callers_model_and_its_weights_are_left_alone():
    model = classifier()
    before = {k: v.copy() for k, v in model.state_dict().items()}
    lr_range_test(model, X_CLS, Y_CLS, CrossEntropy(), "adam", steps=50, batch_size=16, rng=0)
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[key])
    assert all(not p.grad.any() for p in model.parameters())


def test_deterministic_for_a_seed_and_rates_grow_exponentially():
    a = lr_range_test(
        classifier(), X_CLS, Y_CLS, CrossEntropy(), "sgd", lr_min=1e-4, lr_max=1e2, steps=60, batch_size=16, rng=3
    )
    b = lr_range_test(
        classifier(), X_CLS, Y_CLS, CrossEntropy(), "sgd", lr_min=1e-4, lr_max=1e2, steps=60, batch_size=16, rng=3
    )
    np.testing.assert_array_equal(a.raw_losses, b.raw_losses)
    assert a.suggestion == b.suggestion
    ratios = a.lrs[1:] / a.lrs[:-1]
    np.testing.assert_allclose(ratios, (1e2 / 1e-4) ** (1 / 59))
    assert a.lrs[0] == pytest.approx(1e-4)


def test_smoothed_loss_is_the_bias_corrected_moving_average():
    res = lr_range_test(
        classifier(), X_CLS, Y_CLS, CrossEntropy(), "sgd", lr_max=1e-2, steps=30, beta=0.9, batch_size=16, rng=0
    )
    m, expected = 0.0, []
    for t, v in enumerate(res.raw_losses, start=1):
        m = 0.9 * m + 0.1 * v
        expected.append(m / (1 - 0.9**t))
    np.testing.assert_allclose(res.losses, expected, rtol=1e-12)
    assert res.losses[0] == pytest.approx(res.raw_losses[0], rel=1e-14)


def test_stops_where_gradient_descent_becomes_unstable():
    # Full-batch gradient descent on the mean squared error diverges for lr > 2 / λ_max of its Hessian 2XᵀX/N.
    limit = 2 / np.linalg.eigvalsh(2 * X_LIN.T @ X_LIN / len(X_LIN)).max()
    res = lr_range_test(
        linear(), X_LIN, Y_LIN, MSE(), "sgd", lr_min=1e-4, lr_max=10.0, steps=200, batch_size=64, beta=0.5, rng=0
    )
    assert res.diverged and len(res.lrs) < 200
    assert limit < res.lrs[-1] < 10 * limit  # it blew up beyond the limit (an error takes steps to grow)
    assert limit < res.min_lr < res.lrs[-1]  # so even the minimum lies beyond it:
    assert res.min_lr / 10 < limit  # both rules stay below it
    assert res.steepest_lr < limit


def test_a_range_that_stays_stable_runs_all_steps_and_suggests_inside_it():
    res = lr_range_test(linear(), X_LIN, Y_LIN, MSE(), "sgd", lr_min=1e-5, lr_max=1e-2, steps=80, batch_size=16, rng=0)
    assert not res.diverged and len(res.lrs) == 80
    assert 1e-5 <= res.steepest_lr <= res.min_lr <= 1e-2


def test_both_rules_and_their_relation():
    kwargs = dict(lr_min=1e-4, lr_max=1e2, steps=120, batch_size=16, rng=1)
    steep = lr_range_test(classifier(), X_CLS, Y_CLS, CrossEntropy(), "sgd", rule="steepest", **kwargs)
    tenth = lr_range_test(classifier(), X_CLS, Y_CLS, CrossEntropy(), "sgd", rule="min/10", **kwargs)
    assert steep.suggestion == steep.steepest_lr
    assert tenth.suggestion == pytest.approx(tenth.min_lr / 10)
    assert steep.steepest_lr == tenth.steepest_lr  # same run, only the rule differs
    assert steep.steepest_lr <= steep.min_lr


def test_suggest_reads_the_steepest_fall_before_the_minimum():
    lrs = np.logspace(-4, 0, 41)
    losses = 2.0 - np.tanh(np.log10(lrs) + 2.0) + 3.0 * (lrs > 0.5)  # falls fastest at 1e-2, jumps at 0.5
    steepest, lowest = suggest(lrs, losses)
    assert steepest == pytest.approx(1e-2)
    assert lowest == pytest.approx(lrs[lrs <= 0.5][-1])
    flat = suggest(lrs, np.linspace(1.0, 2.0, 41))  # rising from the start: nothing to read
    assert flat == (lrs[0], lrs[0])


@pytest.mark.parametrize(
    "lrs, losses, message",
    [
        ([], [], r"^lrs: expected at least one value, got an empty array of shape \(0,\)"),
        ([1e-3, 1e-2, 1e-1], [1.0, 2.0], r"^losses: expected one loss per learning rate of lrs \(3\), got 2. Fix:"),
        ([1e-3, 1e-2], [1.0, 2.0, 3.0], r"^losses: expected one loss per learning rate of lrs \(2\), got 3"),
        ([1e-3, 1e-2, 1e-1], [1.0, np.nan, 0.5], r"^losses: contains 1 NaN or infinite value"),
        ([1e-1, 1e-2, 1e-3], [1.0, 0.5, 0.2], r"^lrs: expected increasing learning rates > 0 .*, not increasing"),
        ([0.0, 1e-2, 1e-1], [1.0, 0.5, 0.2], r"^lrs: expected increasing learning rates > 0 .*from 0 to 0.1"),
        ([[1e-3, 1e-2]], [[1.0, 0.5]], r"^lrs: expected a 1-D array, got shape \(1, 2\)"),
    ],
)
def test_suggest_checks_its_arrays(lrs, losses, message):
    with pytest.raises(ValueError, match=message):
        suggest(lrs, losses)


def test_optimizer_factories_and_names():
    by_name = lr_range_test(classifier(), X_CLS, Y_CLS, CrossEntropy(), "adam", steps=40, batch_size=16, rng=0)
    by_class = lr_range_test(classifier(), X_CLS, Y_CLS, CrossEntropy(), Adam, steps=40, batch_size=16, rng=0)
    np.testing.assert_array_equal(by_name.raw_losses, by_class.raw_losses)
    heavy = lr_range_test(
        classifier(),
        X_CLS,
        Y_CLS,
        CrossEntropy(),
        lambda params, lr: SGD(params, lr, momentum=0.9),
        steps=40,
        batch_size=16,
        rng=0,
    )
    plain = lr_range_test(classifier(), X_CLS, Y_CLS, CrossEntropy(), "sgd", steps=40, batch_size=16, rng=0)
    assert not np.array_equal(heavy.raw_losses, plain.raw_losses)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(lr_min=1.0, lr_max=0.1), ValueError, "lr_max: expected a rate larger than lr_min"),
        (dict(lr_min=0.0), ValueError, "lr_min"),
        (dict(steps=3), ValueError, "steps"),
        (dict(beta=1.0), ValueError, "beta"),
        (dict(diverge=1.0), ValueError, "diverge"),
        (dict(rule="valley"), ValueError, "rule: unknown option"),
        (dict(optimizer=3), TypeError, "optimizer: expected a name"),
        (dict(optimizer=lambda params, lr: None), TypeError, "must return an Optimizer"),
    ],
)
def test_bad_input(kwargs, error, message):
    kwargs = {"optimizer": "sgd", **kwargs}
    with pytest.raises(error, match=message):
        lr_range_test(classifier(), X_CLS, Y_CLS, CrossEntropy(), **kwargs)


def test_an_optimizer_object_is_refused_with_the_fix():
    model = classifier()
    with pytest.raises(TypeError, match="optimizer=cn.Adam"):
        lr_range_test(model, X_CLS, Y_CLS, CrossEntropy(), Adam(model.parameters()))


def test_a_model_that_explodes_at_once_asks_for_a_smaller_start():
    with pytest.raises(ValueError, match="smaller lr_min"):
        lr_range_test(linear(), X_LIN * 1e3, Y_LIN, MSE(), "sgd", lr_min=10.0, lr_max=100.0, steps=50, batch_size=64)


def test_plot_shows_both_curves_and_the_three_marks():
    res = lr_range_test(
        classifier(), X_CLS, Y_CLS, CrossEntropy(), "sgd", lr_min=1e-4, lr_max=1e2, steps=80, batch_size=16, rng=0
    )
    ax = lr_range_plot(res, title="t")
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_array_equal(lines["smoothed loss"].get_ydata(), res.losses)
    np.testing.assert_array_equal(lines["mini-batch loss"].get_xdata(), res.lrs)
    assert lines[f"steepest fall: {res.steepest_lr:.2g}"].get_xdata()[0] == res.steepest_lr
    assert lines[f"minimum: {res.min_lr:.2g}"].get_xdata()[0] == res.min_lr
    assert lines[f"minimum / 10: {res.min_lr / 10:.2g}"].get_xdata()[0] == pytest.approx(res.min_lr / 10)
    assert ax.get_xscale() == "log"
    vertical = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert vertical[0].get_xdata()[0] == res.suggestion
