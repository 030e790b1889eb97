"""PyTorch as the oracle: optimizers, L2 and schedules give torch.optim's numbers in float64.

A small MLP is built twice, in course_nn and as a torch ``nn.Sequential`` with the same weights
(torch's Linear stores W transposed: ``weight = W.T``), and both are trained for 200 steps on the same
mini-batches. The weights must agree to rtol 1e-9.
"""

import numpy as np
import pytest
from oracles import require

from course_nn.activations import ReLU, Tanh
from course_nn.callbacks import ReduceLROnPlateau
from course_nn.layers import Dense
from course_nn.losses import CrossEntropy
from course_nn.model import Sequential
from course_nn.optim import SGD, Adam, AdamW, RMSProp, clip_grad_norm
from course_nn.regularization import L2
from course_nn.schedules import CosineDecay, ExponentialDecay, InverseTimeDecay, StepDecay, Warmup

STEPS, BATCH = 200, 16


@pytest.fixture(scope="module")
def torch():
    torch = require("torch")
    torch.set_num_threads(1)
    return torch


def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 4))
    y = rng.integers(0, 3, size=64)
    batches = [rng.choice(64, size=BATCH, replace=False) for _ in range(STEPS)]
    return X, y, batches


def our_mlp():
    return Sequential([Dense(4, 8, rng=1), ReLU(), Dense(8, 8, rng=2), Tanh(), Dense(8, 3, rng=3)])


def torch_twin(torch, model):
    """The torch copy of ``model``, float64, same weights."""
    nn = torch.nn
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3)).double()
    with torch.no_grad():
        for ours, theirs in zip([m for m in model.layers if isinstance(m, Dense)], net[::2]):
            theirs.weight.copy_(torch.from_numpy(ours.W.value.T))
            theirs.bias.copy_(torch.from_numpy(ours.b.value))
    return net


def train_ours(make_opt, penalty=None, clip=None, norms=None):
    """200 steps; ``clip`` clips the gradients to that global norm (their norms before clipping go to ``norms``)."""
    X, y, batches = data()
    model = our_mlp()
    opt, loss = make_opt(model.parameters()), CrossEntropy()
    for idx in batches:
        loss(model.forward(X[idx], training=True), y[idx])
        opt.zero_grad()
        model.backward(loss.backward())
        if penalty is not None:
            penalty.backward(model.parameters())
        if clip is not None:
            norms.append(clip_grad_norm(model.parameters(), clip))
        opt.step()
    return [p.value for p in model.parameters()]


def train_torch(torch, make_opt, make_scheduler=None, weight_decay=0.0, clip=None):
    """``make_opt(param_groups)``; with ``weight_decay`` only the weights (not the biases) decay; ``clip``
    clips the gradients with ``torch.nn.utils.clip_grad_norm_``."""
    X, y, batches = data()
    net = torch_twin(torch, our_mlp())
    weights = [m.weight for m in net[::2]]
    biases = [m.bias for m in net[::2]]
    opt = make_opt([{"params": weights, "weight_decay": weight_decay}, {"params": biases, "weight_decay": 0.0}])
    scheduler = make_scheduler(opt) if make_scheduler else None
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    criterion = torch.nn.CrossEntropyLoss()
    for idx in batches:
        i = torch.from_numpy(idx)
        opt.zero_grad()
        criterion(net(Xt[i]), yt[i]).backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(net.parameters(), clip)
        opt.step()
        if scheduler is not None:
            scheduler.step()
    # back to our order and layout: W (n_in, n_out) then b, layer by layer
    return [a for m in net[::2] for a in (m.weight.detach().numpy().T, m.bias.detach().numpy())]


def max_rel_deviation(ours, theirs):
    return max(float(np.max(np.abs(a - b) / np.abs(b))) for a, b in zip(ours, theirs))


def assert_same_weights(ours, theirs):
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=0)
    assert max(np.max(np.abs(a - a0)) for a, a0 in zip(ours, [p.value for p in our_mlp().parameters()])) > 1e-2


