"""The slides' worked examples reproduced through the public API (curriculum.md §2a and §2b)."""

import numpy as np
import pytest

from course_nn import MSE, SGD, BinaryCrossEntropy, Dense, ReLU, Sequential, Sigmoid
from course_nn.data import logic_gate

# ---------------------------------------------------------------- §2a: the XOR 2-2-1 network


def xor_net(grad_at_zero):
    return Sequential(
        [
            Dense(2, 2, init=np.array([[0.1, 0.2], [0.3, 0.4]])),
            ReLU(grad_at_zero=grad_at_zero),
            Dense(2, 1, init=np.array([[0.5], [0.6]])),
            Sigmoid(),
        ]
    )


def test_slide_printed_values_batch_one():
    """Example (3/6)-(5/6): the slide's printed numbers at its printed precision (ReLU'(0) = 1)."""
    X, y = logic_gate("XOR")
    model = xor_net(grad_at_zero=1.0)
    a2 = model.forward(X[:2], training=True)
    np.testing.assert_array_equal(model.layers[0].x, X[:2])
    np.testing.assert_allclose(model.layers[1].forward(model.layers[0].forward(X[:2])), [[0, 0], [0.3, 0.4]])
    np.testing.assert_allclose(a2.ravel(), [0.5, 0.596], atol=5e-4)
    per_sample = BinaryCrossEntropy(reduction="sum")
    assert [round(per_sample(a2[i : i + 1], y[i : i + 1]), 2) for i in range(2)] == [0.69, 0.52]
    loss = BinaryCrossEntropy(reduction="sum")  # per-sample deltas a2 - y, as the slide prints them
    loss(a2, y[:2])
    delta2 = loss.backward() * a2 * (1 - a2)
    np.testing.assert_allclose(delta2.ravel(), [0.5, -0.404], atol=5e-4)
    delta1 = model.layers[2].backward(delta2)
    delta1 = model.layers[1].backward(delta1)
    np.testing.assert_allclose(delta1[0], [0.25, 0.30], atol=1e-12)  # only with ReLU'(0) = 1
    assert round(delta1[1, 0], 3) == -0.202
    assert round(delta1[1, 1], 4) == -0.2422  # the slide prints -0.2424 from the rounded -0.404 (ER23)


RUN_A = [  # (per-sample BCE, batch mean BCE, W1, b1, W2, b2) after each update, ReLU'(0) = 1
    (
        [0.693147, 0.517040],
        0.605094,
        [0.100000, 0.200000, 0.310093, 0.412112],
        [-0.002407, -0.002888],
        [0.506056, 0.608074],
        -0.004814,
    ),
    (
        [0.614307, 1.019468],
        0.816888,
        [0.095440, 0.194520, 0.293919, 0.392677],
        [-0.006967, -0.008368],
        [0.495266, 0.593127],
        -0.013826,
    ),
    (
        [0.686258, 0.530809],
        0.608534,
        [0.095440, 0.194520, 0.304118, 0.404892],
        [0.003232, 0.003846],
        [0.501175, 0.601041],
        -0.018059,
    ),
    (
        [0.620671, 1.003206],
        0.811938,
        [0.091158, 0.189385, 0.288249, 0.385860],
        [-0.001050, -0.001289],
        [0.490702, 0.586525],
        -0.026603,
    ),
    (
        [0.679934, 0.537575],
        0.608755,
        [0.091158, 0.189385, 0.298451, 0.398055],
        [0.009152, 0.010906],
        [0.496673, 0.594521],
        -0.030479,
    ),
    (
        [0.626330, 0.988647],
        0.807489,
        [0.087123, 0.184555, 0.282858, 0.379389],
        [0.005118, 0.006076],
        [0.486488, 0.580397],
        -0.038602,
    ),
]
RUN_B = [  # the same with ReLU'(0) = 0
    (
        [0.693147, 0.517040],
        0.605094,
        [0.100000, 0.200000, 0.310093, 0.412112],
        [0.010093, 0.012112],
        [0.506056, 0.608074],
        -0.004814,
    ),
    (
        [0.607247, 1.029369],
        0.818308,
        [0.095253, 0.194296, 0.293829, 0.392569],
        [0.005346, 0.006407],
        [0.495057, 0.592840],
        -0.014195,
    ),
    (
        [0.689280, 0.524982],
        0.607131,
        [0.095253, 0.194296, 0.303939, 0.404676],
        [0.003127, 0.003751],
        [0.501034, 0.600828],
        -0.018676,
    ),
    (
        [0.621139, 1.002345],
        0.811742,
        [0.090986, 0.189179, 0.288082, 0.385660],
        [-0.001140, -0.001366],
        [0.490576, 0.586334],
        -0.027192,
    ),
    (
        [0.679644, 0.537986],
        0.608815,
        [0.090986, 0.189179, 0.298288, 0.397858],
        [0.009066, 0.010832],
        [0.496546, 0.594329],
        -0.031048,
    ),
    (
        [0.626756, 0.987876],
        0.807316,
        [0.086965, 0.184367, 0.282705, 0.379207],
        [0.005045, 0.006019],
        [0.486375, 0.580224],
        -0.039146,
    ),
]
END_OF_EPOCH = {  # predictions on 00, 01, 10, 11 and full-data mean BCE after epochs 1, 2, 3
    1.0: [
        ([0.496544, 0.588129, 0.535043, 0.626886], 0.707086),
        ([0.493350, 0.584163, 0.531940, 0.621447], 0.705033),
        ([0.491854, 0.580595, 0.529195, 0.616500], 0.703875),
    ],
    0.0: [
        ([0.498062, 0.591566, 0.538571, 0.630132], 0.706927),
        ([0.493202, 0.583923, 0.531709, 0.621156], 0.704980),
        ([0.491701, 0.580378, 0.528985, 0.616235], 0.703820),
    ],
}


