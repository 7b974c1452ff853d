"""The package's layers call downward only: domain → inputs → store → documents → workflow →
the library face (api) → the faces people use (cli, web). No module imports a higher layer, no
SOP step imports another step, and no two modules import each other, even inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
LAYERS = ["domain", "inputs", "store", "documents", "workflow", "api", "faces"]
TOP = {
    "api": "api",
    "hasil": "api",
    "batch": "api",
    "cli": "faces",
    "bahasa": "faces",
    "web": "faces",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # the package itself
    return parts[1] if parts[1] in LAYERS else TOP.get(parts[1])


def imports(path: Path) -> set[str]:
    """Every pipeline module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "pipeline" or node.module.startswith("pipeline."):
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    is_module = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(
                        ".py"
                    ).exists() or (PACKAGE.parent / candidate.replace(".", "/")).is_dir()
                    found.add(candidate if is_module else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pipeline.")}
    return found - {"pipeline"}


def graph() -> dict[str, set[str]]:
    return {
        module_name(path): imports(path)
        for path in PACKAGE.rglob("*.py")
        if "__pycache__" not in path.parts
    }


def test_layers_only_call_downward():
    wrong = []
    for module, targets in sorted(graph().items()):
        source = layer(module)
        if source is None:
            continue
        for target in sorted(targets):
            aim = layer(target)
            if aim is None:
                continue
            if LAYERS.index(aim) > LAYERS.index(source):
                wrong.append(f"{module} ({source}) imports {target} ({aim})")
            elif source == aim == "workflow" and target.split(".")[2] != module.split(".")[2]:
                wrong.append(f"{module} imports the step {target}")
    assert wrong == []


def test_no_import_cycles():
    edges = graph()
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt in edges and not state.get(nxt):
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(edges):
        if not state.get(node):
            visit(node, [node])
    assert cycles == []


def test_every_module_sits_in_a_layer():
    loose = [m for m in graph() if layer(m) is None and m not in ("pipeline", "pipeline.__main__")]
    assert loose == []
