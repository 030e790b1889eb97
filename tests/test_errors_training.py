"""Catalogue of bad inputs, training side: optimizers, schedules, callbacks, penalties, fit, evaluate and
train_step. Each row is (id, call, exception, message); the message regex starts with the argument's name and,
where there is one, asserts what was expected, what was given and the fix."""

import numpy as np
import pytest

from course_nn import (
    L1,
    L2,
    MSE,
    SGD,
    Adam,
    AdamW,
    BinaryCrossEntropy,
    Callback,
    CrossEntropy,
    Dense,
    EarlyStopping,
    Parameter,
    ReduceLROnPlateau,
    ReLU,
    RMSProp,
    Sequential,
    Sigmoid,
    Softmax,
    TrainingDiverged,
    clip_grad_norm,
    evaluate,
    fit,
    get_optimizer,
    train_step,
)
from course_nn.schedules import (
    Constant,
    CosineDecay,
    ExponentialDecay,
    InverseTimeDecay,
    Scaled,
    StepDecay,
    Warmup,
    get_schedule,
)

X4, Y4 = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([0, 1, 1, 0])


def net():
    return Sequential([Dense(2, 1, rng=0), Sigmoid()])


def params():
    return [Parameter(np.zeros(2))]


def fit_with(**kwargs):
    kwargs = {"loss": "bce", "epochs": 1, "verbose": 0} | kwargs
    return fit(net(), kwargs.pop("X", X4), kwargs.pop("y", Y4), **kwargs)


def step_with(**kwargs):
    model = net()
    args = {"model": model, "loss": "bce", "optimizer": SGD(model, lr=0.1), "X": X4, "y": Y4} | kwargs
    return train_step(**args)


def table(*rows):
    return pytest.mark.parametrize("call, error, message", [pytest.param(*row[1:], id=row[0]) for row in rows])


@table(
    (
        "SGD params=None",
        lambda: SGD(None, lr=0.1),
        TypeError,
        r"^params: expected a list of Parameter objects, got NoneType \(None\). Fix: pass model.parameters\(\)",
    ),
    ("Adam params=[1, 2]", lambda: Adam([1, 2]), TypeError, r"^params\[0\]: expected a Parameter, got int \(1\). Fix:"),
    (
        "Adam params=Parameter",
        lambda: Adam(Parameter([1.0])),
        TypeError,
        r"^params: expected a list of Parameter objects, got Parameter .*Fix: put it in a list, params=\[",
    ),
    ("Adam params=array", lambda: Adam(np.zeros(3)), TypeError, r"^params\[0\]: expected a Parameter, got float64"),
    ("Adam params=[]", lambda: Adam([]), ValueError, r"^params: expected at least one Parameter, got none"),
    (
        "RMSProp params=model without weights",
        lambda: RMSProp(Sequential([Sigmoid()]), lr=0.1),
        ValueError,
        r"^params: expected at least one Parameter, got none. Does the model have a Dense layer\?",
    ),
    ("SGD lr=-0.1", lambda: SGD(params(), lr=-0.1), ValueError, r"^lr: expected a value in \(0.0, inf\], got -0.1"),
    ("SGD lr='0.1'", lambda: SGD(params(), lr="0.1"), TypeError, r"^lr: expected a finite number, got '0.1'"),
    ("SGD lr=nan", lambda: SGD(params(), lr=np.nan), TypeError, r"^lr: expected a finite number, got nan"),
    ("SGD lr=True", lambda: SGD(params(), lr=True), TypeError, r"^lr: expected a finite number, got True"),
    (
        "SGD momentum=1",
        lambda: SGD(params(), lr=0.1, momentum=1.0),
        ValueError,
        r"^momentum: expected a value in \[0.0, 1.0\), got 1.0",
    ),
    ("SGD momentum='0.9'", lambda: SGD(params(), lr=0.1, momentum="0.9"), TypeError, r"^momentum: expected a finite"),
    (
        "SGD nesterov='False'",
        lambda: SGD(params(), lr=0.1, momentum=0.9, nesterov="False"),
        TypeError,
        r"^nesterov: expected True or False, got 'False'",
    ),
    (
        "SGD nesterov without momentum",
        lambda: SGD(params(), lr=0.1, nesterov=True),
        ValueError,
        r"^nesterov: Nesterov momentum needs momentum > 0, got momentum=0. Fix: pass momentum=0.9",
    ),
    (
        "RMSProp rho=1.5",
        lambda: RMSProp(params(), lr=0.1, rho=1.5),
        ValueError,
        r"^rho: expected a value in \[0.0, 1.0\)",
    ),
    ("RMSProp eps=0", lambda: RMSProp(params(), lr=0.1, eps=0), ValueError, r"^eps: expected a value in \(0.0, inf\]"),
    (
        "RMSProp eps_placement",
        lambda: RMSProp(params(), lr=0.1, eps_placement="middle"),
        ValueError,
        r"^eps_placement: unknown option 'middle'; expected one of \['inside', 'outside'\]",
    ),
    ("Adam beta1=1", lambda: Adam(params(), beta1=1), ValueError, r"^beta1: expected a value in \[0.0, 1.0\), got 1"),
    ("Adam beta2=-0.1", lambda: Adam(params(), beta2=-0.1), ValueError, r"^beta2: expected a value in \[0.0, 1.0\)"),
    (
        "AdamW weight_decay=-1",
        lambda: AdamW(params(), weight_decay=-1),
        ValueError,
        r"^weight_decay: expected a value in \[0.0, inf\], got -1",
    ),
    (
        "clip_grad_norm max_norm=0",
        lambda: clip_grad_norm(params(), 0),
        ValueError,
        r"^max_norm: expected a value in \(",
    ),
    (
        "clip_grad_norm max_norm=nan",
        lambda: clip_grad_norm(params(), np.nan),
        TypeError,
        r"^max_norm: expected a finite",
    ),
    ("clip_grad_norm params=3", lambda: clip_grad_norm(3, 1.0), TypeError, r"^params: expected a list of Parameter"),
    (
        "get_optimizer adamx",
        lambda: get_optimizer("adamx", params(), lr=0.1),
        ValueError,
        r"^optimizer: unknown option 'adamx'; expected one of \['adam', 'adamw', 'momentum', 'nesterov', 'rmsprop', "
        r"'sgd'\]",
    ),
    (
        "get_optimizer misspelt option",
        lambda: get_optimizer("sgd", params(), lr=0.1, momentm=0.9),
        TypeError,
        r"momentm",
    ),
)
def test_optimizers_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


