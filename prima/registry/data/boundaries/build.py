#!/usr/bin/env python3
"""Build simplified Indonesian province / regency boundaries for Prima.

Not part of the running application: a maintainer's script that regenerates provinces.geojson,
regencies.geojson and centroids.csv in this folder from a snapshot of the source repository
(SOURCE.md says which commit and how to run it).

Source: cahyadsn/wilayah_boundaries (MIT), SQL files db/prov/*.sql and db/kab/*.sql
(Kepmendagri No 300.2.2-2430 Tahun 2025 codes).  Each SQL row is
    ('81.04','Kabupaten Buru',<lat>,<lng>,'<JSON path>')
where <JSON path> is a Polygon or MultiPolygon given as [LAT, LNG] pairs
(note: reversed against GeoJSON's [lon, lat]).

Steps
  1. read the SQL files straight out of a git repo (bare mirror is fine) at a commit
  2. write raw/provinces_raw.geojson and raw/regencies_raw.geojson (lon/lat, unsimplified)
  3. repair ring nesting (even-odd rule) where the source packs islands as "holes"
     (96.01, 91.06); drop island polygons < 30 km2 (provinces) / < 5 km2 (regencies),
     always keeping each area's largest polygon
  4. mapshaper 0.7.70 (npm, ./node_modules): snap, topology-aware weighted Visvalingam
     simplification keeping 60% of removable vertices (keep-shapes), snap to 0.001 deg
     with fix-geometry, -clean, output with precision=0.001
  5. centroids.csv from mapshaper "-points inner" on the unsimplified data
  6. print counts, missing codes and sizes (also written to build-report.json)

Usage (a scratch folder holds the tools and the intermediates, never this package):
  python build.py --repo <bare or normal git dir of wilayah_boundaries> --commit <sha>
                  [--out <folder, default: this one>] [--work <folder, default: ./build-work>]
Needs shapely (pip install shapely) and mapshaper 0.7.70 (npm i mapshaper@0.7.70 in the work
folder, or MAPSHAPER=/path/to/mapshaper).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))

# Simplification settings (percentage of removable vertices retained, mapshaper -simplify).
PROV_SIMPLIFY = os.environ.get("PROV_SIMPLIFY", "60%")  # -> ~186 KB
KAB_SIMPLIFY = os.environ.get("KAB_SIMPLIFY", "60%")  # -> ~950 KB
# Island polygons smaller than this (km2) are dropped before simplifying.
PROV_MIN_KM2 = float(os.environ.get("PROV_MIN_KM2", "30"))
KAB_MIN_KM2 = float(os.environ.get("KAB_MIN_KM2", "5"))

ROW = re.compile(
    r"\(\s*'(?P<kode>[0-9.]+)'\s*,\s*'(?P<nama>(?:[^'\\]|\\.|'')*)'\s*,"
    r"\s*(?P<lat>-?[0-9.eE+-]+|NULL)\s*,\s*(?P<lng>-?[0-9.eE+-]+|NULL)\s*,"
    r"\s*'(?P<path>\[[^']*\])'\s*\)"
)


def git(repo: str, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", repo, *args], check=True, capture_output=True).stdout


def list_files(repo: str, commit: str, folder: str) -> list[str]:
    out = git(repo, "ls-tree", "--name-only", f"{commit}:{folder}").decode().split()
    return [f"{folder}/{n}" for n in sorted(out) if n.endswith(".sql")]


def depth(x: Any) -> int:
    d = 0
    while isinstance(x, list):
        d += 1
        x = x[0] if x else None
    return d


def swap(ring: list[list[float]]) -> list[list[float]]:
    return [[round(p[1], 6), round(p[0], 6)] for p in ring]


def to_geometry(path: list[Any]) -> dict[str, Any]:
    d = depth(path)
    if d == 3:  # Polygon: [ring][pt][lat,lng]
        return {"type": "Polygon", "coordinates": [swap(r) for r in path]}
    if d == 4:  # MultiPolygon
        return {"type": "MultiPolygon", "coordinates": [[swap(r) for r in poly] for poly in path]}
    raise ValueError(f"unexpected nesting depth {d}")


def unescape(s: str) -> str:
    return s.replace("''", "'").replace("\\'", "'").replace('\\"', '"')


def read_rows(repo: str, commit: str, files: list[str], code_len: int) -> dict[str, Any]:
    rows = {}
    for f in files:
        text = git(repo, "show", f"{commit}:{f}").decode("utf-8")
        for m in ROW.finditer(text):
            kode = m["kode"]
            if len(kode) != code_len:
                continue
            rows[kode] = {
                "code": kode,
                "name": unescape(m["nama"]).strip(),
                "geometry": to_geometry(json.loads(m["path"])),
                "src_file": f,
            }
    return rows


KM_PER_DEG = 111.32


def ring_area_km2(ring: list[list[float]]) -> float:
    """Approximate planar area of a lon/lat ring in km2 (shoelace, scaled by cos(lat))."""
    a = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        a += x1 * y2 - x2 * y1
    lat = sum(p[1] for p in ring) / len(ring)
    return abs(a) / 2 * KM_PER_DEG**2 * math.cos(math.radians(lat))


def fix_rings(geom: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Some source polygons (e.g. 96.01 Kab. Sorong, 91.06) pack many separate islands
    as 'holes' of one small ring.  When a hole is not inside its shell, rebuild that
    polygon with the even-odd rule: a ring nested in an odd number of rings is a hole."""
    from shapely.geometry import Polygon

    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    out, fixed = [], 0
    for P in polys:
        rings = [r for r in P if len(r) >= 4]
        if not rings:
            continue
        shell = Polygon(rings[0]).buffer(1e-9)
        if all(shell.contains(Polygon(h)) for h in rings[1:]):
            out.append(rings)
            continue
        fixed += 1
        sp = [Polygon(r) for r in rings]
        order = sorted(range(len(rings)), key=lambda i: -sp[i].area)
        parent = {}
        for k, i in enumerate(order):
            pt = sp[i].representative_point()
            parents = [j for j in order[:k] if sp[j].contains(pt)]
            parent[i] = parents  # all enclosing rings (larger ones)
        for i in order:
            if len(parent[i]) % 2 == 0:  # outer ring
                holes = [
                    rings[j]
                    for j in order
                    if len(parent[j]) == len(parent[i]) + 1 and i in parent[j]
                ]
                out.append([rings[i]] + holes)
    return {"type": "MultiPolygon", "coordinates": out}, fixed


