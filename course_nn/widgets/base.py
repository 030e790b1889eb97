"""What every demo shares: a figure drawn once, a picture that follows the controls, redraws that never
queue up, a status line, and a layout that keeps the controls in view.

How to write a demo
-------------------
Put the work in pure functions at the top of the module (the tests call them), then subclass ``Demo``::

    class SlopeDemo(Demo):
        def __init__(self, slope=1.0):
            self.slider = widgets.FloatSlider(value=slope, min=-3, max=3, description="slope")
            super().__init__([self.slider], figsize=(5, 3.5))        # makes self.figure, self.image, self.status
            ax = self.figure.subplots()
            ax.set_xlim(-1, 1)                                       # what never changes: drawn once, cached
            ax.set_ylim(-3, 3)
            (self.line,) = self.animate(*ax.plot([], [], lw=2))      # what changes: redrawn on every move
            self.watch(self.slider)                                  # a move of the slider asks for a redraw
            self.redraw()                                            # the first picture

        def update(self):
            x = np.array([-1.0, 1.0])
            self.line.set_data(x, line_values(x, self.slider.value))  # a pure function of the module
            return f"slope {self.slider.value:g}"                    # the status line (None: leave it)

Then give the module a function that returns the demo (``slope_demo(slope=1.0) -> SlopeDemo``): the
notebook's demo cell calls it, and a static figure drawn by the same plotting functions follows the cell
for readers without a kernel. The browser test (tests/browser/) and the latency benchmark
(benchmarks/demo_latency.py) find every notebook that imports ``course_nn.widgets`` by themselves.

Make each control with ``control(kind, name, value, **options)`` (``name``: the argument the value came
from): a number outside a slider's range, or a value that is not among a menu's options, is refused with an
error that names the argument, the range and the fix (ipywidgets itself would move the number to the
slider's end without a word, or raise a TraitError that names no argument). ``check_in_range`` does the
same for a value set on a slider later (a slider whose range depends on another control).

Rules of thumb:

- Draw everything that does not depend on the controls in ``__init__``; mark what does with ``animate``
  (or ``animate_drawing`` around a plotting function of ``course_nn.plots``) and change it in ``update``
  with ``set_data``, ``set_offsets``, ``set_array``, ``set_text``. Animated artists are painted over the
  cached rest in ``zorder`` order, so an artist that must lie above an animated one is animated too or,
  if it never changes (a legend), listed in ``on_top``.
- When the unchanging part depends on a control (the chosen surface, an activation's axis limits), return
  that control's value from ``background_key`` and set the figure up for a key in ``set_background``: one
  background per key is kept, and ``background_job(key)`` in ``prefetch`` draws one ahead of time. When it
  changes otherwise (new axis limits), call ``invalidate()``.
- Cache expensive results (``functools.lru_cache`` on a pure function) and yield the ones a user will
  probably ask for next from ``prefetch``: they are computed while the demo waits for the user. A long
  training run there takes ``callbacks=[GiveWay()]`` so that a redraw need not wait for it.
- Handlers that change state (a button press) change it and then call ``request_redraw()``; several
  changes made together go inside ``with self.hold_redraws():`` (one redraw).
- ``update`` returns the status line's HTML (None keeps it); an exception shows there instead of the picture.
- When part of a picture takes long (a training run), the demo can show a sketch first: ``finished(key)``
  says whether the whole picture can be drawn at once, ``draw_sketch(key)`` draws what is ready, and
  ``update`` draws the sketch (setting ``self.provisional = True``) while the key is not finished. Sketches
  are kept apart from finished pictures; ``sketch_job(key)`` draws one ahead of time, and a job that
  ``prefetch`` yields first finishes the work and calls ``request_redraw()`` (the depth explorer of 09).

Inside a kernel a change of a control only asks for a redraw; one background thread per kernel draws,
and a demo that got several changes while it was being drawn is drawn once more with the latest
values, so a dragged slider never builds up a backlog. Outside a kernel (the tests) every request draws
at once, so ``state`` and the artists can be checked right after a control is set.

Why a PNG in an ``Image`` widget rather than ``display(figure)`` in an ``Output`` widget: encoding the
canvas once is several times faster than the inline backend's tight bounding box (which draws twice),
and a notebook executed headless (nbclient, Voila) does not stall: its stand-in for the Output widget
answers each captured output on the kernel's shell channel while it waits there for the cell's reply,
and now and then misses that reply until its timeout (jupyter/nbclient#312).
"""

from __future__ import annotations

