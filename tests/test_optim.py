"""Optimizers: golden values worked out by hand from the slides' pseudocode, properties, bad input."""

import subprocess
import sys

import numpy as np
import pytest

from course_nn.layers import Dense, Parameter
from course_nn.model import Sequential
from course_nn.optim import SGD, Adam, RMSProp, get_optimizer
from course_nn.schedules import InverseTimeDecay
from course_nn.training import TrainingDiverged, fit

GRADS = [1.0, 2.0, -1.0]  # the fixed gradient sequence g1, g2, g3 of the golden tests; w starts at 1


def weights_after_each_step(make_opt, grads, w0=1.0):
    """Feed ``grads`` to a fresh optimizer one step at a time; the weights after each step, (steps, n)."""
    p = Parameter(np.atleast_1d(np.array(w0, dtype=float)))
    opt = make_opt([p])
    path = []
    for g in grads:
        p.grad = g
        opt.step()
        path.append(p.value.copy())
    return np.array(path)


# ------------------------------------------------------------------ golden values (η = 0.1, α = 0.9)
def test_sgd_golden():
    # w ← w − η·g
    # w1 = 1   − 0.1·1    = 0.9
    # w2 = 0.9 − 0.1·2    = 0.7
    # w3 = 0.7 − 0.1·(−1) = 0.8
    w = weights_after_each_step(lambda p: SGD(p, lr=0.1), GRADS)
    np.testing.assert_allclose(w[:, 0], [0.9, 0.7, 0.8], rtol=1e-14)


def test_momentum_golden():
    # v ← α·v − η·g ; w ← w + v
    # v1 = 0.9·0       − 0.1·1    = −0.1   ; w1 = 1    − 0.1   = 0.9
    # v2 = 0.9·(−0.1)  − 0.1·2    = −0.29  ; w2 = 0.9  − 0.29  = 0.61
    # v3 = 0.9·(−0.29) − 0.1·(−1) = −0.161 ; w3 = 0.61 − 0.161 = 0.449
    w = weights_after_each_step(lambda p: SGD(p, lr=0.1, momentum=0.9), GRADS)
    np.testing.assert_allclose(w[:, 0], [0.9, 0.61, 0.449], rtol=1e-14)


def test_nesterov_golden():
    # v ← α·v − η·g ; w ← w + α·v − η·g   (v as in the momentum test)
    # w1 = 1     + 0.9·(−0.1)   − 0.1·1    = 0.81
    # w2 = 0.81  + 0.9·(−0.29)  − 0.1·2    = 0.349
    # w3 = 0.349 + 0.9·(−0.161) − 0.1·(−1) = 0.3041
    w = weights_after_each_step(lambda p: SGD(p, lr=0.1, momentum=0.9, nesterov=True), GRADS)
    np.testing.assert_allclose(w[:, 0], [0.81, 0.349, 0.3041], rtol=1e-14)


def test_time_decay_golden():
    # Keras-legacy decay as a schedule: η_t = η / (1 + decay·t), t = steps taken so far; η = 0.1, decay = 0.5
    # η0 = 0.1/1 = 0.1 ; η1 = 0.1/1.5 = 1/15 ; η2 = 0.1/2 = 0.05
    # w1 = 1   − 0.1·1       = 0.9
    # w2 = 0.9 − (1/15)·2    = 0.9 − 0.1333… = 0.7666…
    # w3 = 0.7666… − 0.05·(−1) = 0.8166…
    opt_w = weights_after_each_step(lambda p: SGD(p, lr=InverseTimeDecay(0.1, decay=0.5)), GRADS)
    np.testing.assert_allclose(opt_w[:, 0], [0.9, 0.9 - 2 / 15, 0.9 - 2 / 15 + 0.05], rtol=1e-14)


def test_time_decay_with_momentum_golden():
    # Keras-legacy SGD: the slide's v ← α·v − η_t·g with the decayed η_t (η0 = 0.1, η1 = 1/15, η2 = 0.05)
    # v1 = −0.1                                   ; w1 = 0.9
    # v2 = 0.9·(−0.1) − (1/15)·2 = −0.09 − 0.1333… = −0.2233… ; w2 = 0.9 − 0.2233… = 0.6766…
    # v3 = 0.9·(−0.2233…) − 0.05·(−1) = −0.201 + 0.05 = −0.151 ; w3 = 0.6766… − 0.151 = 0.5256…
    w = weights_after_each_step(lambda p: SGD(p, lr=InverseTimeDecay(0.1, decay=0.5), momentum=0.9), GRADS)
    np.testing.assert_allclose(w[:, 0], [0.9, 0.9 - 0.09 - 2 / 15, 0.9 - 0.09 - 2 / 15 - 0.151], rtol=1e-14)


