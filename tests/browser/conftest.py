"""Fixtures for the real-browser tests: a Voila server on 127.0.0.1 and Debian's Chromium driven by Playwright.

- The server serves the repository root on a free port; it is started once per session and always
  stopped (its whole process group, kernels included) at the end, even after a failure.
- Chromium is the system one (``apt-get install chromium``; override the path with ``CHROMIUM``).
  Playwright never downloads a browser here.
- Missing pieces (chromium, playwright, voila) skip these tests on a laptop and fail them in CI (the
  environment variable ``CI`` set), like the oracle tests.
- ``BROWSER_SCREENSHOTS=DIR`` keeps a screenshot of every demo before and after it was exercised.

Select or leave out these tests with ``-m browser`` / ``-m "not browser"``.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from oracles import missing, require

ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT = 90        # seconds for Voila to answer
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives the widget demos in a real browser (Chromium + Voila)")


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        missing("Debian's chromium", "apt-get update && apt-get install -y chromium (never `playwright install`)")
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen):
    """Stop the server and every process it started (kernels), politely first."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Server:
    """A running Voila server: ``url`` (no trailing slash) and ``log()``, the end of its log."""

    def __init__(self, url: str, log_path: Path):
        self.url, self.log_path = url, log_path

    def log(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    """A Voila server (``Server``) rendering files under the repository root; stopped at the end."""
    require("voila", extra="browser")
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    port = _free_port()
    cmd = [sys.executable, "-m", "voila", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
           "--show_tracebacks=True"]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)   # own process group: teardown stops kernels too
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Voila exited with code {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"Voila did not answer within {SERVER_START_TIMEOUT} s:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.25)
        yield Server(url, log_path)
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright."""
    sync_api = require("playwright.sync_api", extra="browser")
    executable = chromium_path()
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    folder = os.environ.get("BROWSER_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