import html
import struct
import threading
import time
import traceback
import zlib
from collections import OrderedDict
from contextlib import contextmanager

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import Callback
from .._checks import check_bool, check_int, check_number, check_option

DPI = 100  # pixels per inch of the picture: a 6-inch figure is 600 pixels wide
PNG_COMPRESSION = 1  # zlib level: 1 is several times faster than the default 6, for a few more bytes
CONTROLS_MIN_WIDTH = "330px"
PICTURES_KEPT = 256  # finished pictures a demo with a picture_key keeps (about 100 KB each: up to about 30 MB)


def check_in_range(value, name: str, low, high, *, integer: bool = False, slider: str = "", fix: str = ""):
    """``value`` (an int if ``integer``) after checking that it lies in [low, high], the range of the slider
    ``slider`` (its description) that will show it; an error names ``name``, the range and the fix."""
    number = check_int(value, name) if integer else check_number(value, name)
    if not low <= number <= high:
        nearest = min(max(number, low), high)
        of = f" (the range of the slider {slider!r})" if slider else ""
        raise ValueError(
            f"{name}: expected {'an int' if integer else 'a value'} in [{low:g}, {high:g}]{of}, got {value!r}. "
            f"{fix or f'Fix: pass a value in that range, e.g. {name}={nearest:g}.'}"
        )
    return value


def control(kind, name: str, value, *, fix: str = "", **options):
    """The ipywidgets control ``kind(value=value, **options)``, made once ``value`` is one it can show.

    That is a number in a slider's [min, max] (an int for an int slider; for a log slider, between ``base`` to
    the power ``min`` and ``base`` to the power ``max``), one of a menu's ``options`` (plain values or
    (label, value) pairs), or True or False for a checkbox. ``name`` is the argument ``value`` came from,
    ``fix`` an optional fix for a number out of range (see ``check_in_range``)."""
    if "options" in options:
        allowed = [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in options["options"]]
        check_option(value, name, allowed)
    elif issubclass(kind, (widgets.Checkbox, widgets.ToggleButton)):
        check_bool(value, name)
    elif "min" in kind.class_traits():
        traits = kind.class_traits()
        low, high = (options.get(end, traits[end].default_value) for end in ("min", "max"))
        if issubclass(kind, widgets.FloatLogSlider):
            base = options.get("base", traits["base"].default_value)
            low, high = base**low, base**high
        integer = issubclass(kind, (widgets.IntSlider, widgets.BoundedIntText))
        check_in_range(value, name, low, high, integer=integer, slider=options.get("description", ""), fix=fix)
    return kind(value=value, **options)


