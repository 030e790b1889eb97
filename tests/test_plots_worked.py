"""Tests of the worked-example figures (course_nn.plots.worked): the plotted data, not pixels."""

import numpy as np
import pytest

from course_nn.plots.worked import AGE_OF_UNIVERSE_YEARS, SECONDS_PER_YEAR, brute_force_times, predicted_vs_actual


def test_predicted_vs_actual_one_line_per_model_plus_diagonal():
    t = np.array([[1.0], [0.4], [0.6]])
    ax = predicted_vs_actual(t, {"a": [0.9, 0.5, 0.6], "b": np.array([[1.0], [0.4], [0.6]])})
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"a", "b", "perfect fit"}
    assert np.allclose(lines["a"].get_xdata(), [1.0, 0.4, 0.6])
    assert np.allclose(lines["a"].get_ydata(), [0.9, 0.5, 0.6])
    x, y = lines["perfect fit"].get_xdata(), lines["perfect fit"].get_ydata()
    assert np.allclose(x, y) and x[0] < 0.4 and x[1] > 1.0


def test_predicted_vs_actual_single_array_and_length_check():
    ax = predicted_vs_actual([1, 2], [1.5, 2.5])
    assert "predicted" in [line.get_label() for line in ax.get_lines()]
    with pytest.raises(ValueError, match="one per target"):
        predicted_vs_actual([1, 2, 3], {"m": [1, 2]})


def test_brute_force_bars_are_log_seconds_with_reference_lines():
    n = np.arange(1, 10)
    seconds = 1000.0**n * 5e-5
    ax = brute_force_times(n, seconds)
    heights = [p.get_height() for p in ax.patches]
    assert np.allclose(heights, np.log10(seconds))
    refs = sorted(line.get_ydata()[0] for line in ax.get_lines())
    assert np.isclose(refs[-1], np.log10(AGE_OF_UNIVERSE_YEARS * SECONDS_PER_YEAR))
    assert "age of the universe" in [t.get_text() for t in ax.texts]
