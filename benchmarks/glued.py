"""Execute every notebook and write each value it glues into the book's prose.

A change that should leave the science alone (a refactor, a faster layer) must
leave every glued number as it was. Run this before and after the change and
compare the two files::

    python benchmarks/glued.py --output _build/glued-before.json
    ... change ...
    python benchmarks/glued.py --output _build/glued-after.json
    python benchmarks/glued.py --compare _build/glued-before.json _build/glued-after.json

Figures are recorded by name only; timings (names containing ``seconds``,
``_ms_call`` or ``time_s``) are left out of the comparison, since they change
from run to run.

Usage: python benchmarks/glued.py [--output FILE] [--notebooks NB ...] [--compare OLD NEW]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
# Glued names that measure the machine, not the model: run and build times.
# Name a new timing so that it matches (ends in "_s", or is listed here).
TIMING = re.compile(r"seconds|_s$|^(two_year_ms|cue_ms|reach_ms|reflex_rerun_ms)$")


def glued_values(path: Path, timeout: int) -> dict[str, str]:
    """Execute one notebook in a fresh kernel; return ``{name: text}`` for every glued value."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    values: dict[str, str] = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            if "name" not in record:
                continue
            # myst-nb stores glued values under a prefixed MIME type, e.g.
            # "application/papermill.record/text/plain", so that they are not shown.
            prefix = record.get("mime_prefix", "")
            data = output.get("data", {})
            if prefix + "image/png" in data:
                values[record["name"]] = "<figure>"
            elif prefix + "text/plain" in data:
                values[record["name"]] = str(data[prefix + "text/plain"])
            else:
                raise ValueError(f"{path.name}: glued value {record['name']!r} has no text or figure")
    return values


def compare(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> list[str]:
    """Lines describing every glued value that differs, appeared or vanished (timings left out)."""
    lines = []
    for notebook in sorted(set(old) | set(new)):
        before, after = old.get(notebook, {}), new.get(notebook, {})
        for name in sorted(set(before) | set(after)):
            if TIMING.search(name):
                continue
            if before.get(name) != after.get(name):
                lines.append(f"{notebook}:{name}: {before.get(name, '<absent>')} -> {after.get(name, '<absent>')}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "_build" / "glued.json")
    parser.add_argument("--notebooks", nargs="*", default=None, help="notebook stems; default: all")
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    args = parser.parse_args()
    if args.compare:
        old, new = (json.loads(p.read_text()) for p in args.compare)
        differences = compare(old, new)
        n_values = sum(len(v) for v in new.values())
        print("\n".join(differences) or f"all {n_values} glued values unchanged (timings left out)")
        return 1 if differences else 0
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if args.notebooks:
        paths = [p for p in paths if p.stem in args.notebooks]
    results = {}
    for path in paths:
        results[path.stem] = glued_values(path, args.timeout)
        print(f"{path.stem}: {len(results[path.stem])} glued values", file=sys.stderr)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