@table(
    ("StepDecay lr=-1", lambda: StepDecay(-1), ValueError, r"^lr: expected a value in \(0.0, inf\], got -1"),
    ("StepDecay drop=0", lambda: StepDecay(0.1, drop=0), ValueError, r"^drop: expected a value in \(0.0, 1.0\], got 0"),
    ("StepDecay every=0", lambda: StepDecay(0.1, every=0), ValueError, r"^every: expected an int >= 1, got 0"),
    ("ExponentialDecay gamma=1.5", lambda: ExponentialDecay(0.1, gamma=1.5), ValueError, r"^gamma: expected a value"),
    ("InverseTimeDecay decay=-1", lambda: InverseTimeDecay(0.1, decay=-1), ValueError, r"^decay: expected a value"),
    ("CosineDecay t_max=0", lambda: CosineDecay(0.1, t_max=0), ValueError, r"^t_max: expected an int >= 1, got 0"),
    (
        "CosineDecay lr_min > lr",
        lambda: CosineDecay(0.1, 10, lr_min=0.2),
        ValueError,
        r"^lr_min: expected a value in \[0.0, 0.1\], got 0.2",
    ),
    ("Constant lr='fast'", lambda: Constant("fast"), TypeError, r"^lr: expected a finite number, got 'fast'"),
    ("Warmup schedule='a'", lambda: Warmup("a", 3), TypeError, r"^schedule: expected a finite number, got 'a'"),
    ("Warmup steps=0", lambda: Warmup(0.1, steps=0), ValueError, r"^steps: expected an int >= 1, got 0"),
    ("Scaled schedule=0.1", lambda: Scaled(0.1, 2.0), TypeError, r"^schedule: expected a function such as StepDecay"),
    ("Scaled scale=0", lambda: Scaled(Constant(0.1), 0), ValueError, r"^scale: expected a value in \(0.0, inf\]"),
    ("Constant(t=-1)", lambda: Constant(0.1)(-1), ValueError, r"^t: expected an int >= 0, got -1"),
    ("StepDecay(t=2.5)", lambda: StepDecay(0.1)(2.5), TypeError, r"^t: expected an int, got 2.5"),
    ("CosineDecay(t=array)", lambda: CosineDecay(0.1, 10)(np.arange(3)), TypeError, r"^t: expected an int, got array"),
    ("Warmup(t='1')", lambda: Warmup(0.1, 3)("1"), TypeError, r"^t: expected an int, got '1'"),
    ("get_schedule linear", lambda: get_schedule("linear", 0.1), ValueError, r"^schedule: unknown option 'linear'"),
)
def test_schedules_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