def kernel_shell():
    """The IPython shell of the running kernel (a notebook, Voila), or None (plain Python, the tests)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return None
    shell = get_ipython()
    return shell if getattr(shell, "kernel", None) is not None else None


def in_kernel() -> bool:
    """True inside a running IPython kernel, False in plain Python and in the tests."""
    return kernel_shell() is not None


def png_bytes(canvas: FigureCanvasAgg) -> bytes:
    """The canvas's current pixels (no redraw) as a PNG: 8-bit RGBA, rows unfiltered, zlib level 1.

    A figure is mostly runs of one colour, which deflate squeezes well even unfiltered; skipping the
    filters that general PNG writers try on every row makes this several times faster than they are."""
    rgba = np.asarray(canvas.buffer_rgba())
    height, width = rgba.shape[:2]
    rows = np.zeros((height, 1 + 4 * width), np.uint8)  # each row: filter type 0 ("none"), then its pixels
    rows[:, 1:] = rgba.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, colour type 6 (RGBA), no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, PNG_COMPRESSION))
        + chunk(b"IEND", b"")
    )


class Painter:
    """One background thread that redraws demos in the order they asked, each once however many
    changes it got while it waited. When no demo waits and no cell runs (for ``IDLE`` seconds), it runs
    the demos' prefetch work, one piece at a time, so a request waits for one piece at most."""

    IDLE = 0.3  # seconds after a cell ends before prefetch work may start (Run All runs the next cell first)

    def __init__(self):
        self._wake = threading.Condition()
        self._waiting: list = []  # demos to redraw, oldest first, each at most once
        self._prefetching: dict = {}  # demo -> iterator over its prefetch work
        self._thread = None
        self._prefetch_job = None  # the piece of prefetch work running now
        self._cells_running, self._cell_ended = 0, time.monotonic()
        self.watching_cells = False

    def _start(self):
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="course_nn demo painter", daemon=True)
            self._thread.start()

    def request(self, demo):
        """Redraw ``demo`` soon (at once if the painter is idle)."""
        with self._wake:
            if demo not in self._waiting:
                self._waiting.append(demo)
            self._start()
            self._wake.notify()

    def prefetch(self, demo, work):
        """Run the callables of ``work`` (an iterable) while nothing else is to do; replaces ``demo``'s
        earlier work."""
        with self._wake:
            self._prefetching[demo] = iter(work)
            self._start()
            self._wake.notify()

    def watch_cells(self, shell):
        """Keep prefetch work out of the way of running cells (``shell``: the kernel's IPython shell)."""
        # the run_cell events: ipykernel fires pre/post_execute around widget messages too
        shell.events.register("pre_run_cell", self._cell_starts)
        shell.events.register("post_run_cell", self._cell_ends)
        parent = shell.kernel.get_parent() or {}
        if parent.get("header", {}).get("msg_type") == "execute_request":  # called from a running cell
            self._cells_running = 1
        self.watching_cells = True

    def _cell_starts(self, info=None):
        with self._wake:
            self._cells_running += 1

    def _cell_ends(self, result=None):
        with self._wake:
            self._cells_running = max(0, self._cells_running - 1)
            self._cell_ended = time.monotonic()
            self._wake.notify()

    def _next(self):
        """The next thing to do, (a demo's ``redraw``, False), else (a piece of prefetch work, True); waits."""
        with self._wake:
            while True:
                if self._waiting:
                    return self._waiting.pop(0).redraw, False
                idle_in = self._cell_ended + self.IDLE - time.monotonic()
                if self._cells_running or idle_in > 0:
                    self._wake.wait(None if self._cells_running else idle_in)
                    continue
                for demo, work in list(self._prefetching.items()):
                    try:
                        job = next(work, None)
                    except Exception:  # a broken prefetch generator ends its demo's prefetching, not the painter
                        job = None
                    if job is not None:
                        return job, True
                    del self._prefetching[demo]
                self._wake.wait()

    def _run(self):
        while True:
            job, prefetch = self._next()
            self._prefetch_job = job if prefetch else None
            try:
                job()
            except Exception:  # redraw reports its own errors; a failed prefetch is reported when it is asked for
                pass
            finally:
                self._prefetch_job = None

    def give_way(self):
        """Called now and then by long prefetch work (``GiveWay``): raises ``PrefetchCancelled`` if a demo
        waits for a redraw or a cell runs, so the work stops (it is asked for again after the next redraw) —
        unless the work is the very picture the waiting demos want (``Demo.picture_job``)."""
        job = self._prefetch_job
        if job is None or threading.current_thread() is not self._thread:
            return
        wanted = all(
            demo is getattr(job, "demo", None) and demo.picture_key() == getattr(job, "key", None)
            for demo in self._waiting
        )
        if self._cells_running or (self._waiting and not wanted):
            raise PrefetchCancelled


class PrefetchCancelled(Exception):
    """Prefetch work stopped to let a redraw through (nothing half-done is kept: the exception passes
    through any cache)."""


class GiveWay(Callback):
    """A training callback for work a demo prefetches: after each training step, stop if a redraw is waiting."""

    def on_train_batch_end(self, batch, logs):
        PAINTER.give_way()


PAINTER = Painter()