@pytest.mark.parametrize("grad_at_zero, table", [(1.0, RUN_A), (0.0, RUN_B)], ids=["run_A", "run_B"])
def test_xor_six_updates(grad_at_zero, table):
    """Batch 2 in order (rows 0-1, then 2-3), mean BCE, lr 0.1, three epochs: every value to 6 decimals."""
    X, y = logic_gate("XOR")
    model = xor_net(grad_at_zero)
    loss, opt = BinaryCrossEntropy(), SGD(model.parameters(), lr=0.1)
    W1, W2 = model.layers[0], model.layers[2]
    for update, (per_sample, mean, w1, b1, w2, b2) in enumerate(table):
        rows = slice(0, 2) if update % 2 == 0 else slice(2, 4)
        out = model.forward(X[rows], training=True)
        each = [BinaryCrossEntropy()(out[i : i + 1], y[rows][i : i + 1]) for i in range(2)]
        assert np.round(each, 6).tolist() == per_sample
        assert round(loss(out, y[rows]), 6) == mean
        opt.zero_grad()
        model.backward(loss.backward())
        opt.step()
        np.testing.assert_allclose(W1.W.value.ravel(), w1, atol=5e-7)
        np.testing.assert_allclose(W1.b.value, b1, atol=5e-7)
        np.testing.assert_allclose(W2.W.value.ravel(), w2, atol=5e-7)
        assert W2.b.value[0] == pytest.approx(b2, abs=5e-7)
        if update % 2 == 1:
            preds, full_loss = END_OF_EPOCH[grad_at_zero][update // 2]
            np.testing.assert_allclose(model.forward(X).ravel(), preds, atol=5e-7)
            assert round(loss(model.forward(X), y), 6) == full_loss


@pytest.mark.parametrize(
    "grad_at_zero, W1, b1, W2, b2, bce",
    [
        (
            1.0,
            [0.075268, 0.170346, 0.266347, 0.359440],
            [0.011582, 0.013628],
            [0.472172, 0.560132],
            -0.072072,
            0.700602,
        ),
        (
            0.0,
            [0.074718, 0.169688, 0.265828, 0.358823],
            [0.011469, 0.013609],
            [0.471828, 0.559594],
            -0.073926,
            0.700464,
        ),
    ],
)
def test_xor_summed_batch_gradient(grad_at_zero, W1, b1, W2, b2, bce):
    """Side note of §2a: the summed (not averaged) batch gradient, via fit with reduction='sum'."""
    X, y = logic_gate("XOR")
    model = xor_net(grad_at_zero)
    model.fit(
        X, y, loss=BinaryCrossEntropy(reduction="sum"), lr=0.1, epochs=3, batch_size=2, shuffle=False, verbose=False
    )
    np.testing.assert_allclose(model.layers[0].W.value.ravel(), W1, atol=5e-7)
    np.testing.assert_allclose(model.layers[0].b.value, b1, atol=5e-7)
    np.testing.assert_allclose(model.layers[2].W.value.ravel(), W2, atol=5e-7)
    assert model.layers[2].b.value[0] == pytest.approx(b2, abs=5e-7)
    assert round(BinaryCrossEntropy()(model.forward(X), y), 6) == bce


def test_xor_initial_predictions_are_worse_than_the_baseline():
    X, y = logic_gate("XOR")
    out = xor_net(1.0).forward(X)
    np.testing.assert_allclose(out.ravel(), [0.5, 0.596283, 0.542398, 0.636453], atol=5e-7)
    assert round(BinaryCrossEntropy()(out, y), 6) == 0.708447 > round(np.log(2), 6)


# ---------------------------------------------------------------- §2b: the 2-3-1 regression network

X_EXPENSE = np.array([[1, 0.875], [0.25, 1], [0.75, 0.25]])
T_EXPENSE = np.array([1, 0.4, 0.6])


def regression_net():
    state = np.random.get_state()
    np.random.seed(0)  # the slide's own seed: reproduces its W1 = randn(2, 3), W2 = randn(3, 1)
    W1, W2 = np.random.randn(2, 3), np.random.randn(3, 1)
    np.random.set_state(state)
    return Sequential([Dense(2, 3, init=W1, bias=False), Sigmoid(), Dense(3, 1, init=W2, bias=False), Sigmoid()])


def test_regression_first_pass_and_gradients():
    model = regression_net()
    np.testing.assert_allclose(
        model.layers[0].W.value, [[1.764052, 0.400157, 0.978738], [2.240893, 1.867558, -0.977278]], atol=5e-7
    )
    np.testing.assert_allclose(model.layers[2].W.value.ravel(), [0.950088, -0.151357, -0.103219], atol=5e-7)
    f = model.forward(X_EXPENSE, training=True)
    np.testing.assert_allclose(
        model.layers[2].x,
        [[0.976451, 0.884349, 0.530866], [0.935950, 0.877353, 0.324626], [0.867985, 0.682873, 0.620044]],
        atol=5e-7,
    )
    np.testing.assert_allclose(f.ravel(), [0.676792, 0.673253, 0.658655], atol=5e-7)
    loss = MSE(reduction="sum", half=True)
    assert round(loss(f, T_EXPENSE), 6) == 0.091286
    assert round(MSE(half=True)(f, T_EXPENSE), 6) == 0.030429  # the (1/2N) form
    delta3 = model.layers[3].backward(loss.backward())
    np.testing.assert_allclose(delta3.ravel(), [-0.070700, 0.060111, 0.013187], atol=5e-7)
    delta2 = model.layers[1].backward(model.layers[2].backward(delta3))
    np.testing.assert_allclose(
        delta2,
        [[-0.001545, 0.001094, 0.001817], [0.003424, -0.000979, -0.001360], [0.001436, -0.000432, -0.000321]],
        atol=5e-7,
    )
    model.layers[0].backward(delta2)
    np.testing.assert_allclose(model.layers[2].W.grad.ravel(), [-0.001328, -0.000780, -0.009842], atol=5e-7)
    np.testing.assert_allclose(
        model.layers[0].W.grad, [[0.000388, 0.000526, 0.001237], [0.002431, -0.000129, 0.000150]], atol=5e-7
    )


@pytest.mark.parametrize(
    "lr, losses, f_end",
    [
        (0.1, [0.091275, 0.091185, 0.090460, 0.082255, 0.049571], [0.7763, 0.4519, 0.8154]),
        (0.5, [0.091233, 0.090844, 0.087462, 0.049576, 0.011110], [0.8644, 0.4224, 0.6577]),
        (1.0, [0.091182, 0.090459, 0.082295, 0.044744, 0.000742], [0.9618, 0.4027, 0.6043]),
        (2.0, [0.091086, 0.089721, 0.066327, 0.027708, 0.000195], [0.9803, 0.4008, 0.6011]),
    ],
)
def test_regression_5000_steps(lr, losses, f_end):
    """Full-batch GD on ½Σ(f - t)²: loss after 1, 10, 100, 1000 and 5000 updates."""
    model = regression_net()
    loss = MSE(reduction="sum", half=True)
    history = model.fit(
        X_EXPENSE, T_EXPENSE, loss=loss, lr=lr, epochs=5000, batch_size=None, shuffle=False, verbose=False
    )
    after = [loss(model.forward(X_EXPENSE), T_EXPENSE)]
    recorded = history["loss"]  # loss before each update; after update k it is recorded at index k
    got = [recorded[1], recorded[10], recorded[100], recorded[1000]] + after
    # 1e-6, not exact rounding: curriculum.md prints 0.049576 for lr 0.5 after 1000 updates, where the
    # value is 0.04957547 (it was rounded twice); every other entry agrees to the last printed digit.
    np.testing.assert_allclose(got, losses, atol=1e-6, rtol=0)
    np.testing.assert_allclose(model.forward(X_EXPENSE).ravel(), f_end, atol=5e-5)


@pytest.mark.parametrize("lr, loss_half_sum", [(0.1, 0.071670), (0.5, 0.046154), (1.0, 0.036693), (2.0, 0.002671)])
def test_regression_with_the_mean_form(lr, loss_half_sum):
    """ER46: the (1/2N) loss divides the gradient by N = 3, so a fixed lr and budget end elsewhere."""
    model = regression_net()
    model.fit(
        X_EXPENSE, T_EXPENSE, loss=MSE(half=True), lr=lr, epochs=5000, batch_size=None, shuffle=False, verbose=False
    )
    assert round(MSE(reduction="sum", half=True)(model.forward(X_EXPENSE), T_EXPENSE), 6) == loss_half_sum