OPTIMIZERS = {
    "sgd": (lambda p: SGD(p, lr=0.1), lambda t, g: t.optim.SGD(g, lr=0.1)),
    "momentum": (lambda p: SGD(p, lr=0.05, momentum=0.9), lambda t, g: t.optim.SGD(g, lr=0.05, momentum=0.9)),
    "nesterov": (
        lambda p: SGD(p, lr=0.05, momentum=0.9, nesterov=True),
        lambda t, g: t.optim.SGD(g, lr=0.05, momentum=0.9, nesterov=True),
    ),
    "rmsprop": (
        lambda p: RMSProp(p, lr=0.003, rho=0.9, eps=1e-7, eps_placement="outside"),
        lambda t, g: t.optim.RMSprop(g, lr=0.003, alpha=0.9, eps=1e-7),
    ),
    "adam": (lambda p: Adam(p, lr=0.01), lambda t, g: t.optim.Adam(g, lr=0.01, betas=(0.9, 0.999), eps=1e-8)),
}


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_optimizer_matches_torch(torch, name):
    ours, theirs = OPTIMIZERS[name]
    assert_same_weights(train_ours(ours), train_torch(torch, lambda g: theirs(torch, g)))


def test_rmsprop_eps_inside_is_not_torchs(torch):
    # the slide's ε inside the root is another optimizer than torch's RMSprop: the weights drift apart
    ours = train_ours(lambda p: RMSProp(p, lr=0.003, rho=0.9, eps=1e-7, eps_placement="inside"))
    theirs = train_torch(torch, lambda g: OPTIMIZERS["rmsprop"][1](torch, g))
    assert max_rel_deviation(ours, theirs) > 1e-6


# L2: torch's weight_decay=λ adds λ·w to the gradient, which is our L2(λ, half=True), (λ/2)Σw²,
# or equally L2(λ/2), λ'Σw² with λ' = λ/2.
@pytest.mark.parametrize(
    "ours, penalty, theirs",
    [
        (
            lambda p: SGD(p, lr=0.05, momentum=0.9),
            L2(0.01, half=True),
            lambda t, g: t.optim.SGD(g, lr=0.05, momentum=0.9),
        ),
        (lambda p: SGD(p, lr=0.05, momentum=0.9), L2(0.005), lambda t, g: t.optim.SGD(g, lr=0.05, momentum=0.9)),
        (lambda p: Adam(p, lr=0.01), L2(0.01, half=True), lambda t, g: t.optim.Adam(g, lr=0.01)),
    ],
)
def test_l2_matches_torch_weight_decay(torch, ours, penalty, theirs):
    assert_same_weights(train_ours(ours, penalty), train_torch(torch, lambda g: theirs(torch, g), weight_decay=0.01))


@pytest.mark.parametrize("weight_decay", [0.01, 0.5])
def test_adamw_matches_torch_with_biases_excluded(torch, weight_decay):
    ours = train_ours(lambda p: AdamW(p, lr=0.01, weight_decay=weight_decay))
    theirs = train_torch(torch, lambda g: torch.optim.AdamW(g, lr=0.01), weight_decay=weight_decay)
    assert_same_weights(ours, theirs)
    # and decoupled decay is not Adam + L2: the weights differ
    assert max_rel_deviation(train_ours(lambda p: Adam(p, lr=0.01), L2(weight_decay, half=True)), theirs) > 1e-4


@pytest.mark.parametrize("make_opt", [lambda p: SGD(p, lr=0.2, momentum=0.9), lambda p: Adam(p, lr=0.01)])
def test_clip_grad_norm_matches_torch(torch, make_opt):
    norms = []
    ours = train_ours(make_opt, clip=0.5, norms=norms)
    assert sum(n > 0.5 for n in norms) > 20 and sum(n < 0.5 for n in norms) > 0  # clipped sometimes, not always
    theirs = train_torch(torch, lambda g: make_opt_torch(torch, make_opt, g), clip=0.5)
    assert_same_weights(ours, theirs)


def make_opt_torch(torch, make_opt, groups):
    """torch's twin of one of our optimizers (SGD with momentum or Adam), from its settings."""
    ours = make_opt([p for p in our_mlp().parameters()])
    if isinstance(ours, Adam):
        return torch.optim.Adam(groups, lr=ours.lr)
    return torch.optim.SGD(groups, lr=ours.lr, momentum=ours.momentum)


