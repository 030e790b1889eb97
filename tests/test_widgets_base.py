"""The demos' shared machinery (course_nn.widgets.base): pictures, cached backgrounds, coalesced redraws."""

import io
import threading
import time
from types import SimpleNamespace

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

from course_nn.widgets import base
from course_nn.widgets.activations import activation_explorer
from course_nn.widgets.optimizers import optimizer_race


class LineDemo(base.Demo):
    """The docstring's example: a slider moves one animated line over a cached frame."""

    def __init__(self):
        self.slider = widgets.FloatSlider(value=1.0, min=-3, max=3, description="slope")
        super().__init__([self.slider], figsize=(3, 2))
        ax = self.figure.subplots()
        ax.set_xlim(-1, 1)
        ax.set_ylim(-3, 3)
        (self.line,) = self.animate(*ax.plot([], [], lw=2))
        self.updates = 0
        self.watch(self.slider)
        self.redraw()

    def update(self):
        self.updates += 1
        self.line.set_data([-1.0, 1.0], [-self.slider.value, self.slider.value])
        return f"slope {self.slider.value:g}"


def decoded(png) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(bytes(png))))


def test_png_bytes_round_trip_the_canvas_pixels():
    demo = LineDemo()
    picture = decoded(demo.image.value)
    assert picture.shape == (200, 300, 4)
    assert np.array_equal(picture, np.asarray(demo.figure.canvas.buffer_rgba()))


def test_a_picture_drawn_over_the_cached_background_equals_a_full_drawing():
    demo = LineDemo()
    demo.slider.value = -2.0  # animated line over the cached background
    blitted = decoded(demo.image.value)
    demo.invalidate()
    demo.redraw()  # everything drawn again
    assert np.array_equal(blitted, decoded(demo.image.value))
    assert demo.status.value == "slope -2"


def test_hold_redraws_collects_changes_into_one_redraw():
    demo = LineDemo()
    before = demo.updates
    with demo.hold_redraws():
        demo.slider.value = 0.5
        demo.slider.value = 1.5
    assert demo.updates == before + 1 and demo.status.value == "slope 1.5"


def test_a_failing_update_is_reported_in_the_status_line():
    demo = LineDemo()
    demo.update = lambda: 1 / 0
    with pytest.raises(ZeroDivisionError):  # outside a kernel the error also propagates
        demo.redraw()
    assert "ZeroDivisionError" in demo.status.value


def test_controls_are_laid_out_beside_or_above_the_picture_never_under_it():
    demo = LineDemo()
    top = demo.children[0]
    assert top.children[1] is demo.image and top.layout.flex_flow == "column"
    side = base.Demo([widgets.IntSlider()], figsize=(2, 2), side=True)
    top = side.children[0]
    assert top.layout.flex_flow == "row wrap"  # a narrow page puts the picture below
    assert top.children[0].layout.min_width == base.CONTROLS_MIN_WIDTH
    assert "course-nn-demo" in side._dom_classes and "demo-Demo" in side._dom_classes


class SlowDemo:
    """Stands in for a demo: each redraw takes a while and records the value it drew."""

    def __init__(self):
        self.value, self.drawn, self.started = 0, [], threading.Event()

    def redraw(self):
        self.started.set()
        value = self.value
        time.sleep(0.05)
        self.drawn.append(value)


