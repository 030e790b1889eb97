"""Every array has one owner: a parameter owns its value and gradient, an optimizer its state.

So copies, pickles and state_dict round trips of a trained model train exactly like the original, two
optimizers can share a model, and a failed load leaves the model as it was.
"""

import copy
import pickle

import numpy as np
import pytest

from course_nn import (
    SGD,
    Adam,
    AdamW,
    CrossEntropy,
    Dense,
    Dropout,
    Parameter,
    ReLU,
    RMSProp,
    Sequential,
    fit,
    train_step,
)
from course_nn.layers import Layer

X = np.random.default_rng(0).normal(size=(40, 4))
Y = np.random.default_rng(1).integers(0, 3, size=40)


def net(seed=0):
    return Sequential([Dense(4, 8, rng=seed), ReLU(), Dense(8, 3, rng=seed + 1)])


def weights(model):
    return [p.value.copy() for p in model.parameters()]


def train(model, epochs=3, make_opt=lambda m: Adam(m.parameters(), lr=0.01), rng=0):
    opt = make_opt(model)
    fit(model, X, Y, loss=CrossEntropy(), optimizer=opt, epochs=epochs, batch_size=8, rng=rng, verbose=False)
    return opt


def assert_same(a, b):
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)


@pytest.mark.parametrize(
    "duplicate",
    [copy.deepcopy, lambda m: pickle.loads(pickle.dumps(m)), lambda m: _via_state_dict(m)],
    ids=["deepcopy", "pickle", "state_dict"],
)
def test_a_copy_of_a_trained_model_trains_exactly_like_the_original(duplicate):
    model = net()
    train(model)  # the first training run (once, this broke copies)
    twin = duplicate(model)
    before = weights(twin)
    train(model, rng=7)
    train(twin, rng=7)
    assert_same(weights(model), weights(twin))  # same seed -> same weights, bit for bit
    assert max(np.abs(a - b).max() for a, b in zip(weights(twin), before)) > 1e-3  # and the copy did move


def _via_state_dict(model):
    twin = net(seed=10)
    twin.load_state_dict(model.state_dict())
    return twin


def test_training_a_copy_leaves_the_original_alone():
    model = net()
    train(model)
    original = weights(model)
    twin = copy.deepcopy(model)
    train(twin)
    assert_same(weights(model), original)


@pytest.mark.parametrize(
    "make_opt",
    [
        lambda p: SGD(p, lr=0.1, momentum=0.9),
        lambda p: RMSProp(p, lr=0.01),
        lambda p: Adam(p, lr=0.01),
        lambda p: AdamW(p, lr=0.01),
    ],
)
def test_two_optimizers_on_one_model_do_not_disturb_each_other(make_opt):
    # a fine-tuning move: one optimizer over the whole model, a second one over the last layer only
    model, reference = net(), net()
    whole = make_opt(model.parameters())
    last = SGD(model.layers[-1].parameters(), lr=0.05)
    ref_whole = make_opt(reference.parameters())
    loss = CrossEntropy()
    for _ in range(5):
        train_step(model, loss, whole, X, Y)
        train_step(reference, loss, ref_whole, X, Y)
    assert_same(weights(model), weights(reference))  # creating `last` changed nothing
    first_layer = model.layers[0].W.value.copy()
    train_step(model, loss, last, X, Y)  # only the last layer moves
    np.testing.assert_array_equal(model.layers[0].W.value, first_layer)
    train_step(model, loss, whole, X, Y)  # and the first optimizer still updates everything
    assert np.abs(model.layers[0].W.value - first_layer).max() > 0


def test_a_parameter_owns_its_arrays():
    W = np.ones((2, 3))
    p = Parameter(W)
    W[0, 0] = 5.0  # the caller's array is not the parameter's
    assert p.value[0, 0] == 1.0
    value, grad = p.value, p.grad
    opt = Adam([p], lr=0.1)
    p.grad = np.full((2, 3), 0.5)
    opt.step()
    p.value = np.zeros((2, 3))  # assignment copies in ...
    assert p.value is value and p.grad is grad  # ... and nothing rebinds the arrays
    assert set(vars(p)) == {"_value", "_grad", "name", "regularize"}  # no optimizer state on the parameter
    with pytest.raises(ValueError, match=r"Parameter W: expected a value of shape \(2, 3\), got \(3, 2\)"):
        p.value = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"Parameter W value: contains 1 NaN"):
        p.value = np.array([[np.nan, 0, 0], [0, 0, 0]])


def test_optimizer_state_is_one_array_per_parameter_in_the_slides_symbols():
    model = net()
    adam = Adam(model.parameters())
    assert [s.shape for s in adam.s] == [p.shape for p in model.parameters()] == [r.shape for r in adam.r]
    assert [v.shape for v in SGD(model.parameters(), lr=0.1, momentum=0.9).v] == [p.shape for p in model.parameters()]
    assert len(Adam(model.parameters() + model.parameters()).params) == 4  # a parameter is updated once


class Counter(Layer):
    """A layer with a buffer: counts the rows it has seen in training."""

    def __init__(self):
        self.seen = np.zeros(1)

    def forward(self, x, training=False):
        if training:
            self.seen += len(x)
        return x

    def backward(self, grad):
        return grad

    def buffers(self):
        return {"seen": self.seen}


