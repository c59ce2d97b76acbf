#!/usr/bin/python3
"""Computes the expected lookups for the golden LUT files from their *.content.json, using only the formulas in
docs/lut-format.md (an implementation independent of every reader). Writes cases.json and cases.txt (the same
cases, one per line, whitespace-separated, for readers without a JSON parser). Format-2 files (calibration.lut,
unknown_section.lut) are looked up on their knots (numpy.interp's arithmetic, clipped), the format-1 files
(calibration_v1.lut, legacy_noindex.lut, frozen) on their grids. It also rebuilds every file's key index, and the
format-2 files' knot slopes and bucket indexes, from the spec and fails if the writer's bytes differ.
Run: /usr/bin/python3 make_cases.py
"""
import json
import math
import struct
from bisect import bisect_right

KINDS = {"Mixed": 0, "Calibration": 1, "Bandit": 2, "Latency": 3, "Phase": 4}


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def grid_of(seg):
    """Spec section 6: knot interpolation at each grid point, rounded to f32."""
    knots, g = seg["knots"], seg["gridSize"]
    xs = [k["x"] for k in knots]
    out = []
    for i in range(g):
        x = seg["xMin"] + (seg["xMax"] - seg["xMin"]) * i / (g - 1)
        j = bisect_right(xs, x) - 1  # last knot with x_j <= x
        if j < 0:
            y = knots[0]["y"]
        elif j == len(knots) - 1:
            y = knots[j]["y"]
        else:
            a, b = knots[j], knots[j + 1]
            y = a["y"] + (b["y"] - a["y"]) * (x - a["x"]) / (b["x"] - a["x"])
        out.append(f32(y))
    return out


def lookup_v2(seg, score):
    """Spec section 6, format 2: the knots' interpolation, clipped; NaN reads the first value."""
    knots = seg["knots"]
    xs = [k["x"] for k in knots]
    if not (score > xs[0]):
        return knots[0]["y"]
    if score >= xs[-1]:
        return knots[-1]["y"]
    j = bisect_right(xs, score) - 1  # last knot with x_j <= score
    return slope(knots, j) * (score - xs[j]) + knots[j]["y"]


def slope(knots, j):
    """Spec section 6: (y_{j+1} - y_j) / (x_{j+1} - x_j), 0 for the last knot and a zero-width interval."""
    if j + 1 >= len(knots) or not knots[j + 1]["x"] > knots[j]["x"]:
        return 0.0
    return (knots[j + 1]["y"] - knots[j]["y"]) / (knots[j + 1]["x"] - knots[j]["x"])


def bucket_of(x, x0, scale, count):
    """Spec section 6: min(B - 1, floor((x - x_0) * scale))."""
    t = (x - x0) * scale
    return count - 1 if t >= count else math.floor(t)


def check_v2_curves(path, content):
    """Every curve's knot slopes and bucket index in a format-2 file are the ones the spec defines."""
    segments = sorted(content["calibration"], key=lambda s: s["key"].encode("utf-8"))
    records, rows = section_of(path, 2)
    knots_bytes, _ = section_of(path, 4)
    buckets_bytes, _ = section_of(path, 10)
    assert rows == len(segments), path
    for i, seg in enumerate(segments):
        _, _, _, x_min, x_max, scale, b_start, b_count, k_start, k_count = struct.unpack_from(
            "<IIQdddIIII", records, 64 * i)
        knots = seg["knots"]
        assert k_count == len(knots), (path, seg["key"])
        if not knots:
            assert b_count == 0, (path, seg["key"])
            continue
        xs = [k["x"] for k in knots]
        assert (x_min, x_max) == (xs[0], xs[-1]), (path, seg["key"])
        assert b_count >= 1 and scale == b_count / (x_max - x_min), (path, seg["key"])
        for j, k in enumerate(knots):
            x, y, s = struct.unpack_from("<ddd", knots_bytes, 24 * (k_start + j))
            assert (x, y, s) == (k["x"], k["y"], slope(knots, j)), (path, seg["key"], j)
        below = 0  # knots whose bucket is before b
        for b in range(b_count):
            while below < len(xs) and bucket_of(xs[below], x_min, scale, b_count) < b:
                below += 1
            stored = struct.unpack_from("<I", buckets_bytes, 4 * (b_start + b))[0]
            assert stored == max(0, below - 1), (path, seg["key"], b, stored, below)


