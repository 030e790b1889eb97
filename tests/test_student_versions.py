"""tools/make_student_versions.py: no solution text in the student versions, outputs cleared, check cells
kept in nbgrader's markup, instructor notebooks untouched, and a student notebook stops at its first
exercise (with NotImplementedError) after running every cell before it."""

import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "make_student_versions.py"
FIXTURE = ROOT / "tests" / "fixtures" / "exercises.ipynb"

_spec = importlib.util.spec_from_file_location("make_student_versions", TOOL)
msv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(msv)

COURSE = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _read(path):
    return nbformat.read(path, as_version=4)


def _has_exercises(path) -> bool:
    return any(msv.has_solution(c.source) for c in _read(path).cells)


WITH_EXERCISES = [p for p in COURSE if _has_exercises(p)]
CASES = [FIXTURE, *WITH_EXERCISES]
NBGRADER_KEYS = {"grade", "grade_id", "locked", "schema_version", "solution", "task"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Student versions of the fixture and of every course notebook, made by the command itself."""
    out = tmp_path_factory.mktemp("student")
    msv.make([FIXTURE], out, quiet=True)
    if COURSE:
        msv.make(COURSE, out, quiet=True)
    return out


def _solution_lines(source: str) -> list[str]:
    """The stripped, non-blank lines inside the solution regions of a cell (HINT comments excepted)."""
    lines, inside = [], False
    for line in source.split("\n"):
        if msv.BEGIN_SOLUTION.match(line):
            inside = True
        elif msv.END_SOLUTION.match(line):
            inside = False
        elif inside and line.strip() and not msv.HINT.match(line):
            lines.append(line.strip())
    return lines


def _public_lines(nb) -> set[str]:
    """Every line of the instructor notebook outside solution regions (legitimately in the handout)."""
    public = set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.split("\n"):
            if msv.BEGIN_SOLUTION.match(line):
                inside = True
            elif msv.END_SOLUTION.match(line):
                inside = False
            elif not inside:
                public.add(line.strip())
    return public


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_student_version_contains_no_solution_text(built, path):
    teacher, student = _read(path), _read(built / path.name)
    student_lines = {line.strip() for cell in student.cells for line in cell.source.split("\n")}
    public = _public_lines(teacher)
    leaked = [
        line
        for cell in teacher.cells
        for line in _solution_lines(cell.source)
        if line in student_lines and line not in public
    ]
    assert not leaked, f"solution lines left in the student version of {path.name}: {leaked}"
    text = (built / path.name).read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
        assert marker not in text
    assert all(
        not c.get("outputs") and c.get("execution_count") is None for c in student.cells if c.cell_type == "code"
    ), "outputs must be cleared"
    assert "widgets" not in student.metadata


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_check_cells_kept_with_nbgrader_metadata(built, path):
    teacher, student = _read(path), _read(built / path.name)
    assert len(student.cells) == len(teacher.cells)
    grade_ids = []
    for i, (t, s) in enumerate(zip(teacher.cells, student.cells)):
        meta = s.metadata.get("nbgrader")
        if msv.has_solution(t.source):
            assert meta and meta["solution"] and not meta["grade"] and not meta["locked"], f"cell {i}"
            if t.cell_type == "code":
                assert "# YOUR CODE HERE" in s.source and "raise NotImplementedError(" in s.source
        else:
            if "HIDDEN TESTS" not in t.source:
                assert s.source == t.source, f"cell {i} changed"
        if meta:
            assert NBGRADER_KEYS <= set(meta) and meta["schema_version"] == 3
            grade_ids.append(meta["grade_id"])
            if meta["grade"]:
                assert meta["locked"] and meta["points"] > 0 and "check" in meta["grade_id"]
        assert s.metadata.get("tags") == t.metadata.get("tags"), "tags must survive"
    assert len(grade_ids) == len(set(grade_ids)), "nbgrader grade_ids must be unique"
    n_solutions = sum(msv.has_solution(c.source) for c in teacher.cells if c.cell_type == "code")
    n_checks = sum(bool(c.metadata.get("nbgrader", {}).get("grade")) for c in student.cells)
    assert n_checks >= n_solutions, "every code exercise needs a check cell right after it"


def test_fixture_stubs_hints_and_hidden_tests(built):
    cells = _read(built / FIXTURE.name).cells
    assert cells[4].source == (
        "# y: array of shape (3,)\n# YOUR CODE HERE\n# HINT: multiply x by a number\ny = None\n"
        "raise NotImplementedError('Exercise 1: write the code that sets `y` in place of these lines "
        "(hint: multiply x by a number), then run the check cell below.')"
    )
    assert cells[7].source.endswith(
        "    # YOUR CODE HERE\n    raise NotImplementedError('Exercise 2: complete `square` in place of this line, "
        "then run the check cell below.')"
    )
    assert "secret_result" not in cells[7].source
    assert cells[8].source.startswith("check_function(square") and "hidden test" not in cells[8].source
    assert cells[10].source == "YOUR ANSWER HERE"


def test_strip_cell_rejects_unbalanced_markers():
    with pytest.raises(msv.MarkupError, match="without END SOLUTION"):
        msv.strip_cell("### BEGIN SOLUTION\nx = 1", "code", 1)
    with pytest.raises(msv.MarkupError, match="without BEGIN SOLUTION"):
        msv.strip_cell("x = 1\n### END SOLUTION", "code", 1)
    with pytest.raises(msv.MarkupError, match="inside a solution region"):
        msv.strip_cell("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "code", 1)


def test_strip_cell_keeps_code_around_the_region_and_its_indentation():
    source = "a = 1\nif a:\n    ### BEGIN SOLUTION\n    b = 2\n    ### END SOLUTION\nprint(a)"
    new, n = msv.strip_cell(source, "code", 4)
    assert n == 1
    assert new.startswith("a = 1\nif a:\n    # YOUR CODE HERE\n    raise NotImplementedError('Exercise 4:")
    assert new.endswith("\nprint(a)") and "b = 2" not in new
    compile(new, "<student cell>", "exec")


def test_a_check_cell_run_too_early_says_no_answer_yet():
    """The stub sets the exercise's new names to None, so the check cell gives the checker's message."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "%matplotlib inline\nimport numpy as np\nx = np.ones(3)\nw = 0.5\n\n\n"
            "def helper():\n    y = 1\n    return y"
        ),
        nbformat.v4.new_code_cell("### BEGIN SOLUTION\nw = 2.0\ny = w * x\n### END SOLUTION"),
        nbformat.v4.new_code_cell('check(y, 2 * np.ones(3), name="y")'),
    ]
    student, _ = msv.student_version(nb, "early")
    stub = student.cells[1].source
    # w is set before the exercise (demos may use it); the y inside helper() is another scope
    assert "y = None" in stub and "w = None" not in stub
    namespace = {"np": np}
    exec("x = np.ones(3)\nw = 0.5", namespace)
    with pytest.raises(NotImplementedError, match="in place of these lines"):
        exec(stub, namespace)
    from course_nn.checkers import WrongAnswer, check

    namespace["check"] = check
    with pytest.raises(WrongAnswer, match="no answer yet"):
        exec(student.cells[2].source, namespace)
    assert namespace["w"] == 0.5