@table(
    (
        "EarlyStopping monitor=3",
        lambda: EarlyStopping(monitor=3),
        TypeError,
        r"^monitor: expected the name of a logged value such as 'val_loss', got 3",
    ),
    ("EarlyStopping patience=-1", lambda: EarlyStopping(patience=-1), ValueError, r"^patience: expected an int >= 0"),
    (
        "EarlyStopping patience=2.5",
        lambda: EarlyStopping(patience=2.5),
        TypeError,
        r"^patience: expected an int, got 2.5",
    ),
    (
        "EarlyStopping min_delta=-0.1",
        lambda: EarlyStopping(min_delta=-0.1),
        ValueError,
        r"^min_delta: expected a value",
    ),
    (
        "EarlyStopping min_delta=nan",
        lambda: EarlyStopping(min_delta=np.nan),
        TypeError,
        r"^min_delta: expected a finite",
    ),
    (
        "EarlyStopping mode",
        lambda: EarlyStopping(mode="maximum"),
        ValueError,
        r"^mode: unknown option 'maximum'; expected one of \['max', 'min'\]",
    ),
    (
        "EarlyStopping restore_best_weights='yes'",
        lambda: EarlyStopping(restore_best_weights="yes"),
        TypeError,
        r"^restore_best_weights: expected True or False, got 'yes'",
    ),
    (
        "ReduceLROnPlateau factor=1",
        lambda: ReduceLROnPlateau(factor=1.0),
        ValueError,
        r"^factor: expected a value in \(0.0, 1.0\), got 1.0",
    ),
    ("ReduceLROnPlateau min_lr=-1", lambda: ReduceLROnPlateau(min_lr=-1), ValueError, r"^min_lr: expected a value"),
    (
        "EarlyStopping on val_loss without validation_data",
        lambda: fit_with(callbacks=[EarlyStopping()]),
        ValueError,
        r"^EarlyStopping: monitor='val_loss' is not among the logged values \['loss', 'lr'\]. "
        r"Fix: pass validation_data",
    ),
    ("L1 lam=-1", lambda: L1(-1), ValueError, r"^lam: expected a value in \[0.0, inf\], got -1"),
    ("L2 lam='a'", lambda: L2("a"), TypeError, r"^lam: expected a finite number, got 'a'"),
    ("L2 half=1", lambda: L2(0.1, half=1), TypeError, r"^half: expected True or False, got 1"),
    ("L2.loss([1, 2])", lambda: L2(0.1).loss([1, 2]), TypeError, r"^params\[0\]: expected a Parameter, got int"),
    ("L1.backward(None)", lambda: L1(0.1).backward(None), TypeError, r"^params: expected a list of Parameter objects"),
)
def test_callbacks_and_penalties_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


NAN4 = np.where(X4 == 1.0, np.nan, X4)  # 4 NaN