def lookup(seg, grid, score):
    """Spec section 6, format 1 (grid) curve lookup."""
    g = len(grid)
    scale = (g - 1) / (seg["xMax"] - seg["xMin"])
    t = (score - seg["xMin"]) * scale
    if not (t > 0):
        return grid[0]
    if t >= g - 1:
        return grid[g - 1]
    i = math.floor(t)
    f = t - i
    return grid[i] + (grid[i + 1] - grid[i]) * f


def chain(by_key, key):
    """The key's own resolution: its segment, then its parents, to the first with a curve; None if none."""
    s = by_key.get(key)
    while s is not None:
        if s["knots"]:
            return s
        s = by_key.get(s["parent"]) if s["parent"] is not None else None
    return None


def resolve(segments, key):
    """Spec section 6, segment resolution; returns the segment dict or None. An "ev:" key never reaches "*"."""
    by_key = {s["key"]: s for s in segments}
    s = chain(by_key, key)
    if s is not None:
        return s
    if key.startswith("ev:"):
        k = key
        while k.rfind("/") >= 3:
            k = k[:k.rfind("/")]
            s = chain(by_key, k)
            if s is not None:
                return s
        return chain(by_key, "ev:*")
    return chain(by_key, "*")


MASK = (1 << 64) - 1
K = 0x9E3779B97F4A7C15


def key_hash(key):
    """Spec section 11: h = length, then h = (h ^ w) * K mod 2^64 per zero-padded little-endian 8-byte chunk."""
    h = len(key)
    for i in range(0, len(key), 8):
        w = int.from_bytes(key[i:i + 8].ljust(8, b"\0"), "little")
        h = ((h ^ w) * K) & MASK
    return h


def content_strings(content):
    """Every string the writer stores for the content, in string-table order (ordinal UTF-8 bytes)."""
    h = content["header"]
    out = {h["producerJob"], h["gitRevision"]}
    for s in content.get("calibration", []):
        out.add(s["key"])
    for a in content.get("arms", []):
        out.add(a["route"])
        if a["leaderGroup"] is not None:
            out.add(a["leaderGroup"])
    for r in content.get("latency", []):
        out.update((r["route"], r["endpoint"]))
    for p in content.get("phases", []):
        out.add(p["leader"])
    for r in content.get("hedges", []):
        out.add(r["route"])
    return sorted((x.encode("utf-8") for x in out))


def key_index(content):
    """Spec section 11: the slots (string_id, curve) the writer must emit, built from the content alone."""
    strings = content_strings(content)
    slots = 8
    while slots < 4 * len(strings):
        slots *= 2
    bits = slots.bit_length() - 1
    table = [None] * slots
    for i, b in enumerate(strings):
        slot = key_hash(b) >> (64 - bits)
        while table[slot] is not None:
            slot = (slot + 1) % slots
        table[slot] = i
    segments = sorted(content.get("calibration", []), key=lambda s: s["key"].encode("utf-8"))
    row = {s["key"]: i for i, s in enumerate(segments)}
    by_key = {s["key"]: s for s in segments}
    none = 0xFFFFFFFF
    out = []
    for i in table:
        if i is None:
            out.append((none, none))
            continue
        own = chain(by_key, strings[i].decode("utf-8"))
        out.append((i, row[own["key"]] if own is not None else none))
    return out


def section_of(path, kind):
    """(bytes, row_count) of the section of `kind` in a .lut file, from the directory (spec section 4)."""
    data = open(path, "rb").read()
    count = struct.unpack_from("<I", data, 28)[0]
    for e in range(128, 128 + 32 * count, 32):
        k, _, offset, length, rows = struct.unpack_from("<IIQQI", data, e)
        if k == kind:
            return data[offset:offset + length], rows
    return None, 0


