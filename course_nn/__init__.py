"""course_nn: a small, readable neural-network package for the course notebooks.

Conventions, used everywhere in the package and the notebooks:

- Batch first: ``X`` has shape ``(n_samples, n_features)``. A Dense layer computes ``z = X @ W + b`` with
  ``W`` of shape ``(n_in, n_out)`` and ``b`` of shape ``(n_out,)``.
- float64 by default (gradient checks need it).
- Losses are means over the batch by default (``reduction="sum"`` for the summed form).
- Every random draw takes ``rng``: ``None``, an int seed or a ``numpy.random.Generator``.
- Training is forward, loss, backward, step: layers compute gradients, only optimizers change weights.

Importing ``course_nn`` loads NumPy only; matplotlib, pandas and ipywidgets load when a plot, a table or a
widget is asked for.
"""

from . import metrics
from .activations import ELU, Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Step, Tanh
from .callbacks import Callback, EarlyStopping, History, ReduceLROnPlateau
from .data import circles, load_breast_cancer, load_digits, load_expense, load_xor, noisy_line, spirals, two_moons
from .gradcheck import gradcheck, numerical_gradient, rel_error
from .init import init_output_bias
from .layers import Dense, Dropout, Layer, Parameter
from .losses import MSE, BinaryCrossEntropy, CrossEntropy, PerceptronCriterion
from .model import Sequential
from .normalization import BatchNorm
from .optim import SGD, Adam, AdamW, Optimizer, RMSProp, clip_grad_norm, get_optimizer
from .perceptron import Perceptron
from .preprocessing import Standardizer, kfold, one_hot, stratified_kfold, train_test_split, train_val_test_split
from .regularization import L1, L2
from .schedules import Constant, CosineDecay, ExponentialDecay, InverseTimeDecay, StepDecay, Warmup, get_schedule
from .training import TrainingDiverged, evaluate, fit, train_step
from .tuning import (
    Choice,
    IntRange,
    LogUniform,
    Uniform,
    cross_validate,
    grid_search,
    halving_schedule,
    learning_curve,
    param_grid,
    param_sample,
    random_search,
    successive_halving,
    validation_curve,
)

__version__ = "0.1.0"

__all__ = [
    "ELU",
    "Identity",
    "LeakyReLU",
    "ReLU",
    "Sigmoid",
    "Softmax",
    "Step",
    "Tanh",
    "gradcheck",
    "numerical_gradient",
    "rel_error",
    "BatchNorm",
    "Dense",
    "Dropout",
    "Layer",
    "Parameter",
    "MSE",
    "BinaryCrossEntropy",
    "CrossEntropy",
    "PerceptronCriterion",
    "init_output_bias",
    "Sequential",
    "SGD",
    "Adam",
    "AdamW",
    "RMSProp",
    "Optimizer",
    "clip_grad_norm",
    "get_optimizer",
    "Perceptron",
    "L1",
    "L2",
    "Constant",
    "CosineDecay",
    "ExponentialDecay",
    "InverseTimeDecay",
    "StepDecay",
    "Warmup",
    "get_schedule",
    "Callback",
    "EarlyStopping",
    "ReduceLROnPlateau",
    "History",
    "TrainingDiverged",
    "evaluate",
    "fit",
    "train_step",
    "metrics",
    "circles",
    "load_breast_cancer",
    "load_digits",
    "load_expense",
    "load_xor",
    "noisy_line",
    "spirals",
    "two_moons",
    "Standardizer",
    "kfold",
    "one_hot",
    "stratified_kfold",
    "train_test_split",
    "train_val_test_split",
    "Choice",
    "IntRange",
    "LogUniform",
    "Uniform",
    "cross_validate",
    "grid_search",
    "halving_schedule",
    "learning_curve",
    "param_grid",
    "param_sample",
    "random_search",
    "successive_halving",
    "validation_curve",
]