# ------------------------------------------------------------------ schedules
SCHEDULES = {
    "step": (
        StepDecay(0.1, drop=0.5, every=30),
        lambda t, opt: t.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.5),
    ),
    "exponential": (
        ExponentialDecay(0.1, gamma=0.99),
        lambda t, opt: t.optim.lr_scheduler.ExponentialLR(opt, gamma=0.99),
    ),
    "cosine": (
        CosineDecay(0.1, t_max=STEPS, lr_min=0.001),
        lambda t, opt: t.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=STEPS, eta_min=0.001),
    ),
    "inverse_time": (
        InverseTimeDecay(0.1, decay=0.05),
        lambda t, opt: t.optim.lr_scheduler.LambdaLR(opt, lambda step: 1 / (1 + 0.05 * step)),
    ),
    "warmup": (
        Warmup(CosineDecay(0.1, t_max=STEPS), steps=20),
        lambda t, opt: t.optim.lr_scheduler.LambdaLR(
            opt, lambda step: min(1, (step + 1) / 20) * (1 + np.cos(np.pi * min(step, STEPS) / STEPS)) / 2
        ),
    ),
}


@pytest.mark.parametrize("name", SCHEDULES)
def test_schedule_values_match_torch(torch, name):
    schedule, make_scheduler = SCHEDULES[name]
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler = make_scheduler(torch, opt)
    theirs = []
    for _ in range(STEPS + 1):
        theirs.append(scheduler.get_last_lr()[0])
        opt.step()
        scheduler.step()
    np.testing.assert_allclose([schedule(t) for t in range(STEPS + 1)], theirs, rtol=1e-12)


@pytest.mark.parametrize(
    "name, ours, theirs",
    [
        ("step", SGD, lambda t: t.optim.SGD),
        ("inverse_time", SGD, lambda t: t.optim.SGD),
        ("cosine", Adam, lambda t: t.optim.Adam),
        (
            "exponential",
            lambda p, lr: RMSProp(p, lr, eps_placement="outside"),
            lambda t: lambda g, lr: t.optim.RMSprop(g, lr, alpha=0.9, eps=1e-7),
        ),
    ],
)
def test_training_with_a_schedule_matches_torch(torch, name, ours, theirs):
    # plain SGD, RMSProp and Adam apply η at the end of the step, so with any schedule they give torch's
    # weights (momentum does not: see the SGD docstring)
    schedule, make_scheduler = SCHEDULES[name]
    assert_same_weights(
        train_ours(lambda p: ours(p, lr=schedule)),
        train_torch(torch, lambda g: theirs(torch)(g, lr=0.1), lambda opt: make_scheduler(torch, opt)),
    )


def test_keras_decay_as_a_schedule_matches_torch_lambda_lr(torch):
    ours = train_ours(lambda p: SGD(p, lr=InverseTimeDecay(0.1, decay=0.05)))
    theirs = train_torch(
        torch,
        lambda g: torch.optim.SGD(g, lr=0.1),
        lambda opt: torch.optim.lr_scheduler.LambdaLR(opt, lambda t: 1 / (1 + 0.05 * t)),
    )
    assert_same_weights(ours, theirs)


@pytest.mark.parametrize("min_delta", [0.0, 0.05])
def test_reduce_lr_on_plateau_matches_torch(torch, min_delta):
    # ours with patience p = torch's with patience p − 1 (torch waits for more than `patience` bad epochs)
    curve = np.random.default_rng(0).uniform(0.5, 1.0, size=60).cumsum() / np.arange(1, 61) ** 1.2
    ours = SGD(Dense(2, 1, rng=0).parameters(), lr=0.1)
    cb = ReduceLROnPlateau(factor=0.5, patience=3, min_delta=min_delta, min_lr=0.004)
    cb.optimizer = ours
    cb.on_train_begin()
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
        opt, factor=0.5, patience=2, threshold=min_delta, threshold_mode="abs", min_lr=0.004
    )
    ours_lr, theirs_lr = [], []
    for epoch, value in enumerate(curve, start=1):
        cb.on_epoch_end(epoch, {"val_loss": float(value)})
        scheduler.step(float(value))
        ours_lr.append(ours.current_lr())
        theirs_lr.append(opt.param_groups[0]["lr"])
    np.testing.assert_allclose(ours_lr, theirs_lr, rtol=1e-12)
    assert len(set(theirs_lr)) >= 3  # the curve really has plateaus
