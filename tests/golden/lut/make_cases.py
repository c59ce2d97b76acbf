#!/usr/bin/python3
"""Computes the expected lookups for the golden LUT files from their *.content.json, using only the formulas in
docs/lut-format.md (an implementation independent of every reader). Writes cases.json and cases.txt (the same
cases, one per line, whitespace-separated, for readers without a JSON parser). Run: /usr/bin/python3 make_cases.py
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


def lookup(seg, grid, score):
    """Spec section 6, curve lookup."""
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


def resolve(segments, key):
    """Spec section 6, segment resolution; returns the segment dict or None."""
    by_key = {s["key"]: s for s in segments}
    for start in (key, "*"):
        s = by_key.get(start)
        while s is not None:
            if s["knots"]:
                return s
            s = by_key.get(s["parent"]) if s["parent"] is not None else None
    return None


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

    section_kinds = {"calibration": [1, 2, 3, 4], "bandit": [1, 5], "ops": [1, 6, 7], "unknown_section": [1, 2, 3, 4, 200]}
    for name, content in list(contents.items()) + [("unknown_section", contents["calibration"])]:
        h = content["header"]
        cases.append({"op": "header", "file": f"{name}.lut", "createdAtUnixMs": h["createdAtUnixMs"],
                      "windowFromUnixMs": h["windowFromUnixMs"], "windowToUnixMs": h["windowToUnixMs"],
                      "rowsUsed": h["rowsUsed"], "producerJob": h["producerJob"], "gitRevision": h["gitRevision"],
                      "tableKind": KINDS[h["kind"]], "sectionKinds": section_kinds[name]})

    segments = contents["calibration"]["calibration"]
    keys = [s["key"] for s in segments] + ["unknown-route", "jito/ny/extra"]
    scores = [-3.0, -1.2, -0.0, 0.0, 0.05, 0.1, 0.25, 0.3, 0.31, 0.4, 0.5, 0.55, 0.7, 0.999, 1.0, 1.7, 2.5,
              float("nan"), float("inf"), float("-inf")]
    for file in ("calibration.lut", "unknown_section.lut"):
        for key in keys:
            seg = resolve(segments, key)
            for score in scores:
                if seg is None:
                    cases.append({"op": "calibrate_none", "file": file, "segment": key, "score": json_num(score)})
                    continue
                expected = lookup(seg, grid_of(seg), score)
                assert 0 <= expected <= 1
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

    with open("cases.json", "w", encoding="utf-8") as f:
        json.dump({"formatVersion": 1, "cases": cases}, f, indent=1, ensure_ascii=False)
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
            else:  # phase
                t = [c["leader"], c["matchedLeader"], c["sampleCount"], num(c["optimalOffsetMs"]), num(c["spreadMs"]),
                     num(c["kalmanInitialState"]), num(c["kalmanInitialVariance"]), num(c["processNoise"]),
                     num(c["measurementNoise"])]
            f.write(" ".join([op, c["file"]] + [str(x) for x in t]) + "\n")


if __name__ == "__main__":
    main()
