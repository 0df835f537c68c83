"""Shared fixtures and the CI rule that a skipped test is a failed test."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # headless: tests and notebooks never open windows

ROOT = Path(__file__).resolve().parent.parent

#: SHA-256 of the upstream texts packaged in ``memsim/data`` (the seed text and
#: the claims list), in ``sha256sum`` format. When an upstream text changes on
#: purpose, copy it into ``memsim/data`` and record the new sums with
#: ``cd memsim/data && sha256sum claims.md eli5-muscle-memory.txt > SHA256SUMS``;
#: ``sha256sum -c SHA256SUMS`` there checks the copies by hand.
CHECKSUMS = ROOT / "memsim" / "data" / "SHA256SUMS"


def recorded_sha256(name: str) -> str:
    """The SHA-256 recorded in :data:`CHECKSUMS` for ``memsim/data/<name>``."""
    for line in CHECKSUMS.read_text(encoding="utf-8").splitlines():
        digest, _, listed = line.partition("  ")
        if listed == name:
            return digest
    raise KeyError(f"{name} has no checksum in {CHECKSUMS}")


def packaged_sha256(name: str) -> str:
    """SHA-256 of ``memsim/data/<name>`` as the installed package ships it."""
    return hashlib.sha256(resources.files("memsim").joinpath(f"data/{name}").read_bytes()).hexdigest()


def checksum_mismatch(name: str) -> str:
    """Failure message for a packaged text that no longer matches its recorded checksum."""
    return (
        f"memsim/data/{name} does not match its checksum in memsim/data/SHA256SUMS. "
        "If the upstream text changed on purpose, copy the new text into memsim/data and run "
        "`cd memsim/data && sha256sum claims.md eli5-muscle-memory.txt > SHA256SUMS`; "
        "otherwise restore the file from git."
    )


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
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.fixture
def no_compiling(monkeypatch):
    """Make any attempt to reach a compiled network fail loudly.

    A test that uses it shows that bad input is rejected before anything is
    compiled: a typo must not cost a 45-60 s cold build before its error.
    """
    from memsim.core.spiking import CompiledNetwork

    def refuse(cls):
        raise AssertionError(f"{cls.__name__} was reached before the arguments were checked")

    monkeypatch.setattr(CompiledNetwork, "shared", classmethod(refuse))


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
