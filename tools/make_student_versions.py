"""Write the student versions of the notebooks: solutions replaced by stubs, outputs cleared.

    python tools/make_student_versions.py                          # every notebook -> build/student/
    python tools/make_student_versions.py notebooks/03_*.ipynb     # some of them
    python tools/make_student_versions.py --out handout/           # somewhere else
    python tools/make_student_versions.py --nbgrader build/nbgrader  # also an nbgrader course folder

In each code cell, every region between a line ``### BEGIN SOLUTION`` and a line ``### END SOLUTION``
becomes (at the region's indentation)

    # YOUR CODE HERE
    # HINT: ...                      (the region's own "# HINT:" comment lines, if it has any)
    grad_v = None                    (only at the top level of a cell, for each new name the check cell reads)
    raise NotImplementedError("Exercise 2: write the code that sets `grad_v` ...")

so a student who runs the notebook stops at the first exercise with a message saying what to do, and a
check cell run before the exercise is done says "no answer yet" instead of failing with a NameError.
Names that cells before the exercise already set are left alone (demos may still use them). In a
markdown cell the region becomes "YOUR ANSWER HERE". Regions between ``### BEGIN HIDDEN TESTS`` and
``### END HIDDEN TESTS`` are removed. Everything else stays: the check cells, the text, the tags.
Every output and execution count is cleared and saved widget state is dropped.

The markup is nbgrader's: the instructor notebooks keep their markers, and each solution cell and check
cell gets nbgrader's cell metadata (``schema_version`` 3) in the student version. ``--nbgrader DIR``
also writes ``DIR/source/<name>/<name>.ipynb``: the instructor version with that metadata added, which
``nbgrader generate_assignment <name> --no-db --force`` (run in ``DIR``) turns into the same kind of
student version (nbgrader refuses solution markers in cells without its metadata).

The instructor notebooks are only read, never written.
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import shutil
import sys
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

BEGIN_SOLUTION = re.compile(r"^(?P<indent>[ \t]*)#+[ \t]*BEGIN SOLUTION[ \t]*$")
END_SOLUTION = re.compile(r"^[ \t]*#+[ \t]*END SOLUTION[ \t]*$")
BEGIN_HIDDEN = re.compile(r"^[ \t]*#+[ \t]*BEGIN HIDDEN TESTS[ \t]*$")
END_HIDDEN = re.compile(r"^[ \t]*#+[ \t]*END HIDDEN TESTS[ \t]*$")
HINT = re.compile(r"^[ \t]*#[ \t]*HINT:?[ \t]*(?P<text>.*)$", re.IGNORECASE)
CHECK_CALL = re.compile(r"\bcheck(?:_\w+)?\(|^\s*assert\b|BEGIN HIDDEN TESTS", re.MULTILINE)

GENERIC_HINT = "write your code in place of this line"


class MarkupError(ValueError):
    """A solution or hidden-tests region is not closed, or closed without being opened."""


# --------------------------------------------------------------------------- one cell
def _assigned_names(region: list[str]) -> list[str]:
    """Names a solution region sets at its top level (for the stub's message); [] if it does not parse."""
    try:
        tree = ast.parse(textwrap.dedent("\n".join(region)))
    except SyntaxError:
        return []
    names: list[str] = []

    def add(target):
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                add(t)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                add(t)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            add(node.target)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
    return list(dict.fromkeys(names))


def _code_stub(
    indent: str,
    region: list[str],
    number: int,
    used_later: set[str] = frozenset(),
    function: str | None = None,
    defined_before: set[str] = frozenset(),
) -> list[str]:
    hints = [m.group("text").strip() for line in region if (m := HINT.match(line))]
    names = _assigned_names(region)
    names = [n for n in names if n in used_later] or names[-1:]  # the variables the check cell uses
    # new names start as None, so a check cell run too early says "no answer yet" rather than NameError
    blanks = [] if indent else [f"{name} = None" for name in names if name not in defined_before]
    here = "in place of these lines" if blanks else "in place of this line"
    if indent:
        task = f"complete {f'`{function}`' if function else 'this function'} {here}"
    elif names:
        task = f"write the code that sets {', '.join(f'`{n}`' for n in names)} {here}"
    else:
        task = GENERIC_HINT
    message = (
        f"Exercise {number}: {task}" + (f" (hint: {hints[0]})" if hints else "") + ", then run the check cell below."
    )
    lines = [f"{indent}# YOUR CODE HERE"]
    lines += [f"{indent}# HINT: {h}" for h in hints]
    lines += blanks
    lines.append(f"{indent}raise NotImplementedError({message!r})")
    return lines


def _enclosing_def(lines: list[str], indent: str) -> str | None:
    """Name of the function whose body a region indented by ``indent`` sits in (the last def above it)."""
    for line in reversed(lines):
        m = re.match(r"^(?P<ind>[ \t]*)(?:async[ \t]+)?def[ \t]+(?P<name>\w+)", line)
        if m and len(m.group("ind")) < len(indent):
            return m.group("name")
    return None


def strip_cell(
    source: str,
    cell_type: str,
    number: int,
    used_later: set[str] = frozenset(),
    defined_before: set[str] = frozenset(),
) -> tuple[str, int]:
    """Return (student source, number of solution regions replaced). ``number`` is the exercise number;
    ``used_later`` the words of the cells after it (the stub names the variables the check cell reads);
    ``defined_before`` the names the cells before it set (the stub does not set those to None)."""
    out: list[str] = []
    region: list[str] | None = None
    indent = ""
    hidden = False
    found = 0
    for i, line in enumerate(source.split("\n")):
        if region is not None:
            if BEGIN_SOLUTION.match(line):
                raise MarkupError(f"line {i + 1}: BEGIN SOLUTION inside a solution region")
            if END_SOLUTION.match(line):
                out += (
                    _code_stub(indent, region, number, used_later, _enclosing_def(out, indent), defined_before)
                    if cell_type == "code"
                    else ["YOUR ANSWER HERE"]
                )
                region, found = None, found + 1
            else:
                region.append(line)
            continue
        if hidden:
            if END_HIDDEN.match(line):
                hidden = False
            continue
        if m := BEGIN_SOLUTION.match(line):
            region, indent = [], m.group("indent")
        elif END_SOLUTION.match(line):
            raise MarkupError(f"line {i + 1}: END SOLUTION without BEGIN SOLUTION")
        elif BEGIN_HIDDEN.match(line):
            hidden = True
        elif END_HIDDEN.match(line):
            raise MarkupError(f"line {i + 1}: END HIDDEN TESTS without BEGIN HIDDEN TESTS")
        else:
            out.append(line)
    if region is not None:
        raise MarkupError("BEGIN SOLUTION without END SOLUTION")
    if hidden:
        raise MarkupError("BEGIN HIDDEN TESTS without END HIDDEN TESTS")
    return "\n".join(out), found


def has_solution(source: str) -> bool:
    return any(BEGIN_SOLUTION.match(line) for line in source.split("\n"))


# --------------------------------------------------------------------------- one notebook
def _nbgrader_meta(kind: str, grade_id: str) -> dict:
    meta = {
        "grade": kind == "check",
        "grade_id": grade_id,
        "locked": kind == "check",
        "schema_version": 3,
        "solution": kind == "solution",
        "task": False,
    }
    if kind == "check":
        meta["points"] = 1
    return meta


def mark_exercises(nb, stem: str) -> int:
    """Add nbgrader metadata to the solution cells and the check cells after them (in place).
    Returns the number of solution cells."""
    exercise = 0
    last_solution = None
    ids: set[str] = set()

    def unique(grade_id):
        k, base = 1, grade_id
        while grade_id in ids:
            k += 1
            grade_id = f"{base}-{k}"
        ids.add(grade_id)
        return grade_id

    for i, cell in enumerate(nb.cells):
        if has_solution(cell.source):
            exercise += 1
            last_solution = i
            cell.metadata["nbgrader"] = _nbgrader_meta("solution", unique(f"{stem}-exercise-{exercise}"))
        elif (
            cell.cell_type == "code"
            and CHECK_CALL.search(cell.source)
            and ("HIDDEN TESTS" in cell.source or (last_solution is not None and _follows(nb, last_solution, i)))
        ):
            cell.metadata["nbgrader"] = _nbgrader_meta("check", unique(f"{stem}-exercise-{exercise}-check"))
    return exercise


def _follows(nb, solution_index: int, index: int) -> bool:
    """True if cell ``index`` is one of the code cells right after the solution cell (markdown between is
    allowed, another code cell that is not a check is not)."""
    for cell in nb.cells[solution_index + 1 : index]:
        if cell.cell_type == "code" and "nbgrader" not in cell.metadata:
            return False
    return True


def _words_after(nb, index: int, cells: int = 2) -> set[str]:
    """The variable names the next few code cells after cell ``index`` read (stopping at the next exercise)."""
    text = []
    for cell in nb.cells[index + 1 :]:
        if cell.cell_type != "code":
            continue
        if has_solution(cell.source) or len(text) == cells:
            break
        text.append(cell.source)
    names: set[str] = set()
    for source in text:
        try:
            names |= {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}
        except SyntaxError:  # IPython magics and the like: fall back to every word
            names |= set(re.findall(r"[A-Za-z_]\w*", source))
    return names


def _names_before(nb, index: int) -> set[str]:
    """The names the code cells before cell ``index`` set (assign, define or import), read from their source."""
    names: set[str] = set()
    for cell in nb.cells[:index]:
        if cell.cell_type != "code":
            continue
        source = re.sub(r"(?m)^[ \t]*[%!].*$", "", cell.source)  # IPython magics and shell lines
        try:
            tree = ast.parse(source)
        except SyntaxError:  # anything else Python cannot read: every word counts as set
            names |= set(re.findall(r"[A-Za-z_]\w*", source))
            continue
        names |= _global_names(tree)
    return names


def _global_names(tree) -> set[str]:
    """The names a module's code binds at its top level (not the locals of its functions and comprehensions)."""
    names: set[str] = set()
    scopes = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
    todo = list(ast.iter_child_nodes(tree))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)  # its body is another scope
            continue
        if isinstance(node, scopes):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        todo.extend(ast.iter_child_nodes(node))
    return names


