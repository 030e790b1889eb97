"""Data: the course's small data sets and the tools to cut data into batches.

Everything random takes ``rng`` (None, an int seed or a numpy Generator).
"""
from __future__ import annotations

import numpy as np

from ._checks import as_rng, check_int, check_option

GATES = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "NAND": [1, 1, 1, 0],
    "NOR": [1, 0, 0, 0],
    "XOR": [0, 1, 1, 0],
}


def logic_gate(name: str, labels: str = "01"):
    """Truth table of a two-input logic gate.

    Parameters
    ----------
    name : {"AND", "OR", "NAND", "NOR", "XOR"}
    labels : {"01", "pm1"}
        Output coding: 0/1 (cross-entropy) or -1/+1 (perceptron).

    Returns
    -------
    X : ndarray (4, 2), rows 00, 01, 10, 11 (float)
    y : ndarray (4,), int labels
    """
    check_option(name, "name", GATES)
    check_option(labels, "labels", ("01", "pm1"))
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array(GATES[name])
    return X, (2 * y - 1 if labels == "pm1" else y)


def minibatches(n: int, batch_size: int | None, shuffle: bool = True, rng=None):
    """Yield index arrays that cut ``n`` rows into mini-batches.

    ``batch_size=None`` gives one batch of all rows (batch gradient descent); ``shuffle`` draws a new
    order (with ``rng``) each time it is called, i.e. each epoch. The last batch may be smaller.
    """
    n = check_int(n, "n", low=1)
    size = n if batch_size is None else check_int(batch_size, "batch_size", low=1)
    order = as_rng(rng).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, size):
        yield order[start:start + size]
