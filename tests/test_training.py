"""fit, History, callbacks, divergence, predictions, summary and saving."""

import numpy as np
import pytest

from course_nn import (
    MSE,
    SGD,
    BinaryCrossEntropy,
    Callback,
    CrossEntropy,
    Dense,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
    TrainingDiverged,
    evaluate,
    fit,
)
from course_nn.data import logic_gate, minibatches


def blobs(rng, n=60):
    X = np.vstack([rng.normal(-1, 0.5, size=(n // 2, 2)), rng.normal(1, 0.5, size=(n // 2, 2))])
    y = np.repeat([0, 1], n // 2)
    return X, y


def test_fit_learns_and_records_history():
    rng = np.random.default_rng(0)
    X, y = blobs(rng)
    model = Sequential([Dense(2, 4, rng=1), Tanh(), Dense(4, 1, rng=2), Sigmoid()])
    h = model.fit(
        X,
        y,
        loss=BinaryCrossEntropy(),
        lr=0.5,
        epochs=20,
        batch_size=8,
        rng=3,
        validation_data=(X[::3], y[::3]),
        metrics=["accuracy"],
        verbose=False,
    )
    assert len(h) == 20 and h.epoch == list(range(1, 21))
    assert set(h.history) == {"loss", "accuracy", "val_loss", "val_accuracy", "lr"}
    assert h["loss"][-1] < h["loss"][0] / 3
    assert h["accuracy"][-1] == 1.0 and model.task == "binary"
    frame = h.to_frame()
    assert frame.index.name == "epoch" and list(frame.columns) == list(h.history) and len(frame) == 20
    assert evaluate(model, X, y, "bce", ["accuracy"])["accuracy"] == 1.0


def test_fit_is_reproducible_and_reshuffles_each_epoch():
    X, y = blobs(np.random.default_rng(0))
    runs = []
    for _ in range(2):
        model = Sequential([Dense(2, 3, rng=1), Tanh(), Dense(3, 1, rng=2), Sigmoid()])
        runs.append(model.fit(X, y, loss="bce", epochs=3, batch_size=7, rng=5, verbose=False)["loss"])
    assert runs[0] == runs[1]
    orders = [np.concatenate(list(minibatches(10, 3, rng=g))) for g in [np.random.default_rng(0)] * 2]
    assert not np.array_equal(orders[0], orders[1])  # the same Generator gives a new order each epoch
    assert sorted(orders[0]) == list(range(10))


def test_training_loss_is_the_mean_over_the_epoch():
    """With lr tiny the weights barely move, so the epoch loss equals the full-data loss."""
    X, y = blobs(np.random.default_rng(1))
    model = Sequential([Dense(2, 1, rng=0), Sigmoid()])
    before = BinaryCrossEntropy()(model.forward(X), y)
    h = model.fit(X, y, loss="bce", lr=1e-12, epochs=1, batch_size=7, verbose=False)
    assert h["loss"][0] == pytest.approx(before, rel=1e-9)


def test_divergence_stops_with_a_clear_message():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3)) * 10
    y = X @ [1.0, -2.0, 3.0]
    model = Sequential([Dense(3, 8, rng=0), ReLU(), Dense(8, 1, rng=1)])
    with pytest.raises(
        TrainingDiverged, match=r"diverged in epoch \d+ .*smaller learning rate \(lr=10 now; try lr=1\)"
    ):
        model.fit(X, y, loss=MSE(), lr=10.0, epochs=50, batch_size=10, rng=0, verbose=False)


def test_callbacks_see_the_run_and_can_stop_it():
    class StopAtThree(Callback):
        def on_train_begin(self):
            self.seen, self.batches = [], []

        def on_train_batch_end(self, batch, logs):
            self.batches.append(batch)

        def on_epoch_end(self, epoch, logs):
            self.seen.append((epoch, round(logs["loss"], 12)))
            self.stop_training = epoch == 3

    X, y = logic_gate("AND")
    cb = StopAtThree()
    model = Sequential([Dense(2, 1, rng=0), Sigmoid()])
    h = fit(model, X, y, loss="bce", epochs=10, batch_size=3, callbacks=[cb], verbose=False)
    assert len(h) == 3 and h.stopped_early and [e for e, _ in cb.seen] == [1, 2, 3]
    assert cb.batches == [1, 2] * 3  # 4 rows in batches of 3: two steps an epoch
    assert cb.model is model and cb.history is h and isinstance(cb.optimizer, SGD)


def test_progress_lines(capsys):
    X, y = logic_gate("OR")
    Sequential([Dense(2, 1, rng=0), Sigmoid()]).fit(X, y, loss="bce", epochs=20, verbose=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == [f"{e}/20" for e in range(2, 21, 2)]
    assert lines[0].startswith("epoch  2/20  loss ")
    Sequential([Dense(2, 1, rng=0), Sigmoid()]).fit(X, y, loss="bce", epochs=20, verbose=False)
    assert capsys.readouterr().out == ""


def test_regularizer_protocol_is_reported_separately():
    class HalfSquares:
        lam = 0.1

        def loss(self, params):
            return self.lam / 2 * sum(float(np.sum(p.value**2)) for p in params if p.regularize)

        def backward(self, params):
            for p in params:
                if p.regularize:
                    p.grad += self.lam * p.value

    X, y = logic_gate("AND")
    model = Sequential([Dense(2, 1, init=np.ones((2, 1))), Sigmoid()])
    h = model.fit(X, y, loss="bce", lr=1e-12, epochs=1, batch_size=None, regularizer=HalfSquares(), verbose=False)
    assert h["penalty"][0] == pytest.approx(0.1)  # 0.1/2 · (1 + 1); the bias is not penalised
    assert h["loss"][0] == pytest.approx(BinaryCrossEntropy()(model.forward(X), y), rel=1e-9)


def test_predictions_for_each_task():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 2))
    binary = Sequential([Dense(2, 1, rng=0), Sigmoid()])
    p = binary.predict_proba(X)
    assert p.shape == (5,) and np.array_equal(binary.predict(X), (p >= 0.5).astype(int))
    logits = Sequential([Dense(2, 1, init=binary.layers[0].W.value)], task="binary")
    np.testing.assert_allclose(logits.predict_proba(X), p)
    multi = Sequential([Dense(2, 3, rng=0), Softmax()])
    assert multi.predict_proba(X).shape == (5, 3) and multi.predict(X).shape == (5,)
    np.testing.assert_allclose(multi.predict_proba(X).sum(axis=1), 1.0)
    regression = Sequential([Dense(2, 2, rng=0)], task="regression")
    np.testing.assert_array_equal(regression.predict(X), regression.forward(X))
    perceptron = Sequential([Dense(2, 1, rng=0)], task="perceptron")
    assert set(perceptron.predict(X)) <= {-1, 1}


def test_multiclass_training_with_one_hot_targets():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 3], [3, 0], [-3, -3]])
    labels = rng.integers(0, 3, size=90)
    X = centres[labels] + rng.normal(size=(90, 2))
    model = Sequential([Dense(2, 8, rng=1), ReLU(), Dense(8, 3, rng=2)])
    h = model.fit(
        X, np.eye(3)[labels], loss=CrossEntropy(), lr=0.1, epochs=30, rng=0, metrics=["accuracy"], verbose=False
    )
    assert h["accuracy"][-1] > 0.95


