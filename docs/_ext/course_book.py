"""Sphinx extension that turns the repository into the course's book (see docs/conf.py).

Before Sphinx looks for sources it writes two git-ignored folders under docs/:

- ``notebooks/``: copies of ``notebooks/[0-9][0-9]_*.ipynb`` (the course, in order; a new notebook joins the
  book by being there). Sphinx reads sources only from inside its source folder, hence the copies; the
  notebooks themselves stay in ``notebooks/``.
- ``api/``: one page per public module of ``course_nn``, found by walking the package, so a new module or
  subpackage gets its page without editing anything here.

While reading a notebook it adds, under the title, a link that opens the notebook in JupyterLite and the
"where in the slides" note (from ``docs/slides.yaml``, the one list of them), and it replaces each widget
demo's output (widget state, which a static page cannot show) with a note that the demo is live in
JupyterLab. After the build it copies MathJax, from the ``sphinx-mathjax-offline`` package, into the site,
so that no page needs a CDN.
"""

from __future__ import annotations

import filecmp
import hashlib
import importlib
import inspect
import pkgutil
import posixpath
import re
import shutil
from importlib.metadata import distribution
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.fileutil import copy_asset

logger = logging.getLogger(__name__)

PACKAGE = "course_nn"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
NOTEBOOK_DIR = "notebooks"  # in the repository and in the book (docs/notebooks/ -> notebooks/*.html)
API_DIR = "api"
SLIDES = "slides.yaml"  # docs/slides.yaml: where each notebook sits in the lecture slides
LITE_DIR = "lite"  # the JupyterLite site, beside the book (tools/build_lite.py)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MATHJAX = "mathjax"  # the site's copy: _static/mathjax/
# MathJax 3's combined TeX -> CommonHTML script and the folders it loads from on demand (fonts, TeX
# extensions such as \boldsymbol, the menu and its accessibility tools); the other combined scripts are not needed.
MATHJAX_ENTRY = "tex-chtml.js"
MATHJAX_FOLDERS = ("input", "output/chtml", "ui", "a11y", "sre")


# ----------------------------------------------------------------------------------------- the sources
def sync_notebooks(source: Path, target: Path) -> list[str]:
    """Copy the course notebooks into ``target`` (only those that changed) and drop stale copies."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = sorted(source.glob(NOTEBOOK_GLOB))
    names = {path.name for path in wanted}
    for stale in target.glob("*.ipynb"):
        if stale.name not in names:
            stale.unlink()
    for path in wanted:
        copy = target / path.name
        if not copy.exists() or not filecmp.cmp(path, copy, shallow=False):
            shutil.copy2(path, copy)
    return [path.stem for path in wanted]


def public_modules(package: str) -> list[str]:
    """The package and its modules and subpackages, leaving out private ones (a part starting with ``_``)."""
    root = importlib.import_module(package)
    if not hasattr(root, "__path__"):
        return [package]
    names = [package] + [info.name for info in pkgutil.walk_packages(root.__path__, package + ".")]
    return [name for name in names if not any(part.startswith("_") for part in name.split("."))]


def submodules(name: str) -> list[str]:
    """The public modules and subpackages directly under package ``name`` (none for a module)."""
    return [child for child in public_modules(name) if child.count(".") == name.count(".") + 1]


def first_sentence(doc: str) -> str:
    """The docstring's first sentence as plain text (inline literals without their backquotes)."""
    paragraph = " ".join(doc.strip().split("\n\n")[0].split()).replace("``", "")
    return re.split(r"(?<=\.)\s", paragraph, maxsplit=1)[0]


class ModuleList(SphinxDirective):
    """``module-list:: package``: its modules, each linked and with its docstring's first sentence."""

    required_arguments = 1

    def run(self):
        items = nodes.bullet_list()
        for child in submodules(self.arguments[0]):
            summary = first_sentence(importlib.import_module(child).__doc__ or "")
            link = pending_xref("", refdomain="py", reftype="mod", reftarget=child, refexplicit=True, refwarn=True)
            link += nodes.literal(text=child.rsplit(".", 1)[1])
            paragraph = nodes.paragraph()
            paragraph += [link, nodes.Text(f" — {summary}" if summary else "")]
            items += nodes.list_item("", paragraph)
        return [items]


def module_members(module) -> tuple[list[str], list[str]]:
    """(documented here, documented elsewhere) for a module's public classes and functions.

    Documented here: those defined in the module, and those it re-exports in ``__all__`` from a private
    module (their public home is this module). Documented elsewhere: the other names in ``__all__``, given
    with their full name.
    """
    name = module.__name__
    own, elsewhere = [], []
    exported = getattr(module, "__all__", None)
    candidates = exported if exported is not None else [n for n in vars(module) if not n.startswith("_")]
    for member in candidates:
        obj = getattr(module, member)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        home = obj.__module__
        if home == name or (exported is not None and any(p.startswith("_") for p in home.split("."))):
            own.append(member)
        elif exported is not None:
            elsewhere.append(f"{home}.{obj.__qualname__}")
    return own, elsewhere


