"""The built book in a real browser (Debian's Chromium, driven by Playwright).

For every page in the table of contents: no request leaves the local server,
none fails, the console shows no error outside a short allowlist, math is
rendered, every image has alt text, figures stay readable in the dark theme,
and every precomputed explorable switches frames when its sliders are moved
with the keyboard. A screenshot of each page (light and dark) is saved in
``_build/screenshots/``; sizes and timings go to ``_build/browser_report.json``.
"""

from __future__ import annotations

import base64
import functools
import http.server
import io
import json
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from PIL import Image

from tests.conftest import ROOT, requires_compiler

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.book,
    requires_compiler,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="chromium not found: install Debian's chromium (apt-get install chromium)",
    ),
]

HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
REPORT = ROOT / "_build" / "browser_report.json"

# Console errors we accept, each with its reason. Everything else fails.
CONSOLE_ALLOWLIST = {
    "Identifier 'THEBE_JS_URL' has already been declared": (
        "sphinx-thebe, which Jupyter Book 1 always loads, declares this constant in "
        "two scripts; harmless, as the book does not use Thebe"
    ),
}

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",  # this machine refuses Chromium's own calls home
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def toc_pages() -> list[str]:
    """Every page in _toc.yml, as paths of built HTML files."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part["chapters"]]
    return [f"{page}.html" for page in pages]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest output readable
        pass


@pytest.fixture(scope="module")
def server(book_build):
    assert book_build.returncode == 0, book_build.stdout[-3000:]
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def report():
    data = {"pages": {}, "console_allowlist": CONSOLE_ALLOWLIST}
    start = time.perf_counter()
    yield data
    data["browser_test_s"] = time.perf_counter() - start
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(data, indent=2))


class PageLog:
    """What a page did while loading: requests, failures, console errors."""

    def __init__(self, page, origin: str) -> None:
        self.origin = origin
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: self.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _request(self, request) -> None:
        url = urlparse(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if f"{url.scheme}://{url.netloc}" != self.origin:
            self.foreign.append(request.url)

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(allowed in e for allowed in CONSOLE_ALLOWLIST)]


def open_page(browser, url: str, origin: str, color_scheme: str = "light"):
    page = browser.new_page(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
    log = PageLog(page, origin)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)  # MathJax and the widget manager finish after load
    return page, log


def visible_frame(explorable) -> str:
    """The src of the frame image currently shown in an explorable."""
    images = explorable.locator(".widget-html img")
    for index in range(images.count()):
        if images.nth(index).is_visible():
            return images.nth(index).get_attribute("src") or ""
    return ""


def move_key(handle) -> str:
    """The arrow key that moves this slider handle: right, unless it is already at its end."""
    now, last = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
    return "ArrowLeft" if now is not None and now == last else "ArrowRight"


def is_opaque(png_bytes: bytes) -> bool:
    image = Image.open(io.BytesIO(png_bytes))
    if image.mode in ("RGB", "L", "P") and "transparency" not in image.info:
        return True
    alpha = image.convert("RGBA").getchannel("A")
    return alpha.getextrema()[0] == 255


@pytest.mark.parametrize("path", toc_pages())
def test_page_is_offline_clean_and_accessible(path, server, browser, report):
    page, log = open_page(browser, f"{server}/{path}", server)
    name = path.replace("/", "__").removesuffix(".html")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    assert not log.foreign, f"requests to other hosts: {log.foreign}"
    assert not log.failed, f"failed requests: {log.failed}"
    assert not log.unexpected_errors(), f"console errors: {log.unexpected_errors()}"

    # Math: MathJax has rendered every formula; no raw TeX delimiters are visible.
    if page.locator(".math").count():
        assert page.locator("mjx-container").count() >= page.locator(".math").count()
    text = page.locator("article").inner_text()
    assert "\\(" not in text and "$$" not in text

    # Every image, widget frames included, has alt text.
    images = page.locator("article img")
    for index in range(images.count()):
        alt = images.nth(index).get_attribute("alt")
        assert alt and alt.strip(), f"image without alt text: {images.nth(index).get_attribute('src')[:80]}"

    report["pages"][path] = {"html_bytes": (HTML / path).stat().st_size}
    page.close()


def _frame_pngs(page) -> list[bytes]:
    sources = page.locator("article img").evaluate_all("els => els.map(e => e.src)")
    pngs = []
    for src in sources:
        if src.startswith("data:image/png;base64,"):
            pngs.append(base64.b64decode(src.split(",", 1)[1]))
        elif src.endswith(".png"):
            pngs.append((HTML / urlparse(src).path.lstrip("/")).read_bytes())
    return pngs


@pytest.mark.parametrize("path", toc_pages())
def test_figures_are_readable_in_the_dark_theme(path, server, browser):
    page, _ = open_page(browser, f"{server}/{path}", server, color_scheme="dark")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    name = path.replace("/", "__").removesuffix(".html")
    page.screenshot(path=str(SCREENSHOTS / f"{name}-dark.png"), full_page=True)
    for png in _frame_pngs(page):
        assert is_opaque(png), "a figure has a transparent background, unreadable on dark"
    page.close()


@pytest.mark.parametrize("path", toc_pages())
def test_explorables_switch_frames_from_the_keyboard(path, server, browser, report):
    page, log = open_page(browser, f"{server}/{path}", server)
    explorables = page.locator(".memsim-explorable")
    switch_times = []
    for e_index in range(explorables.count()):
        explorable = explorables.nth(e_index)
        handles = explorable.locator(".memsim-frame-slider .noUi-handle")
        assert handles.count() >= 1, "explorable without a frame slider"
        for h_index in range(handles.count()):
            before = visible_frame(explorable)
            assert before, "no frame visible"
            handles.nth(h_index).focus()
            key = move_key(handles.nth(h_index))
            # Time the switch inside the page: from the key press to the DOM change
            # that shows another frame, without Playwright's round trips.
            explorable.evaluate(
                """(el, before) => {
                    window.__switch = {start: null, end: null};
                    document.addEventListener("keydown", () => { window.__switch.start = performance.now(); },
                                              {capture: true, once: true});
                    const observer = new MutationObserver(() => {
                        const shown = [...el.querySelectorAll(".widget-html img")].filter(i => i.offsetParent !== null);
                        if (shown.length && shown[0].src !== before) {
                            window.__switch.end = performance.now();
                            observer.disconnect();
                        }
                    });
                    observer.observe(el, {subtree: true, childList: true, attributes: true});
                }""",
                before,
            )
            page.keyboard.press(key)
            page.wait_for_function("() => window.__switch.end !== null", timeout=5000)
            switch_times.append(page.evaluate("window.__switch.end - window.__switch.start") / 1000)
            after_alt = explorable.locator(".widget-html img").evaluate_all(
                "els => els.filter(e => e.offsetParent !== null).map(e => e.alt)"
            )
            assert after_alt and after_alt[0].strip()
    assert not log.unexpected_errors(), f"console errors: {log.unexpected_errors()}"
    if switch_times:
        report["pages"].setdefault(path, {})["frame_switch_ms"] = [1000 * t for t in switch_times]
    page.close()


def test_chapters_work_when_opened_from_the_file_system(browser):
    """README: `_build/html/index.html` can be opened directly, with no server."""
    for path in (p for p in toc_pages() if p.startswith("notebooks/")):
        url = (HTML / path).as_uri()
        page, log = open_page(browser, url, "file://")
        assert not log.foreign, f"requests to other hosts: {log.foreign}"
        assert not log.failed, log.failed
        assert not log.unexpected_errors(), log.unexpected_errors()
        assert page.locator("mjx-container").count() > 0
        for e_index in range(page.locator(".memsim-explorable").count()):
            explorable = page.locator(".memsim-explorable").nth(e_index)
            before = visible_frame(explorable)
            handle = explorable.locator(".memsim-frame-slider .noUi-handle").first
            handle.focus()
            page.keyboard.press(move_key(handle))
            page.wait_for_function(
                "([el, before]) => [...el.querySelectorAll('.widget-html img')]"
                ".some(i => i.offsetParent !== null && i.src !== before)",
                arg=[explorable.element_handle(), before],
                timeout=5000,
            )
        page.close()
