"""Demo latency in a real browser: from a key press, click or menu choice to the changed picture on screen.

    python benchmarks/demo_latency.py                       # every demo notebook -> benchmarks/demo_latency.json
    python benchmarks/demo_latency.py notebooks/05_optimizers.ipynb --presses 10
    python benchmarks/demo_latency.py --root /tmp/old-checkout --output old.json   # measure another checkout

Voila renders each notebook that shows a demo (on 127.0.0.1, Debian's Chromium through Playwright). In every
demo, every control is used ``--presses`` times, one press at a time, as a person would: sliders by arrow
keys on their handle, number boxes by typing, dropdowns by picking the next entry, checkboxes, toggle
buttons and buttons by clicks. The page itself measures: the time stamp of the input event the control acts
on (the key press; the menu's change event; the click, which ends a press of the mouse button), and the
time the demo's new picture (an Image widget, or a figure in an Output widget) was decoded and a frame
painted after it (MutationObserver, then img.decode() and requestAnimationFrame). After each picture the
benchmark waits until the demo has been quiet for 300 ms and a person would look for 200 ms more.

Then every slider is dragged by the mouse across a third of its track in about half a second (the hand
moves faster than the demos draw) and released: "catch-up" is the time from the release to the last
picture (negative: the last picture came before the release), and "latest value shown" checks that the
picture the demo settles on is the one a fresh move to the same value draws (two key presses away and
back; the image bytes are compared by their hash).

It is a benchmark, not a test: it asserts nothing and writes medians, 95th percentiles and maxima per control
(with the machine's load average before and after each notebook) to the JSON file and prints a table.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import demo_pages  # noqa: E402  (server, browser and page helpers shared with the browser test)

LOAD_TIMEOUT = 60_000  # ms for Voila to run a notebook (beyond: it stalled; the page is loaded again)
LOAD_TRIES = 3
PICTURE_TIMEOUT = 10_000  # ms a press may take to change the picture (beyond: "no change")
QUIET = 300  # ms without a new picture before the next press ...
LOOK = 200  # ... and the ms a person looks at it

# Installed in the page: every new picture of every demo (after decode and a painted frame) and every input
# event land in two logs with the page clock (performance.now(); event time stamps use the same clock).
INSTRUMENT_JS = """() => {
  if (window.__bench) return window.__bench.areas.length;
  const pictures = area => Array.from(area.querySelectorAll('img.widget-image, .widget-output img'));
  const key = area => pictures(area).map(img => img.getAttribute('src') || '').join('|');
  const bench = {areas: [], changes: [], inputs: []};
  for (const type of ['keydown', 'pointerup', 'change', 'click'])
    window.addEventListener(type, e => bench.inputs.push({type, t: e.timeStamp}), true);
  const outputs = document.querySelectorAll('.jp-OutputArea-output');
  for (const area of outputs) {
    if (!pictures(area).length || !area.querySelector('.widget-slider, .widget-dropdown, .widget-checkbox, '
        + '.widget-toggle-buttons, .jupyter-button, .widget-text')) continue;
    const index = bench.areas.length;
    area.dataset.benchArea = index;
    bench.areas.push({last: key(area), lastTime: performance.now()});
    new MutationObserver(async () => {
      const now = key(area);
      if (!now || now === bench.areas[index].last || now.includes('|') && now.split('|').some(s => !s)) return;
      bench.areas[index].last = now;
      const arrived = performance.now();
      await Promise.all(pictures(area).map(img => img.decode().catch(() => null)));
      const decoded = performance.now();
      await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
      const t = performance.now();
      bench.areas[index].lastTime = t;
      bench.changes.push({area: index, t, arrived, decoded, key: now});
    }).observe(area, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  }
  bench.hash = async index => {
    const area = document.querySelector(`[data-bench-area="${index}"]`);
    const parts = [];
    for (const img of pictures(area)) {
      const src = img.getAttribute('src');
      const bytes = src.startsWith('blob:') ? await (await fetch(src)).arrayBuffer() : new TextEncoder().encode(src);
      const digest = await crypto.subtle.digest('SHA-256', bytes);
      parts.push(Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join(''));
    }
    return parts.join('|');
  };
  window.__bench = bench;
  return bench.areas.length;
}"""

# The controls of one demo, in the order they are used (dropdowns last: they may switch the demo's mode).
CONTROLS_JS = """(index) => {
  const area = document.querySelector(`[data-bench-area="${index}"]`);
  const label = el => {
    const box = el.closest('.widget-slider, .widget-dropdown, .widget-text, .widget-checkbox, .widget-inline-hbox');
    const l = box && (box.querySelector('.widget-label-basic') || box.querySelector('.widget-label, label'));
    const text = (l && l.innerText) || el.innerText || el.getAttribute('title') || '';
    return text.replace(/\u200b/g, '').trim() || '(no label)';
  };
  const found = [];
  const add = (kind, el, name) => {
    el.dataset.benchControl = found.length;
    found.push({kind, name, id: found.length});
  };
  for (const s of area.querySelectorAll('.widget-slider'))
    if (!s.querySelector('.noUi-target[disabled]')) add('slider', s.querySelector('.noUi-handle'), label(s));
  for (const t of area.querySelectorAll('.widget-text input:not([disabled])')) add('text', t, label(t));
  for (const c of area.querySelectorAll('.widget-checkbox input:not([disabled])')) add('checkbox', c, label(c));
  for (const g of area.querySelectorAll('.widget-toggle-buttons'))
    add('toggle buttons', g, ((g.querySelector('.widget-label') || {}).innerText || 'toggles').trim());
  for (const b of area.querySelectorAll('button.jupyter-button:not([disabled])'))
    if (!b.closest('.widget-toggle-buttons')) add('button', b, b.innerText.trim());
  for (const d of area.querySelectorAll('.widget-dropdown select:not([disabled])')) add('dropdown', d, label(d));
  return found;
}"""


def _percentile(values, q):
    """The q-th percentile (0-100) by linear interpolation between order statistics."""
    values = sorted(values)
    if not values:
        return math.nan
    k = (len(values) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def summary(latencies):
    return {
        "n": len(latencies),
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(_percentile(latencies, 95), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
    }


class DemoArea:
    """One demo on a rendered page: its controls and a way to time one use of a control."""

    def __init__(self, page, index: int):
        self.page, self.index = page, index
        self.parts: list = []  # per timed press: ms until the new picture reached the page, to decode it, to paint

    def controls(self) -> list[dict]:
        return self.page.evaluate(CONTROLS_JS, self.index)

    def control(self, spec):
        return self.page.locator(f'[data-bench-area="{self.index}"] [data-bench-control="{spec["id"]}"]')

    def _changes(self) -> int:
        return self.page.evaluate("() => window.__bench.changes.length")

    def wait_quiet(self, quiet: float = QUIET, limit: float = 20_000):
        """Until this demo has shown no new picture for ``quiet`` ms (at most ``limit`` ms)."""
        try:
            self.page.wait_for_function(
                "([i, q]) => performance.now() - window.__bench.areas[i].lastTime > q",
                arg=[self.index, quiet],
                polling=50,
                timeout=limit,
            )
        except Exception:  # still drawing after the limit: the next press is timed anyway
            pass

    def timed(self, action, trigger: str = "keydown") -> float | None:
        """Milliseconds from the input event of ``action()`` that makes the control act (``trigger``: the
        last event of that type; a key press, a menu's change, a click) to this demo's next painted picture
        (None: the picture did not change within PICTURE_TIMEOUT)."""
        n0 = self.page.evaluate("() => { window.__bench.inputs = []; return window.__bench.changes.length; }")
        action()
        try:
            self.page.wait_for_function(
                "([i, n0]) => window.__bench.changes.slice(n0).some(c => c.area === i)",
                arg=[self.index, n0],
                polling="raf",
                timeout=PICTURE_TIMEOUT,
            )
        except Exception:
            return None
        t0, change = self.page.evaluate(
            """([i, n0, type]) => [
            (window.__bench.inputs.filter(e => e.type === type).pop() || {t: null}).t,
            window.__bench.changes.slice(n0).find(c => c.area === i)]""",
            [self.index, n0, trigger],
        )
        if t0 is None:
            return None
        arrived, decoded = change["arrived"], change["decoded"]
        self.parts.append((arrived - t0, decoded - arrived, change["t"] - decoded))
        return change["t"] - t0

    def picture_hash(self) -> str:
        return self.page.evaluate("(i) => window.__bench.hash(i)", self.index)


# --------------------------------------------------------------------------- using the controls
class Presser:
    """Uses one control as a person would, one press at a time (``press()``); ``trigger`` is the input
    event the control acts on (timing starts there)."""

    TRIGGERS = {"slider": "keydown", "text": "keydown", "dropdown": "change"}

    def __init__(self, kind: str, control):
        self.kind, self.control, self.direction = kind, control, 1
        self.trigger = self.TRIGGERS.get(kind, "click")

    def press(self):
        getattr(self, "_" + self.kind.replace(" ", "_"))()

    def _slider(self):
        """One arrow-key step, bouncing between the ends."""
        now, low, top = (float(self.control.get_attribute(f"aria-value{a}")) for a in ("now", "min", "max"))
        if (self.direction > 0 and now >= top) or (self.direction < 0 and now <= low):
            self.direction = -self.direction
        self.control.press("ArrowRight" if self.direction > 0 else "ArrowLeft")

    def _text(self):
        """Type the next number (the value plus or minus the box's step, by turns) and press Enter."""
        value, step = float(self.control.input_value() or 0), float(self.control.get_attribute("step") or 1)
        self.control.fill(f"{value + self.direction * step:g}")
        self.control.press("Enter")
        self.direction = -self.direction

    def _dropdown(self):
        values = self.control.locator("option").evaluate_all("os => os.map(o => o.value)")
        self.control.select_option(values[(values.index(self.control.input_value()) + 1) % len(values)])

    def _toggle_buttons(self):
        self.control.locator("button:not(.mod-active)").first.click()

    def _checkbox(self):
        self.control.click()

    _button = _checkbox


def presses_for(kind: str, control, presses: int) -> int:
    """Dropdowns: whole rounds through their entries (they end where they started)."""
    if kind != "dropdown":
        return presses
    n = control.locator("option").count()
    return n * max(1, math.ceil(presses / n))


def measure_control(area: DemoArea, spec, presses: int) -> dict:
    kind, control = spec["kind"], area.control(spec)
    presser, nudge = Presser(kind, control), None
    if kind == "button":  # a button press may change nothing (a reset at 0): move a slider first
        sliders = [c for c in area.controls() if c["kind"] == "slider"]
        nudge = Presser("slider", area.control(sliders[0])) if sliders else None
    latencies, unchanged, parts = [], 0, []
    for _ in range(presses_for(kind, control, presses)):
        if nudge is not None:
            area.timed(nudge.press, nudge.trigger)
            area.wait_quiet()
        ms = area.timed(presser.press, presser.trigger)
        if ms is None:
            unchanged += 1
        else:
            latencies.append(ms)
            parts.append(area.parts[-1])
        area.wait_quiet()
        area.page.wait_for_timeout(LOOK)
    arrive, decode, paint = (statistics.median(p) if p else None for p in zip(*parts)) if parts else (None,) * 3
    return {
        "kind": kind,
        "control": spec["name"],
        **summary(latencies),
        "unchanged": unchanged,
        "median_parts_ms": {"reach the page": arrive, "decode": decode, "paint": paint},
        "latencies_ms": [round(v, 1) for v in latencies],
    }


def drag_slider(area: DemoArea, spec) -> dict:
    """Drag a slider's handle across a third of its track in ~0.5 s, release, and see the demo catch up."""
    page, handle = area.page, area.control(spec)
    track = handle.locator("xpath=ancestor::*[contains(@class, 'noUi-target')][1]").bounding_box()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    dx = track["width"] / 3 * (1 if x < track["x"] + track["width"] / 2 else -1)
    n0 = page.evaluate("() => { window.__bench.inputs = []; return window.__bench.changes.length; }")
    page.mouse.move(x, y)
    page.mouse.down()
    for k in range(1, 21):
        page.mouse.move(x + dx * k / 20, y)
        page.wait_for_timeout(25)
    page.mouse.up()
    try:  # a demo that draws only on release has not drawn yet
        page.wait_for_function(
            "([i, n0]) => window.__bench.changes.slice(n0).some(c => c.area === i)",
            arg=[area.index, n0],
            polling="raf",
            timeout=PICTURE_TIMEOUT,
        )
    except Exception:
        pass
    area.wait_quiet(quiet=1500, limit=60_000)
    released = page.evaluate("() => window.__bench.inputs.filter(e => e.type === 'pointerup').pop().t")
    shown = page.evaluate(
        "([i, n0]) => window.__bench.changes.slice(n0).filter(c => c.area === i).map(c => c.t)", [area.index, n0]
    )
    final = area.picture_hash()
    for key in ("ArrowRight", "ArrowLeft"):  # away and back: a fresh picture of the same value
        area.timed(lambda key=key: handle.press(key))
        area.wait_quiet()
    fresh = area.picture_hash()
    if fresh != final:  # at the end of the track "away" was not possible: try the other way round
        for key in ("ArrowLeft", "ArrowRight"):
            area.timed(lambda key=key: handle.press(key))
            area.wait_quiet()
        fresh = area.picture_hash()
    return {
        "control": spec["name"],
        "pictures_during_drag": len(shown),
        "catch_up_ms": round(shown[-1] - released, 1) if shown else None,
        "latest_value_shown": fresh == final,
    }


# --------------------------------------------------------------------------- one notebook
DEMO_CALL = re.compile(r"^(?:\w+\.)?(\w+_(?:explorer|race|playground))\(", re.M)


def demo_names(page, path: Path) -> list[str]:
    """A name per demo on the page: the class a ``course_nn.widgets.base.Demo`` puts on its box, else the
    demo function a cell of the notebook calls (``..._explorer(``, ``..._race(``, ``..._playground(``)."""
    classes = page.evaluate("""() => Array.from(document.querySelectorAll('[data-bench-area]'), area => {
        const box = area.querySelector('.course-nn-demo');
        return box ? Array.from(box.classList).find(c => c.startsWith('demo-')) : null; })""")
    calls = [m for src in demo_pages.code_cells(path) for m in DEMO_CALL.findall(src.strip().splitlines()[-1])]
    return [
        c[len("demo-") :] if c else (calls[k] if k < len(calls) else f"demo {k + 1}") for k, c in enumerate(classes)
    ]


def open_notebook(browser, server, path: Path):
    """A page with ``path`` rendered and settled: (context, page, seconds, loads that stalled before)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for stalled in range(LOAD_TRIES):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            seconds = demo_pages.render(page, server, path, LOAD_TIMEOUT)
            demo_pages.settle(page)
            return context, page, seconds, stalled
        except PlaywrightTimeout:
            print(
                f"  {path.name}: not rendered within {LOAD_TIMEOUT / 1000:g} s (at: {demo_pages.loading_text(page)});"
                " loading it again",
                flush=True,
            )
            demo_pages.shut_down_kernel(page, server)
            context.close()
    raise RuntimeError(f"{path.name}: Voila did not render it in {LOAD_TRIES} tries\n{server.log()}")


def measure_notebook(browser, server, path: Path, presses: int, drags: bool) -> dict:
    load_before = os.getloadavg()
    context, page, seconds, stalled = open_notebook(browser, server, path)
    try:
        n_areas = page.evaluate(INSTRUMENT_JS)
        names = demo_names(page, path)
        demos = []
        for index in range(n_areas):
            area = DemoArea(page, index)
            name = names[index]
            controls = [measure_control(area, spec, presses) for spec in area.controls()]
            dragged = [drag_slider(area, spec) for spec in area.controls() if spec["kind"] == "slider"] if drags else []
            demos.append({"demo": name, "controls": controls, "drags": dragged})
            for c in controls:
                print(
                    f"  {name:24s} {c['kind']:8s} {c['control'][:18]:18s} median {c['median_ms']} p95 {c['p95_ms']}"
                    f" max {c['max_ms']} (n {c['n']}, unchanged {c['unchanged']})",
                    flush=True,
                )
            for d in dragged:
                print(
                    f"  {name:24s} drag     {d['control'][:18]:18s} catch-up {d['catch_up_ms']} ms, "
                    f"{d['pictures_during_drag']} pictures, latest shown {d['latest_value_shown']}",
                    flush=True,
                )
        demo_pages.shut_down_kernel(page, server)
    finally:
        context.close()
    return {
        "notebook": path.name,
        "render_s": round(seconds, 1),
        "stalled_loads": stalled,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "demos": demos,
    }


def markdown_table(results: dict) -> str:
    rows = ["| notebook | demo | control | n | median ms | p95 ms | max ms |", "|---|---|---|---|---|---|---|"]
    for nb in results["notebooks"]:
        for demo in nb["demos"]:
            for c in demo["controls"]:
                rows.append(
                    f"| {nb['notebook'][:2]} | {demo['demo']} | {c['kind']} {c['control']} | {c['n']} | "
                    f"{c['median_ms']} | {c['p95_ms']} | {c['max_ms']} |"
                )
    drags = [
        "",
        "| notebook | demo | slider dragged | pictures during drag | catch-up ms | latest value shown |",
        "|---|---|---|---|---|---|",
    ]
    for nb in results["notebooks"]:
        for demo in nb["demos"]:
            for d in demo["drags"]:
                shown = "yes" if d["latest_value_shown"] else "NO"
                drags.append(
                    f"| {nb['notebook'][:2]} | {demo['demo']} | {d['control']} | "
                    f"{d['pictures_during_drag']} | {d['catch_up_ms']} | {shown} |"
                )
    return "\n".join(rows + (drags if len(drags) > 3 else []))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=20, help="uses of each control (default 20)")
    parser.add_argument("--no-drags", action="store_true", help="leave out the slider drags")
    args, root, paths = demo_pages.benchmark_command_line(parser, argv, HERE / "demo_latency.json")
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=root, capture_output=True, text=True).stdout
    results = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "root": str(root),
        "commit": commit.strip(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "presses": args.presses,
        "notebooks": [],
    }
    with demo_pages.voila_and_chromium(root) as (server, browser):
        for path in paths:
            print(f"{path.name} (load average {os.getloadavg()[0]:.2f})", flush=True)
            results["notebooks"].append(measure_notebook(browser, server, path, args.presses, not args.no_drags))
    demo_pages.write_results(args.output, results, markdown_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