def api_page(name: str) -> str:
    """The reStructuredText of one module's API page."""
    module = importlib.import_module(name)
    own, elsewhere = module_members(module)
    lines = [name, "=" * len(name), "", f".. automodule:: {name}", "   :no-members:", ""]
    if submodules(name):
        lines += [".. rubric:: Modules", "", f".. module-list:: {name}", ""]
    # full names in the tables ("~" shows the last part only): the current module is not a prefix of them
    lines += [".. currentmodule:: None", ""]
    for title, entries in (("Also importable from here", elsewhere), ("Contents", [f"~{name}.{m}" for m in own])):
        if entries:
            lines += [f".. rubric:: {title}", "", ".. autosummary::", ""] + [f"   {e}" for e in entries] + [""]
    lines += [f".. currentmodule:: {name}", ""]
    for member in own:
        if inspect.isclass(getattr(module, member)):
            lines += [f".. autoclass:: {member}", "   :members:", "   :show-inheritance:", ""]
        else:
            lines += [f".. autofunction:: {member}", ""]
    return "\n".join(lines)


def write_api_pages(package: str, target: Path) -> None:
    """One page per public module in ``target``; a page is rewritten only when its text changes."""
    target.mkdir(parents=True, exist_ok=True)
    pages = {f"{name}.rst": api_page(name) for name in public_modules(package)}
    for stale in target.glob("*.rst"):
        if stale.name not in pages:
            stale.unlink()
    for file, text in pages.items():
        path = target / file
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def prepare_sources(app) -> None:
    srcdir = Path(app.srcdir)
    stems = sync_notebooks(srcdir.parent / NOTEBOOK_DIR, srcdir / NOTEBOOK_DIR)
    write_api_pages(PACKAGE, srcdir / API_DIR)
    notes = load_slide_notes(srcdir / SLIDES)
    for stem in stems:
        if stem not in notes["notebooks"]:
            logger.warning(
                f"{SLIDES} has no entry for notebook {stem}: add its slide topics there",
                location=f"{NOTEBOOK_DIR}/{stem}",
            )
    app.env.course_slide_notes = notes


# The docstrings are plain text, where |z| is an absolute value; reStructuredText would read a substitution.
ABSOLUTE_VALUE = re.compile(r"\|(?=\S)([^|\n]*?)(?<=\S)\|")
INLINE_LITERAL = re.compile(r"(``.+?``)")


def escape_absolute_values(app, what, name, obj, options, lines) -> None:
    """Write |z| as \\|z\\| in docstrings (outside ``literals`` and doctest lines), so it shows as |z|."""
    for i, line in enumerate(lines):
        if line.lstrip().startswith((">>>", "...")):
            continue
        parts = INLINE_LITERAL.split(line)  # odd items are ``literals``
        lines[i] = "".join(part if k % 2 else ABSOLUTE_VALUE.sub(r"\\|\1\\|", part) for k, part in enumerate(parts))


def drop_object_base(app, name, obj, options, bases: list) -> None:
    """No "Bases: object" line under classes that derive from nothing else."""
    if bases == [object]:
        bases.clear()


# ------------------------------------------------------------------------------------ the slide notes
def load_slide_notes(path: Path) -> dict:
    """``{"decks": {key: title}, "notebooks": {stem: {deck key: [topics]}}}`` from the YAML file."""
    notes = yaml.safe_load(path.read_text(encoding="utf-8"))
    for stem, decks in notes["notebooks"].items():
        unknown = set(decks) - set(notes["decks"])
        if unknown:
            raise ValueError(
                f"{path.name}: notebook {stem} names unknown decks {sorted(unknown)}; "
                f"the decks are {sorted(notes['decks'])}"
            )
    return notes


def slide_list(notes: dict, stem: str) -> nodes.bullet_list:
    """A bullet per slide deck: the deck's title, then the topics the notebook covers from it."""
    items = nodes.bullet_list()
    for deck, topics in notes["notebooks"].get(stem, {}).items():
        paragraph = nodes.paragraph()
        paragraph += nodes.strong(text=notes["decks"][deck])
        paragraph += nodes.Text(": " + "; ".join(topics) + ".")
        items += nodes.list_item("", paragraph)
    return items


def slide_note(notes: dict, stem: str) -> nodes.admonition:
    note = nodes.admonition(classes=["course-slides"])
    note += nodes.title(text="Where in the slides")
    note += slide_list(notes, stem)
    return note


class SlideMap(SphinxDirective):
    """``slide-map``: every notebook's slide topics, with links to the notebooks (the overview page)."""

    def run(self):
        self.env.note_dependency(SLIDES)
        stems = sorted(path.stem for path in (Path(self.env.srcdir) / NOTEBOOK_DIR).glob(NOTEBOOK_GLOB))
        result = []
        for stem in stems:
            heading = nodes.rubric()
            heading += doc_link(f"/{NOTEBOOK_DIR}/{stem}", self.env.docname)
            result += [heading, slide_list(self.env.course_slide_notes, stem)]
        return result


