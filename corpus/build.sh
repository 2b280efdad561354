#!/bin/sh
# Rebuilds every PDF of the sample corpus from its source under corpus/source/.
# Run from the repository root:  sh corpus/build.sh
# Needs LibreOffice (soffice) for the .txt sources and Chromium for the .html ones.
set -eu

src=corpus/source
out=corpus

# Plain-text sources; a form feed in the text becomes a page break.
SOFFICE_DOCS="
ashgrove-or-pd-manual
bellmeade-falls-mn-ordinance
tolliver-county-az-so-go
merriweather-county-mi-jail-sop
dunlevy-township-pa-pd-excerpt
"

# HTML sources printed by headless Chromium.
CHROMIUM_DOCS="
kittredge-county-tx-so-manual
harlan-crossing-vt-chief-memo
sable-ridge-county-ia-resolution
calloway-springs-co-pd-415
port-ellery-fl-pd-special-order
wrenfield-me-village-ordinance
halvorsen-county-wi-jail-manual
"

if [ ! -d "$src" ]; then
    echo "build.sh: $src not found; run this script from the repository root" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for slug in $SOFFICE_DOCS; do
    rm -f "$out/$slug.pdf"
    # A private profile keeps this run from clashing with any LibreOffice already open.
    soffice -env:UserInstallation="file://$work/lo-profile" --headless \
        --convert-to pdf --outdir "$out" "$src/$slug.txt" >/dev/null 2>&1 || true
    if [ ! -s "$out/$slug.pdf" ]; then
        echo "build.sh: LibreOffice did not produce $out/$slug.pdf" >&2
        exit 1
    fi
    echo "built $out/$slug.pdf"
done

for slug in $CHROMIUM_DOCS; do
    rm -f "$out/$slug.pdf"
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/chromium-profile" --no-pdf-header-footer \
        --print-to-pdf="$out/$slug.pdf" "file://$PWD/$src/$slug.html" >/dev/null 2>&1 || true
    if [ ! -s "$out/$slug.pdf" ]; then
        echo "build.sh: Chromium did not produce $out/$slug.pdf" >&2
        exit 1
    fi
    echo "built $out/$slug.pdf"
done