def _wait(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the painter did not finish in time"
        time.sleep(0.01)


def test_painter_coalesces_requests_that_arrive_while_it_draws():
    painter, demo = base.Painter(), SlowDemo()
    painter.request(demo)
    demo.started.wait(5)
    for value in range(1, 11):  # ten changes while the first picture is being drawn
        demo.value = value
        painter.request(demo)
    _wait(lambda: len(demo.drawn) == 2)
    time.sleep(0.2)
    assert demo.drawn == [0, 10]  # one more picture, of the latest value: no backlog


def test_painter_runs_prefetch_work_only_while_no_demo_waits():
    painter, demo, done = base.Painter(), SlowDemo(), []
    painter.prefetch(demo, [lambda k=k: (done.append(k), time.sleep(0.02)) for k in range(5)])
    painter.request(demo)
    _wait(lambda: len(done) == 5)
    assert demo.drawn == [0]
    painter.prefetch(demo, [lambda: 1 / 0, lambda: done.append("after a failure")])  # a failing job is skipped
    _wait(lambda: done[-1] == "after a failure")


def test_in_a_kernel_changes_are_drawn_by_the_painter_with_the_latest_values(monkeypatch):
    demo = LineDemo()
    monkeypatch.setattr(base, "in_kernel", lambda: True)
    for value in np.linspace(-3, 3, 25):  # a drag: many values faster than they can be drawn
        demo.slider.value = float(value)
    _wait(lambda: demo.status.value == "slope 3")
    assert demo.updates < 1 + 25  # coalesced
    settled = decoded(demo.image.value)
    demo.invalidate()
    monkeypatch.setattr(base, "in_kernel", lambda: False)
    demo.redraw()
    assert np.array_equal(settled, decoded(demo.image.value))


def test_backgrounds_are_kept_per_key_and_drawn_ahead_by_prefetch():
    race = optimizer_race("canyon")
    first = bytes(race.image.value)
    for job in race.prefetch():  # what the painter runs while the user looks
        job()
    assert set(race._backgrounds) == {"canyon", "rosenbrock", "saddle", "styblinski_tang"}
    race.controls["surface"].value = "saddle"
    race.controls["surface"].value = "canyon"
    assert bytes(race.image.value) == first  # back to the same picture, from the cached background
    explorer = activation_explorer("elu")
    elu = bytes(explorer.image.value)
    explorer.dropdown.value = "tanh"
    explorer.dropdown.value = "elu"
    assert bytes(explorer.image.value) == elu and set(explorer._backgrounds) == {"elu", "tanh"}


def test_long_prefetch_work_gives_way_to_a_waiting_redraw(monkeypatch):
    painter, demo, steps = base.Painter(), SlowDemo(), []
    monkeypatch.setattr(base, "PAINTER", painter)

    def training():  # a prefetched training run, checking after each step
        for step in range(200):
            steps.append(step)
            base.GiveWay().on_train_batch_end(step + 1, {})
            time.sleep(0.005)

    painter.prefetch(demo, [training])
    painter.request(SlowDemo())  # starts the thread: the redraw first, then the training
    _wait(lambda: len(steps) > 5)
    painter.request(demo)  # a redraw arrives mid-training ...
    _wait(lambda: demo.drawn == [0])
    stopped_at = len(steps)
    time.sleep(0.1)
    assert stopped_at < 200 and len(steps) == stopped_at  # ... and the training stopped for it


def test_prefetch_waits_while_cells_run():
    class Events:
        def register(self, name, callback):
            setattr(self, name, callback)

    shell = SimpleNamespace(events=Events(), kernel=SimpleNamespace(get_parent=lambda: {}))
    painter, done = base.Painter(), []
    painter.watch_cells(shell)
    shell.events.pre_run_cell(None)  # a cell runs ...
    painter.prefetch(SlowDemo(), [lambda: done.append(1)])
    time.sleep(0.5)
    assert done == []  # ... so no prefetch work starts
    shell.events.post_run_cell(None)
    _wait(lambda: done == [1])  # it starts IDLE seconds after the cell ended


def test_a_broken_prefetch_generator_does_not_stop_the_painter():
    painter, demo = base.Painter(), SlowDemo()

    def broken():
        raise RuntimeError("boom")
        yield

    painter.prefetch(demo, broken())
    painter.request(demo)
    _wait(lambda: demo.drawn == [0])
    time.sleep(0.5)  # the generator has been tried by now
    demo.value = 1
    painter.request(demo)
    _wait(lambda: demo.drawn == [0, 1])


class KeyedLineDemo(LineDemo):
    """LineDemo whose pictures are kept per (slope, colour)."""

    def __init__(self):
        self.menu = widgets.Dropdown(options=["a", "b", "c"], value="a")
        self.state = {}
        super().__init__()
        self.watch(self.menu)

    def picture_key(self):
        return self.slider.value, self.menu.value

    def draw_key(self, key):
        return self.update()


def test_prefetch_order_continues_the_last_move():
    demo = KeyedLineDemo()
    around = [(1.5, "a"), (0.5, "a"), (1.0, "b")]
    assert demo.likely_first(around) == around  # nothing moved yet: as given
    demo.slider.value = 0.5  # down: the next value down first
    assert demo.likely_first([(1.0, "a"), (0.0, "a"), (0.5, "b")]) == [(0.0, "a"), (1.0, "a"), (0.5, "b")]
    demo.menu.value = "b"  # a menu: its other entries first, in the order given
    assert demo.likely_first([(1.0, "b"), (0.5, "a"), (0.5, "c"), (0.0, "b")]) == [
        (0.5, "a"),
        (0.5, "c"),
        (1.0, "b"),
        (0.0, "b"),
    ]


# ---------------------------------------------------------------- controls refuse what they cannot show
@pytest.mark.parametrize(
    "kind, value, options, error, message",
    [
        (
            widgets.FloatSlider,
            3.0,
            dict(min=0.0, max=1.0, description="threshold t"),
            ValueError,
            r"^x: expected a value in \[0, 1\] \(the range of the slider 'threshold t'\), got 3.0. "
            r"Fix: pass a value in that range, e.g. x=1.",
        ),
        (
            widgets.FloatLogSlider,
            1e9,
            dict(base=10, min=-4, max=0),
            ValueError,
            r"^x: expected a value in \[0.0001, 1\], got 1000000000.0. Fix: pass a value in that range, e.g. x=1.",
        ),
        (widgets.FloatLogSlider, -1, dict(min=-4, max=0), ValueError, r"^x: expected a value in \[0.0001, 1\], got -1"),
        (widgets.IntSlider, 500, dict(min=0, max=19), ValueError, r"^x: expected an int in \[0, 19\], got 500.*x=19"),
        (widgets.IntSlider, 2.5, dict(min=0, max=19), TypeError, r"^x: expected an int, got 2.5"),
        (widgets.IntSlider, "a", dict(min=0, max=19), TypeError, r"^x: expected an int, got 'a'"),
        (widgets.IntSlider, -1, dict(), ValueError, r"^x: expected an int in \[0, 100\], got -1"),  # the default range
        (widgets.FloatSlider, np.nan, dict(), TypeError, r"^x: expected a finite number, got nan"),
        (
            widgets.SelectionSlider,
            0.05,
            dict(options=[("0", 0.0), ("0.1", 0.1)]),
            ValueError,
            r"^x: unknown option 0.05; expected one of \[0.0, 0.1\]",
        ),
        (widgets.Dropdown, "c", dict(options=["a", "b"]), ValueError, r"^x: unknown option 'c'; expected one of"),
        (widgets.ToggleButtons, ["a"], dict(options=["a", "b"]), ValueError, r"^x: unknown option \['a'\]"),
        (widgets.Checkbox, "yes", dict(), TypeError, r"^x: expected True or False, got 'yes'"),
    ],
)
def test_control_refuses_a_value_its_widget_would_clamp_or_reject(kind, value, options, error, message):
    with pytest.raises(error, match=message):
        base.control(kind, "x", value, **options)


def test_control_makes_the_widget_for_a_value_it_can_show():
    slider = base.control(widgets.FloatLogSlider, "lr", 0.03, base=10, min=-4, max=0, description="learning rate")
    assert isinstance(slider, widgets.FloatLogSlider) and slider.value == 0.03 and slider.description == "learning rate"
    assert base.control(widgets.IntSlider, "seed", 19, min=0, max=19).value == 19  # the ends are allowed
    assert base.control(widgets.SelectionSlider, "lam", 0.1, options=[("0", 0.0), ("0.1", 0.1)]).value == 0.1
    assert base.control(widgets.Checkbox, "batch_norm", True).value is True
    with pytest.raises(ValueError, match=r"^width: expected an int in \[1, 8\], got 9. Fix: use WidthSeedExplorer"):
        base.control(widgets.IntSlider, "width", 9, min=1, max=8, fix="Fix: use WidthSeedExplorer(max_width=9).")
    assert base.check_in_range(0.5, "param", 0.0, 0.5) == 0.5