# RMSProp: η = 0.01, ρ = 0.9, ε = 1e-7. Two weights, both starting at 1: weight A gets g = 1, 2, −1
# (g² ≫ ε, the placement of ε hardly matters); weight B gets g = 1e-3 three times (g² ~ ε, it matters).
RMS_GRADS = [[1.0, 1e-3], [2.0, 1e-3], [-1.0, 1e-3]]


def test_rmsprop_golden_eps_inside():
    # r ← ρ·r + (1 − ρ)·g² ; w ← w − η·g / √(r + ε)
    # A: r1 = 0.1             ; w1 = 1 − 0.01·1/√0.1000001 = 1 − 0.0316227607903 = 0.968377239210
    #    r2 = 0.09 + 0.4 = 0.49 ; w2 = w1 − 0.01·2/√0.4900001 = w1 − 0.0285714256560 = 0.939805813554
    #    r3 = 0.441 + 0.1 = 0.541 ; w3 = w2 + 0.01/√0.5410001 = w2 + 0.0135956923098 = 0.953401505863
    # B: r1 = 1e-7            ; w1 = 1 − 1e-5/√2e-7   = 1 − 0.0223606797750 = 0.977639320225
    #    r2 = 1.9e-7          ; w2 = w1 − 1e-5/√2.9e-7 = w1 − 0.0185695338177 = 0.959069786407
    #    r3 = 2.71e-7         ; w3 = w2 − 1e-5/√3.71e-7 = w2 − 0.0164177275826 = 0.942652058825
    w = weights_after_each_step(lambda p: RMSProp(p, lr=0.01, rho=0.9, eps=1e-7), RMS_GRADS, w0=[1.0, 1.0])
    np.testing.assert_allclose(w[:, 0], [0.968377239210, 0.939805813554, 0.953401505863], rtol=1e-11)
    np.testing.assert_allclose(w[:, 1], [0.977639320225, 0.959069786407, 0.942652058825], rtol=1e-11)


def test_rmsprop_golden_eps_outside():
    # w ← w − η·g / (√r + ε), same r as above
    # A: w1 = 1 − 0.01/(0.316227766017 + 1e-7) = 1 − 0.0316227666017 = 0.968377233398
    #    w2 = w1 − 0.02/(0.7 + 1e-7)           = w1 − 0.0285714244898 = 0.939805808909
    #    w3 = w2 + 0.01/(0.735527021937 + 1e-7) = w2 + 0.0135956917179 = 0.953401500626
    # B: w1 = 1 − 1e-5/(3.16227766017e-4 + 1e-7) = 1 − 0.0316127797630 = 0.968387220237
    #    w2 = w1 − 1e-5/(4.35889894354e-4 + 1e-7) = w1 − 0.0229363114363 = 0.945450908801
    #    w3 = w2 − 1e-5/(5.20576603393e-4 + 1e-7) = w2 − 0.0192057794317 = 0.926245129369
    w = weights_after_each_step(
        lambda p: RMSProp(p, lr=0.01, rho=0.9, eps=1e-7, eps_placement="outside"), RMS_GRADS, w0=[1.0, 1.0]
    )
    np.testing.assert_allclose(w[:, 0], [0.968377233398, 0.939805808909, 0.953401500626], rtol=1e-11)
    np.testing.assert_allclose(w[:, 1], [0.968387220237, 0.945450908801, 0.926245129369], rtol=1e-11)


def test_adam_golden():
    # η = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8
    # t ← t + 1 ; s ← β1·s + (1 − β1)·g ; r ← β2·r + (1 − β2)·g² ; w ← w − η·ŝ/(√r̂ + ε)
    # t=1: s = 0.1 ; r = 0.001 ; ŝ = 0.1/0.1 = 1 ; r̂ = 0.001/0.001 = 1
    #      w1 = 1 − 0.1·1/(1 + 1e-8) = 1 − 0.099999999 = 0.900000001
    # t=2: s = 0.09 + 0.2 = 0.29 ; r = 0.000999 + 0.004 = 0.004999
    #      ŝ = 0.29/0.19 = 1.526315789474 ; r̂ = 0.004999/0.001999 = 2.500750375188, √r̂ = 1.581376101750
    #      w2 = w1 − 0.1·1.526315789474/1.581376111750 = w1 − 0.096518201972 = 0.803481799028
    # t=3: s = 0.261 − 0.1 = 0.161 ; r = 0.004994001 + 0.001 = 0.005994001
    #      ŝ = 0.161/0.271 = 0.594095940959 ; r̂ = 0.005994001/0.002997001 = 1.999999666333, √r̂ = 1.414213444404
    #      w3 = w2 − 0.1·0.594095940959/1.414213454404 = w2 − 0.042008930060 = 0.761472868968
    w = weights_after_each_step(lambda p: Adam(p, lr=0.1), GRADS)
    np.testing.assert_allclose(w[:, 0], [0.900000001, 0.803481799028, 0.761472868968], rtol=1e-11)


