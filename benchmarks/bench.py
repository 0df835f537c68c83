"""Measure the book: notebook run times (cold and warm), explorable latency,
the heaviest simulation as a whole process against its compiled loop alone,
Chapter 1's Song et al. network in Brian2 against the same network in NEST,
and the built book in a browser: how soon each chapter's first explorable
frame is visible after navigation (budget 1.5 s), how soon its widgets are
live, and how many bytes the page transfers.

Cold means empty Brian2 build folders and Cython cache (all under
``$MEMSIM_CACHE_DIR``, here a folder of the bench's own) and an empty
Jupyter Book execution cache; warm means a fresh kernel with those caches
full. Ratios and times come from one run on this machine; nothing is compared
with a stored number. The Brian2/NEST section runs ``benchmarks/song_nest.py
--write``, which also rewrites the stored cross-check
``memsim/data/song_crosscheck.json`` (the chapter's rate sweep, both
simulators, several seeds; see that script).

The browser figures need the built book (``make bench`` builds it first) and
Debian's Chromium; they are measured with the CPU as it is, not slowed down.

Usage: python benchmarks/bench.py [--output _build/bench.json] [--calls 10]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "_build" / "bench-cache"
EXECUTION_CACHE = ROOT / "_build" / ".jupyter_cache"

_BENCH_CELL = """
import json
from memsim.render.widgets import benchmark_explorables, frame_statistics
print("BENCH_JSON" + json.dumps({{"live": benchmark_explorables(n_calls={calls}), "frames": frame_statistics()}}))
"""
BROWSER_REPORT = ROOT / "_build" / "browser_report.json"

_HEAVIEST = """
import json, time
import brian2 as b2, numpy as np
from memsim import pathways
from memsim.core import spiking
pathways.pairing_experiment(protocol=pathways.PAIRING, seed=0)  # Bi & Poo at 1 Hz, the chapter's intervals
stats = spiking.run_statistics()["01_pathways/stdp_pairing"]
print("BENCH_JSON" + json.dumps({
    "simulation_loop_s": stats["last_loop_seconds"],
    "binary_s": stats["last_binary_seconds"],
}))
"""

# The chapter's longest Song et al. (2000) run: two learners, 600 s of simulated time.
_SONG = """
import json, time
import brian2 as b2, numpy as np
from memsim import pathways
from memsim.core import spiking
start = time.perf_counter()
song = pathways.COMPETITION  # the two lowest rates of the chapter's sweep, for its whole length
pathways.competition_experiment(song.sweep_rates[:2], duration=song.sweep_duration, seed=1, workers=1)
done = time.perf_counter()
stats = spiking.run_statistics()["01_pathways/competition"]
print("BENCH_JSON" + json.dumps({
    "build_s": stats["build_seconds"],
    "experiment_s": done - start - stats["build_seconds"],
    "simulation_loop_s": stats["last_loop_seconds"],
    "binary_s": stats["last_binary_seconds"],
}))
"""


def clear_caches() -> None:
    """Empty the Brian2 build folders, the Cython cache and the execution cache."""
    shutil.rmtree(CACHE, ignore_errors=True)
    shutil.rmtree(EXECUTION_CACHE, ignore_errors=True)


def execute(path: Path, timeout: int, extra_code: str | None = None) -> tuple[float, str]:
    """Execute a notebook in a fresh kernel; return wall time and extra cell output."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    extra_output = ""
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        elapsed = time.perf_counter() - start
        if extra_code:
            cell = nbformat.v4.new_code_cell(extra_code)
            notebook.cells.append(cell)
            client.execute_cell(cell, len(notebook.cells) - 1)
            extra_output = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")
    return elapsed, extra_output


def parse(output: str) -> dict:
    for line in output.splitlines():
        if line.startswith("BENCH_JSON"):
            return json.loads(line[len("BENCH_JSON") :])
    raise RuntimeError(f"no benchmark output in: {output[-2000:]}")


