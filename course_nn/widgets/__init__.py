"""Interactive demos for the notebooks (ipywidgets and matplotlib load when a demo module is imported).

Each demo is a function that returns a widget. The work behind it is done by pure functions in the same
module, which the tests call directly; the widget only wires sliders and buttons to them. One module a
topic: ``course_nn.widgets.perceptron``, ``course_nn.widgets.activations`` ... Every demo is a subclass of
``course_nn.widgets.base.Demo``, whose docstring says how to write a new one.
"""
