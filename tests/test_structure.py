"""House rules about who imports whom, read from the source (ast, not grep: a notebook cell that
holds "import plotly" as a string is not an import)."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "core"


def imported_modules(path: Path, source: str | None = None) -> set[str]:
    """Every module `path` (or `source` as if it were at `path`) imports, at any depth,
    relative imports made absolute."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8") if source is None else source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}  # `from .. import charts`
    return found


def modules_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_the_reader_sees_relative_and_nested_imports():
    """The oracle for the rules below: a module of core/tasks that imports the charts three ways,
    and a notebook cell's text that only mentions plotly."""
    source = ("from .. import charts\nfrom ..charts.sine import task_figure\n"
              "def f():\n    import plotly.graph_objects as go\n"
              "CELL = 'import matplotlib'\n")
    found = imported_modules(CORE / "tasks" / "example.py", source)
    assert {"core.charts", "core.charts.sine", "plotly.graph_objects"} <= found
    assert "matplotlib" not in found


@pytest.mark.parametrize("path", [p for p in modules_under(CORE) if "charts" not in p.relative_to(CORE).parts],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_only_core_charts_imports_plotly(path):
    """Figures live in core/charts; the rest of core hands them plain data."""
    assert not {m for m in imported_modules(path) if m == "plotly" or m.startswith("plotly.")}


@pytest.mark.parametrize("path", modules_under(CORE / "tasks"), ids=lambda p: str(p.relative_to(ROOT)))
def test_tasks_never_import_the_charts(path):
    """A task is data, model, loss and evaluation; core.charts.task_figure draws it."""
    assert not {m for m in imported_modules(path) if m == "core.charts" or m.startswith("core.charts.")}


def test_every_task_has_its_figure():
    """core.charts.<name>.task_figure exists for every registered task (the Train screen's chart 6)."""
    import importlib

    from core.tasks import task_names
    missing = [n for n in task_names() if not callable(getattr(importlib.import_module(f"core.charts.{n}"),
                                                               "task_figure", None))]
    assert missing == []


@pytest.mark.parametrize("path", modules_under(CORE), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_streamlit(path):
    """core/ is the engine: the CLI and the tests use it without a server."""
    assert not {m for m in imported_modules(path) if m == "streamlit" or m.startswith("streamlit.")}


def public_functions(path: Path):
    """(name, node) of a module's public functions and of its public classes' public methods."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                        not item.name.startswith("_") or item.name == "__init__"):
                    yield f"{node.name}.{item.name}", item


def missing_hints(fn: ast.FunctionDef) -> list[str]:
    """The arguments (self and cls aside) and the return a signature leaves without a type."""
    args = fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in fn.decorator_list)
    if args and args[0].arg in ("self", "cls") and not static:
        args = args[1:]
    gaps = [a.arg for a in args if a.annotation is None]
    if fn.name != "__init__" and fn.returns is None:
        gaps.append("return")
    return gaps


def test_the_hint_reader_finds_what_is_missing():
    source = "def f(a, b: int):\n    pass\nclass C:\n    def m(self, x: int) -> int:\n        return x\n"
    tree = ast.parse(source)
    assert missing_hints(tree.body[0]) == ["a", "return"] and missing_hints(tree.body[1].body[0]) == []


def test_every_public_function_of_core_and_ui_has_type_hints():
    gaps = [f"{path.relative_to(ROOT)}:{fn.lineno} {name} ({', '.join(missing)})"
            for folder in (CORE, ROOT / "ui") for path in modules_under(folder)
            for name, fn in public_functions(path) if (missing := missing_hints(fn))]
    assert not gaps, f"{len(gaps)} public functions without type hints:\n" + "\n".join(gaps)
