"""The offline set-up of the book: local widget JavaScript, and what happens without node."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("offline_assets", ROOT / "book" / "_ext" / "offline_assets.py")
offline_assets = importlib.util.module_from_spec(spec)
spec.loader.exec_module(offline_assets)

CDN_DEFAULT = {"https://cdn.example/require.js": {}}


def fake_config():
    return SimpleNamespace(html_static_path=[], nb_ipywidgets_js=dict(CDN_DEFAULT))


def test_without_fetched_files_the_cdn_defaults_stay(tmp_path, monkeypatch):
    monkeypatch.setattr(offline_assets, "VENDOR_STATIC", tmp_path / "missing")
    config = fake_config()
    offline_assets.use_local_widget_js(None, config)
    assert config.nb_ipywidgets_js == CDN_DEFAULT
    assert config.html_static_path == []


def test_with_fetched_files_the_widget_js_is_local_and_loaded_in_order(tmp_path, monkeypatch):
    for name in offline_assets.WIDGET_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("// test")
    monkeypatch.setattr(offline_assets, "VENDOR_STATIC", tmp_path)
    config = fake_config()
    offline_assets.use_local_widget_js(None, config)
    assert list(config.nb_ipywidgets_js) == ["widgets/require.js", "widgets-config.js", "widgets/embed-amd.js"]
    assert all(attributes == {"defer": "defer"} for attributes in config.nb_ipywidgets_js.values())
    assert str(tmp_path) in config.html_static_path
    assert (offline_assets.OWN_STATIC / "widgets-config.js").is_file()


def test_the_book_own_css_and_js_are_served_on_every_page():
    config = fake_config()
    offline_assets.serve_own_static(None, config)
    assert config.html_static_path == [str(offline_assets.OWN_STATIC)]
    for name in ("memsim-book.css", "memsim-book.js"):
        assert (offline_assets.OWN_STATIC / name).is_file()


def test_tooltip_js_is_local_once_fetched_and_from_unpkg_before(tmp_path, monkeypatch):
    monkeypatch.setattr(offline_assets, "VENDOR_STATIC", tmp_path)
    config = SimpleNamespace(html_static_path=[], tippy_js=("https://unpkg.com/tippy.js@6",))
    offline_assets.use_local_tippy_js(None, config)
    assert config.tippy_js == ("https://unpkg.com/tippy.js@6",), "files missing: the default stays"
    for name in offline_assets.TIPPY_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("// test")
    offline_assets.use_local_tippy_js(None, config)
    assert config.tippy_js == ("memsim-amd-off.js", *offline_assets.TIPPY_FILES, "memsim-amd-on.js")
    assert config.html_static_path == [str(tmp_path)]
    for shim in ("memsim-amd-off.js", "memsim-amd-on.js"):
        assert (offline_assets.OWN_STATIC / shim).is_file()


def test_bibliography_entries_become_list_items():
    context = {"body": '<div role="list" class="citation-list"><div class="citation" role="doc-biblioentry">'}
    offline_assets.list_items_in_bibliography(None, "book/bibliography", "page.html", context, None)
    assert context["body"] == '<div role="list" class="citation-list"><div class="citation" role="listitem">'


def _path_without_node(tmp_path: Path) -> str:
    """A PATH with the shell tools fetch.sh needs, but no node or npm."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    return str(bin_dir)


def test_fetch_without_node_says_so_and_lets_the_build_go_on(tmp_path):
    env = {**os.environ, "PATH": _path_without_node(tmp_path), "CI": "false"}
    result = subprocess.run(["bash", "book/_widgets/fetch.sh"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0
    assert "node/npm not found" in result.stderr and "CDN" in result.stderr


def test_fetch_without_node_fails_in_ci(tmp_path):
    env = {**os.environ, "PATH": _path_without_node(tmp_path), "CI": "true"}
    result = subprocess.run(["bash", "book/_widgets/fetch.sh"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "CI=true and node/npm are missing" in result.stderr


@pytest.mark.book  # the assets make book and make test fetch (make check does not)
@pytest.mark.skipif(
    shutil.which("npm") is None, reason="npm not found: the widget JavaScript comes from the npm registry"
)
def test_fetched_widget_js_is_in_the_ignored_vendor_folder():
    widgets = ROOT / ".vendor" / "static" / "widgets"
    assert (widgets / "embed-amd.js").is_file() and (widgets / "require.js").is_file()
    assert not list(widgets.glob("*.map")), "source maps are not served"
    assert ".vendor/" in (ROOT / ".gitignore").read_text()
    tracked = subprocess.run(["git", "ls-files", ".vendor"], cwd=ROOT, capture_output=True, text=True).stdout
    assert not tracked.strip()