# ------------------------------------------------------------------ properties
def test_momentum_zero_is_plain_sgd():
    rng = np.random.default_rng(0)
    grads = rng.normal(size=(20, 5))
    w = weights_after_each_step(lambda p: SGD(p, lr=0.3, momentum=0.0), grads, w0=np.ones(5))
    expected, w_hand = [], np.ones(5)
    for g in grads:
        w_hand = w_hand - 0.3 * g
        expected.append(w_hand)
    np.testing.assert_array_equal(w, expected)


@pytest.mark.parametrize("alpha, factor", [(0.5, 2.0), (0.9, 10.0), (0.99, 100.0)])
def test_momentum_terminal_step_is_step_over_one_minus_alpha(alpha, factor):
    # curriculum §2f: with a constant gradient the step grows to η·g/(1 − α)
    w = weights_after_each_step(lambda p: SGD(p, lr=0.01, momentum=alpha), [2.0] * 5000)
    assert w[-2, 0] - w[-1, 0] == pytest.approx(factor * 0.01 * 2.0, rel=1e-12)


@pytest.mark.parametrize("rho, factor", [(0.9, 3.16227766), (0.99, 10.0)])
def test_rmsprop_first_step_without_bias_correction(rho, factor):
    # r = (1 − ρ)·g² after one step, so the first step is η/√(1 − ρ) in size (curriculum §2f)
    w = weights_after_each_step(lambda p: RMSProp(p, lr=0.01, rho=rho), [[-3.0, 5.0]], w0=[0.0, 0.0])
    np.testing.assert_allclose(w[0], [factor * 0.01, -factor * 0.01], rtol=1e-6)


@pytest.mark.parametrize(
    "g, inside, outside", [(1e-2, "0.9995", "1.0"), (1e-4, "0.3015", "0.999"), (1e-6, "0.0032", "0.909")]
)
def test_rmsprop_eps_placement_ratios(g, inside, outside):
    # curriculum §2f: g/√(r + 1e-7) vs g/(√r + 1e-7) with r = g², to the printed digits.
    # ρ = 0 makes r = g² after one step, and η = 1 makes the step equal to the ratio.
    for placement, printed in (("inside", inside), ("outside", outside)):
        w = weights_after_each_step(
            lambda p: RMSProp(p, lr=1.0, rho=0.0, eps=1e-7, eps_placement=placement),  # noqa: B023 (called at once)
            [g],
            w0=0.0,
        )
        assert round(-w[0, 0], len(printed.split(".")[1])) == float(printed)


def test_adam_first_step_is_lr_times_sign():
    rng = np.random.default_rng(1)
    g = rng.uniform(0.1, 10.0, size=50) * rng.choice([-1.0, 1.0], size=50)
    w = weights_after_each_step(lambda p: Adam(p, lr=0.01), [g], w0=np.zeros(50))
    np.testing.assert_allclose(w[0], -0.01 * np.sign(g), rtol=1e-7)


def test_adam_first_step_slide_number():
    # curriculum §2f: g = 0.3, η = 0.01 → step η·g/(|g| + ε) = 0.0099999967, which needs ε = 1e-7:
    # 0.01·0.3/(0.3 + 1e-7) = 0.01·(1 − 3.33e-7). With the default ε = 1e-8 it is 0.0099999996667.
    w = weights_after_each_step(lambda p: Adam(p, lr=0.01, eps=1e-7), [0.3], w0=0.0)
    assert -w[0, 0] == pytest.approx(0.0099999967, abs=1e-10)
    w = weights_after_each_step(lambda p: Adam(p, lr=0.01), [0.3], w0=0.0)
    assert -w[0, 0] == pytest.approx(0.0099999996667, abs=1e-13)


