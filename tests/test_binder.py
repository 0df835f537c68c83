"""Binder, checked offline: the Dockerfile it would build, and a fresh runtime venv.

``repo2docker --no-build --debug .`` prints the Dockerfile Binder would build
without building it. The "fresh Binder" test then proves the notebooks need
nothing beyond what Binder installs: a new venv with ``requirements.txt`` plus
a Jupyter kernel (``requirements-binder-kernel.txt``), which executes every
notebook. The venv is kept in ``_build/binder-venv`` and rebuilt only when
those files change; the Brian2 build folders are shared with the other tests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, requires_compiler

pytestmark = [pytest.mark.notebooks]

BINDER_VENV = ROOT / "_build" / "binder-venv"
REQUIREMENTS = (ROOT / "requirements.txt", ROOT / "requirements-binder-kernel.txt")

# Executes each notebook given on the command line in a fresh kernel.
_RUNNER = """
import os, sys, nbformat
from nbclient import NotebookClient
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    # Live explorables are built without drawing; call each once, as a reader would.
    nb.cells.append(nbformat.v4.new_code_cell(
        "from memsim.render.widgets import check_explorables\\nprint('explorables', check_explorables())"
    ))
    NotebookClient(nb, timeout=int(os.environ.get("NB_TIMEOUT", "300")), kernel_name="python3",
                   resources={"metadata": {"path": "notebooks"}}).execute()
    print("".join(out.get("text", "") for out in nb.cells[-1].outputs if out.output_type == "stream"), end="")
    print("executed", path)
"""


def test_repo2docker_would_use_python_311_and_requirements_txt():
    repo2docker = Path(sys.executable).parent / "repo2docker"
    result = subprocess.run(
        [str(repo2docker), "--no-build", "--debug", "."], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    dockerfile = result.stdout + result.stderr
    assert result.returncode == 0, dockerfile[-3000:]
    assert "python=3.11" in dockerfile or "python3.11" in dockerfile
    assert 'pip install --no-cache-dir -r "requirements.txt"' in dockerfile
    assert "install --yes --no-install-recommends g++" in dockerfile  # from apt.txt


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in REQUIREMENTS:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _binder_python() -> Path:
    """A venv with only Binder's packages, reused while the requirements are unchanged."""
    python = BINDER_VENV / "bin" / "python"
    stamp = BINDER_VENV / ".fingerprint"
    if python.exists() and stamp.exists() and stamp.read_text() == _fingerprint():
        return python
    shutil.rmtree(BINDER_VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(BINDER_VENV)], check=True)
    for requirements in REQUIREMENTS:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(requirements)], check=True, cwd=ROOT)
    stamp.write_text(_fingerprint())
    return python


@requires_compiler
def test_notebooks_run_with_only_what_binder_installs():
    python = _binder_python()
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True)
    installed = {line.split("==")[0].lower() for line in listed.stdout.splitlines()}
    assert "myst-nb" not in installed and "jupyter-book" not in installed and "pytest" not in installed
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb"))
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [str(python), "-c", _RUNNER, *notebooks],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    assert result.stdout.count("executed") == len(notebooks)
    # Every notebook's live explorables were called once (each chapter has at least one).
    assert result.stdout.count("explorables ['") == len(notebooks)
