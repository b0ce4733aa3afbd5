"""Recruitment sits below deliberation: it reaches participants only through its panel seam."""

from __future__ import annotations

import ast
from pathlib import Path

import polyvox.recruitment

RECRUITMENT = Path(polyvox.recruitment.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_recruitment_imports_no_app_above_it() -> None:
    above = ("polyvox.deliberation", "polyvox.results", "polyvox.consultation")
    offenders = {
        f"{path.relative_to(RECRUITMENT)}: {name}"
        for path in RECRUITMENT.rglob("*.py")
        for name in imported_modules(path)
        if name.startswith(above)
    }
    assert offenders == set()
