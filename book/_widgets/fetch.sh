#!/usr/bin/env bash
# Fetch the JavaScript that renders widgets in the static book, from the npm
# registry, into an ignored folder (.vendor/static/widgets). Versions are pinned
# in book/_widgets/package.json. Nothing here is committed.
#
# Without node/npm the book still builds, but then its widget JavaScript comes
# from public CDNs and the book is not fully offline; in CI that is an error.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.vendor/static/widgets
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "NOTE: node/npm not found. The book will build, but its widget JavaScript" >&2
    echo "      (require.js, @jupyter-widgets/html-manager) will come from CDNs" >&2
    echo "      (cdnjs.cloudflare.com, cdn.jsdelivr.net): the book is not fully offline." >&2
    if [ "${CI:-}" = "true" ]; then
        echo "error: CI=true and node/npm are missing; install nodejs and npm." >&2
        exit 1
    fi
    exit 0
fi
specs=$(node -p "Object.entries(require('./book/_widgets/package.json').dependencies).map(([n, v]) => n + '@' + v).join(' ')")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent $specs >/dev/null)
rm -rf "$out" && mkdir -p "$out"
for tarball in "$tmp"/*.tgz; do
    mkdir -p "$tmp/unpacked" && tar -xzf "$tarball" -C "$tmp/unpacked"
    name=$(basename "$tarball" .tgz)
    cp "$tmp/unpacked/package/LICENSE" "$out/LICENSE.$name" 2>/dev/null || true
    if [ -d "$tmp/unpacked/package/dist" ]; then
        # html-manager: the AMD bundle and the icon fonts it loads, no source maps.
        find "$tmp/unpacked/package/dist" -maxdepth 1 -type f \
            \( -name 'embed-amd.js' -o -name '*.woff2' -o -name '*.woff' -o -name '*.ttf' -o -name '*.eot' -o -name '*.svg' \) \
            -exec cp {} "$out/" \;
    else
        cp "$tmp/unpacked/package/require.js" "$out/require.js"
    fi
    rm -rf "$tmp/unpacked"
done
echo "widget JavaScript installed in $out (served from _static/widgets/)"
