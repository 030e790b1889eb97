"""First-layer weights as images (course_nn.plots.weights): the mosaic's numbers, then the drawing."""

import numpy as np
import pytest

from course_nn.plots.weights import weight_images, weight_mosaic


def test_each_tile_is_one_unit_reshaped_in_pixel_order():
    W = np.arange(64 * 5, dtype=float).reshape(64, 5)
    m = weight_mosaic(W, (8, 8), ncols=3, gap=1)
    assert m.shape == (2 * 9 - 1, 3 * 9 - 1)
    np.testing.assert_array_equal(m[0:8, 0:8], W[:, 0].reshape(8, 8))
    np.testing.assert_array_equal(m[0:8, 9:17], W[:, 1].reshape(8, 8))
    np.testing.assert_array_equal(m[9:17, 9:17], W[:, 4].reshape(8, 8))  # unit 4: second row, second tile
    assert np.isnan(m[8]).all() and np.isnan(m[:, 8]).all()  # the gaps
    assert np.isnan(m[9:17, 18:26]).all()  # no unit 5: left empty


def test_non_square_images_and_fewer_units_than_columns():
    W = np.random.default_rng(0).normal(size=(6, 2))
    m = weight_mosaic(W, (2, 3), ncols=8, gap=0)
    assert m.shape == (2, 6)
    np.testing.assert_array_equal(m[:, 3:], W[:, 1].reshape(2, 3))


def test_shape_mismatch_names_the_fix():
    with pytest.raises(ValueError, match=r"expected shape \(64, n_units\).*layer.W.value"):
        weight_mosaic(np.zeros((32, 10)), (8, 8))


def test_drawing_uses_one_symmetric_image():
    W = np.random.default_rng(1).normal(size=(64, 10))
    ax = weight_images(W, title="first layer", ncols=5)
    (image,) = ax.get_images()
    vmin, vmax = image.get_clim()
    assert vmax == pytest.approx(np.abs(W).max()) and vmin == -vmax
    np.testing.assert_array_equal(np.ma.filled(image.get_array(), np.nan)[0:8, 0:8], W[:, 0].reshape(8, 8))
    assert ax.get_title() == "first layer"
    ax2 = weight_images(W, vmax=5.0)
    assert ax2.get_images()[0].get_clim() == (-5.0, 5.0)