class Demo(widgets.VBox):
    """Base class of the course's demos (see the module docstring for how to write one).

    Parameters
    ----------
    controls : list of widgets shown above the picture (``side=False``) or in a column left of it.
    figsize : (width, height) of the figure in inches; the picture is ``DPI`` pixels per inch.
    side : put the controls in a column on the left (for a tall control panel next to a small figure).
    below : widgets shown under the picture, above the status line.

    Attributes: ``figure`` (a matplotlib Figure on an Agg canvas, no pyplot), ``image`` (the Image widget
    showing it), ``status`` (an HTML line under the picture), ``animated`` (the artists redrawn each time)
    and ``on_top`` (unchanging artists, such as legends, whose pixels are laid over the animated ones).
    """

    def __init__(self, controls, figsize, *, side: bool = False, below=()):
        self.figure = Figure(figsize=figsize, dpi=DPI)
        FigureCanvasAgg(self.figure)
        self.image = widgets.Image(format="png", layout=widgets.Layout(flex="0 1 auto", min_width="0"))
        self.status = widgets.HTML()
        self.animated: list = []
        self.on_top: list = []
        self._backgrounds: dict = {}  # background_key() -> (pixels of the unchanging part, pixels of on_top)
        self._pictures: OrderedDict = OrderedDict()  # picture_key() -> (PNG, status, state), oldest first
        self._sketches: OrderedDict = OrderedDict()  # the same for pictures not finished yet (``draw_sketch``)
        self._held, self._asked = 0, False
        self._moves = (None, None)  # the picture_key() shown before the current one, and the current one
        self.provisional = False  # set by an update that drew a picture still being worked on
        if side:
            panel = widgets.VBox(list(controls), layout=widgets.Layout(flex="0 0 auto", min_width=CONTROLS_MIN_WIDTH))
        else:
            panel = widgets.HBox(list(controls), layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        # wrap, never overlap: on a narrow page the picture moves under the controls instead of covering them
        top = widgets.Box(
            [panel, self.image],
            layout=widgets.Layout(display="flex", flex_flow="row wrap" if side else "column", align_items="flex-start"),
        )
        super().__init__([top, *below, self.status])
        self.add_class("course-nn-demo")  # for the browser test and the latency benchmark
        self.add_class("demo-" + type(self).__name__)

    # ---------------------------------------------------------------- for subclasses
    def update(self) -> str | None:
        """Read the controls, change the animated artists; return the status line's HTML (None: keep it)."""
        raise NotImplementedError

    def prefetch(self):
        """Yield callables that compute (and cache) results the user will probably ask for next, most
        likely first. Asked for after each redraw; in a kernel the painter runs them while no demo waits."""
        return iter(())

    def background_key(self):
        """Which background the current controls need (for example the chosen surface); one per key is
        kept. The default, None, means a single background."""
        return None

    def set_background(self, key):
        """Make the unchanging part of the figure that of ``key`` (axis limits, which Axes are shown); called
        before each picture and before drawing a background ahead of time (``background_job``)."""

    def picture_key(self):
        """When the whole picture, the status line and ``state`` follow from a few controls with few values,
        their values (a tuple): the finished pictures are then kept per key, and ``picture_job(key)`` draws
        one ahead of time. Such a demo draws a key it is given in ``draw_key(key)`` (its ``update`` is
        ``return self.draw_key(self.picture_key())``). The default, None, keeps no pictures."""
        return None

    def draw_key(self, key) -> str | None:
        """``update`` for the controls' values ``key`` (see ``picture_key``)."""
        raise NotImplementedError

    def finished(self, key) -> bool:
        """Whether the whole picture of ``key`` can be drawn now (else a sketch is shown first)."""
        return True

    def draw_sketch(self, key) -> str | None:
        """Like ``draw_key``, with only the quick part of the picture (for a ``key`` not ``finished``)."""
        raise NotImplementedError

    def likely_first(self, keys) -> list:
        """``keys`` (values of ``picture_key`` one step away) with the ones that continue the last move
        first: whoever just moved a slider up will probably move it up again, and prefetch work runs in
        this order."""
        before, now = self._moves
        changed = [i for i, (a, b) in enumerate(zip(before or (), now or ())) if a != b]
        if len(changed) != 1:
            return list(keys)
        i = changed[0]

        def continues(key) -> bool:
            if key[i] == now[i] or any(key[j] != now[j] for j in range(len(now)) if j != i):
                return False
            try:  # a slider: the same direction
                return (key[i] - now[i]) * (now[i] - before[i]) > 0
            except TypeError:  # a menu or buttons: any other value
                return True

        return sorted(keys, key=lambda key: not continues(key))

    def animate(self, *artists):
        """Mark ``artists`` as changing: left out of the cached background, painted on every redraw.
        Returns them."""
        for artist in artists:
            artist.set_animated(True)
            self.animated.append(artist)
        return artists

    def animate_drawing(self, ax, draw) -> list:
        """Call ``draw()``, which adds artists to ``ax`` (a plotting function of ``course_nn.plots``), and
        animate what it added. Returns the added artists (``forget`` them before drawing anew)."""
        before = {id(artist) for artist in ax.get_children()}
        draw()
        return list(self.animate(*(a for a in ax.get_children() if id(a) not in before)))

    def forget(self, *artists):
        """Remove animated ``artists`` from the figure (for example a legend or points about to be replaced)."""
        for artist in artists:
            if artist in self.animated:
                self.animated.remove(artist)
            artist.remove()

    def invalidate(self):
        """The unchanging part changed (axis limits, static data): forget every cached background."""
        self._backgrounds.clear()

    def background_job(self, key):
        """A prefetch job that draws and keeps the background of ``key`` (so that switching to it is fast)."""

        def job():
            if key not in self._backgrounds:
                current = self.background_key()
                self._draw_background(key)
                self.set_background(current)

        return job

    def picture_job(self, key):
        """A prefetch job that draws and keeps the finished picture of ``key`` (see ``picture_key``)."""

        def job():
            if key not in self._pictures:
                self._draw_ahead(key, self.draw_key, self._pictures)

        job.demo, job.key = self, key  # what it makes (a redraw waiting for just that need not stop it)
        return job

    def sketch_job(self, key):
        """A prefetch job that draws and keeps the sketch of ``key`` (see ``draw_sketch``)."""

        def job():
            if key not in self._pictures and key not in self._sketches and not self.finished(key):
                self._draw_ahead(key, self.draw_sketch, self._sketches)

        return job

    def _draw_ahead(self, key, draw, pictures):
        """Draw ``key`` with ``draw`` (``draw_key`` or ``draw_sketch``) and keep it in ``pictures``; the
        picture on screen and ``state`` stay as they are."""
        shown = self.state
        status = draw(key)
        self._keep(key, (self.render(), status, self.state), pictures)
        self.state = shown

    def _keep(self, key, picture, pictures=None):
        pictures = self._pictures if pictures is None else pictures
        pictures[key] = picture
        if len(pictures) > PICTURES_KEPT:
            pictures.popitem(last=False)

    @contextmanager
    def hold_redraws(self):
        """Inside ``with demo.hold_redraws():`` requests are collected; one redraw follows if any came."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            if not self._held and self._asked:
                self._asked = False
                self.request_redraw()

    def watch(self, *controls):
        """Redraw when the ``value`` of any of ``controls`` changes."""
        for control in controls:
            control.observe(self.request_redraw, names="value")

    # ---------------------------------------------------------------- drawing
    def _draw_background(self, key):
        """Draw everything but the animated artists for ``key`` and keep the pixels (and those of on_top)."""
        self.set_background(key)
        canvas = self.figure.canvas
        canvas.draw()  # animated artists are left out of this
        renderer = canvas.get_renderer()
        on_top = [canvas.copy_from_bbox(a.get_window_extent(renderer)) for a in self.on_top if a.get_visible()]
        self._backgrounds[key] = canvas.copy_from_bbox(self.figure.bbox), on_top
        return self._backgrounds[key]

    def render(self) -> bytes:
        """The current figure as PNG bytes: the cached background, then the animated artists over it."""
        canvas = self.figure.canvas
        key = self.background_key()
        if key in self._backgrounds:
            self.set_background(key)
            background, on_top = self._backgrounds[key]
            canvas.restore_region(background)
        else:
            background, on_top = self._draw_background(key)
        renderer = canvas.get_renderer()
        for artist in sorted(self.animated, key=lambda a: a.get_zorder()):
            if artist.get_visible():
                artist.draw(renderer)
        for pixels in on_top:
            canvas.restore_region(pixels)
        return png_bytes(canvas)

    def redraw(self):
        """Update, render and show the picture now, in this thread; a failure is shown in the status line."""
        try:
            key = self.picture_key()
            if key != self._moves[1]:
                self._moves = (self._moves[1], key)
            if key is not None and key in self._pictures:
                self._pictures.move_to_end(key)
                png, status, self.state = self._pictures[key]
            elif key is not None and key in self._sketches and not self.finished(key):
                png, status, self.state = self._sketches[key]
            else:
                self.provisional = False
                status = self.update()
                png = self.render()
                if key is not None:
                    self._keep(key, (png, status, self.state), self._sketches if self.provisional else None)
            self.image.value = png
        except Exception as error:
            self.status.value = (
                f"<span style='color:#b00020'>This demo failed: "
                f"{html.escape(type(error).__name__)}: {html.escape(str(error))}</span>"
            )
            if not in_kernel():
                raise
            traceback.print_exc()
            return
        if status is not None:
            self.status.value = status
        shell = kernel_shell()
        if shell is not None:
            if not PAINTER.watching_cells:
                PAINTER.watch_cells(shell)
            PAINTER.prefetch(self, self.prefetch())

    def request_redraw(self, change=None):
        """Ask for a redraw: in a kernel the painter thread does it (several requests while it is busy
        give one redraw, with the latest values); elsewhere it happens now."""
        if self._held:
            self._asked = True
        elif in_kernel():
            PAINTER.request(self)
        else:
            self.redraw()
