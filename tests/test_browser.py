"""The built book in a real browser (Debian's Chromium, driven by Playwright).

For every page in the table of contents: no request leaves the local server,
none fails, the console shows no error outside a short allowlist, math is
rendered, every image has alt text, figures stay readable in the dark theme,
and every precomputed explorable switches frames when its sliders are moved
with the keyboard, its sliders named and valued for screen readers and each
new frame announced.

For readers (issue 19): the menu buttons open the chapter list and the
contents at phone (390 px) and laptop (1280 px) width; axe-core finds no
critical or serious violation on any page, light or dark; nothing overflows
the column at either width; every explorable has a static frame that shows
with JavaScript off; chapters link glossary terms, with their definitions on
focus; figure text is no smaller than the body's small print as displayed;
free-value panels say they need a kernel; and with the CPU slowed down 6x the
explorables log no console error.

A screenshot of each page (light and dark, and at phone width) is saved in
``_build/screenshots/``; sizes and timings go to ``_build/browser_report.json``.
"""

from __future__ import annotations

import base64
import functools
import http.server
import io
import json
import re
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
AXE = ROOT / ".vendor" / "axe" / "axe.min.js"  # from the npm registry (book/_widgets/fetch.sh)
#: Window sizes the book is read at: a phone and a laptop.
WIDTHS = {"phone": (390, 844), "laptop": (1280, 900)}
#: Alt text built from a template that ignores the number: "after 1 repetitions", "with none feedback".
UNGRAMMATICAL = re.compile(r"\b(?:after|with|of|for|in|over) 1 (?!ms\b)[a-z]+s\b|\bwith none [a-z]+")
#: How much slower than this machine's CPU the slow-phone test runs.
CPU_SLOWDOWN = 6
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


def open_page(
    browser,
    url: str,
    origin: str,
    color_scheme: str = "light",
    width: str = "laptop",
    javascript: bool = True,
    cpu_slowdown: float | None = None,
):
    """Open a page in a fresh browser context; close it with ``page.context.close()``."""
    viewport_width, viewport_height = WIDTHS[width]
    context = browser.new_context(
        color_scheme=color_scheme,
        viewport={"width": viewport_width, "height": viewport_height},
        java_script_enabled=javascript,
    )
    page = context.new_page()
    log = PageLog(page, origin)
    if cpu_slowdown:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
    page.goto(url, wait_until="networkidle", timeout=120_000)
    if javascript:
        wait_for_widgets(page, timeout=60_000 if cpu_slowdown else 15_000)
        page.wait_for_timeout(500)  # MathJax finishes after load
    return page, log


def wait_for_widgets(page, timeout: int) -> None:
    """Wait until every explorable on the page has rendered (the widget manager runs after load)."""
    expected = page.locator(".memsim-static-fallback").count()
    if expected:
        page.wait_for_function(
            """n => {
                const explorables = [...document.querySelectorAll(".memsim-explorable")];
                return explorables.length >= n && explorables.every(e =>
                    e.querySelector(".widget-html img") && e.querySelector(".memsim-frame-slider .noUi-handle"));
            }""",
            arg=expected,
            timeout=timeout,
        )


def chapter_pages() -> list[str]:
    return [p for p in toc_pages() if p.startswith("notebooks/")]


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

    # Every image, widget frames included, has alt text, in grammatical English.
    images = page.locator("article img")
    for index in range(images.count()):
        alt = images.nth(index).get_attribute("alt")
        assert alt and alt.strip(), f"image without alt text: {images.nth(index).get_attribute('src')[:80]}"
        assert not UNGRAMMATICAL.search(alt), f"ungrammatical alt text: {alt}"
    # No negative zero in tables or prose: "-0.0" reads as a tiny negative number.
    negative_zero = re.search(r"(?<![\w.])[-−]0(?:\.0+)?(?![\d.])", text)
    assert not negative_zero, f"a negative zero on the page: {text[negative_zero.start() - 40 : negative_zero.end()]!r}"

    report["pages"][path] = {"html_bytes": (HTML / path).stat().st_size}
    page.context.close()


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
    page.context.close()


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
            # Screen readers hear the slider's label and its value, not its index,
            # and the new frame's alt text, politely.
            slider = explorable.locator(".memsim-frame-slider").nth(h_index)
            handle = handles.nth(h_index)
            assert handle.get_attribute("aria-label") == slider.locator(".widget-label").inner_text().strip()
            assert handle.get_attribute("aria-valuetext") == slider.locator(".widget-readout").inner_text().strip()
            announcer = explorable.locator(".memsim-announcer")
            assert announcer.get_attribute("aria-live") == "polite"
            page.wait_for_function(
                "([el, alt]) => el.textContent === alt", arg=[announcer.element_handle(), after_alt[0]], timeout=2000
            )
    assert not log.unexpected_errors(), f"console errors: {log.unexpected_errors()}"
    if switch_times:
        report["pages"].setdefault(path, {})["frame_switch_ms"] = [1000 * t for t in switch_times]
    page.context.close()


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
        page.context.close()