def student_version(nb, stem: str):
    """Return (student notebook, number of exercises); ``nb`` is not changed."""
    nb = copy.deepcopy(nb)
    mark_exercises(nb, stem)
    number = 0
    for index, cell in enumerate(nb.cells):
        if has_solution(cell.source) or "HIDDEN TESTS" in cell.source:
            if has_solution(cell.source):
                number += 1
            try:
                cell.source, _ = strip_cell(
                    cell.source, cell.cell_type, number, _words_after(nb, index), _names_before(nb, index)
                )
            except MarkupError as err:
                raise MarkupError(f"{stem}, cell {index}: {err}") from None
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.validate(nb)
    return nb, number


def nbgrader_source(nb, stem: str):
    """The instructor version with nbgrader's metadata added (markers kept, outputs cleared)."""
    nb = copy.deepcopy(nb)
    mark_exercises(nb, stem)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    return nb


# --------------------------------------------------------------------------- command
def _copy_extras(src: Path, dst: Path):
    """Copy what the notebooks may need beside them (images, notebooks/README.md), not the notebooks."""
    for item in src.iterdir():
        if item.suffix == ".ipynb" or item.name in {".ipynb_checkpoints", "__pycache__"}:
            continue
        target = dst / item.name
        if item.is_dir():
            shutil.copytree(
                item, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
            )
        else:
            shutil.copy2(item, target)