def test_summary_table():
    model = Sequential([Dense(100, 64, rng=0), ReLU(), Dense(64, 10, rng=0), Softmax()])
    text = model.summary()
    assert "total parameters: 7,114" in text  # the slides' Keras/PyTorch 100-64-10 network
    assert "0: Dense(100, 64)  (None, 64)" in text and "6,464" in text and "650" in text


def test_save_and_load_round_trip(tmp_path):
    model = Sequential([Dense(2, 3, rng=0), Tanh(), Dense(3, 1, rng=1)])
    model.save(tmp_path / "m.npz")
    other = Sequential([Dense(2, 3, rng=5), Tanh(), Dense(3, 1, rng=6)])
    other.load(tmp_path / "m.npz")
    for a, b in zip(model.parameters(), other.parameters()):
        np.testing.assert_array_equal(a.value, b.value)
    with np.load(tmp_path / "m.npz", allow_pickle=False) as f:
        assert sorted(f.files) == ["0.W", "0.b", "2.W", "2.b"]


def test_float32_models_train_in_float32():
    X, y = blobs(np.random.default_rng(0))
    model = Sequential([Dense(2, 4, rng=1, dtype=np.float32), Tanh(), Dense(4, 1, rng=2, dtype=np.float32), Sigmoid()])
    model.fit(X.astype(np.float32), y, loss="bce", epochs=2, verbose=False)
    assert all(p.value.dtype == np.float32 for p in model.parameters())
    assert model.forward(X.astype(np.float32)).dtype == np.float32


def test_divergence_seen_first_on_validation_data():
    """Weights that overflow on the validation inputs stop training with the same clear error, no warning."""
    from course_nn.data import noisy_line

    x, y = noisy_line(30, noise=0.0, rng=0)
    X = np.reshape(x, (-1, 1))
    model = Sequential([Dense(1, 1, rng=0)], task="regression")
    with pytest.raises(TrainingDiverged, match=r"diverged in epoch \d+ \(.*\).*smaller learning rate"):
        model.fit(X, y, loss="mse", lr=1e4, epochs=40, batch_size=None, validation_data=(X * 1e3, y), verbose=False)
