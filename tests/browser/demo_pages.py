"""Rendered notebooks in a real browser: a Voila server on 127.0.0.1, Debian's Chromium, and what a page
shows. Shared by the browser test (tests/browser/) and the benchmarks (benchmarks/demo_latency.py,
benchmarks/notebook_loop.py); plain functions, no pytest.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT = 90  # seconds for Voila to answer
DEMO_IMPORT = re.compile(r"\bcourse_nn\.widgets\b|from\s+course_nn\s+import\s+widgets\b")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# What a demo shows: pictures (Image widgets, and PNG or SVG figures in Output widgets), text inside Output
# widgets, and HTML widgets. Slider readouts and labels are left out: they change by themselves, without
# any callback. An Image widget's src is a new blob URL for every new picture.
SNAPSHOT_JS = """() => {
  const parts = [];
  for (const el of document.querySelectorAll('img.widget-image, .widget-output img'))
    parts.push('img ' + el.getAttribute('src'));
  for (const el of document.querySelectorAll('.widget-output svg')) parts.push('svg ' + el.outerHTML);
  for (const el of document.querySelectorAll(
      '.widget-output .jp-RenderedText, .widget-output .jp-RenderedHTMLCommon, .widget-html-content'))
    parts.push('text ' + el.innerText);
  return parts;
}"""


def code_cells(path: Path) -> list[str]:
    """The sources of a notebook's code cells."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in nb["cells"]
        if c["cell_type"] == "code"
    ]


def demo_notebooks(root: Path = ROOT) -> list[Path]:
    """Every course notebook that shows a demo (imports course_nn.widgets): new ones are covered at once."""
    return [
        p
        for p in sorted((Path(root) / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        if any(DEMO_IMPORT.search(src) for src in code_cells(p))
    ]


def benchmark_command_line(parser, argv, output: Path):
    """The browser benchmarks' shared arguments (notebooks, ``--root``, ``--output``), parsed: returns
    (args, the checkout's root, the notebooks to run). A SIGTERM still stops Voila, its kernels, Chromium."""
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook with a demo")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to run (default: this one)")
    parser.add_argument("--output", type=Path, default=output, help=f"default: {output.name}")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    root = args.root.resolve()
    return args, root, [p.resolve() for p in args.notebooks] or demo_notebooks(root)


def write_results(path: Path, results: dict, table: str):
    """Write a benchmark's results as JSON and print its table."""
    path.write_text(json.dumps(results, indent=1) + "\n")
    print(table)
    print(f"-> {path}")


def chromium_path() -> str | None:
    """Debian's chromium (``CHROMIUM`` overrides the path), or None if it is not installed."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).is_file() else None


def launch_chromium(playwright):
    """Headless Chromium through Playwright (never a downloaded browser)."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS, timeout=60_000
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VoilaServer:
    """A Voila server rendering files under ``root`` (the repository): ``url`` (no trailing slash), ``log()``
    (the end of its log), ``kernel_alive(id)`` and ``stop()`` (the server and every kernel it started).
    ``env``: the environment of the server and its kernels (default: this process's)."""

    def __init__(self, log_path: Path, root: Path = ROOT, env: dict | None = None):
        self.log_path, self.root = Path(log_path), Path(root)
        port = _free_port()
        cmd = [
            sys.executable,
            "-m",
            "voila",
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--show_tracebacks=True",
        ]
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(
                cmd,
                cwd=self.root,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )  # own process group: stop() ends kernels too
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Voila exited with code {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"Voila did not answer within {SERVER_START_TIMEOUT} s:\n{self.log()}") from None
                time.sleep(0.25)

    def log(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def kernel_alive(self, kernel_id: str) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/kernels/{kernel_id}", timeout=5):
                return True
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return False
            raise

    def stop(self):
        """Stop the server and every process it started (kernels), politely first."""
        if self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


@contextmanager
def voila_and_chromium(root: Path = ROOT):
    """A Voila server for ``root`` whose kernels import that checkout's course_nn, and Chromium: yields
    (server, browser) and stops both at the end (the benchmarks' set-up; the tests use fixtures)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server = VoilaServer(Path(tmp) / "voila.log", root=root, env={**os.environ, "PYTHONPATH": str(root)})
        try:
            with sync_playwright() as p:
                browser = launch_chromium(p)
                try:
                    yield server, browser
                finally:
                    browser.close()
        finally:
            server.stop()


def render(page, server: VoilaServer, path: Path, timeout_ms: float) -> float:
    """Open ``path`` (under the repository root) in Voila and wait until every cell has run and the widgets
    are drawn; returns the seconds it took. Raises Playwright's TimeoutError past ``timeout_ms``."""
    rel = Path(path).resolve().relative_to(server.root.resolve()).as_posix()
    start = time.monotonic()
    page.goto(f"{server.url}/voila/render/{rel}", wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_selector("#loading", state="detached", timeout=timeout_ms)
    page.wait_for_selector(".widget-output, .widget-slider, .jupyter-button, img.widget-image", timeout=30_000)
    return time.monotonic() - start


def loading_text(page) -> str:
    """What Voila's loading screen says (which cell it is running), '?' if nothing."""
    return page.evaluate("() => (document.getElementById('loading_text') || {}).innerText || '?'")


def snapshot(page) -> list[str]:
    return page.evaluate(SNAPSHOT_JS)


def settle(page, quiet: float = 1.0, limit: float = 20.0):
    """Wait until what the demos show has not changed for ``quiet`` seconds (pictures still arriving)."""
    last, since, deadline = snapshot(page), time.monotonic(), time.monotonic() + limit
    while time.monotonic() < deadline:
        page.wait_for_timeout(200)
        now = snapshot(page)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def page_kernel_id(page) -> str | None:
    """The id of the kernel behind a rendered Voila page."""
    config = page.evaluate("() => (document.getElementById('jupyter-config-data') || {}).textContent || '{}'")
    return json.loads(config).get("kernelId")


def shut_down_kernel(page, server: VoilaServer, timeout: float = 15.0) -> str | None:
    """Shut down the page's kernel the way Voila does when a tab closes (POST to /voila/api/shutdown with
    the page's xsrf cookie) and wait until the server no longer lists it. Returns its id (None: no kernel).
    Raises RuntimeError if it is still alive after ``timeout`` seconds."""
    kernel_id = page_kernel_id(page)
    if not kernel_id:
        return None
    # Voila's page posts the same form on `beforeunload`, with the _xsrf cookie the server sets for forms;
    # the page itself gets none, so set one (the server checks that the form's token equals the cookie's).
    status = page.evaluate(
        """async (id) => {
        if (!document.cookie.match(/\\b_xsrf=/)) document.cookie = `_xsrf=${crypto.randomUUID()}; path=/`;
        const form = new FormData();
        form.append('_xsrf', document.cookie.match(/\\b_xsrf=([^;]*)/)[1]);
        const reply = await fetch(`/voila/api/shutdown/${id}`, {method: 'POST', body: form});
        return reply.status;
    }""",
        kernel_id,
    )
    if status != 204:
        raise RuntimeError(f"Voila refused to shut down kernel {kernel_id}: HTTP {status}\n{server.log()}")
    deadline = time.monotonic() + timeout
    while server.kernel_alive(kernel_id):
        if time.monotonic() > deadline:
            raise RuntimeError(f"kernel {kernel_id} still runs {timeout:g} s after its shutdown was asked for")
        time.sleep(0.1)
    return kernel_id
