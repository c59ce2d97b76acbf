#!/usr/bin/python3
"""Reference for the LUT's batch lookups: fits scikit-learn's IsotonicRegression(out_of_bounds="clip") on the rows
of a JSON case {"x": [...], "y": [...], "w": [...] or null, "queries": [...]} and prints {"predict": [...]} for the
queries (floats as repr, so they round-trip exactly).
Run: /usr/bin/python3 isotonic_predict.py CASE.json
"""
import json
import sys

import numpy as np
from sklearn.isotonic import IsotonicRegression

case = json.load(open(sys.argv[1]))
model = IsotonicRegression(out_of_bounds="clip")
w = None if case.get("w") is None else np.asarray(case["w"], dtype=np.float64)
model.fit(np.asarray(case["x"], dtype=np.float64), np.asarray(case["y"], dtype=np.float64), sample_weight=w)
print(json.dumps({"predict": [float(v) for v in model.predict(np.asarray(case["queries"], dtype=np.float64))]}))