@pytest.mark.parametrize(
    "make_opt, state",
    [
        (lambda p: SGD(p, lr=0.1, momentum=0.9), ["v"]),
        (lambda p: RMSProp(p, lr=0.1), ["r"]),
        (lambda p: Adam(p, lr=0.1), ["s", "r"]),
    ],
)
def test_state_lives_in_the_optimizer_and_is_updated_in_place(make_opt, state):
    layer = Dense(3, 2, rng=0)
    opt = make_opt(layer.parameters())
    arrays = {name: list(getattr(opt, name)) for name in state}  # one array per parameter
    for _ in range(3):
        layer.W.grad, layer.b.grad = np.ones((3, 2)), np.ones(2)
        opt.step()
    for name, per_param in arrays.items():
        assert [a.shape for a in per_param] == [(3, 2), (2,)]
        assert all(now is a for now, a in zip(getattr(opt, name), per_param))  # updated in place
        assert all(np.all(a != 0) for a in per_param)
    assert opt.t == 3
    assert set(vars(layer.W)) == set(vars(Parameter([0.0])))  # nothing stored on the parameters


def test_optimizer_moves_the_layers_own_arrays():
    layer = Dense(2, 1, init=[[1.0], [2.0]])
    opt = SGD(layer.parameters(), lr=0.5)
    layer.W.grad = [[1.0], [-1.0]]
    layer.b.grad = [4.0]
    opt.step()
    np.testing.assert_array_equal(layer.W.value, [[0.5], [2.5]])
    np.testing.assert_array_equal(layer.b.value, [-2.0])
    opt.zero_grad()
    assert not layer.W.grad.any() and not layer.b.grad.any()


def test_schedule_is_called_with_steps_taken():
    seen = []
    opt = SGD([Parameter([0.0])], lr=lambda t: seen.append(t) or 0.1)
    for _ in range(3):
        opt.step()
    assert seen == [0, 1, 2]


def test_get_optimizer_names():
    p = [Parameter([1.0])]
    assert repr(get_optimizer("momentum", p, lr=0.1)) == "SGD(lr=0.1, momentum=0.9, nesterov=False)"
    assert get_optimizer("nesterov", p, lr=0.1, momentum=0.5).momentum == 0.5
    assert isinstance(get_optimizer("adam", p, lr=0.1), Adam)
    with pytest.raises(ValueError, match=r"optimizer: unknown option 'adagrad'; expected one of \['adam', "):
        get_optimizer("adagrad", p, lr=0.1)


def test_diverging_run_stops_with_a_hint():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3))
    y = X @ [1.0, -2.0, 0.5] + 0.1 * rng.normal(size=64)
    model = Sequential([Dense(3, 1, rng=0)])
    with pytest.raises(TrainingDiverged, match=r"try a smaller learning rate \(lr=10 now; try lr=1\)"):
        fit(model, X, y, loss="mse", lr=10, epochs=100, batch_size=8, rng=0, verbose=False)


# ------------------------------------------------------------------ bad input
P = [Parameter([1.0])]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: SGD(P, lr=-0.1), r"lr: expected a value in \(0.0, inf[\])], got -0.1"),
        (lambda: SGD(P, lr=0), r"lr: expected a value in \(0.0, inf[\])], got 0"),
        (lambda: Adam(P, lr=-1e-3), r"lr: expected a value in \(0.0, inf[\])], got -0.001"),
        (lambda: SGD(P, lr=0.1, momentum=1.0), r"momentum: expected a value in \[0.0, 1.0\), got 1.0"),
        (lambda: SGD(P, lr=0.1, momentum=-0.5), r"momentum: expected a value in \[0.0, 1.0\), got -0.5"),
        (lambda: SGD(P, lr=0.1, nesterov=True), r"nesterov: Nesterov momentum needs momentum > 0, got momentum=0"),
        (lambda: RMSProp(P, lr=0.1, rho=1.0), r"rho: expected a value in \[0.0, 1.0\), got 1.0"),
        (lambda: RMSProp(P, lr=0.1, eps=0.0), r"eps: expected a value in \(0.0, inf[\])], got 0.0"),
        (
            lambda: RMSProp(P, lr=0.1, eps_placement="after"),
            r"eps_placement: unknown option 'after'; expected one of \['inside', 'outside'\]",
        ),
        (lambda: Adam(P, beta1=1.0), r"beta1: expected a value in \[0.0, 1.0\), got 1.0"),
        (lambda: Adam(P, beta2=-0.1), r"beta2: expected a value in \[0.0, 1.0\), got -0.1"),
    ],
)
def test_bad_arguments_are_named_with_expected_and_given(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_nesterov_must_be_a_bool():
    with pytest.raises(TypeError, match="nesterov: expected True or False, got 'False'"):
        SGD(P, lr=0.1, momentum=0.9, nesterov="False")  # the Keras example's string 'False'


def test_importing_the_modules_loads_numpy_only():
    code = (
        "import sys, course_nn.optim, course_nn.schedules, course_nn.regularization, course_nn.surfaces; "
        "print(sorted(m for m in ('torch', 'pandas', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
