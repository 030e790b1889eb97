"""What a first layer has learned: its weights drawn as images.

A hidden unit of the first layer computes z = Σ_i w_i·x_i + b over the input pixels, so its weights, one per
pixel, can be laid out as a picture of the same shape as the input: red where a bright pixel raises z, blue
where it lowers it. ``weight_mosaic`` tiles these pictures into one array (pure NumPy, tested), and
``weight_images`` draws the mosaic with a single ``imshow`` (one image is much faster to draw than one
Axes per unit).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def weight_mosaic(W, shape=(8, 8), ncols: int = 8, gap: int = 1) -> np.ndarray:
    """Tile the columns of W, each reshaped to ``shape``, into one array; the gaps between tiles are NaN.

    Parameters
    ----------
    W : array (n_in, n_units)
        A Dense layer's weights (``layer.W.value``); column j holds unit j's weight for every input.
    shape : (rows, cols)
        The shape of one input image; rows · cols must equal n_in (8 × 8 for the digits).
    ncols : int
        Tiles per row of the mosaic.
    gap : int
        Pixels of NaN between tiles.

    Returns
    -------
    ndarray of shape (n_rows·(rows + gap) − gap, ncols·(cols + gap) − gap), with n_rows = ⌈n_units / ncols⌉
    """
    W = np.asarray(W, float)
    rows, cols = shape
    if W.ndim != 2 or W.shape[0] != rows * cols:
        raise ValueError(
            f"W: expected shape ({rows * cols}, n_units) for images of shape {tuple(shape)}, got "
            f"{W.shape}. Fix: pass layer.W.value of the first Dense layer, and shape=(rows, cols) of "
            "one input image."
        )
    n_units = W.shape[1]
    ncols = min(ncols, n_units)
    nrows = -(-n_units // ncols)
    mosaic = np.full((nrows * (rows + gap) - gap, ncols * (cols + gap) - gap), np.nan)
    for j in range(n_units):
        r, c = divmod(j, ncols)
        top, left = r * (rows + gap), c * (cols + gap)
        mosaic[top : top + rows, left : left + cols] = W[:, j].reshape(rows, cols)  # pixel order as in the input
    return mosaic


def weight_images(W, shape=(8, 8), ncols: int = 8, ax=None, title: str | None = None, vmax: float | None = None):
    """Draw every first-layer unit's weights as a ``shape`` image (red positive, blue negative, white 0).

    ``vmax`` fixes the colour scale (default: the largest |w|), so that several layers can be compared on
    one scale. Returns the Axes."""
    mosaic = weight_mosaic(W, shape, ncols)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.1 * mosaic.shape[1] / (shape[1] + 1), 1.1 * mosaic.shape[0] / (shape[0] + 1)))
    vmax = float(np.nanmax(np.abs(mosaic))) if vmax is None else vmax
    image = ax.imshow(mosaic, cmap="RdBu_r", vmin=-vmax, vmax=vmax, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("0.85")  # the NaN gaps
    if title:
        ax.set_title(title, fontsize=10)
    ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    return ax