@table(
    (
        "fit X NaN",
        lambda: fit_with(X=NAN4),
        ValueError,
        r"^X: contains 4 NaN or infinite value\(s\); expected finite numbers. Fix: clean or impute",
    ),
    ("fit X inf list", lambda: fit_with(X=[[np.inf, 0.0]] * 4), ValueError, r"^X: contains 4 NaN or infinite"),
    (
        "fit X complex",
        lambda: fit_with(X=X4 + 0j),
        TypeError,
        r"^X: expected real numbers, got complex values \(dtype complex128\). Fix: pass x.real",
    ),
    ("fit X text", lambda: fit_with(X=X4.astype(str)), TypeError, r"^X: expected an array of numbers, got text"),
    (
        "fit X objects",
        lambda: fit_with(X=np.array([[None, 0.0]] * 4)),
        TypeError,
        r"^X: expected an array of numbers, got values of type NoneType",
    ),
    (
        "fit y text",
        lambda: fit_with(y=np.array(["no", "yes", "yes", "no"])),
        TypeError,
        r"^y: expected an array of num",
    ),
    ("fit y complex", lambda: fit_with(y=Y4 + 0j), TypeError, r"^y: expected real numbers"),
    ("fit y NaN", lambda: fit_with(y=[0, 1, np.nan, 0]), ValueError, r"^y: contains 1 NaN or infinite"),
    (
        "fit no rows",
        lambda: fit_with(X=np.zeros((0, 2)), y=[]),
        ValueError,
        r"^X: expected at least one value, got an empty array of shape \(0, 2\)",
    ),
    ("fit y empty", lambda: fit_with(y=[]), ValueError, r"^y: expected at least one value"),
    (
        "fit y too short",
        lambda: fit_with(y=[0, 1, 0]),
        ValueError,
        r"^y: expected one target per row of X \(4 rows\), got 3",
    ),
    (
        "fit X wrong width",
        lambda: fit_with(X=np.zeros((4, 3))),
        ValueError,
        r"^X \(shape \(4, 3\)\): Dense\(2, 1\): expected x of shape \(N, 2\)",
    ),
    ("fit X 1-D", lambda: fit_with(X=np.zeros(4)), ValueError, r"^X: expected a 2-D array, got shape \(4,\). Fix:"),
    (
        "fit y labels 0/2",
        lambda: fit_with(y=[0, 2, 2, 0]),
        ValueError,
        r"^y: binary cross-entropy expects labels 0 or 1",
    ),
    (
        "fit optimizer=3",
        lambda: fit_with(optimizer=3),
        TypeError,
        r"^optimizer: expected an Optimizer, got int \(3\). Fix: pass Adam\(model.parameters\(\)\), or a name such as "
        r"'adam'",
    ),
    (
        "fit optimizer=Adam (the class)",
        lambda: fit_with(optimizer=Adam),
        TypeError,
        r"^optimizer: expected an Optimizer, got type",
    ),
    (
        "fit optimizer='adamx'",
        lambda: fit_with(optimizer="adamx"),
        ValueError,
        r"^optimizer: unknown option 'adamx'; expected one of",
    ),
    (
        "fit optimizer='adam', lr=0",
        lambda: fit_with(optimizer="adam", lr=0),
        ValueError,
        r"^lr: expected a value in \(",
    ),
    ("fit optimizer over another model", lambda: fit_with(optimizer=[1]), TypeError, r"^optimizer: expected an Optim"),
    (
        "fit regularizer=0.1",
        lambda: fit_with(regularizer=0.1),
        TypeError,
        r"^regularizer: expected an object with loss\(...\) and backward\(...\), such as L2\(1e-3\), got float",
    ),
    ("fit regularizer='l2'", lambda: fit_with(regularizer="l2"), TypeError, r"^regularizer: expected an object with"),
    (
        "fit regularizer=L2 (the class)",
        lambda: fit_with(regularizer=L2),
        TypeError,
        r"^regularizer: expected an object with loss\(...\) and backward\(...\), such as L2\(1e-3\), got the class L2",
    ),
    (
        "fit callbacks=[1]",
        lambda: fit_with(callbacks=[1]),
        TypeError,
        r"^callbacks\[0\]: expected a Callback, got int \(1\). Fix: pass callbacks such as \[EarlyStopping",
    ),
    (
        "fit callbacks=EarlyStopping()",
        lambda: fit_with(callbacks=EarlyStopping()),
        TypeError,
        r"^callbacks: expected a list of Callback objects, got EarlyStopping .*Fix: put it in a list, callbacks=\[",
    ),
    (
        "fit callbacks=[EarlyStopping]",
        lambda: fit_with(callbacks=[EarlyStopping]),
        TypeError,
        r"^callbacks\[0\]: expected a Callback, got type",
    ),
    (
        "fit validation_data=X",
        lambda: fit_with(validation_data=X4),
        TypeError,
        r"^validation_data: expected a pair \(X_val, y_val\), got ndarray. Fix: pass validation_data=\(X_val, y_val\)",
    ),
    (
        "fit validation_data=(X, y, y)",
        lambda: fit_with(validation_data=(X4, Y4, Y4)),
        TypeError,
        r"^validation_data: expected a pair \(X_val, y_val\), got tuple of length 3",
    ),
    (
        "fit validation y too short",
        lambda: fit_with(validation_data=(X4, Y4[:3])),
        ValueError,
        r"^validation_data\[1\]: expected one target per row of validation_data\[0\] \(4 rows\), got 3",
    ),
    (
        "fit validation X NaN",
        lambda: fit_with(validation_data=(NAN4, Y4)),
        ValueError,
        r"^validation_data\[0\]: contains 4 NaN or infinite",
    ),
    (
        "fit validation X wrong width",
        lambda: fit_with(validation_data=(np.zeros((4, 3)), Y4)),
        ValueError,
        r"^validation_data\[0\] \(shape \(4, 3\)\): Dense\(2, 1\): expected x of shape \(N, 2\)",
    ),
    (
        "fit validation y labels",
        lambda: fit_with(validation_data=(X4, [0, 1, 2, 0])),
        ValueError,
        r"^validation_data\[1\]: binary cross-entropy expects labels 0 or 1",
    ),
    (
        "fit metrics='accuracy'",
        lambda: fit_with(metrics="accuracy"),
        TypeError,
        r"^metrics: expected a list, got str \('accuracy'\). Fix: put it in a list, metrics=\['accuracy'\]",
    ),
    ("fit metrics=[3]", lambda: fit_with(metrics=[3]), ValueError, r"^metrics: unknown"),
    (
        "fit rng=-3",
        lambda: fit_with(rng=-3),
        ValueError,
        r"^rng: expected a seed >= 0, got -3. Fix: pass a non-negative",
    ),
    ("fit rng=0.5", lambda: fit_with(rng=0.5), TypeError, r"^rng: expected None, an int seed or a numpy"),
    ("fit epochs=0", lambda: fit_with(epochs=0), ValueError, r"^epochs: expected an int >= 1, got 0"),
    ("fit epochs=1.0", lambda: fit_with(epochs=1.0), TypeError, r"^epochs: expected an int, got 1.0"),
    ("fit batch_size=0", lambda: fit_with(batch_size=0), ValueError, r"^batch_size: expected an int >= 1, got 0"),
    ("fit shuffle='yes'", lambda: fit_with(shuffle="yes"), TypeError, r"^shuffle: expected True or False, got 'yes'"),
    (
        "fit verbose=3",
        lambda: fit_with(verbose=3),
        ValueError,
        r"^verbose: unknown option 3; expected one of \[0, 1, 2\]",
    ),
    ("fit clip_norm=-1", lambda: fit_with(clip_norm=-1), ValueError, r"^clip_norm: expected a value in \(0.0, inf\]"),
    ("fit clip_norm='1'", lambda: fit_with(clip_norm="1"), TypeError, r"^clip_norm: expected a finite number"),
    (
        "fit model=3",
        lambda: fit(3, X4, Y4, loss="bce"),
        TypeError,
        r"^model: expected a Layer, got int \(3\). Fix: pass a Sequential",
    ),
    ("fit loss='hinge'", lambda: fit_with(loss="hinge"), ValueError, r"^loss: unknown option 'hinge'"),
    ("fit loss=MSE (the class)", lambda: fit_with(loss=MSE), ValueError, r"^loss: unknown option <class"),
    ("evaluate X NaN", lambda: evaluate(net(), NAN4, Y4, "bce"), ValueError, r"^X: contains 4 NaN or infinite"),
    ("evaluate X inf", lambda: evaluate(net(), np.full((4, 2), np.inf), Y4, "bce"), ValueError, r"^X: contains 8 NaN"),
    ("evaluate X complex", lambda: evaluate(net(), X4 + 1j, Y4, "bce"), TypeError, r"^X: expected real numbers"),
    (
        "evaluate y too short",
        lambda: evaluate(net(), X4, Y4[:2], "bce"),
        ValueError,
        r"^y: expected one target per row of X \(4 rows\), got 2",
    ),
    ("evaluate y empty", lambda: evaluate(net(), X4, [], "bce"), ValueError, r"^y: expected at least one value"),
    (
        "evaluate model=None",
        lambda: evaluate(None, X4, Y4, "bce"),
        TypeError,
        r"^model: expected a Layer, got NoneType",
    ),
    (
        "evaluate metrics='accuracy'",
        lambda: evaluate(net(), X4, Y4, "bce", metrics="accuracy"),
        TypeError,
        r"^metrics: expected a list, got str",
    ),
    (
        "train_step optimizer=3",
        lambda: step_with(optimizer=3),
        TypeError,
        r"^optimizer: expected an Optimizer, got int \(3\). "
        r"Fix: pass an optimizer such as Adam\(model.parameters\(\)\).$",
    ),
    (
        "train_step optimizer='adam'",
        lambda: step_with(optimizer="adam"),
        TypeError,
        r"^optimizer: expected an Optimizer, got str",
    ),
    ("train_step loss=3", lambda: step_with(loss=3), ValueError, r"^loss: unknown option 3"),
    ("train_step model='net'", lambda: step_with(model="net"), TypeError, r"^model: expected a Layer, got str"),
    ("train_step X NaN", lambda: step_with(X=NAN4), ValueError, r"^x: contains 4 NaN or infinite"),
    ("train_step y complex", lambda: step_with(y=Y4 + 1j), TypeError, r"^y: expected real numbers"),
    ("train_step regularizer=0.1", lambda: step_with(regularizer=0.1), TypeError, r"^regularizer: expected an object"),
    ("train_step clip_norm=0", lambda: step_with(clip_norm=0), ValueError, r"^clip_norm: expected a value in \(0.0"),
)
def test_fit_evaluate_train_step_catalogue(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_nan_input_to_evaluate_is_named_not_blamed_on_the_learning_rate():
    with pytest.raises(ValueError, match=r"^X: contains") as info:
        evaluate(net(), NAN4, Y4, "bce")
    assert "learning rate" not in str(info.value)


def test_fit_accepts_an_optimizer_name_as_keras_does():
    history = fit_with(optimizer="adam", lr=0.01, epochs=2)
    assert len(history) == 2 and np.isfinite(history["loss"]).all()


def test_complex_data_is_refused_before_any_training():
    model = net()
    before = model.state_dict()
    with pytest.raises(TypeError, match=r"^X: expected real numbers"):
        fit(model, X4 + 1j, Y4, loss="bce", verbose=0)
    assert all(np.array_equal(before[k], v) for k, v in model.state_dict().items())
    assert MSE()([1.0], [1.0]) == 0.0
    with pytest.raises(TypeError, match=r"^pred: expected real numbers"):  # 1+1j against 1 is not a loss of 0.0
        MSE()([1 + 1j], [1.0])


# ------------------------------------------------------------------------------ divergence is never silent
def test_fit_stops_when_the_last_step_leaves_weights_non_finite():
    model = Sequential([Dense(2, 1, rng=0)])  # one full-batch step of size 1e308: the loss before it is finite
    with pytest.raises(TrainingDiverged, match=r"epoch 1 \(last batch\): the last step made some weights NaN"):
        fit(model, X4, [1e3, -1e3, 1e3, -1e3], loss="mse", optimizer=SGD(model, lr=1e308), batch_size=None, verbose=0)


def broken_net():
    model = net()
    model.layers[0].W.value[0, 0] = np.nan  # as training that diverged leaves it
    return model


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.predict(X4),
        lambda m: m.predict_proba(X4),
        lambda m: evaluate(m, X4, Y4, "bce"),
        lambda m: Sequential(m.layers, task="regression").predict(X4),
    ],
    ids=["predict", "predict_proba", "evaluate", "predict regression"],
)
def test_a_model_with_non_finite_weights_is_named_not_blamed_on_the_data(call):
    with pytest.raises(ValueError, match=r"the model's output has 4 NaN or infinite value\(s\) although the inputs"):
        call(broken_net())


