"""Demo data lives only in app/demo/, no feature imports it, and `make run` reseeds when it changes."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
DEMO = APP / "demo"


def _app_modules_outside_demo():
    return [p for p in APP.rglob("*.py") if DEMO not in p.parents]


def _imported_modules(path):
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def test_no_demo_module_lives_in_a_feature_package():
    strays = [str(p.relative_to(ROOT)) for p in _app_modules_outside_demo() if p.name.startswith("demo")]
    assert strays == []


def test_only_the_app_factory_imports_the_demo_package_and_only_its_command():
    importers = {}
    for path in _app_modules_outside_demo():
        demo_imports = [n for n in _imported_modules(path) if n == "app.demo" or n.startswith("app.demo.")]
        if demo_imports:
            importers[str(path.relative_to(ROOT))] = sorted(set(demo_imports))
    assert importers == {"app/__init__.py": ["app.demo.cli", "app.demo.cli.seed_cli"]}


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make to expand the Makefile")
def test_every_module_the_demo_steps_load_makes_make_run_reseed():
    """The Makefile's demo-seeded target depends on every file whose change alters the demo data."""
    listed = subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            "--eval=print-demo-sources: ; @echo $(DEMO_SOURCES)",
            "print-demo-sources",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    import app.demo.steps  # noqa: F401 (loads every demo module the steps use)

    loaded = {
        str(Path(module.__file__).resolve().relative_to(ROOT))
        for name, module in list(sys.modules.items())
        if name.startswith("app.") and "demo" in name and getattr(module, "__file__", None)
    }
    assert loaded, "the demo steps loaded no modules"
    assert sorted(loaded - set(listed)) == []
