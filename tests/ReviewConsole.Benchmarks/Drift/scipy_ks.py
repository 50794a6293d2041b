"""Times scipy's ks_2samp on the drift benchmark's 20 columns (1M reference vs 1M current each).

Columns come from splitmix64 of a counter, so the C# side generates identical values without a file.
Prints one JSON line: {"seconds": total ks_2samp time, "results": [[D, p], ...]}.
"""
import json
import sys
import time

import numpy as np
from scipy.stats import ks_2samp

ROWS, FEATURES = int(sys.argv[1]), int(sys.argv[2])


def splitmix(start, count):
    z = np.arange(start, start + count, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))


def column(feature, current):
    base = (feature * 2 + (1 if current else 0)) * ROWS * 2
    values = splitmix(base, ROWS) + splitmix(base + ROWS, ROWS)  # triangular: two uniforms
    shift = 0.02 * (feature % 4) if current else 0.0            # a quarter of the features do not move
    return values + shift


results, seconds = [], 0.0
for f in range(FEATURES):
    reference, current = column(f, False), column(f, True)
    start = time.perf_counter()
    r = ks_2samp(reference, current)
    seconds += time.perf_counter() - start
    results.append([float(r.statistic), float(r.pvalue)])
print(json.dumps({"seconds": seconds, "results": results}))
