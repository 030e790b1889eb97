"""The widget demos work in a real browser: each notebook that uses ``course_nn.widgets`` is rendered by
Voila (every cell runs on a fresh kernel), and Chromium then uses every control a person would — moves
each slider, picks another entry in each dropdown, ticks each checkbox, presses each button — and
requires the demo's figure or text to change each time.

A control hidden under a figure fails too: Playwright clicks only what a person could click. A control
that is not meant to change the display can opt out with ``widget.add_class("browser-test-skip")``.

The fixture notebook tests/fixtures/demo_controls.ipynb proves the test can fail: a demo whose callback
does nothing, and one whose controls are covered by its figure, are both reported.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from demo_pages import ROOT, demo_notebooks, loading_text, render, settle, snapshot

pytestmark = pytest.mark.browser

FIXTURE = ROOT / "tests" / "fixtures" / "demo_controls.ipynb"
LOAD_TIMEOUT = 90_000  # ms: Voila runs the whole notebook (each runs in seconds) before showing it
REACT_TIMEOUT = 15.0  # s: a control's effect must show within this
USE_TIMEOUT = 5_000  # ms: a control must be usable (visible, not covered) within this
SKIP = ":not(.browser-test-skip):not(.browser-test-skip *)"


# --------------------------------------------------------------------------- driving a page
def open_rendered(page, server, path: Path) -> float:
    """Render ``path`` with Voila and wait until its widgets are drawn and settled; returns seconds.
    Voila sends the page once every cell has run; a notebook that does not finish fails the test."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        seconds = render(page, server, path, LOAD_TIMEOUT)
    except PlaywrightTimeout:
        pytest.fail(
            f"{path.name}: Voila did not finish within {LOAD_TIMEOUT / 1000:g} s (stuck at: "
            f"{loading_text(page)})\nVoila's log:\n{server.log()}"
        )
    settle(page)
    return seconds


# Where a person would look and click: the control's middle and both ends (label, readout) must be
# the control itself, not something drawn over it (a figure spreading over its row, for example).
COVERED_JS = """(el) => {
  const root = el.closest('.widget-slider, .widget-dropdown, .widget-checkbox, .widget-toggle-buttons,'
                          + ' .jupyter-button') || el;
  root.scrollIntoView({block: 'center', inline: 'center'});
  const r = root.getBoundingClientRect();
  if (r.width < 4 || r.height < 4) return `has no size on screen (${r.width} x ${r.height} px)`;
  const y = r.top + r.height / 2, edge = Math.min(8, r.width / 4);
  for (const x of [r.left + edge, r.left + r.width / 2, r.right - edge]) {
    const top = document.elementFromPoint(x, y);
    if (!top || !(root === top || root.contains(top))) {
      const what = top ? top.tagName.toLowerCase() + (typeof top.className === 'string' && top.className
                                                      ? '.' + top.className.trim().split(/\\s+/).join('.') : '')
                       : 'nothing (it lies outside the page)';
      return `is hidden: at (${Math.round(x)}, ${Math.round(y)}) the page shows ${what}`;
    }
  }
  return null;
}"""


def _hidden(control) -> str | None:
    """None if a person can see and reach the whole control, else what is wrong."""
    return control.evaluate(COVERED_JS)


def _label(control) -> str:
    for sel in (".widget-label", "xpath=preceding-sibling::label[1]", "xpath=ancestor::label[1]"):
        loc = control.locator(sel)
        if loc.count():
            text = loc.first.inner_text().strip()
            if text:
                return text
    return control.inner_text().strip() or "(no label)"


def _move_slider(slider):
    handle = slider.locator(".noUi-handle").first
    handle.click(timeout=USE_TIMEOUT)  # fails if the slider is hidden or covered
    now, top = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
    key = "ArrowLeft" if now >= top else "ArrowRight"
    for _ in range(3):
        handle.press(key)


def _pick_other(select):
    select.click(trial=True, timeout=USE_TIMEOUT)  # actionability only: visible, enabled, not covered
    values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    current = select.input_value()
    select.select_option(values[(values.index(current) + 1) % len(values)], timeout=USE_TIMEOUT)


