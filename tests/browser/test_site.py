"""The course as a website: the book (Sphinx + MyST-NB) and its JupyterLite build, opened in a real browser.

The session fixture runs the README's two build commands (the book into build/site/, Lite into build/site/lite/),
serves build/site/ on 127.0.0.1 the way the README says (Python's http.server) and opens it in Debian's Chromium:

- every page of the book: no console error, nothing fetched from outside the site (it must work offline), no
  broken internal link, image, stylesheet or script (anchors included), math typeset by the site's own MathJax
  with no raw TeX left, every figure stored in a notebook shown on its page, every demo replaced by its note,
  and a Lite link that names a notebook the Lite site has;
- the search page finds every notebook by a word of its title;
- the Lite app starts with the course notebooks listed and serves the course_nn wheel from its package index.
  Nothing is executed in Lite: its Python (Pyodide) comes from a CDN this test cannot reach.

Select these tests with ``-m site`` (they are also ``browser`` tests).
"""

from __future__ import annotations

import functools
import hashlib
import html.parser
import http.server
import io
import json
import re
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from oracles import require

pytestmark = [pytest.mark.browser, pytest.mark.site]

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "build" / "site"
LITE = SITE / "lite"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# The README's commands ("Read it as a book"); test_readme_gives_the_build_commands keeps the two in step.
BOOK_COMMAND = "python -m sphinx -j auto -W --keep-going -b html -d build/doctrees docs build/site"
LITE_COMMAND = "python tools/build_lite.py"
SERVE_COMMAND = "python -m http.server -d build/site"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{")


# --------------------------------------------------------------------------------------------- fixtures
def _run(command: str) -> float:
    """Run a README command with this interpreter for ``python``; returns seconds."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *command.split()[1:]], check=False, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"`{command}` failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return time.perf_counter() - start


@pytest.fixture(scope="session")
def site() -> dict[str, float]:
    """Build the book and the Lite site (the README's commands); returns the build times in seconds."""
    for module in ("sphinx", "myst_nb", "furo", "jupyterlite_core", "jupyterlite_pyodide_kernel"):
        require(module, extra="docs")
    return {"book": _run(BOOK_COMMAND), "lite": _run(LITE_COMMAND)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # not a page left while it was still loading
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(site) -> str:
    """build/site/ served on 127.0.0.1 by Python's http.server (what the README tells readers to run)."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Watch:
    """A browser tab that records console errors, page errors, failed requests and every request leaving the site."""

    def __init__(self, context, base: str):
        self.base, self.errors, self.outside = base, [], []
        self.page = context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.on(
            "console",
            lambda msg: msg.type == "error" and self.errors.append(f"{self.page.url}: console error: {msg.text}"),
        )
        self.page.on("pageerror", lambda err: self.errors.append(f"{self.page.url}: page error: {err}"))
        self.page.on(
            "response",
            lambda res: res.status >= 400 and self.errors.append(f"{self.page.url}: HTTP {res.status} for {res.url}"),
        )
        context.route("**/*", self._route)

    def _route(self, route):
        if route.request.url.startswith(self.base + "/"):
            route.continue_()
        else:  # offline: nothing may come from elsewhere
            self.outside.append(f"{self.page.url}: {route.request.url}")
            route.abort()


@pytest.fixture
def tab(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield Watch(context, site_url)
    finally:
        context.close()


# ------------------------------------------------------------------------------------------- helpers
def book_pages() -> list[str]:
    """Every HTML page of the book (the Lite app and Sphinx's static files are not pages of it)."""
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.rglob("*.html")
        if p.relative_to(SITE).parts[0] not in ("lite", "_static")
    )


def stored_outputs(path: Path, mime: str) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(mime in out.get("data", {}) for cell in nb["cells"] for out in cell.get("outputs", []))


class _Ids(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name in ("id", "name") and value)


@functools.cache
def anchors(file: Path) -> frozenset:
    parser = _Ids()
    parser.feed(file.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


def target_file(root: Path, path: str) -> Path:
    file = root / unquote(path).lstrip("/")
    return file / "index.html" if path.endswith("/") else file


def broken_links(links: dict[str, set[str]], base: str, root: Path = SITE) -> list[str]:
    """Internal URLs (``{url: pages using it}``) whose file, or whose #anchor in an HTML file, is missing."""
    problems = []
    for url, pages in sorted(links.items()):
        parts = urlsplit(url[len(base) :])
        file = target_file(root, parts.path)
        where = f"(on {', '.join(sorted(pages)[:3])})"
        if not file.is_file():
            problems.append(f"missing file {parts.path} {where}")
        elif parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in anchors(file):
            problems.append(f"missing anchor {parts.path}#{parts.fragment} {where}")
    return problems


# What each page is made of, read in the page (after MathJax has typeset).
PAGE_JS = r"""() => {
  const main = document.querySelector('main') || document.body;
  const urls = [];
  for (const [sel, attr] of [['a[href]', 'href'], ['img[src]', 'src'], ['link[href]', 'href'], ['script[src]', 'src']])
    for (const el of document.querySelectorAll(sel)) urls.push(el[attr]);
  const rawTex = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {acceptNode: (node) =>
    node.parentElement.closest('pre, code, script, style, textarea, mjx-container, .highlight')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  while (walker.nextNode()) rawTex.push(walker.currentNode.textContent);
  const math = [...main.querySelectorAll('span.math, div.math')];
  return {
    urls,
    text: rawTex.join(' '),
    math: math.length,
    typeset: math.filter((el) => el.querySelector('mjx-container')).length,
    mathjax: [...document.querySelectorAll('script[src]')].filter((s) => /mathjax/i.test(s.src)).map((s) => s.src),
    brokenImages: [...document.images].filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.src),
    outputImages: main.querySelectorAll('.cell_output img').length,
    demoNotes: main.querySelectorAll('.course-demo').length,
    liteLinks: [...main.querySelectorAll('.course-lite a')].map((a) => a.href),
  };
}"""

MATHJAX_READY = "async () => { if (window.MathJax) await MathJax.startup.promise; }"


def lite_notebooks() -> set[str]:
    index = json.loads((LITE / "api" / "contents" / "all.json").read_text(encoding="utf-8"))
    return {item["name"] for item in index["content"]}


# ----------------------------------------------------------------------------------------------- tests
def test_the_checks_catch_what_they_look_for(tmp_path):
    """The checks below can fail: a missing page, a missing anchor, raw TeX, a lost figure, a wrong Lite link."""
    (tmp_path / "page.html").write_text('<h1 id="top">page</h1>', encoding="utf-8")
    base = "http://127.0.0.1:1"
    links = {f"{base}/page.html#top": {"a"}, f"{base}/page.html#gone": {"a"}, f"{base}/lost.html": {"b"}}
    assert broken_links(links, base, tmp_path) == [
        "missing file /lost.html (on b)",
        "missing anchor /page.html#gone (on a)",
    ]
    assert all(RAW_TEX.search(text) for text in ("$$x$$", r"\(x\)", r"\[x\]", r"\begin{aligned}"))
    page = f"notebooks/{NOTEBOOKS[0].stem}.html"
    shown = {"outputImages": 0, "demoNotes": 99, "liteLinks": [f"{base}/lite/notebooks/index.html?path=x.ipynb"]}
    problems = notebook_page_problems(page, shown, served={NOTEBOOKS[0].name})
    expected = ("figures", "demo notes", "JupyterLite link")
    assert len(problems) == 3 and all(w in p for w, p in zip(expected, problems, strict=True)), problems


def test_readme_gives_the_build_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in (BOOK_COMMAND, LITE_COMMAND, SERVE_COMMAND):
        assert command in readme, f"README.md should show the command `{command}` (the one this test runs)"


def test_every_page_of_the_book(tab, site_url, site):
    pages = book_pages()
    print(f"built the book in {site['book']:.1f} s and the Lite site in {site['lite']:.1f} s; {len(pages)} pages")
    assert "index.html" in pages and len(pages) > len(NOTEBOOKS)
    problems, links = [], {}
    served = lite_notebooks()
    for name in pages:
        response = tab.page.goto(f"{site_url}/{name}", wait_until="load")
        if response is None or not response.ok:
            problems.append(f"{name}: HTTP {response and response.status}")
            continue
        tab.page.evaluate(MATHJAX_READY)
        info = tab.page.evaluate(PAGE_JS)
        for url in info["urls"]:
            if url.startswith(site_url + "/"):
                links.setdefault(url, set()).add(name)
        problems += [f"{name}: broken image {src}" for src in info["brokenImages"]]
        if RAW_TEX.search(info["text"]):
            problems.append(f"{name}: raw TeX left in the text: {RAW_TEX.search(info['text']).group()!r}")
        if info["typeset"] < info["math"]:
            problems.append(f"{name}: {info['math'] - info['typeset']} of {info['math']} formulas not typeset")
        if info["math"] and not all(src.startswith(site_url + "/_static/") for src in info["mathjax"]):
            problems.append(f"{name}: MathJax not served by the site: {info['mathjax']}")
        if name.startswith("notebooks/"):
            problems += notebook_page_problems(name, info, served)
    problems += broken_links(links, site_url)
    problems += tab.errors + [f"fetched from outside the site: {url}" for url in tab.outside]
    assert not problems, f"{len(problems)} problems on {len(pages)} pages:\n" + "\n".join(problems)


def notebook_page_problems(name: str, info: dict, served: set[str]) -> list[str]:
    source = ROOT / "notebooks" / (Path(name).stem + ".ipynb")
    problems = []
    figures = stored_outputs(source, "image/png")
    if info["outputImages"] < figures:
        problems.append(f"{name}: shows {info['outputImages']} figures, the notebook stores {figures}")
    demos = stored_outputs(source, WIDGET_VIEW)
    if info["demoNotes"] != demos:
        problems.append(f"{name}: {info['demoNotes']} demo notes for {demos} widget outputs")
    if len(info["liteLinks"]) != 1:
        problems.append(f"{name}: expected one JupyterLite link, found {info['liteLinks']}")
    for link in info["liteLinks"]:
        opened = parse_qs(urlsplit(link).query).get("path", [None])[0]
        if opened != source.name or opened not in served:
            problems.append(f"{name}: the JupyterLite link opens {opened!r}; the Lite site has {sorted(served)}")
    return problems


def _title_word(path: Path) -> str:
    """The longest word of the notebook's title (its first heading), a term the search must find."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"]).splitlines()[0]
    return max(re.findall(r"[A-Za-z]{5,}", first), key=len)


# Done when the notebook is among the results (shown one by one) or the search has finished without it.
SEARCH_DONE = """(page) => {
  if ([...document.querySelectorAll('#search-results a')].some((a) => a.href.endsWith(page))) return true;
  const summary = document.querySelector('#search-results .search-summary, #search-results > p');
  return summary && /found|did not match/i.test(summary.textContent);
}"""


def test_search_finds_every_notebook(tab, site_url):
    missed = []
    for path in NOTEBOOKS:
        term, page = _title_word(path), f"/notebooks/{path.stem}.html"
        tab.page.goto(f"{site_url}/search.html?q={term}")
        tab.page.wait_for_function(SEARCH_DONE, arg=page)
        hits = tab.page.eval_on_selector_all("#search-results a", "els => els.map((a) => a.href)")
        if not any(urlsplit(h).path.endswith(page) for h in hits):
            missed.append(f"{term!r} does not find {path.stem} ({len(hits)} results)")
    assert not missed and not tab.errors and not tab.outside, (missed, tab.errors, tab.outside)


def test_lite_app_lists_the_notebooks(tab, site_url):
    tab.page.goto(f"{site_url}/lite/lab/index.html")
    tab.page.wait_for_selector(".jp-DirListing-item", timeout=60_000)
    tab.page.wait_for_load_state("networkidle")  # late requests (icons, settings) must succeed too
    names = set(tab.page.eval_on_selector_all(".jp-DirListing-itemText", "els => els.map((e) => e.textContent)"))
    assert {p.name for p in NOTEBOOKS} <= names, f"the Lite file browser lists {sorted(names)}"
    assert not tab.errors and not tab.outside, (tab.errors, tab.outside)


def test_lite_index_serves_the_course_nn_wheel(tab, site_url):
    tab.page.goto(f"{site_url}/lite/lab/index.html")
    config = tab.page.request.get(f"{site_url}/lite/jupyter-lite.json").json()["jupyter-config-data"]
    urls = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]["pipliteUrls"]
    releases = {}
    for url in urls:
        index_url = f"{site_url}/lite/{url.removeprefix('./')}"
        for file in tab.page.request.get(index_url).json().get("course-nn", {}).get("releases", {}).values():
            for entry in file:
                releases[entry["filename"]] = (entry, index_url)
    assert releases, f"no course-nn in the Lite package indexes {urls}"
    for filename, (entry, index_url) in releases.items():
        assert filename.endswith("-py3-none-any.whl"), filename
        wheel = tab.page.request.get(f"{index_url.rsplit('/', 1)[0]}/{entry['url'].removeprefix('./')}")
        assert wheel.ok, f"{filename}: HTTP {wheel.status}"
        body = wheel.body()
        assert hashlib.sha256(body).hexdigest() == entry["digests"]["sha256"], f"{filename}: checksum differs"
        assert "course_nn/__init__.py" in zipfile.ZipFile(io.BytesIO(body)).namelist()