def test_buffers_travel_with_state_dict_save_and_load(tmp_path):
    model = Sequential([Dense(4, 3, rng=0), Counter()])
    train(model, epochs=2)
    assert model.layers[1].seen[0] == 80
    state = model.state_dict()
    assert sorted(state) == ["0.W", "0.b", "1.seen"] and state["1.seen"] is not model.layers[1].seen
    path = tmp_path / "weights"  # no .npz: save and load accept the same path
    model.save(path)
    other = Sequential([Dense(4, 3, rng=5), Counter()])
    other.load(path)
    assert other.layers[1].seen[0] == 80
    assert_same(weights(other), weights(model))


def test_a_failed_load_leaves_the_model_as_it_was():
    model = net()
    before = model.state_dict()
    good = net(seed=3).state_dict()
    for key, bad, error, message in [
        ("2.W", np.zeros((8, 4)), ValueError, r"state\['2.W'\]: expected shape \(8, 3\), got \(8, 4\)"),
        ("2.b", np.array([0.0, np.inf, 0.0]), ValueError, r"state\['2.b'\]: contains 1 NaN or infinite"),
        ("2.b", np.array(["a", "b", "c"]), TypeError, r"state\['2.b'\]: expected an array of numbers, got text"),
    ]:
        state = dict(good, **{key: bad})
        with pytest.raises(error, match=message):
            model.load_state_dict(state)
        assert_same(weights(model), [before[k] for k in ("0.W", "0.b", "2.W", "2.b")])  # 0.W was not touched
    with pytest.raises(ValueError, match=r"state: keys \['0.W'\] do not match"):
        model.load_state_dict({"0.W": good["0.W"]})


def test_weight_files_with_text_or_nan_are_refused(tmp_path):
    model = net()
    state = {k: v for k, v in model.state_dict().items()}
    state["0.b"] = np.array(["x"] * 8)
    np.savez(tmp_path / "bad.npz", **state)
    with pytest.raises(TypeError, match=r"state\['0.b'\]"):
        model.load(tmp_path / "bad.npz")


def test_dropout_copies_draw_the_same_masks():
    model = Sequential([Dense(4, 8, rng=0), ReLU(), Dropout(0.5, rng=3), Dense(8, 3, rng=1)])
    twin = copy.deepcopy(model)
    train(model)
    train(twin)
    assert_same(weights(model), weights(twin))


# ----------------------------------------------------------------------------- one place per layer object
def test_a_layer_object_used_twice_is_refused_because_its_gradients_would_be_wrong():
    act = ReLU()
    with pytest.raises(ValueError, match=r"^layers\[3\]: the ReLU object ReLU\(\) is already used in layers\[1\].*Fix"):
        Sequential([Dense(4, 8, rng=0), act, Dense(8, 8, rng=1), act, Dense(8, 3, rng=2)])
    inner = Sequential([Dense(4, 4, rng=0)])
    with pytest.raises(ValueError, match=r"^layers\[1\]: the Dense object"):  # also inside a nested Sequential
        Sequential([inner, inner.layers[0]])


def test_a_nested_sequential_keeps_every_parameter_in_state_dict_save_and_load(tmp_path):
    def nested(seed):
        return Sequential([Sequential([Dense(4, 4, rng=seed), ReLU(), Dense(4, 4, rng=seed + 1)]), Dense(4, 3, rng=9)])

    model, other = nested(0), nested(5)
    state = model.state_dict()
    assert sorted(state) == ["0.0.W", "0.0.b", "0.2.W", "0.2.b", "1.W", "1.b"]  # one key per parameter
    model.save(tmp_path / "nested.npz")
    other.load(tmp_path / "nested.npz")
    assert_same(weights(other), weights(model))
    np.testing.assert_array_equal(other.forward(X), model.forward(X))


@pytest.mark.parametrize("how", ["fit", "train_step"])
def test_an_optimizer_over_another_models_parameters_is_refused(how):
    model, stranger = net(0), net(0)
    opt = Adam(stranger.parameters(), lr=0.01)
    with pytest.raises(ValueError, match=r"^optimizer: none of its 4 parameters belongs to this model.*Fix"):
        if how == "fit":
            fit(model, X, Y, loss=CrossEntropy(), optimizer=opt, epochs=1, verbose=False)
        else:
            train_step(model, CrossEntropy(), opt, X, Y)
    twin_model, twin_opt = copy.deepcopy(model), copy.deepcopy(opt)  # copied apart: the copy's opt is a stranger
    with pytest.raises(ValueError, match=r"^optimizer: none of its"):
        fit(twin_model, X, Y, loss=CrossEntropy(), optimizer=twin_opt, epochs=1, verbose=False)


def test_an_optimizer_over_some_of_the_models_parameters_is_fine_tuning_and_allowed():
    model = net()
    first = weights(model)[:2]
    train(model, make_opt=lambda m: SGD(m.layers[-1].parameters(), lr=0.1))
    assert_same(weights(model)[:2], first)  # the first layer is frozen
    assert not np.array_equal(weights(model)[2], net().layers[-1].W.value)
