#!/usr/bin/python3
"""Fits scikit-learn's IsotonicRegression on the rows the C# bench wrote and prints seconds and peak RSS as JSON.

Usage: /usr/bin/python3 scripts/sklearn/isotonic_bench.py FILE [--knots-out KNOTS.json] [--repeat K]
FILE: raw little-endian float64, first n scores then n labels (CalibrationBench.Data.X then .Y).
Seconds: the best of K fits (default 1), as the C# side reports its best of several.
Peak RSS includes the interpreter and the input arrays (ru_maxrss after the fits).
"""
import json
import resource
import sys
import time

import numpy as np
from sklearn.isotonic import IsotonicRegression


def main():
    path = sys.argv[1]
    raw = np.fromfile(path, dtype="<f8")
    n = raw.size // 2
    x, y = raw[:n], raw[n:]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
    seconds = float("inf")
    for _ in range(repeat):
        ir = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
        t0 = time.perf_counter()
        ir.fit(x, y)
        seconds = min(seconds, time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out = {"rows": int(n), "seconds": seconds, "peak_rss_bytes": int(peak), "rss_before_fit_bytes": int(rss_before),
           "knots": int(len(ir.X_thresholds_))}
    if "--knots-out" in sys.argv:
        with open(sys.argv[sys.argv.index("--knots-out") + 1], "w") as f:
            json.dump({"X_thresholds": ir.X_thresholds_.tolist(), "y_thresholds": ir.y_thresholds_.tolist()}, f)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
