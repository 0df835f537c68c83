"""Serve the widget JavaScript from the book itself, so that it works offline.

myst-nb loads require.js and @jupyter-widgets/html-manager from public CDNs by
default. ``book/_widgets/fetch.sh`` (run by ``make book`` and ``make test``)
installs both from the npm registry into ``.vendor/static/widgets``; when they
are there, this extension adds that folder to the static files (served as
``_static/widgets/``) and points myst-nb's ``nb_ipywidgets_js`` at it. The
files are added only through ``nb_ipywidgets_js``, on pages with widgets, so
they are never loaded twice.

When the files are missing (no node/npm), the CDN defaults stay and the build
says so.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

VENDOR_STATIC = Path(__file__).resolve().parents[2] / ".vendor" / "static"
OWN_STATIC = Path(__file__).resolve().parent / "static"
WIDGET_FILES = ("widgets/require.js", "widgets/embed-amd.js")


def use_local_widget_js(app: Sphinx, config: Config) -> None:
    """Point myst-nb at the local widget JavaScript, if it has been fetched."""
    missing = [name for name in WIDGET_FILES if not (VENDOR_STATIC / name).is_file()]
    if missing:
        logger.info(
            "offline_assets: %s not found; widget JavaScript will come from CDNs "
            "(run book/_widgets/fetch.sh, which needs node and npm)",
            ", ".join(missing),
        )
        return
    config.html_static_path = [*config.html_static_path, str(VENDOR_STATIC), str(OWN_STATIC)]
    config.nb_ipywidgets_js = {
        "widgets/require.js": {},
        "widgets-config.js": {},
        # embed-amd.js bundles the base, controls and output widgets, which is all
        # the book uses, so it never needs a CDN for further widget modules; the
        # browser tests fail on any request to another host.
        "widgets/embed-amd.js": {},
    }


def setup(app: Sphinx) -> dict:
    # Before myst-nb reads its configuration at builder-inited.
    app.connect("config-inited", use_local_widget_js, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