def heaviest_simulation() -> dict:
    """Whole-process time of the 60 s pairing protocol, beside its loop alone."""
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", _HEAVIEST], capture_output=True, text=True, check=True, cwd=ROOT)
    result = parse(run.stdout)
    result["whole_process_s"] = time.perf_counter() - start
    result["name"] = "Chapter 1 pairing protocol: 256 synapses, 61 s simulated (cpp_standalone)"
    return result


def song_simulation() -> dict:
    """Whole-process time of the longest Song et al. run, beside its compiled loop alone.

    Run twice: the first run may compile the network, the second finds it built.
    """
    runs = []
    for _ in range(2):
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", _SONG], capture_output=True, text=True, check=True, cwd=ROOT)
        result = parse(run.stdout)
        result["whole_process_s"] = time.perf_counter() - start
        runs.append(result)
    return {
        "name": "Chapter 1 Song et al. run: 2 learners x 1000 inputs, 600 s simulated",
        "first": runs[0],
        "warm": runs[1],
    }


def song_against_nest() -> dict:
    """Chapter 1's Song et al. sweep in Brian2 and in NEST, same network and simulated time.

    Runs ``benchmarks/song_nest.py --write`` (one Brian2 process, one NEST
    thread), which rewrites ``memsim/data/song_crosscheck.json``; its timings
    are read back from that file.
    """
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "song_nest.py"), "--write"], check=True, cwd=ROOT)
    stored = json.loads((ROOT / "memsim" / "data" / "song_crosscheck.json").read_text())
    protocol, timing = stored["protocol"], stored["timing"]
    return {
        "name": (
            f"Chapter 1 Song et al. sweep in Brian2 and NEST {stored['versions']['nest']}: "
            f"{len(protocol['rates_hz'])} learners x {len(protocol['seeds'])} seeds, "
            f"{max(protocol['duration_s']):g} s simulated each, {protocol['dt_ms']:g} ms step"
        ),
        "whole_process_s": time.perf_counter() - start,
        **timing,
        "stored": "memsim/data/song_crosscheck.json",
    }


#: The first explorable frame must be visible this soon after navigation (issue 19).
FIRST_FRAME_BUDGET_MS = 1500

# Runs in the page before anything else: note when an explorable's frame is
# first on screen (the static frame, or the widget's), and when a widget is.
_FIRST_FRAME_WATCH = """
window.__memsim = {frame: null, widget: null};
(function watch() {
    const shown = sel => [...document.querySelectorAll(sel)].some(
        img => img.complete && img.naturalWidth > 0 && img.checkVisibility());
    const now = performance.now();
    if (window.__memsim.frame === null && shown(".memsim-static-fallback img, .memsim-explorable .widget-html img")) {
        window.__memsim.frame = now;
    }
    if (window.__memsim.widget === null && shown(".memsim-explorable .widget-html img")) {
        window.__memsim.widget = now;
    }
    if (window.__memsim.widget === null) { requestAnimationFrame(watch); }
})();
"""


