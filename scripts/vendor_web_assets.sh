#!/usr/bin/env bash
# Re-fetch the third-party web assets of dalan.reports from the npm registry and
# rebuild src/dalan/reports/static/. Needs npm and python3; the results are committed,
# so building or running dalan never needs npm.
set -euo pipefail

LEAFLET_VERSION=1.9.4        # BSD-2-Clause
WORLD_ATLAS_VERSION=2.0.2    # ISC; data: Natural Earth 4.1.0, public domain
VAZIRMATN_VERSION=5.3.0      # @fontsource/vazirmatn, SIL OFL 1.1

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "leaflet@${LEAFLET_VERSION}" "world-atlas@${WORLD_ATLAS_VERSION}" \
    "@fontsource/vazirmatn@${VAZIRMATN_VERSION}" >/dev/null
for name in leaflet world-atlas vazirmatn; do
    mkdir "$name"
    tar -xzf ./*"${name}"-*.tgz -C "$name" --strip-components=1
done

python3 "$root/scripts/build_web_assets.py" \
    --leaflet leaflet --world-atlas world-atlas --vazirmatn vazirmatn \
    --out "$root/src/dalan/reports/static"

cat > "$root/src/dalan/reports/static/SOURCES.txt" <<TXT
Third-party assets vendored by scripts/vendor_web_assets.sh from the npm registry.

leaflet.js, leaflet.css      leaflet@${LEAFLET_VERSION} (BSD-2-Clause, LICENSE-leaflet.txt);
                             CSS images inlined as data: URIs, source-map comment removed.
countries.geojson            world-atlas@${WORLD_ATLAS_VERSION} countries-50m.json (ISC, LICENSE-world-atlas.txt),
                             Natural Earth 1:50m Admin 0 countries, public domain; converted to
                             GeoJSON, simplified (0.02 degree), clipped to lon -25..100, lat -5..75,
                             rounded to 0.01 degree.
vazirmatn-arabic-*.woff2     @fontsource/vazirmatn@${VAZIRMATN_VERSION} (SIL OFL 1.1, LICENSE-vazirmatn-OFL.txt).

dalan_map.js and report.css are dalan's own code.
TXT
echo "vendored into $root/src/dalan/reports/static"