def doc_link(target: str, from_doc: str):
    """A link to a document, titled with the document's title (resolved by Sphinx)."""
    ref = pending_xref(
        "", refdomain="std", reftype="doc", reftarget=target, refexplicit=False, refdoc=from_doc, refwarn=True
    )
    ref += nodes.inline(text=target)
    return ref


# ------------------------------------------------------------------------------------- JupyterLite links
def lite_url(from_doc: str, notebook: str | None = None) -> str:
    """The relative URL of the Lite site (or of one notebook in it) from the page of ``from_doc``."""
    site_root = posixpath.relpath(".", posixpath.dirname(from_doc) or ".")
    base = posixpath.normpath(posixpath.join(site_root, LITE_DIR))
    if notebook is None:
        return f"{base}/lab/index.html"
    return f"{base}/notebooks/index.html?path={notebook}"


def lite_note(docname: str, stem: str) -> nodes.admonition:
    note = nodes.admonition(classes=["course-lite", "tip"])
    note += nodes.title(text="Run this page")
    paragraph = nodes.paragraph()
    paragraph += nodes.reference(text="Open this notebook in your browser", refuri=lite_url(docname, f"{stem}.ipynb"))
    paragraph += nodes.Text(
        " (JupyterLite: nothing to install; Python itself is downloaded once, so the "
        "first start needs an internet connection), or run it in JupyterLab on your machine."
    )
    note += paragraph
    return note


class LiteLink(SphinxDirective):
    """``lite-link``: a paragraph with a link to the course in JupyterLite; the content is the link text."""

    has_content = True

    def run(self):
        paragraph = nodes.paragraph()
        paragraph += nodes.reference(text=" ".join(self.content), refuri=lite_url(self.env.docname))
        return [paragraph]


# ------------------------------------------------------------------------------------ notebook pages
def demo_note() -> nodes.admonition:
    note = nodes.admonition(classes=["course-demo", "note"])
    note += nodes.title(text="Interactive demo")
    note += nodes.paragraph(
        text="This demo is live in JupyterLab (or in the browser through the link at the top "
        "of the page): run the notebook and move its controls. On this static page the "
        "pictures that follow show what it draws."
    )
    return note


def is_widget_output(node) -> bool:
    return (
        isinstance(node, nodes.container)
        and node.get("nb_element") == "mime_bundle"
        and any(child.get("mime_type") == WIDGET_VIEW for child in node.children)
    )


def decorate_notebook(app, doctree) -> None:
    """Lite link and slide note under a notebook's title; a note in place of each widget output."""
    docname = app.env.docname
    if not (docname.startswith(NOTEBOOK_DIR + "/") and app.env.doc2path(docname).suffix == ".ipynb"):
        return
    stem = posixpath.basename(docname)
    app.env.note_dependency(SLIDES)  # a change to the slide notes re-reads the notebooks
    for bundle in list(doctree.findall(is_widget_output)):
        bundle.replace_self(demo_note())
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        logger.warning("a course notebook must open with a title (a '# ...' heading)", location=docname)
        return
    title = section[0]
    position = section.index(title) + 1
    section.insert(position, slide_note(app.env.course_slide_notes, stem))
    section.insert(position, lite_note(docname, stem))


# ------------------------------------------------------------------------------------------- MathJax
def mathjax_source() -> Path:
    return Path(distribution("sphinx-mathjax-offline").locate_file("sphinx-mathjax-offline/static/mathjax"))


def use_site_mathjax(app, config) -> None:
    config.mathjax_path = f"{MATHJAX}/{MATHJAX_ENTRY}"  # relative to _static/


def copy_mathjax(app, exception) -> None:
    """Copy MathJax (the entry script and the folders it loads from) into the site's _static/."""
    if exception is not None or app.builder.format != "html":
        return
    source, target = mathjax_source(), Path(app.outdir) / "_static" / MATHJAX
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / MATHJAX_ENTRY, target / MATHJAX_ENTRY)
    for folder in MATHJAX_FOLDERS:
        copy_asset(str(source / folder), str(target / folder))


def setup(app):
    app.connect("config-inited", use_site_mathjax)
    app.connect("builder-inited", prepare_sources)
    app.connect("doctree-read", decorate_notebook)
    app.connect("autodoc-process-docstring", escape_absolute_values)
    app.connect("autodoc-process-bases", drop_object_base)
    app.connect("build-finished", copy_mathjax)
    app.add_directive("slide-map", SlideMap)
    app.add_directive("lite-link", LiteLink)
    app.add_directive("module-list", ModuleList)
    # a change to this file changes what pages are made of: it discards the saved environment (full rebuild)
    env_version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8], 16)
    return {"version": "1", "env_version": env_version, "parallel_read_safe": True, "parallel_write_safe": True}
