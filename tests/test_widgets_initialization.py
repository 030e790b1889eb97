"""The depth explorer (course_nn.widgets.initialization): its pure functions, its figure and its controls."""

import numpy as np
import pytest

from course_nn.widgets import initialization as iw

LN10 = np.log(10)


def test_digits_split_is_standardized_cached_and_read_only():
    X, y, X_val, y_val = iw.digits_split()
    assert X.shape == (1000, 64) and y.shape == (1000,) and X_val.shape == (797, 64) and y_val.shape == (797,)
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    assert set(np.unique(y)) == set(range(10))
    assert iw.digits_split()[0] is X
    with pytest.raises(ValueError):
        X[0, 0] = 1.0


def test_run_result_and_cache():
    r = iw.run(4, "He (normal)", "relu", False)
    assert iw.run(4, "He (normal)", "relu", False) is r
    assert r["activations"]["counts"].shape == (4, 41) and r["gradients"]["stds"].shape == (4,)
    assert r["losses"].shape == (iw.STEPS,) and np.isfinite(r["losses"]).all()
    assert r["losses"][-10:].mean() < 0.3 * r["losses"][0]
    assert r["settings"] == {"depth": 4, "init": "He (normal)", "activation": "relu", "batch_norm": False, "seed": 0}
    assert "over the last 10" in iw.describe(r) and iw.diverged_at(r["losses"]) is None
    assert 0.8 < r["val_accuracy"] <= 1 and f"validation accuracy {r['val_accuracy']:.3f}" in iw.describe(r)
    table = iw.sigma_table(r)
    assert table.count("<td>") == 3 * 4 and f"{r['gradients']['stds'][3]:.1e}" in table
    for bad, match in [({"init": "he"}, "init"), ({"activation": "sigmoid"}, "activation"), ({"depth": 11}, "depth")]:
        with pytest.raises(ValueError, match=match):
            iw.run(**{"depth": 3, **bad})


def test_the_demo_tells_the_story():
    small = {bn: iw.run(10, "N(0, 0.01²): too small", "relu", bn) for bn in (False, True)}
    # without batch norm the signal dies out with depth and the network never leaves guessing
    stds = small[False]["activations"]["stds"]
    assert np.all(stds[1:] < 0.2 * stds[:-1])
    assert small[False]["losses"][-10:].mean() == pytest.approx(LN10, abs=0.01)
    # batch norm restores the scale in every layer, and the same network learns
    assert np.ptp(small[True]["activations"]["stds"]) < 0.1
    assert small[True]["losses"][-10:].mean() < 0.5
    large = iw.run(10, "N(0, 1): too large", "relu", False)
    assert np.all(np.diff(np.log(large["activations"]["stds"])) > 1)  # grows more than e× a layer
    assert iw.diverged_at(large["losses"]) is not None and "diverged" in iw.describe(large)
    assert np.isnan(large["val_accuracy"])
    assert iw.diverged_at([1.0, np.nan, np.nan]) == 2


def test_depth_figure_redraws_in_place():
    view = iw.DepthFigure()
    artists = [*view.ridgelines[0].patches, *view.ridgelines[1].patches, view.line]
    r = iw.run(4, "He (normal)", "relu", False)
    view.show(r)
    assert [p.get_visible() for p in view.ridgelines[0].patches] == [True] * 4 + [False] * 6
    np.testing.assert_array_equal(view.line.get_ydata(), r["losses"])
    assert view.axes[0].get_title() == "activations at the start: 4 layers"
    view.show(iw.run(10, "N(0, 1): too large", "relu", False))
    assert all(p.get_visible() for p in view.ridgelines[1].patches)
    assert "diverged at step" in view.axes[2].get_title()
    assert [*view.ridgelines[0].patches, *view.ridgelines[1].patches, view.line] == artists
    assert sum(len(ax.texts) for ax in view.axes) == 1  # no text per layer: fast to draw