def test_early_stopping_restores_the_best_weights_also_when_training_diverges():
    class Explode(Callback):  # the learning rate grows 30-fold every epoch until training diverges
        def on_epoch_end(self, epoch, logs):
            self.optimizer.lr *= 30.0

    model = Sequential([Dense(2, 4, rng=0), ReLU(), Dense(4, 1, rng=1)])
    es = EarlyStopping(monitor="val_loss", patience=100)
    with pytest.raises(TrainingDiverged):
        fit(model, X4, Y4, loss="mse", optimizer=SGD(model, lr=0.1), epochs=100, batch_size=None, verbose=0,
            validation_data=(X4, Y4), callbacks=[es, Explode()])  # fmt: skip
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(value, es.best_weights[key])


def test_float32_cross_entropy_on_probabilities_keeps_its_gradient_finite():
    P = np.array([[1.0, 0.0, 0.0]], np.float32)  # the true class got probability 0 (a saturated softmax)
    loss = CrossEntropy(from_logits=False)
    loss(P, [1])
    assert np.isfinite(loss.backward()).all()


@pytest.mark.parametrize(
    "value, error, message",
    [
        (np.ones((2, 1), bool), TypeError, r"^state\['0.W'\]: expected numbers, got booleans"),
        (np.full((2, 1), 1e300), ValueError, r"^state\['0.W'\]: 2 value\(s\) beyond the range of float32.*Fix"),
    ],
    ids=["bool", "beyond float32"],
)
def test_load_state_dict_refuses_booleans_and_values_the_model_cannot_hold(value, error, message):
    model = Sequential([Dense(2, 1, rng=0, dtype=np.float32), Sigmoid()])
    state = model.state_dict() | {"0.W": value}
    with pytest.raises(error, match=message):
        model.load_state_dict(state)


