"""The two rules of the layout (docs/CONVENTIONS.md), checked by reading the source:

1. **Core never imports the face**: no module under governance/core/, governance/i18n/ or governance/settings.py
   imports streamlit, plotly, pydeck or governance.app — not at the top, not inside a function.
2. **views/x.py serves pages/x.py**: every governance/app/views/<x>.py has a pages/<x>.py; a page never imports
   another page and stays layout only (200 lines at most).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from governance import settings

ROOT = settings.ROOT
PAGES_DIR = ROOT / "pages"
VIEWS_DIR = ROOT / "governance" / "app" / "views"
PURE = [*sorted((ROOT / "governance" / "core").rglob("*.py")), *sorted((ROOT / "governance" / "i18n").rglob("*.py")),
        ROOT / "governance" / "settings.py"]
FACE_PACKAGES = ("streamlit", "plotly", "pydeck", "governance.app")
PAGE_MAX_LINES = 200


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import statement in the file, wherever it sits; ``from . import x``
    and ``from .a import b`` are resolved against the file's package, ``from pkg import mod`` yields ``pkg.mod``
    too (so ``from governance import app`` is caught)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names if alias.name != "*"]
    return found


def _is_face(module: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in FACE_PACKAGES)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_walk_sees_every_kind_of_import(tmp_path):
    """The checker itself: a top-level import, one inside a function, a from-import and a relative import."""
    probe = tmp_path / "governance" / "core" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("import os\n\ndef f():\n    import plotly.express as px\n    from streamlit import cache_data\n"
                     "    from ..app import shell\n    from governance import app\n", encoding="utf-8")
    names = [m for _, m in imported_modules(probe, root=tmp_path)]
    assert "os" in names and "plotly.express" in names and "streamlit" in names
    assert "governance.app" in names and "governance.app.shell" in names
    assert [m for m in names if _is_face(m)] == ["plotly.express", "streamlit", "streamlit.cache_data",
                                                  "governance.app", "governance.app.shell", "governance.app"]


def test_pure_modules_exist():
    assert any(p.name == "settings.py" for p in PURE)
    assert len(PURE) > 20  # the walk really covers core and i18n


@pytest.mark.parametrize("path", PURE, ids=_rel)
def test_core_never_imports_the_face(path):
    bad = [f"{_rel(path)}:{line} imports {module}" for line, module in imported_modules(path) if _is_face(module)]
    assert not bad, "core/i18n/settings must not import the face:\n" + "\n".join(bad)


PAGES = sorted(PAGES_DIR.glob("*.py"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_page_is_layout_sized(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= PAGE_MAX_LINES, f"{_rel(path)} has {lines} lines (a page is layout only, at most {PAGE_MAX_LINES})"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_page_never_imports_another_page(path):
    siblings = {p.stem for p in PAGES} - {path.stem}
    bad = [f"line {line}: {module}" for line, module in imported_modules(path)
           if module.split(".")[0] == "pages" or module.split(".")[0] in siblings]
    assert not bad, f"{_rel(path)} imports a page: {bad} (shared code belongs in governance/app/)"


def test_every_view_serves_a_page():
    views = [p for p in VIEWS_DIR.glob("*.py") if p.name != "__init__.py"] if VIEWS_DIR.exists() else []
    orphans = [_rel(v) for v in views if not (PAGES_DIR / v.name).exists()]
    assert not orphans, f"views without a page of the same name (views/x.py serves pages/x.py): {orphans}"