def page_load_figures(html: Path) -> dict:
    """First explorable frame, live widgets and bytes transferred, for each chapter of the built book."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    class QuietServer(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            pass  # a page closed while a file was still being sent

    server = QuietServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    figures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        for page_path in sorted((html / "notebooks").glob("*.html")):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.add_init_script(_FIRST_FRAME_WATCH)
            page.goto(f"{base}/notebooks/{page_path.name}", wait_until="load")
            page.wait_for_function("window.__memsim.widget !== null", timeout=60_000)
            page.wait_for_load_state("networkidle")
            times = page.evaluate("window.__memsim")
            transferred = page.evaluate(
                "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                ".reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0)"
            )
            figures[page_path.stem] = {
                "first_frame_ms": times["frame"],
                "widgets_live_ms": times["widget"],
                "transferred_mb": transferred / 1e6,
            }
            context.close()
        browser.close()
    server.shutdown()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "_build" / "bench.json")
    parser.add_argument("--calls", type=int, default=10, help="calls per explorable (>= 10)")
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("NB_TIMEOUT", 300)))
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    os.environ["MEMSIM_CACHE_DIR"] = str(CACHE)
    os.environ.setdefault("MPLBACKEND", "Agg")
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))

    report: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "notebooks": {}}
    for path in notebooks:
        clear_caches()
        cold, _ = execute(path, args.timeout)
        warm, output = execute(path, args.timeout, _BENCH_CELL.format(calls=args.calls))
        report["notebooks"][path.stem] = {"cold_s": cold, "warm_s": warm, "explorables": parse(output)}
    report["heaviest_simulation"] = heaviest_simulation()
    report["song_simulation"] = song_simulation()
    report["song_brian2_vs_nest"] = song_against_nest()
    if (ROOT / "_build" / "html" / "notebooks").is_dir() and shutil.which("chromium"):
        report["page_load"] = page_load_figures(ROOT / "_build" / "html")

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2))
    print(f"{'notebook':<20} {'cold (s)':>9} {'warm (s)':>9}")
    for name, row in report["notebooks"].items():
        print(f"{name:<20} {row['cold_s']:>9.1f} {row['warm_s']:>9.1f}")
        for explorable, timing in row["explorables"]["live"].items():
            model = (
                f"; the model alone {1000 * timing['model_median_s']:.0f} ms median"
                if "model_median_s" in timing
                else ""
            )
            print(
                f"  live explorable {explorable}: median {1000 * timing['median_s']:.0f} ms, "
                f"max {1000 * timing['max_s']:.0f} ms over {timing['n_calls']} calls{model}"
            )
        for explorable, frames in row["explorables"]["frames"].items():
            print(
                f"  precomputed explorable {explorable}: {frames['frames']} frames, "
                f"{1000 * frames['median_render_s']:.0f} ms median to render one"
            )
    heavy = report["heaviest_simulation"]
    print(f"heaviest simulation: {heavy['name']}")
    print(
        f"  whole process {heavy['whole_process_s']:.2f} s; compiled simulation loop alone "
        f"{heavy['simulation_loop_s']:.2f} s (binary {heavy['binary_s']:.2f} s)"
    )
    song = report["song_simulation"]
    print(f"{song['name']}:")
    for label in ("first", "warm"):
        row = song[label]
        print(
            f"  {label} run: whole process {row['whole_process_s']:.1f} s (network build {row['build_s']:.1f} s); "
            f"compiled simulation loop alone {row['simulation_loop_s']:.1f} s (binary {row['binary_s']:.1f} s)"
        )
    versus = report["song_brian2_vs_nest"]
    print(f"{versus['name']}:")
    print(
        f"  Brian2 {versus['brian2_call_s']:.1f} s (compiled loops {versus['brian2_loop_s']:.1f} s), "
        f"NEST {versus['nest_call_s']:.1f} s (nest.Simulate {versus['nest_simulate_s']:.1f} s): "
        f"Brian2/NEST {versus['ratio_call']:.3f} whole calls, {versus['ratio_loop']:.3f} loops; "
        f"stored in {versus['stored']}"
    )
    slow_pages = []
    for name, row in report.get("page_load", {}).items():
        print(
            f"page {name}: first explorable frame {row['first_frame_ms']:.0f} ms after navigation "
            f"(budget {FIRST_FRAME_BUDGET_MS} ms), widgets live {row['widgets_live_ms']:.0f} ms, "
            f"{row['transferred_mb']:.1f} MB transferred"
        )
        if row["first_frame_ms"] > FIRST_FRAME_BUDGET_MS:
            slow_pages.append(name)
    if BROWSER_REPORT.exists():
        # Written by the browser tests (make test); shown here beside the other figures.
        browser = json.loads(BROWSER_REPORT.read_text())
        report["browser"] = browser
        print(f"browser test (last make test): {browser.get('browser_test_s', float('nan')):.0f} s for the whole book")
        for page, row in browser["pages"].items():
            switches = row.get("frame_switch_ms")
            extra = f", frame switch {max(switches):.0f} ms at most" if switches else ""
            print(f"  {page}: {row.get('html_bytes', 0) / 1e6:.2f} MB{extra}")
        args.output.write_text(json.dumps(report, indent=2))
    print(f"written to {args.output}")
    if slow_pages:
        print(f"OVER BUDGET: first explorable frame later than {FIRST_FRAME_BUDGET_MS} ms on {slow_pages}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