def visible_links(page, selector: str) -> int:
    """How many links matching ``selector`` are shown across the window now (scrolling down may be needed)."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].filter(a => {
            const r = a.getBoundingClientRect();
            return a.checkVisibility({visibilityProperty: true, opacityProperty: true})
                && r.width > 0 && r.right > 0 && r.left < innerWidth;
        }).length""",
        selector,
    )


CHAPTER_LIST = ".bd-sidebar-primary .bd-links a, dialog[open] .bd-links a"
PAGE_CONTENTS = ".bd-sidebar-secondary .page-toc a, dialog[open] .page-toc a"


def click_visible(page, selector: str) -> None:
    buttons = [b for b in page.locator(selector).all() if b.is_visible()]
    assert len(buttons) == 1, f"expected one visible {selector} button, found {len(buttons)}"
    buttons[0].click()
    page.wait_for_timeout(400)  # the sidebar's transition


@pytest.mark.parametrize("path", [toc_pages()[0], chapter_pages()[1]])
def test_menu_buttons_open_the_chapter_list_and_contents(path, server, browser):
    """pydata-sphinx-theme issue 2451: the visible toggles must do what they say."""
    n_pages = len(toc_pages())
    # Phone: both lists are hidden until their button opens them.
    page, log = open_page(browser, f"{server}/{path}", server, width="phone")
    assert visible_links(page, CHAPTER_LIST) == 0
    click_visible(page, ".primary-toggle")
    assert visible_links(page, CHAPTER_LIST) >= n_pages - 1, "the menu button did not open the chapter list"
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert visible_links(page, CHAPTER_LIST) == 0
    click_visible(page, ".secondary-toggle")
    assert visible_links(page, PAGE_CONTENTS) >= 2, "the contents button did not open the page's contents"
    assert not log.unexpected_errors(), log.unexpected_errors()
    page.context.close()
    # Laptop: the chapter list shows; its button hides it and brings it back.
    page, log = open_page(browser, f"{server}/{path}", server, width="laptop")
    assert visible_links(page, CHAPTER_LIST) >= n_pages - 1
    click_visible(page, ".primary-toggle")
    assert visible_links(page, CHAPTER_LIST) == 0, "the menu button did not hide the chapter list"
    click_visible(page, ".primary-toggle")
    assert visible_links(page, CHAPTER_LIST) >= n_pages - 1, "the menu button did not bring the chapter list back"
    assert not log.unexpected_errors(), log.unexpected_errors()
    page.context.close()