def test_a_function_stub_sets_nothing_to_none():
    source = "def f(v):\n    ### BEGIN SOLUTION\n    return 2 * v\n    ### END SOLUTION"
    new, _ = msv.strip_cell(source, "code", 1, {"f"})
    assert "= None" not in new and "in place of this line" in new


def _tree_hash(folder: Path) -> dict:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    }


def test_command_leaves_instructor_notebooks_unchanged(tmp_path, capsys):
    before = _tree_hash(ROOT / "notebooks"), _tree_hash(FIXTURE.parent)
    out, grader = tmp_path / "student", tmp_path / "nbgrader"
    assert msv.main(["--out", str(out), "--nbgrader", str(grader), str(FIXTURE)]) == 0
    assert "exercises.ipynb" in capsys.readouterr().out
    if COURSE:  # the real command line, on every course notebook (its default)
        result = subprocess.run(
            [sys.executable, str(TOOL), "--out", str(out), "--nbgrader", str(grader)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert {p.name for p in COURSE} <= {p.name for p in out.glob("*.ipynb")}
    assert (_tree_hash(ROOT / "notebooks"), _tree_hash(FIXTURE.parent)) == before
    # the nbgrader source keeps the markers and carries the metadata nbgrader requires
    source = _read(grader / "source" / "exercises" / "exercises.ipynb")
    assert "### BEGIN SOLUTION" in source.cells[4].source and source.cells[4].metadata["nbgrader"]["solution"]
    # it refuses to write over the instructor versions
    with pytest.raises(SystemExit, match="overwritten"):
        msv.main(["--out", str(FIXTURE.parent), str(FIXTURE)])
    assert _tree_hash(FIXTURE.parent) == before[1]


def _execute(path: Path, cwd: Path):
    """Run a notebook on a fresh kernel; return (notebook as executed, error or None)."""
    nb = _read(path)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    try:
        client.execute()
    except CellExecutionError as err:
        return nb, err
    return nb, None


def _assert_stops_at_first_exercise(student_path: Path, cwd: Path):
    nb, err = _execute(student_path, cwd)
    assert err is not None, "the student version ran to the end: an exercise was not removed"
    assert err.ename == "NotImplementedError", f"failed with {err.ename} before the first exercise: {err.evalue}"
    assert "Exercise 1" in err.evalue
    first = next(
        i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
    )
    failed = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        and "raises-exception" not in c.metadata.get("tags", [])
        and any(o.output_type == "error" for o in c.get("outputs", []))
    ]
    assert failed and failed[0] in (first, first + 1), f"first error in cell {failed[0]}, exercise at {first}"
    ran = [c.execution_count is not None for c in nb.cells[:first] if c.cell_type == "code"]
    assert all(ran), "every cell before the first exercise must run"


def test_instructor_fixture_runs_and_its_checks_pass():
    nb, err = _execute(FIXTURE, FIXTURE.parent)
    assert err is None, err
    assert "square: correct." in nb.cells[8].outputs[0].text


def test_student_fixture_stops_at_first_exercise(built):
    _assert_stops_at_first_exercise(built / FIXTURE.name, FIXTURE.parent)


@pytest.mark.skipif(not WITH_EXERCISES, reason="no course notebook with exercises yet")
def test_student_course_notebook_stops_at_first_exercise(built):
    path = WITH_EXERCISES[0]
    _assert_stops_at_first_exercise(built / path.name, path.parent)
