"""Sphinx configuration of the course's book: the notebooks with their stored outputs, the README's introduction,
the notebooks' map, the slide notes and the API reference of course_nn.

Build (see the README, "Read it as a book"):

    python -m sphinx -j auto -W --keep-going -b html -d build/doctrees docs build/site

The notebooks are not executed: the book shows the outputs stored in them, which CI checks against the code.
What ties the pages together (notebook copies, API pages, Lite links, slide notes, demo notes, MathJax) is in
docs/_ext/course_book.py.
"""

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path[:0] = [str(DOCS.parent), str(DOCS / "_ext")]  # this checkout's course_nn, then the book's extension

import course_nn  # noqa: E402

project = "course_nn"
author = "the course_nn authors"
copyright = "the course_nn authors"
release = version = course_nn.__version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.githubpages",  # .nojekyll: GitHub Pages serves _static/ and _images/ as they are
    "course_book",
]

root_doc = "index"
exclude_patterns = ["_ext"]
nitpicky = True
# Only course_nn's public objects must resolve: types in docstrings ("ndarray of shape (n, d)", "np.random.Generator",
# "pandas.DataFrame") name other projects, whose inventories would have to be downloaded, and a base class from a
# private module ("course_nn._monitor.Monitor") has no page.
nitpick_ignore_regex = [(r"py:.*", r"(?!course_nn\.).*"), (r"py:.*", r"course_nn(\.[a-z]\w*)*\._.*")]

# --- notebooks (MyST-NB): stored outputs only, no widget JavaScript from a CDN
nb_execution_mode = "off"
nb_ipywidgets_js = {}
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# --- API reference (pages written by course_book from the package's modules)
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # the numpydoc docstrings give the types, with shapes
autosummary_generate = False  # course_book writes the module pages; autosummary only draws tables
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

# --- HTML: everything served from the site itself (MathJax included, see course_book)
html_theme = "furo"  # light pages: quick to load, quick to build
html_title = "course_nn — neural networks from scratch"
html_favicon = "_static/favicon.svg"
html_extra_path = ["_extra"]  # favicon.ico at the site's root, where browsers look by default
html_copy_source = False
html_show_sourcelink = False