def axe_violations(page) -> list[dict]:
    """axe-core's default rules on the whole page: violations that are critical or serious."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => (await axe.run(document)).violations.map(v => ({
            id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
    )
    return [v for v in violations if v["impact"] in ("critical", "serious")]


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core not fetched: run book/_widgets/fetch.sh (needs npm)")
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("path", toc_pages())
def test_no_critical_or_serious_accessibility_violations(path, color_scheme, server, browser):
    page, _ = open_page(browser, f"{server}/{path}", server, color_scheme=color_scheme)
    assert page.evaluate("document.documentElement.dataset.theme") == color_scheme
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=1)
    page.context.close()


OVERFLOW_JS = """() => {
    const article = document.querySelector("article.bd-article");
    const box = article.getBoundingClientRect();
    const scrolls = el => {
        for (let a = el.parentElement; a && a !== article; a = a.parentElement) {
            const style = getComputedStyle(a);
            const r = a.getBoundingClientRect();
            if (["auto", "scroll"].includes(style.overflowX)
                && r.left >= box.left - 1 && r.right <= box.right + 1) { return true; }
        }
        return false;
    };
    const cut = [];
    for (const el of article.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        // MathJax's copy for screen readers is clipped to nothing on purpose.
        if (r.width === 0 || r.height === 0 || !el.checkVisibility() || el.closest("mjx-assistive-mml")) { continue; }
        if ((r.right > box.right + 1 || r.left < box.left - 1) && !scrolls(el)) {
            cut.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ${Math.round(r.width)} px`);
        }
    }
    // Slider rows may not overlap each other (a wrapped read-out under the next slider).
    for (const explorable of article.querySelectorAll(".memsim-explorable")) {
        const rows = [...explorable.querySelectorAll(".memsim-frame-slider")].filter(r => r.checkVisibility());
        const parts = rows.map(row => [...row.querySelectorAll(".widget-label, .slider-container, .widget-readout")]
            .map(e => e.getBoundingClientRect()));
        for (let i = 0; i < parts.length; i++) {
            for (let j = i + 1; j < parts.length; j++) {
                for (const a of parts[i]) {
                    for (const b of parts[j]) {
                        const across = a.left < b.right - 1 && b.left < a.right - 1;
                        if (across && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
                            cut.push("two slider rows overlap");
                        }
                    }
                }
            }
        }
    }
    // A slider row may not rely on scrolling: its read-out must be on screen.
    for (const readout of article.querySelectorAll(".memsim-explorable .widget-readout")) {
        const r = readout.getBoundingClientRect();
        if (readout.checkVisibility() && r.right > Math.min(box.right, innerWidth) + 1) {
            cut.push(`a slider read-out off screen, at ${Math.round(r.right)} px`);
        }
    }
    return {cut: cut.slice(0, 8), n: cut.length, page: document.documentElement.scrollWidth, window: innerWidth};
}"""


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", toc_pages())
def test_nothing_overflows_the_column(path, width, server, browser):
    """Wide tables, equations and slider rows scroll in their own box, or reflow."""
    page, _ = open_page(browser, f"{server}/{path}", server, width=width)
    if width == "phone":
        name = path.replace("/", "__").removesuffix(".html")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)
    result = page.evaluate(OVERFLOW_JS)
    assert result["page"] <= result["window"], f"the page scrolls sideways: {result}"
    assert result["n"] == 0, f"content cut off at the column's edge: {result['cut']}"
    # Figures shrink to a narrow column whole, without being squeezed.
    squeezed = page.evaluate(
        """() => [...document.querySelectorAll("article img")].filter(i => i.checkVisibility() && i.naturalWidth
            && Math.abs(i.clientHeight / i.clientWidth - i.naturalHeight / i.naturalWidth) > 0.02).map(i => i.alt)"""
    )
    assert not squeezed, f"figures drawn out of proportion: {[alt[:60] for alt in squeezed]}"
    page.context.close()


@pytest.mark.parametrize("path", chapter_pages())
def test_explorables_show_a_static_frame_without_javascript(path, server, browser):
    """With JavaScript off (or before the widgets load) each explorable is an ordinary figure."""
    html = (HTML / path).read_text(encoding="utf-8")
    n_explorables = html.count('class="memsim-static-fallback"')
    assert n_explorables >= 1, "a chapter without an explorable"
    page, log = open_page(browser, f"{server}/{path}", server, javascript=False)
    frames = page.locator(".memsim-static-fallback img")
    assert frames.count() == n_explorables
    for index in range(n_explorables):
        frame = frames.nth(index)
        assert frame.is_visible()
        assert (frame.get_attribute("alt") or "").strip()
        assert frame.evaluate("img => img.complete && img.naturalWidth > 0"), "the static frame did not load"
    # With JavaScript off, the browser refuses the theme's script preloads; nothing else may fail.
    assert not [f for f in log.failed if ".js?" not in f and not f.endswith(".js (csp)")], log.failed
    page.context.close()
    # With JavaScript on, each stands in until its widget renders, and then goes.
    page, _ = open_page(browser, f"{server}/{path}", server)
    assert page.locator(".memsim-explorable").count() == n_explorables
    assert not any(f.is_visible() for f in page.locator(".memsim-static-fallback").all())
    page.context.close()


def glossary_terms() -> dict[str, str]:
    """The glossary's anchors and the first words of each definition, from the built page."""
    html = (HTML / "book" / "glossary.html").read_text(encoding="utf-8")
    terms = dict(re.findall(r'<dt id="(term-[^"]+)">.*?</dt>\s*<dd><p>(.{0,40})', html, re.DOTALL))
    assert len(terms) >= 30, "the glossary page has lost its terms"
    return terms


@pytest.mark.parametrize("path", chapter_pages())
def test_chapters_link_glossary_terms_with_definitions_on_focus(path, server, browser):
    terms = glossary_terms()
    page, log = open_page(browser, f"{server}/{path}", server)
    links = page.locator("article a[href*='glossary.html#term-']")
    assert links.count() >= 3, "a chapter links fewer than three glossary terms"
    anchor = links.first.get_attribute("href").split("#")[1]
    assert anchor in terms
    links.first.focus()
    tip = page.locator("[data-tippy-root]")
    tip.wait_for(state="visible", timeout=3000)
    words = re.sub(r"<[^>]+>", "", terms[anchor]).split()[:3]
    assert " ".join(words) in " ".join(tip.inner_text().split()), "the tooltip does not show the definition"
    assert not log.foreign and not log.failed
    page.context.close()


def _png_of(page, image) -> bytes:
    src = image.get_attribute("src") or ""
    if src.startswith("data:image/png;base64,"):
        return base64.b64decode(src.split(",", 1)[1])
    url = image.evaluate("img => img.src")
    return (HTML / urlparse(url).path.lstrip("/")).read_bytes()


@pytest.mark.parametrize("path", toc_pages())
def test_figure_text_is_no_smaller_than_the_small_print(path, server, browser, report):
    """Each figure records its resolution and smallest text; as displayed, that text >= <small> text."""
    page, _ = open_page(browser, f"{server}/{path}", server, width="laptop")
    small_px = page.evaluate(
        """() => { const s = document.createElement("small"); s.textContent = "x";
                   document.querySelector("article").appendChild(s);
                   const px = parseFloat(getComputedStyle(s).fontSize); s.remove(); return px; }"""
    )
    sizes = []
    images = page.locator("article img")
    for index in range(images.count()):
        image = images.nth(index)
        if not image.is_visible():
            continue
        png = _png_of(page, image)
        if not png.startswith(b"\x89PNG"):
            continue
        info = Image.open(io.BytesIO(png)).info
        assert "memsim:min-font-pt" in info, f"a figure without its text size: {image.get_attribute('alt')[:60]}"
        displayed = image.evaluate("img => img.clientWidth / img.naturalWidth")
        text_px = float(info["memsim:min-font-pt"]) / 72 * float(info["memsim:dpi"]) * displayed
        sizes.append(text_px)
        assert text_px >= small_px - 0.05, (
            f"figure text {text_px:.1f} px < small print {small_px:.1f} px: {image.get_attribute('alt')[:60]}"
        )
    if sizes:
        report["pages"].setdefault(path, {})["smallest_figure_text_px"] = min(sizes)
        report["pages"][path]["small_print_px"] = small_px
    page.context.close()


def chapters_with_free_values() -> list[str]:
    """Chapters whose notebook gives an explorable free-value controls (``live=``)."""
    return [p for p in chapter_pages() if "live=" in (ROOT / p.replace(".html", ".ipynb")).read_text()]


@pytest.mark.parametrize("path", chapters_with_free_values())
def test_free_value_panels_say_they_need_a_kernel(path, server, browser):
    page, _ = open_page(browser, f"{server}/{path}", server)
    explorables = page.locator(".memsim-explorable:has(.memsim-live)")
    assert explorables.count() >= 1
    for index in range(explorables.count()):
        explorable = explorables.nth(index)
        panel = explorable.locator(".memsim-live")
        explorable.locator(".jupyter-widget-Collapse-header").click()
        note = panel.locator(".memsim-needs-kernel")
        note.wait_for(state="visible", timeout=3000)
        assert "need a running Python kernel" in note.inner_text()
        assert note.locator("a[href*='mybinder.org']").count() == 1
        assert not any(s.is_visible() for s in panel.locator(".widget-slider, .widget-output").all())
    page.context.close()


@pytest.mark.parametrize("path", chapter_pages())
def test_explorables_log_no_error_on_a_slow_cpu(path, server, browser):
    """A slow phone: with the CPU slowed down, load the page and move every slider once."""
    page, log = open_page(browser, f"{server}/{path}", server, cpu_slowdown=CPU_SLOWDOWN)
    handles = page.locator(".memsim-explorable .memsim-frame-slider .noUi-handle")
    assert handles.count() >= 1
    for index in range(handles.count()):
        handles.nth(index).focus()
        page.keyboard.press(move_key(handles.nth(index)))
        page.wait_for_timeout(300)
    page.wait_for_timeout(1000)
    assert not log.unexpected_errors(), f"console errors on a slow CPU: {log.unexpected_errors()}"
    page.context.close()