def _controls(page):
    """(kind, key, locator, action) for every enabled control on the page, in the order they are used:
    sliders, checkboxes, toggle groups, buttons, then dropdowns (which may switch a demo's mode)."""
    found = []
    sliders = page.locator(f".widget-slider{SKIP}")
    for i in range(sliders.count()):
        s = sliders.nth(i)
        if s.locator(".noUi-target[disabled]").count() == 0:
            found.append(("slider", f"slider {i}", s, _move_slider))
    boxes = page.locator(f".widget-checkbox{SKIP} input:not([disabled])")
    for i in range(boxes.count()):
        found.append(("checkbox", f"checkbox {i}", boxes.nth(i), lambda b: b.click(timeout=USE_TIMEOUT)))
    groups = page.locator(f".widget-toggle-buttons{SKIP}")
    for i in range(groups.count()):
        other = groups.nth(i).locator("button:not(.mod-active):not([disabled])").first
        found.append(("toggle buttons", f"toggles {i}", other, lambda b: b.click(timeout=USE_TIMEOUT)))
    buttons = page.locator(f"button.jupyter-button{SKIP}:not([disabled])")
    for i in range(buttons.count()):
        b = buttons.nth(i)
        if b.locator("xpath=ancestor::*[contains(@class, 'widget-toggle-buttons')]").count() == 0:
            found.append(("button", f"button {i}", b, lambda b: b.click(timeout=USE_TIMEOUT)))
    selects = page.locator(f".widget-dropdown{SKIP} select:not([disabled])")
    for i in range(selects.count()):
        found.append(("dropdown", f"dropdown {i}", selects.nth(i), _pick_other))
    return found


def _demo_area(control):
    """The notebook output that holds the control's demo (for screenshots)."""
    return control.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' jp-OutputArea-output ')][1]")


def exercise_demos(page, name: str, shots: Path | None = None, react_timeout: float = REACT_TIMEOUT):
    """Use every control once; return (controls used, problems). A problem is a control that cannot be
    used, or whose use changed nothing the demo shows within ``react_timeout`` seconds."""
    from playwright.sync_api import Error as PlaywrightError

    controls = _controls(page)
    areas = []
    for _, _, control, _ in controls:
        area = _demo_area(control)
        if area.count():
            box = area.bounding_box()
            if box and all(box != a[1] for a in areas):
                areas.append((area, box))
    if shots:
        for k, (area, _) in enumerate(areas, 1):
            area.screenshot(path=str(shots / f"{name}-demo{k}-before.png"))
    used, problems, done = [], [], set()

    def use(kind, key, control, action):
        label = _label(control) if kind != "toggle buttons" else control.inner_text().strip()
        hidden = _hidden(control)
        if hidden:
            problems.append(f"{kind} '{label}' cannot be used: it {hidden}")
            return
        before = snapshot(page)
        try:
            action(control)
        except PlaywrightError as err:
            problems.append(f"{kind} '{label}' cannot be used: {str(err).splitlines()[0]}")
            return
        used.append(f"{kind} '{label}'")
        deadline = time.monotonic() + react_timeout
        while snapshot(page) == before:
            if time.monotonic() > deadline:
                problems.append(f"{kind} '{label}': nothing the demo shows changed within {react_timeout:g} s")
                return
            page.wait_for_timeout(100)
        settle(page, quiet=0.5, limit=react_timeout)

    for kind, key, control, action in controls:
        done.add(key)
        use(kind, key, control, action)
    for kind, key, control, action in _controls(page):  # e.g. a slider a dropdown has just enabled
        if key not in done and kind == "slider":
            use(kind, key, control, action)
    if shots:
        for k, (area, _) in enumerate(areas, 1):
            area.screenshot(path=str(shots / f"{name}-demo{k}-after.png"))
    return used, problems


# --------------------------------------------------------------------------- the tests
DEMOS = demo_notebooks()


@pytest.mark.skipif(not DEMOS, reason="no notebook with a course_nn.widgets demo yet")
@pytest.mark.parametrize("path", DEMOS, ids=lambda p: p.stem)
def test_demo_reacts_in_a_real_browser(page, voila_server, screenshot_dir, path):
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    seconds = open_rendered(page, voila_server, path)
    used, problems = exercise_demos(page, path.stem, screenshot_dir)
    print(f"{path.name}: rendered in {seconds:.1f} s; used {len(used)} controls: {', '.join(used)}")
    assert not problems, f"{path.name}: " + "; ".join(problems) + (f" (page errors: {errors})" if errors else "")
    assert used, f"{path.name}: no widget control found in the rendered page (did the demo cell fail?)"


def test_a_demo_that_does_not_react_is_caught(page, voila_server, screenshot_dir):
    """Negative control: a callback that does nothing, and controls hidden under a figure, are reported;
    the working demo beside them is not."""
    open_rendered(page, voila_server, FIXTURE)
    used, problems = exercise_demos(page, "fixture", screenshot_dir, react_timeout=3.0)
    text = "\n".join(problems)
    assert "slider 'works'" in " ".join(used) and "works" not in text
    assert "slider 'broken': nothing the demo shows changed" in text
    assert "button 'broken button': nothing the demo shows changed" in text
    assert "slider 'covered' cannot be used: it is hidden" in text
    assert "dropdown 'pick' cannot be used: it is hidden" in text
    assert len(problems) == 4, text