def test_explorer_redraws_on_every_control():
    ex = iw.depth_explorer(depth=3)
    assert ex.state["result"] is iw.run(3, "He (normal)", "relu", False)
    before = ex.view.line.get_ydata().copy()
    first_picture = bytes(ex.image.value)
    pictures = {first_picture}
    assert first_picture.startswith(b"\x89PNG")
    changes = [("depth", 4), ("init", "Xavier (normal)"), ("activation", "tanh"), ("batch_norm", True)]
    for name, value in changes:
        ex.controls[name].value = value
        assert bytes(ex.image.value) not in pictures  # a new picture every time
        pictures.add(bytes(ex.image.value))
        assert ex.state[name] == value
        expected = iw.run(**{k: ex.state[k] for k in ("depth", "init", "activation", "batch_norm")})
        assert ex.state["result"] is expected
        np.testing.assert_array_equal(ex.view.line.get_ydata(), expected["losses"])
        assert not np.array_equal(ex.view.line.get_ydata(), before)
        before = ex.view.line.get_ydata().copy()
    assert "Xavier (normal), tanh + batch norm" == ex.view.axes[2].get_title()
    with ex.hold_redraws():  # back to the first setting:
        for name, value in [("depth", 3), ("init", "He (normal)"), ("activation", "relu"), ("batch_norm", False)]:
            ex.controls[name].value = value
    assert bytes(ex.image.value) == first_picture  # the kept picture, unchanged
    assert (3, "He (normal)", "tanh", False) in ex.nearby() and (2, "He (normal)", "relu", False) in ex.nearby()
    assert all(1 <= key[0] <= iw.MAX_DEPTH for key in iw.depth_explorer(depth=1).nearby())
    assert "<table" in ex.status.value and "training loss" in ex.status.value
    with pytest.raises(ValueError, match="init"):
        iw.depth_explorer(init="zeros")


def test_signals_at_start_are_the_first_part_of_run():
    key = (3, "Xavier (normal)", "tanh", True)
    start = iw.signals_at_start(*key)
    assert "losses" not in start and start["settings"]["depth"] == 3
    result = iw.run(*key)
    assert iw.trained(*key) and not iw.trained(3, "Xavier (normal)", "tanh", True, seed=7)
    for part in ("activations", "gradients"):
        np.testing.assert_array_equal(result[part]["counts"], start[part]["counts"])


def test_in_a_kernel_an_untrained_setting_shows_its_histograms_first(monkeypatch):
    monkeypatch.setattr(iw, "in_kernel", lambda: True)  # the demo's own test; the painter still draws at once
    key = (2, "N(0, 1): too large", "tanh", True)
    assert not iw.trained(*key)
    ex = iw.DepthExplorer(*key)
    assert "losses" not in ex.state["result"] and "training" in ex.status.value
    assert key not in ex._pictures and key in ex._sketches  # kept apart from finished pictures
    provisional = ex.image.value
    near = (3, *key[1:])
    ex.sketch_job(near)()
    assert near in ex._sketches and ex.state["result"]["settings"]["depth"] == 2  # drawn ahead, state kept
    ex.finish_job(key)()  # what the painter runs next: train, then redraw
    assert iw.trained(*key) and ex.state["result"] is iw.run(*key)
    assert key in ex._pictures and ex.image.value != provisional and "training loss" in ex.status.value


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(depth="3"), TypeError, r"^depth: expected an int, got '3'"),
        (dict(depth=True), TypeError, r"^depth: expected an int, got True"),
        (dict(batch_norm="yes"), TypeError, r"^batch_norm: expected True or False, got 'yes'"),
    ],
)
def test_depth_explorer_refuses_values_its_controls_cannot_show(kwargs, error, message):
    with pytest.raises(error, match=message):
        iw.depth_explorer(**kwargs)


def test_a_loss_curve_that_stays_above_the_panel_is_named_in_the_title():
    view = iw.DepthFigure()
    r = iw.run(10, "N(0, 1): too large", "tanh", False)  # every loss lies above the panel's top
    assert iw.diverged_at(r["losses"]) is None and r["losses"].min() > iw.LOSS_TOP
    view.show(r)
    assert f"loss {r['losses'].min():.1f} to {r['losses'].max():.1f}, above this axis" in view.axes[2].get_title()
    view.show(iw.run(4, "He (normal)", "relu", False))  # a curve inside the panel: no note
    assert "above this axis" not in view.axes[2].get_title()
