#!/usr/bin/env bash
# Fetch the JavaScript the offline book needs, from the npm registry, into an
# ignored folder (.vendor). Versions are pinned in book/_widgets/package.json.
# Nothing here is committed.
#   .vendor/static/widgets/  require.js, @jupyter-widgets/html-manager (widgets)
#   .vendor/static/tippy-js/ popper and tippy.js (glossary tooltips, sphinx-tippy)
#   .vendor/axe/axe.min.js   axe-core, for the browser tests only (never served)
#
# Without node/npm the book still builds, but then its widget and tooltip
# JavaScript comes from public CDNs and the book is not fully offline; in CI
# that is an error.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "NOTE: node/npm not found. The book will build, but its widget and tooltip JavaScript" >&2
    echo "      (require.js, @jupyter-widgets/html-manager, popper, tippy.js) will come from CDNs" >&2
    echo "      (cdnjs.cloudflare.com, cdn.jsdelivr.net, unpkg.com): the book is not fully offline." >&2
    if [ "${CI:-}" = "true" ]; then
        echo "error: CI=true and node/npm are missing; install nodejs and npm." >&2
        exit 1
    fi
    exit 0
fi
specs=$(node -p "const p = require('./book/_widgets/package.json'); Object.entries({...p.dependencies, ...p.devDependencies}).map(([n, v]) => n + '@' + v).join(' ')")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent $specs >/dev/null)

# copy PACKAGE_TARBALL_PREFIX DESTINATION FILE...: files of one package, with its licence.
copy() {
    local prefix=$1 dest=$2
    shift 2
    local tarball
    tarball=$(ls "$tmp"/"$prefix"-[0-9]*.tgz)
    rm -rf "$tmp/unpacked" && mkdir -p "$tmp/unpacked" "$dest"
    tar -xzf "$tarball" -C "$tmp/unpacked"
    cp "$tmp/unpacked/package/LICENSE"* "$dest/LICENSE.$(basename "$tarball" .tgz)" 2>/dev/null || true
    for file in "$@"; do
        cp $tmp/unpacked/package/$file "$dest/"
    done
}

rm -rf .vendor/static .vendor/axe
# html-manager: the AMD bundle and the icon fonts it loads, no source maps.
copy jupyter-widgets-html-manager .vendor/static/widgets 'dist/embed-amd.js' 'dist/*.woff2' 'dist/*.woff' 'dist/*.ttf' 'dist/*.eot' 'dist/*.svg'
copy requirejs .vendor/static/widgets require.js
copy popperjs-core .vendor/static/tippy-js dist/umd/popper.min.js
copy tippy.js .vendor/static/tippy-js dist/tippy-bundle.umd.min.js
copy axe-core .vendor/axe axe.min.js
echo "book JavaScript installed in .vendor/static (served from _static/), axe-core in .vendor/axe"