def test_softmax_backward_before_forward_says_so():
    with pytest.raises(RuntimeError, match=r"^Softmax.backward was called before forward"):
        Softmax().backward(np.ones((2, 3)))


# ------------------------------------------------------------------------- more that used to pass silently
@pytest.mark.parametrize(
    "last, loss, message",
    [
        (
            Softmax(),
            "cross_entropy",
            r"^loss: CrossEntropy\(from_logits=True.*ends in Softmax\(\).*squashed twice.*Fix",
        ),
        (Sigmoid(), BinaryCrossEntropy(from_logits=True), r"^loss: BinaryCrossEntropy\(from_logits=True.*Fix"),
    ],
    ids=["softmax + cross-entropy on logits", "sigmoid + BCE on logits"],
)
def test_a_loss_on_logits_after_a_squashing_last_layer_is_refused(last, loss, message):
    model = Sequential([Dense(2, 2 if isinstance(last, Softmax) else 1, rng=0), last])
    with pytest.raises(ValueError, match=message):
        fit(model, X4, Y4, loss=loss, verbose=0)
    with pytest.raises(ValueError, match=message):
        evaluate(model, X4, Y4, loss)


@pytest.mark.parametrize(
    "rate", [lambda t: -0.5, lambda t: float("nan"), lambda t: "a"], ids=["negative", "nan", "text"]
)
def test_a_schedule_that_gives_a_bad_rate_stops_training_with_its_step(rate):
    with pytest.raises(ValueError, match=r"^lr: the schedule gave .* for step 0; expected a finite learning rate >= 0"):
        model = net()
        fit(model, X4, Y4, loss="bce", optimizer=SGD(model, lr=rate), verbose=0)


