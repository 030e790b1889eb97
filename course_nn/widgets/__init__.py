"""Interactive demos for the notebooks (ipywidgets and matplotlib load when a demo module is imported).

Each demo is a function that returns a widget. The work behind it is done by pure functions in the same
module, which the tests call directly; the widget only wires sliders and buttons to them. One module a
topic: ``course_nn.widgets.perceptron``, ``course_nn.widgets.activations`` ...
"""


def show_figure(out, figure):
    """Show ``figure`` in the Output widget (only inside a running kernel; tests skip this)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    if get_ipython() is None:
        return
    from IPython.display import display

    with out:
        out.clear_output(wait=True)
        display(figure)
