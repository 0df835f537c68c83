"""Serve the book's JavaScript from the book itself, and fix what the theme gets wrong.

Offline assets. myst-nb loads require.js and @jupyter-widgets/html-manager, and
sphinx-tippy loads popper and tippy.js, from public CDNs by default.
``book/_widgets/fetch.sh`` (run by ``make book`` and ``make test``) installs
them from the npm registry into ``.vendor/static``; when they are there, this
extension serves that folder as static files and points ``nb_ipywidgets_js``
and ``tippy_js`` at it. The widget files are added only through
``nb_ipywidgets_js``, on pages with widgets, so they are never loaded twice.
When the files are missing (no node/npm), the CDN defaults stay and the build
says so.

Reader fixes, in ``static/memsim-book.css`` and ``static/memsim-book.js``
(every page), and here:

* a precomputed explorable's view carries its default frame
  (``memsim_static_frame``, see ``memsim.render.widgets.FrameExplorable``).
  It becomes an ordinary image in the page, before the widget, so that the
  figure is there at first paint and with JavaScript off; the book's CSS hides
  it once the widget has rendered;
* the bibliography's entries carry ``role="doc-biblioentry"``, a role that
  ARIA 1.3 deprecates and that is not a list item, inside ``role="list"``:
  axe-core reports a critical ``aria-required-children`` violation. They are
  written as list items.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

VENDOR_STATIC = Path(__file__).resolve().parents[2] / ".vendor" / "static"
OWN_STATIC = Path(__file__).resolve().parent / "static"
WIDGET_FILES = ("widgets/require.js", "widgets/embed-amd.js")
TIPPY_FILES = ("tippy-js/popper.min.js", "tippy-js/tippy-bundle.umd.min.js")


def _missing(names: tuple[str, ...]) -> list[str]:
    return [name for name in names if not (VENDOR_STATIC / name).is_file()]


def serve_own_static(app: Sphinx, config: Config) -> None:
    """Serve this extension's CSS and JavaScript (``static/``) on every page."""
    config.html_static_path = [*config.html_static_path, str(OWN_STATIC)]


def use_local_widget_js(app: Sphinx, config: Config) -> None:
    """Point myst-nb at the local widget JavaScript, if it has been fetched."""
    missing = _missing(WIDGET_FILES)
    if missing:
        logger.info(
            "offline_assets: %s not found; widget JavaScript will come from CDNs "
            "(run book/_widgets/fetch.sh, which needs node and npm)",
            ", ".join(missing),
        )
        return
    if str(VENDOR_STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(VENDOR_STATIC)]
    # Deferred, in this order: 4 MB of widget JavaScript must not hold up the
    # page's first paint (the static frames show meanwhile).
    config.nb_ipywidgets_js = {
        "widgets/require.js": {"defer": "defer"},
        "widgets-config.js": {"defer": "defer"},
        # embed-amd.js bundles the base, controls and output widgets, which is all
        # the book uses, so it never needs a CDN for further widget modules; the
        # browser tests fail on any request to another host.
        "widgets/embed-amd.js": {"defer": "defer"},
    }


def use_local_tippy_js(app: Sphinx, config: Config) -> None:
    """Point sphinx-tippy (the glossary's tooltips) at local popper and tippy.js."""
    missing = _missing(TIPPY_FILES)
    if missing:
        logger.info("offline_assets: %s not found; tooltip JavaScript will come from unpkg.com", ", ".join(missing))
        return
    if str(VENDOR_STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(VENDOR_STATIC)]
    # Between the two shims, require.js's define is hidden, so that the UMD
    # bundles set window.Popper and window.tippy (see static/memsim-amd-off.js).
    config.tippy_js = ("memsim-amd-off.js", *TIPPY_FILES, "memsim-amd-on.js")


def list_items_in_bibliography(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Write bibliography entries as ARIA list items (see the module docstring)."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


VIEW_SCRIPT = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.DOTALL)
STATIC_FRAME_KEY = "memsim_static_frame"  # memsim.render.widgets.STATIC_FRAME_KEY
FALLBACK_CAPTION = "The figure at its default setting. Its sliders appear here once the page's JavaScript has loaded."


def static_frame_html(frame: dict[str, Any], src: str) -> str:
    """The stand-in for an explorable: its default frame as an ordinary figure."""
    return (
        '<figure class="memsim-static-fallback">'
        f'<img src="{html.escape(src, quote=True)}" alt="{html.escape(frame["alt"], quote=True)}" '
        f'width="{int(frame["width"])}" height="{int(frame["height"])}" style="max-width:100%;height:auto">'
        f"<figcaption>{FALLBACK_CAPTION}</figcaption></figure>"
    )


def replace_view_scripts(body: str, write_image: Any) -> str:
    """Put each explorable's default frame before its widget view, as an image.

    ``write_image(png_bytes) -> src`` stores one PNG and returns its URL
    relative to the page. The frame is removed from the view's JSON.
    """

    def replace(match: re.Match) -> str:
        view = json.loads(match.group(1))
        frame = view.pop(STATIC_FRAME_KEY, None)
        if not frame:
            return match.group(0)
        src = write_image(base64.b64decode(frame["png"]))
        script = json.dumps(view).replace("</", "<\\/")
        return (
            static_frame_html(frame, src) + f'<script type="application/vnd.jupyter.widget-view+json">{script}</script>'
        )

    return VIEW_SCRIPT.sub(replace, body)


def static_frames(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Give each explorable on the page a static frame (see the module docstring)."""
    body = context.get("body")
    if not body or STATIC_FRAME_KEY not in body:
        return
    images = Path(app.builder.outdir) / "_images"

    def write_image(png: bytes) -> str:
        name = f"explorable-{hashlib.sha256(png).hexdigest()[:20]}.png"
        images.mkdir(parents=True, exist_ok=True)
        (images / name).write_bytes(png)
        return context["pathto"](f"_images/{name}", 1)

    context["body"] = replace_view_scripts(body, write_image)


def setup(app: Sphinx) -> dict:
    # Before myst-nb and sphinx-tippy read their configuration at builder-inited.
    app.connect("config-inited", serve_own_static, priority=100)
    app.connect("config-inited", use_local_widget_js, priority=100)
    app.connect("config-inited", use_local_tippy_js, priority=100)
    app.connect("html-page-context", list_items_in_bibliography)
    app.connect("html-page-context", static_frames)
    app.add_css_file("memsim-book.css")
    app.add_js_file("memsim-book.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