def num(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(float(v))


def json_num(v):
    return num(v) if not math.isfinite(v) else v


def main():
    cases = []
    contents = {n: json.load(open(f"{n}.content.json", encoding="utf-8")) for n in ("calibration", "bandit", "ops")}
    legacy = json.load(open("legacy_noindex.content.json", encoding="utf-8"))
    calibration_v1 = json.load(open("calibration_v1.content.json", encoding="utf-8"))

    # The key index of every file the current writer makes must be exactly the one the spec defines.
    for name, content in list(contents.items()) + [("unknown_section", contents["calibration"])]:
        index, rows = section_of(f"{name}.lut", 9)
        expected = key_index(content)
        assert rows == len(expected), f"{name}.lut: key index has {rows} slots, spec says {len(expected)}"
        assert [struct.unpack_from("<II", index, 8 * i) for i in range(rows)] == expected, f"{name}.lut: key index differs"
    assert section_of("legacy_noindex.lut", 9)[0] is None
    for name in ("calibration", "unknown_section"):
        check_v2_curves(f"{name}.lut", contents["calibration"])

    section_kinds = {"calibration": [1, 2, 4, 9, 10], "bandit": [1, 5, 9], "ops": [1, 6, 7, 8, 9],
                     "unknown_section": [1, 2, 4, 9, 10, 200], "legacy_noindex": [1, 2, 3, 4],
                     "calibration_v1": [1, 2, 3, 4, 9]}
    for name, content in (list(contents.items()) + [("unknown_section", contents["calibration"]),
                                                    ("legacy_noindex", legacy), ("calibration_v1", calibration_v1)]):
        h = content["header"]
        cases.append({"op": "header", "file": f"{name}.lut", "createdAtUnixMs": h["createdAtUnixMs"],
                      "windowFromUnixMs": h["windowFromUnixMs"], "windowToUnixMs": h["windowToUnixMs"],
                      "rowsUsed": h["rowsUsed"], "producerJob": h["producerJob"], "gitRevision": h["gitRevision"],
                      "tableKind": KINDS[h["kind"]], "sectionKinds": section_kinds[name]})

    scores = [-3.0, -1.2, -0.0, 0.0, 0.05, 0.1, 0.25, 0.3, 0.31, 0.4, 0.5, 0.55, 0.7, 0.999, 1.0, 1.7, 2.5,
              float("nan"), float("inf"), float("-inf")]
    ev_keys = ["ev:jito/0", "ev:jito/7", "ev:nosuch/9", "ev:bloxroute/1", "ev:jito/ny/x", "ev:"]
    steep = [0.4999999999, 0.5, 0.50000000005, 0.5000000001, 0.5000000002, 0.9, 0.9000625, 0.95, 0.99999]
    for file, segments, version in (("calibration.lut", contents["calibration"]["calibration"], 2),
                                    ("unknown_section.lut", contents["calibration"]["calibration"], 2),
                                    ("legacy_noindex.lut", legacy["calibration"], 1),
                                    ("calibration_v1.lut", calibration_v1["calibration"], 1)):
        keys = [s["key"] for s in segments] + ["unknown-route", "jito/ny/extra"] + ev_keys
        for key in keys:
            seg = resolve(segments, key)
            for score in scores + (steep if key in ("steep", "clustered") else []):
                if seg is None:
                    cases.append({"op": "calibrate_none", "file": file, "segment": key, "score": json_num(score)})
                    continue
                expected = lookup_v2(seg, score) if version == 2 else lookup(seg, grid_of(seg), score)
                assert 0 <= expected <= 1
                assert key.startswith("ev:") == seg["key"].startswith("ev:"), (key, seg["key"])
                cases.append({"op": "calibrate", "file": file, "segment": key, "score": json_num(score),
                              "expected": expected, "resolved": seg["key"]})

    arms = contents["bandit"]["arms"]
    for route, arm, group in [("jito", 0, None), ("jito", 1, None), ("jito", 1, "fast-leaders"), ("jito", 1, "slow"),
                              ("jito", 0, "fast-leaders"), ("bloxroute", 2, None), ("bloxroute", 0, None),
                              ("nope", 0, None), ("jito", 2, None)]:
        row = next((a for a in arms if (a["route"], a["armIndex"], a["leaderGroup"]) == (route, arm, group)), None) if group else None
        row = row or next((a for a in arms if (a["route"], a["armIndex"], a["leaderGroup"]) == (route, arm, None)), None)
        c = {"op": "arm" if row else "arm_none", "file": "bandit.lut", "route": route, "arm": arm, "group": group}
        if row:
            c.update({k: row[k] for k in ("alpha", "beta", "decayedPulls", "decayedLands", "payoffMean", "payoffVariance",
                                          "tipLamports", "lastUpdatedUnixMs", "leaderGroup")})
        cases.append(c)

    latency = contents["ops"]["latency"]
    for route, endpoint in [("jito", "ny.mainnet"), ("jito", "amsterdam.mainnet"), ("bloxroute", "ny.mainnet"),
                            ("bloxroute", "amsterdam.mainnet"), ("nope", "ny.mainnet")]:
        row = next((r for r in latency if (r["route"], r["endpoint"]) == (route, endpoint)), None)
        c = {"op": "latency" if row else "latency_none", "file": "ops.lut", "route": route, "endpoint": endpoint}
        if row:
            c.update({k: row[k] for k in ("count", "errorRate", "p50Ms", "p90Ms", "p99Ms", "p999Ms")})
        cases.append(c)

    phases = contents["ops"]["phases"]
    for leader in ["7Np41oeYqPefeNQEHSv1UDhYrehxin3NStELsSKCT4K2", "GdnSyH3YtwcxFvQrVVJMm1JhTS4QVX7MFsX56uJLUfiZ", "*", "Unknown111"]:
        row = next((p for p in phases if p["leader"] == leader), None) or next(p for p in phases if p["leader"] == "*")
        c = {"op": "phase", "file": "ops.lut", "leader": leader}
        c.update({k: row[k] for k in ("sampleCount", "optimalOffsetMs", "spreadMs", "kalmanInitialState",
                                      "kalmanInitialVariance", "processNoise", "measurementNoise")})
        c["matchedLeader"] = row["leader"]
        cases.append(c)

    for route in ["jito", "bloxroute", "nope"]:
        row = next((r for r in contents["ops"]["hedges"] if r["route"] == route), None)
        c = {"op": "hedge" if row else "hedge_none", "file": "ops.lut", "route": route}
        if row:
            c.update({k: row[k] for k in ("sloBreaches", "hedgeDelayMs", "hedgeFireRate", "count")})
        cases.append(c)

    for key in ["*", "a", "ab", "abc", "jito", "jito/", "jito/ny", "jito/ny2", "route-0123", "ev:jito/0",
                "0123456789abcdef", "0123456789abcdef0", "nextblock/ü路由", "7Np41oeYqPefeNQEHSv1UDhYrehxin3NStELsSKCT4K2"]:
        cases.append({"op": "key_hash", "file": "-", "key": key, "hash": key_hash(key.encode("utf-8"))})

    with open("cases.json", "w", encoding="utf-8") as f:
        json.dump({"formatVersion": 2, "cases": cases}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open("cases.txt", "w", encoding="utf-8") as f:
        f.write("# generated by make_cases.py from *.content.json; same cases as cases.json. '-' = none.\n")
        for c in cases:
            op = c["op"]
            if op == "header":
                t = [c["createdAtUnixMs"], c["windowFromUnixMs"], c["windowToUnixMs"], c["rowsUsed"], c["producerJob"],
                     c["gitRevision"], c["tableKind"], ",".join(map(str, c["sectionKinds"]))]
            elif op == "calibrate":
                t = [c["segment"], num(float(c["score"]) if isinstance(c["score"], str) else c["score"]), num(c["expected"]), c["resolved"]]
            elif op == "calibrate_none":
                t = [c["segment"], num(float(c["score"]) if isinstance(c["score"], str) else c["score"])]
            elif op == "arm":
                t = [c["route"], c["arm"], c["group"] or "-", num(c["alpha"]), num(c["beta"]), num(c["decayedPulls"]),
                     num(c["decayedLands"]), num(c["payoffMean"]), num(c["payoffVariance"]), c["tipLamports"],
                     c["lastUpdatedUnixMs"], c["leaderGroup"] or "-"]
            elif op == "arm_none":
                t = [c["route"], c["arm"], c["group"] or "-"]
            elif op == "latency":
                t = [c["route"], c["endpoint"], c["count"], num(c["errorRate"]), num(c["p50Ms"]), num(c["p90Ms"]),
                     num(c["p99Ms"]), num(c["p999Ms"])]
            elif op == "latency_none":
                t = [c["route"], c["endpoint"]]
            elif op == "hedge":
                t = [c["route"], c["sloBreaches"], num(c["hedgeDelayMs"]), num(c["hedgeFireRate"]), c["count"]]
            elif op == "hedge_none":
                t = [c["route"]]
            elif op == "key_hash":
                t = [c["key"], c["hash"]]
            else:  # phase
                t = [c["leader"], c["matchedLeader"], c["sampleCount"], num(c["optimalOffsetMs"]), num(c["spreadMs"]),
                     num(c["kalmanInitialState"]), num(c["kalmanInitialVariance"]), num(c["processNoise"]),
                     num(c["measurementNoise"])]
            f.write(" ".join([op, c["file"]] + [str(x) for x in t]) + "\n")


if __name__ == "__main__":
    main()
