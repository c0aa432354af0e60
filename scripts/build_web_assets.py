"""Turn unpacked npm packages into the flat, offline assets of ``dalan.reports``.

Called by ``scripts/vendor_web_assets.sh``; uses the standard library only.

- Leaflet: ``leaflet.js`` without its source-map comment, ``leaflet.css`` with its
  images inlined as ``data:`` URIs, and the BSD-2-Clause licence.
- world-atlas: Natural Earth 1:50m countries, TopoJSON decoded to GeoJSON, simplified,
  clipped to the corridor window and rounded to keep the file small.
- @fontsource/vazirmatn: the Arabic-script subset (400 and 700) and the OFL licence.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import shutil
from pathlib import Path

WINDOW = (-25.0, -5.0, 100.0, 75.0)  # lon_min, lat_min, lon_max, lat_max
DECIMALS = 2  # ~1 km
TOLERANCE = 0.02  # degrees; Douglas–Peucker on shared arcs keeps borders gap-free
Point = tuple[float, float]
Ring = list[Point]


def _decode_arcs(topology: dict) -> list[Ring]:
    """Delta-decode the quantized arcs of a TopoJSON topology."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(_simplify(points, TOLERANCE))
    return arcs


def _simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker simplification keeping both end points."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    dx, dy = bx - ax, by - ay
    norm = (dx * dx + dy * dy) ** 0.5
    best, index = -1.0, 0
    for i, (px, py) in enumerate(points[1:-1], start=1):
        if norm:
            dist = abs(dy * px - dx * py + bx * ay - by * ax) / norm
        else:
            dist = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
        if dist > best:
            best, index = dist, i
    if best <= tolerance:
        return [points[0], points[-1]]
    return _simplify(points[: index + 1], tolerance)[:-1] + _simplify(points[index:], tolerance)


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    points: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _clip_ring(ring: Ring, window: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman clip of a closed ring against an axis-aligned rectangle."""
    x0, y0, x1, y1 = window
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)),
    ]
    points = ring[:-1] if ring and ring[0] == ring[-1] else ring
    for inside, cross in edges:
        if not points:
            break
        clipped: Ring = []
        prev = points[-1]
        for cur in points:
            if inside(cur):
                if not inside(prev):
                    clipped.append(cross(prev, cur))
                clipped.append(cur)
            elif inside(prev):
                clipped.append(cross(prev, cur))
            prev = cur
        points = clipped
    return points


def _at_x(a: Point, b: Point, x: float) -> Point:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _at_y(a: Point, b: Point, y: float) -> Point:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def _compact(ring: Ring) -> list[list[float]] | None:
    """Round, drop repeated points, close the ring; None when it collapses."""
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or p != out[-1]:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    area2 = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(out, out[1:] + out[:1], strict=True))
    if len(out) < 3 or abs(area2) < 10 ** (-2 * DECIMALS):
        return None
    return out + [out[0]]


def countries_geojson(topology: dict) -> dict:
    """Countries of a world-atlas topology as a clipped, compact FeatureCollection."""
    arcs = _decode_arcs(topology)
    features = []
    for geom in topology["objects"]["countries"]["geometries"]:
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        kept = []
        for polygon in polygons:
            rings = [_compact(_clip_ring(_ring(arcs, r), WINDOW)) for r in polygon]
            if rings and rings[0] is not None:
                kept.append([rings[0]] + [r for r in rings[1:] if r is not None])
        if kept:
            features.append(
                {
                    "type": "Feature",
                    "id": geom.get("id"),
                    "properties": {"name": geom.get("properties", {}).get("name", "")},
                    "geometry": {"type": "MultiPolygon", "coordinates": kept},
                }
            )
    return {"type": "FeatureCollection", "bbox": list(WINDOW), "features": features}


def _inline_css_images(css: str, images: Path) -> str:
    def data_uri(match: re.Match[str]) -> str:
        png = (images / match.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(png).decode("ascii") + ")"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", data_uri, css)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaflet", type=Path, required=True, help="unpacked leaflet package")
    parser.add_argument("--world-atlas", type=Path, required=True)
    parser.add_argument("--vazirmatn", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    dist = args.leaflet / "dist"
    js = (dist / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    (out / "leaflet.js").write_text(js, encoding="utf-8")
    css = _inline_css_images((dist / "leaflet.css").read_text(encoding="utf-8"), dist / "images")
    (out / "leaflet.css").write_text(css, encoding="utf-8")
    shutil.copyfile(args.leaflet / "LICENSE", out / "LICENSE-leaflet.txt")

    topology = json.loads((args.world_atlas / "countries-50m.json").read_text(encoding="utf-8"))
    geojson = countries_geojson(topology)
    (out / "countries.geojson").write_text(
        json.dumps(geojson, separators=(",", ":"), ensure_ascii=False), encoding="utf-8"
    )
    shutil.copyfile(args.world_atlas / "LICENSE", out / "LICENSE-world-atlas.txt")

    for weight in (400, 700):
        name = f"vazirmatn-arabic-{weight}-normal.woff2"
        shutil.copyfile(args.vazirmatn / "files" / name, out / name)
    shutil.copyfile(args.vazirmatn / "LICENSE", out / "LICENSE-vazirmatn-OFL.txt")


if __name__ == "__main__":
    main()
