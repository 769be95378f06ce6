"""The domain package's imports form a DAG (deferred imports inside functions count
too), and it imports no web framework, cloud SDK or database driver."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "icp_filing"
ROOT = Path(__file__).resolve().parents[2] / "shared" / PACKAGE
FORBIDDEN = {"flask", "werkzeug", "boto3", "botocore", "psycopg", "psycopg2", "sqlite3", "serverless_wsgi", "jwt"}


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, modules: set[str], root: Path = ROOT) -> tuple[set[str], set[str]]:
    """(modules of the package it imports, top-level names of everything it imports),
    from every import statement in the file, at any depth."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    inside, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # `from . import x` may name a module x; `from .m import f` names module m.
            targets = [f"{prefix}.{alias.name}" for alias in node.names] + [prefix]
        for target in targets:
            if target.split(".")[0] != PACKAGE:
                outside.add(target.split(".")[0])
                continue
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and target != PACKAGE:
                inside.add(target)
    return inside, outside


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    modules = set(files)
    return {name: imports_of(path, modules, root)[0] for name, path in files.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component with more than one module (or a self-loop)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in edges.get(v, ()):
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_a_deferred_import_closes_a_cycle(tmp_path):
    package = tmp_path / PACKAGE
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "low.py").write_text("def f():\n    from .sub import high\n    return high\n")
    (package / "sub" / "high.py").write_text(f"from {PACKAGE} import low\n")
    edges = graph(package)
    assert f"{PACKAGE}.sub.high" in edges[f"{PACKAGE}.low"]   # the deferred import
    assert cycles(edges) == [[f"{PACKAGE}.low", f"{PACKAGE}.sub.high"]]


def test_the_domain_imports_form_a_dag():
    edges = graph()
    assert len(edges) > 10 and edges[f"{PACKAGE}.filings"], edges   # the graph was read
    assert cycles(edges) == [], "import cycles in the domain (deferred imports included)"


def test_the_domain_imports_no_framework_sdk_or_driver():
    for path in ROOT.rglob("*.py"):
        _, outside = imports_of(path, set())
        assert not outside & FORBIDDEN, (path.name, outside & FORBIDDEN)