def test_loss_curve_refuses_an_optimizer_of_another_model():
    from course_nn.signals import loss_curve

    with pytest.raises(ValueError, match=r"^optimizer: none of its 2 parameters belongs to this model"):
        loss_curve(net(), X4, Y4, "bce", SGD(net(), lr=0.1), steps=3)


def test_an_empty_sequential_is_refused():
    with pytest.raises(ValueError, match=r"^layers: expected at least one layer, got an empty list. Fix"):
        Sequential([])


def test_several_sigmoid_outputs_are_labels_of_their_own():  # multi-label, as scikit-learn's MLPClassifier
    model = Sequential([Dense(2, 2, rng=0), Sigmoid()], task="binary")
    model.layers[0].W.value = [[5.0, -5.0], [5.0, 5.0]]
    model.layers[0].b.value = [-2.5, -2.5]
    np.testing.assert_array_equal(model.predict(X4), [[0, 0], [1, 1], [1, 0], [1, 0]])
    logits = Sequential([Dense(2, 2, rng=0)], task="binary")  # raw scores: a sigmoid per column, not a softmax
    logits.layers[0].W.value = model.layers[0].W.value
    logits.layers[0].b.value = model.layers[0].b.value
    np.testing.assert_allclose(logits.predict_proba(X4), model.predict_proba(X4))


def test_scorers_give_nan_for_a_model_whose_outputs_are_not_finite():
    from course_nn.metrics.scorers import as_scorers, score_all

    scores = score_all(as_scorers(["accuracy", "roc_auc"]), broken_net(), X4, Y4)
    assert np.isnan(scores["accuracy"]) and np.isnan(scores["roc_auc"])
