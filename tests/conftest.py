"""Shared fixtures and the CI rule that a skipped test is a failed test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # headless: tests and notebooks never open windows

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def in_ci() -> bool:
    """Whether we run under CI (``CI=true``), where skips count as failures."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


requires_compiler = pytest.mark.skipif(
    shutil.which("g++") is None,
    reason="g++ not found: Brian2's cpp_standalone device needs a C++ compiler",
)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def book_build() -> subprocess.CompletedProcess:
    """Build the HTML book once per test session, as ``make book`` does.

    The build executes the notebooks through Jupyter Book's execution cache
    and the persistent Brian2 build folders, which later builds share.
    """
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    return subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI, fail the run if anything was skipped: a skip hides a missing tool."""
    if not in_ci():
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        reporter.write_line(
            f"CI=true: {len(skipped)} test(s) were skipped; in CI a skip is a failure "
            "(install the missing tool named in the skip reason).",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
