#!/usr/bin/python3
"""Golden outputs of scikit-learn's IsotonicRegression and calibration metrics for MevAnalytics.Calibration tests.

Run with Debian's interpreter (python3-sklearn): /usr/bin/python3 scripts/sklearn/isotonic_golden.py [OUT_DIR]
Writes one JSON per dataset into OUT_DIR (default tests/golden/isotonic). Seeded: the output is reproducible.
Each file: inputs (x, y, w or null), options, sklearn's X_thresholds_/y_thresholds_, predictions at query points
(out_of_bounds="clip"), predictions on a uniform grid of G points over [X_min_, X_max_] computed as the C# side does.
metrics_*.json: brier_score_loss, log_loss and calibration_curve-derived ECE/MCE for probability forecasts.
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.isotonic import IsotonicRegression
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss

GRID = 256


def grid_points(lo, hi, g):
    pts = [lo + (hi - lo) * i / (g - 1) for i in range(g - 1)]
    pts.append(hi)
    return np.array(pts, dtype=np.float64)


def fl(a):
    return [float(v) for v in a]


def isotonic_case(name, x, y, w=None, increasing=True, y_min=None, y_max=None, extra_queries=()):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    ir = IsotonicRegression(increasing=increasing, y_min=y_min, y_max=y_max, out_of_bounds="clip")
    ir.fit(x, y, sample_weight=None if w is None else np.asarray(w, dtype=np.float64))
    lo, hi = float(ir.X_min_), float(ir.X_max_)
    span = hi - lo if hi > lo else 1.0
    rng = np.random.RandomState(7)
    queries = np.concatenate([
        [lo - 10 * span, lo - 1e-9, lo, hi, hi + 1e-9, hi + 10 * span],
        ir.X_thresholds_,
        (ir.X_thresholds_[:-1] + ir.X_thresholds_[1:]) / 2 if len(ir.X_thresholds_) > 1 else [],
        lo + span * rng.rand(200),
        np.asarray(extra_queries, dtype=np.float64),
    ])
    grid = grid_points(lo, hi, GRID) if hi > lo else np.full(GRID, lo)
    return {
        "name": name,
        "sklearn_version": sklearn.__version__,
        "increasing": increasing,
        "y_min": y_min,
        "y_max": y_max,
        "x": fl(x),
        "y": fl(y),
        "w": None if w is None else fl(w),
        "X_thresholds": fl(ir.X_thresholds_),
        "y_thresholds": fl(ir.y_thresholds_),
        "X_min": lo,
        "X_max": hi,
        "queries": fl(queries),
        "predictions": fl(ir.predict(queries)),
        "grid_size": GRID,
        "grid": fl(ir.predict(grid)),
    }


def expit(z):
    return 1.0 / (1.0 + np.exp(-z))


def datasets():
    # Cases of scikit-learn's own sklearn/tests/test_isotonic.py, fitted with IsotonicRegression.
    yield isotonic_case("sk_basic", np.arange(7), [3, 7, 5, 9, 8, 7, 10])
    yield isotonic_case("sk_three_points_bounded", np.arange(3), [10, 0, 2], y_min=0.0, y_max=1.0)
    yield isotonic_case("sk_all_x_equal", np.ones(3), [10, 0, 2])
    yield isotonic_case("sk_ties_min", [1, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6])
    yield isotonic_case("sk_ties_max", [1, 2, 3, 4, 5, 5], [1, 2, 3, 4, 5, 6])
    yield isotonic_case("sk_ties_secondary_pituitary", [8, 8, 8, 10, 10, 10, 12, 12, 12, 14, 14],
                        [21, 23.5, 23, 24, 21, 25, 21.5, 22, 19, 23.5, 25])
    yield isotonic_case("sk_ties_different_group_sizes", [0, 1, 1, 2, 3, 4], [0, 0, 1, 0, 0, 1])
    yield isotonic_case("sk_reversed", np.arange(7), [10, 9, 10, 7, 6, 6.1, 5], increasing=False)
    yield isotonic_case("sk_min_max_boundaries", np.arange(6), np.arange(6), y_min=2, y_max=4)
    yield isotonic_case("sk_sample_weight", [1, 2, 3, 4, 5, 6, 7], [1, 41, 51, 1, 2, 5, 24], w=[1, 2, 3, 4, 5, 6, 7])
    yield isotonic_case("sk_duplicate_min_entry", [0, 0, 1], [0, 0, 1])
    ymm = [1.263, 1.318, -0.572, 0.307, -0.707, -0.176, -1.599, 1.059, 1.396, 1.906,
           0.210, 0.028, -0.081, 0.444, 0.018, -0.377, -0.896, -0.377, -1.327, 0.180]
    yield isotonic_case("sk_ymin_ymax", np.arange(20), ymm, y_min=0.0, y_max=0.1)
    yield isotonic_case("sk_ymin_ymax_decreasing", np.arange(20), ymm, y_min=0.0, y_max=0.1, increasing=False)
    yield isotonic_case("sk_ymin_only_decreasing", np.arange(20), ymm, y_min=0.0, increasing=False)
    rng = np.random.RandomState(42)
    xz = np.linspace(-3, 3, 50)
    yz = xz + rng.uniform(size=50)
    wz = rng.uniform(size=50)
    wz[5:8] = 0
    yield isotonic_case("sk_zero_weight_loop", xz, yz, w=wz)
    rng = np.random.RandomState(123)
    xf = 20.0 * rng.rand(1000) - 10
    yf = np.less(rng.rand(1000), expit(xf)).astype("float64")
    wf = rng.rand(1000)
    wf[rng.rand(1000) < 0.1] = 0
    yield isotonic_case("sk_fast_predict", xf, yf, w=wf, y_min=0, y_max=1, extra_queries=20.0 * rng.rand(100) - 10)
    yield isotonic_case("sk_make_unique_tolerance", [0, 1, 1 + 1e-16, 2], [0, 1, 2, 3], extra_queries=[0, 0.5, 1, 1.5, 2])
    yield isotonic_case("sk_inf_slope", [0.0, 4.1e-320, 4.4e-314, 1.0], [0.42, 0.42, 0.44, 0.44],
                        extra_queries=[0, 2.1e-319, 5.4e-316, 1e-10])
    for inc in (True, False):
        rng = np.random.RandomState(42)
        yield isotonic_case(f"sk_thresholds_{'inc' if inc else 'dec'}", rng.normal(size=30), rng.normal(size=30), increasing=inc)
    yield isotonic_case("two_points", [0.2, 0.8], [1.0, 0.0])
    yield isotonic_case("single_point", [0.5], [0.3])
    yield isotonic_case("constant_y", np.linspace(0, 1, 40), np.full(40, 0.25))

    # Seeded random datasets, p_land-like (binary labels) and EV-like (real targets).
    rng = np.random.RandomState(20240601)
    n = 2000
    x = rng.rand(n)
    yield isotonic_case("rand_binary_2k", x, (rng.rand(n) < x ** 2).astype(float))
    x = rng.normal(size=n)
    yield isotonic_case("rand_regression_2k_weighted", x, x + rng.normal(size=n), w=rng.exponential(size=n))
    x = rng.normal(size=n)
    yield isotonic_case("rand_regression_2k_decreasing", x, -x + rng.normal(size=n), increasing=False)
    x = np.round(rng.rand(n), 2)
    yield isotonic_case("rand_binary_ties_bounded", x, (rng.rand(n) < x).astype(float),
                        w=rng.randint(0, 4, size=n).astype(float), y_min=0.05, y_max=0.9)
    x = rng.randint(0, 60, size=n).astype(float)
    yield isotonic_case("rand_integer_x_heavy_ties", x, np.sin(x / 20) + rng.normal(size=n))
    # Large: 20k rows, heavy ties (x on a 1e-4 grid), binary labels, weights in {0, 0.25, ..., 3}.
    n = 20000
    x = np.round(rng.beta(2, 5, size=n), 4)
    yield isotonic_case("large_20k_binary_ties_weights", x, (rng.rand(n) < expit(6 * x - 2)).astype(float),
                        w=rng.randint(0, 13, size=n) * 0.25)
    # Large: 20k rows continuous x, EV-like heavy-tailed target, real weights.
    x = np.round(rng.standard_t(3, size=n), 6)
    yield isotonic_case("large_20k_ev_weights", x, np.round(0.8 * x + rng.standard_t(2, size=n), 6),
                        w=np.round(rng.exponential(size=n), 3))


def metrics_case(name, p, y, n_bins):
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    out = {"name": name, "p": fl(p), "y": fl(y), "n_bins": n_bins,
           "brier": float(brier_score_loss(y, p)),
           "log_loss": float(log_loss(y, p, eps=1e-15)),
           "log_loss_eps": 1e-15}
    for strategy, key in (("uniform", "equal_width"), ("quantile", "equal_mass")):
        prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
        # Bin populations, assigned as calibration_curve does, to weight the per-bin gaps.
        if strategy == "quantile":
            bins = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
        else:
            bins = np.linspace(0.0, 1.0, n_bins + 1)
        counts = np.bincount(np.searchsorted(bins[1:-1], p), minlength=len(bins))
        counts = counts[counts != 0]
        gaps = np.abs(prob_true - prob_pred)
        out[key] = {"prob_true": fl(prob_true), "prob_pred": fl(prob_pred), "counts": [int(c) for c in counts],
                    "ece": float(np.sum(counts / len(p) * gaps)), "mce": float(np.max(gaps))}
    return out


def metric_datasets():
    rng = np.random.RandomState(99)
    n = 3000
    p = rng.beta(2, 3, size=n)
    yield metrics_case("metrics_miscalibrated_3k", p, (rng.rand(n) < p ** 1.5).astype(float), 10)
    p = np.round(rng.rand(500), 2)
    p[:5] = [0.0, 1.0, 0.5, 0.1, 0.9]
    yield metrics_case("metrics_rounded_edges_500", p, (rng.rand(500) < p).astype(float), 10)
    p = rng.rand(1001)
    yield metrics_case("metrics_quantile_1001_15bins", p, (rng.rand(1001) < 0.3).astype(float), 15)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "tests", "golden", "isotonic")
    os.makedirs(out_dir, exist_ok=True)
    names = []
    for case in list(datasets()) + list(metric_datasets()):
        path = os.path.join(out_dir, case["name"] + ".json")
        with open(path, "w") as f:
            json.dump(case, f, separators=(",", ":"))
        names.append(case["name"])
    print(json.dumps({"written": len(names), "dir": os.path.abspath(out_dir)}))


if __name__ == "__main__":
    main()