def drop_small(geom: dict[str, Any], min_km2: float) -> dict[str, Any]:
    """Drop polygons whose outer ring is smaller than min_km2, but always keep the largest."""
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    areas = [ring_area_km2(P[0]) for P in polys]
    big = max(range(len(polys)), key=lambda i: areas[i])
    keep = [P for i, P in enumerate(polys) if areas[i] >= min_km2 or i == big]
    return {"type": "MultiPolygon", "coordinates": keep}


def load(path: str) -> Any:
    with open(path) as fh:
        return json.load(fh)


def write_fc(path: str, feats: list[dict[str, Any]]) -> None:
    with open(path, "w") as fh:
        json.dump({"type": "FeatureCollection", "features": feats}, fh, separators=(",", ":"))


def mapshaper(tool: str, *args: str) -> None:
    cmd = [tool, "-quiet", *args]
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", default="/work/.mirror/cahyadsn+wilayah_boundaries/repo")
    ap.add_argument("--commit", default="HEAD")
    ap.add_argument("--out", default=HERE, help="where the three data files are written")
    ap.add_argument("--work", default="build-work", help="intermediates and the report")
    a = ap.parse_args()
    commit = git(a.repo, "rev-parse", a.commit).decode().strip()
    out = os.path.abspath(a.out)
    work = os.path.abspath(a.work)
    raw = os.path.join(work, "raw")
    os.makedirs(raw, exist_ok=True)
    tool = os.environ.get("MAPSHAPER") or os.path.join(work, "node_modules", ".bin", "mapshaper")

    prov = read_rows(a.repo, commit, list_files(a.repo, commit, "db/prov"), 2)
    kab = read_rows(a.repo, commit, list_files(a.repo, commit, "db/kab"), 5)

    pfeats = [
        {
            "type": "Feature",
            "properties": {"code": r["code"], "name": r["name"]},
            "geometry": r["geometry"],
        }
        for _, r in sorted(prov.items())
    ]
    kfeats = [
        {
            "type": "Feature",
            "properties": {"code": r["code"], "name": r["name"], "province": r["code"][:2]},
            "geometry": r["geometry"],
        }
        for _, r in sorted(kab.items())
    ]
    nfixed = {}
    for feats in (pfeats, kfeats):
        for f in feats:
            f["geometry"], n = fix_rings(f["geometry"])
            if n:
                nfixed[f["properties"]["code"]] = n
    print("polygons rebuilt (even-odd) in:", nfixed, file=sys.stderr)
    praw = os.path.join(raw, "provinces_raw.geojson")
    kraw = os.path.join(raw, "regencies_raw.geojson")
    write_fc(praw, pfeats)
    write_fc(kraw, kfeats)

    # Small islands removed before simplification (the largest part of each area is kept).
    psmall = os.path.join(raw, "provinces_pre.geojson")
    ksmall = os.path.join(raw, "regencies_pre.geojson")
    write_fc(psmall, [dict(f, geometry=drop_small(f["geometry"], PROV_MIN_KM2)) for f in pfeats])
    write_fc(ksmall, [dict(f, geometry=drop_small(f["geometry"], KAB_MIN_KM2)) for f in kfeats])

    pout = os.path.join(out, "provinces.geojson")
    kout = os.path.join(out, "regencies.geojson")
    common_out = ["precision=0.001", "format=geojson", "geojson-type=FeatureCollection"]
    # Topology-aware simplification (shared borders simplified once -> no gaps/slivers).
    mapshaper(
        tool,
        "-i",
        psmall,
        "snap",
        "-simplify",
        "weighted",
        PROV_SIMPLIFY,
        "keep-shapes",
        "-snap",
        "precision=0.001",
        "fix-geometry",
        "-clean",
        "-o",
        pout,
        *common_out,
    )
    mapshaper(
        tool,
        "-i",
        ksmall,
        "snap",
        "-simplify",
        "weighted",
        KAB_SIMPLIFY,
        "keep-shapes",
        "-snap",
        "precision=0.001",
        "fix-geometry",
        "-clean",
        "-o",
        kout,
        *common_out,
    )

    # Representative interior points from the *unsimplified* polygons.
    pts = {}
    for src in (praw, kraw):
        tmp = os.path.join(raw, os.path.basename(src).replace("_raw.geojson", "_points.json"))
        mapshaper(
            tool, "-i", src, "-points", "inner", "-o", tmp, "format=geojson", "precision=0.00001"
        )
        for f in load(tmp)["features"]:
            lon, lat = f["geometry"]["coordinates"]
            pts[f["properties"]["code"]] = (f["properties"]["name"], round(lat, 5), round(lon, 5))
    with open(os.path.join(out, "centroids.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "name", "lat", "lon"])
        for code in sorted(pts, key=lambda c: (c[:2], len(c), c)):
            name, lat, lon = pts[code]
            w.writerow([code, name, lat, lon])

    # Report.
    pset = {f["properties"]["code"] for f in load(pout)["features"]}
    kfinal = load(kout)["features"]
    kset = {f["properties"]["code"] for f in kfinal}
    per_prov: dict[str, list[int]] = {}
    for f in kfinal:
        p = f["properties"]["province"]
        per_prov.setdefault(p, [0, 0])
        per_prov[p][0] += 1
        per_prov[p][1] += len(json.dumps(f, separators=(",", ":")))
    report = {
        "source_commit": commit,
        "provinces_in_source": len(prov),
        "regencies_in_source": len(kab),
        "provinces_out": len(pset),
        "regencies_out": len(kset),
        "provinces_missing_after_simplify": sorted(set(prov) - pset),
        "regencies_missing_after_simplify": sorted(set(kab) - kset),
        "regency_provinces_without_province_row": sorted({c[:2] for c in kab} - set(prov)),
        "sizes": {
            n: os.path.getsize(os.path.join(out, n))
            for n in ("provinces.geojson", "regencies.geojson", "centroids.csv")
        },
        "regencies_per_province": {
            p: {"count": v[0], "bytes": v[1]} for p, v in sorted(per_prov.items())
        },
    }
    with open(os.path.join(work, "build-report.json"), "w") as fh:
        json.dump(report, fh, indent=1)
    print(json.dumps({k: v for k, v in report.items() if k != "regencies_per_province"}, indent=1))


if __name__ == "__main__":
    main()