def make(paths, out: Path, nbgrader_dir: Path | None = None, quiet: bool = False) -> dict[str, int]:
    """Write the student version of each notebook in ``paths`` into ``out``; returns {name: exercises}."""
    out.mkdir(parents=True, exist_ok=True)
    done: dict[str, int] = {}
    for path in paths:
        path = Path(path)
        if out.resolve() == path.parent.resolve():
            raise SystemExit(f"--out {out} is the notebooks' own folder: the instructor versions would be overwritten.")
        nb = nbformat.read(path, as_version=4)
        student, n = student_version(nb, path.stem)
        nbformat.write(student, out / path.name)
        if nbgrader_dir is not None:
            folder = nbgrader_dir / "source" / path.stem
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(nbgrader_source(nb, path.stem), folder / path.name)
        done[path.name] = n
        if not quiet:
            print(f"{path.name:45s} {n:2d} exercise(s) -> {out / path.name}")
    folders = {Path(p).parent for p in paths}
    if len(folders) == 1:
        _copy_extras(folders.pop(), out)
    return done


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student", help="default: build/student")
    parser.add_argument(
        "--nbgrader",
        type=Path,
        metavar="DIR",
        help="also write DIR/source/<name>/<name>.ipynb for nbgrader generate_assignment",
    )
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    try:
        make(paths, args.out, args.nbgrader)
    except MarkupError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
