"""The package's modules import each other without a circle (imports inside functions included).

A circle (model imports training, training imports model) means neither module can be read, tested or
loaded without the other; the engine is meant to be read one file at a time, bottom up.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "course_nn"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set) -> set:
    """The package's modules that ``path`` imports, wherever the import statement is."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in modules and m != name}


def graph() -> dict:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def find_circle(g: dict):
    """A list of modules forming a circle, or None (depth-first search with colours)."""
    state, stack = {}, []

    def visit(u):
        state[u] = "open"
        stack.append(u)
        for v in sorted(g[u]):
            # a package's __init__ importing its own submodules is not a circle of ideas
            if u == v.rsplit(".", 1)[0] and u in g and v.startswith(u + "."):
                continue
            if state.get(v) == "open":
                return stack[stack.index(v) :] + [v]
            if v not in state and (found := visit(v)):
                return found
        state[u] = "done"
        stack.pop()
        return None

    for u in sorted(g):
        if u not in state and (found := visit(u)):
            return found
    return None


def test_the_walker_sees_imports_inside_functions():
    g = graph()
    assert "course_nn.training" in g["course_nn.model"]  # Sequential.fit imports it in the method
    assert "course_nn.init" in g["course_nn.layers"]  # Dense.__init__ imports it in the method


def test_the_walker_finds_a_circle():
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": set()}) is None


def test_no_import_circle_in_the_package():
    g = {m: {d for d in deps if not (m == "course_nn" or m.endswith("__init__"))} for m, deps in graph().items()}
    # the package's own __init__ gathers the public names from every module: leave it out of the walk
    g = {m: deps - {"course_nn"} for m, deps in g.items() if m != "course_nn"}
    assert find_circle(g) is None, " -> ".join(find_circle(g))
