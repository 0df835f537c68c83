"""The package as pip ships it: every subpackage, module and data file, and nothing read from the tree.

The notebooks import memsim from an editable install, which reads the source
tree and so cannot show a module or data file that the packaging leaves out.
This test builds the wheel, compares its contents with the tracked files under
``memsim/``, installs it into an empty folder and imports every subpackage
from there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.packaging


def _tracked_package_files() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "memsim"], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    return {name for name in listed if not name.endswith(".pyc")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Build from a copy of what the wheel is made of: pip builds in place, and a
    # build in the work tree would leave build/ and egg-info folders there.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    for name in _tracked_package_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(source)],
        check=True,
    )
    (path,) = out.glob("memsim-*.whl")
    return path


def test_the_wheel_ships_every_tracked_module_and_data_file(wheel):
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("memsim/")}
    missing = _tracked_package_files() - shipped
    assert not missing, f"tracked under memsim/ but not in the wheel: {sorted(missing)}"


def test_the_installed_wheel_imports_every_subpackage_and_reads_its_tables(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
    )
    script = tmp_path / "check.py"
    script.write_text(
        f"import sys\nsys.path.insert(0, {str(target)!r})\n"
        "import importlib, pkgutil, memsim\n"
        f"assert memsim.__file__.startswith({str(target)!r}), memsim.__file__\n"
        "names = [m.name for m in pkgutil.walk_packages(memsim.__path__, 'memsim.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "from memsim import claims, literature\n"
        "print(len(names), len(literature.MEASUREMENTS), len(claims.CLAIMS), memsim.__version__)\n"
    )
    # -I: no user site, no PYTHONPATH and no current folder, so the tree cannot leak in.
    result = subprocess.run([sys.executable, "-I", str(script)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    modules, measurements, claims, version = result.stdout.split()
    tracked_modules = [n for n in _tracked_package_files() if n.endswith(".py") and not n.endswith("__init__.py")]
    assert int(modules) >= len(tracked_modules)
    assert int(measurements) > 0 and int(claims) == 12
    assert version == _project_version()


def _project_version() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
