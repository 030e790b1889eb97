"""Fixtures for the real-browser tests: a Voila server on 127.0.0.1 and Debian's Chromium driven by Playwright.

- The server serves the repository root on a free port; it is started once per session and always
  stopped (its whole process group, kernels included) at the end, even after a failure.
- Chromium is the system one (``apt-get install chromium``; override the path with ``CHROMIUM``).
  Playwright never downloads a browser here.
- Missing pieces (chromium, playwright, voila) skip these tests on a laptop and fail them in CI (the
  environment variable ``CI`` set), like the oracle tests.
- Each test's page shuts down the kernel of the notebook it rendered when the test ends, as Voila does
  when a tab closes, and checks that the kernel is gone: kernels do not pile up during the run.
- ``BROWSER_SCREENSHOTS=DIR`` keeps a screenshot of every demo before and after it was exercised.
- The server, browser and page helpers are in ``demo_pages.py`` (the benchmarks use them too).

Select or leave out these tests with ``-m browser`` / ``-m "not browser"``.
"""

from __future__ import annotations

import os
from pathlib import Path

import demo_pages
import pytest
from oracles import missing, require


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives the widget demos in a real browser (Chromium + Voila)")


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    """A ``demo_pages.VoilaServer`` rendering files under the repository root; stopped at the end."""
    require("voila", extra="browser")
    try:
        server = demo_pages.VoilaServer(tmp_path_factory.mktemp("voila") / "voila.log")
    except RuntimeError as err:
        pytest.fail(str(err))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright."""
    sync_api = require("playwright.sync_api", extra="browser")
    if demo_pages.chromium_path() is None:
        missing("Debian's chromium", "apt-get update && apt-get install -y chromium (never `playwright install`)")
    with sync_api.sync_playwright() as p:
        chromium = demo_pages.launch_chromium(p)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, voila_server):
    """A fresh page; when the test is done, the kernel behind the notebook it rendered is shut down (and
    the test errors if that kernel does not go away)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
        demo_pages.shut_down_kernel(page, voila_server)
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    folder = os.environ.get("BROWSER_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
