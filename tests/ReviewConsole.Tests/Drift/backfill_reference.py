"""
scipy's two-sample KS statistic on the raw amounts of EventTimeDriftTests' backfill, for the test to compare with
the statistic the console computes from its binned profiles (within 0.005).

The amounts are logistic quantiles on a grid, so C# and Python produce the same values:
    reference i = 0..1999: round(exp(6.0 + 0.4 * logit((i + 0.5) / 2000)), 2)
    current   i = 0..1999: round(exp(6.4 + 0.4 * logit((i + 0.25) / 2000)), 2)
Run: /usr/bin/python3 tests/ReviewConsole.Tests/Drift/backfill_reference.py   (scipy 1.10.1)
"""
import math
import scipy
from scipy.stats import ks_2samp

def logit(p):
    return math.log(p / (1 - p))

n = 2000
reference = [round(math.exp(6.0 + 0.4 * logit((i + 0.5) / n)), 2) for i in range(n)]
current = [round(math.exp(6.4 + 0.4 * logit((i + 0.25) / n)), 2) for i in range(n)]
result = ks_2samp(reference, current)
print(f"scipy {scipy.__version__}: KS statistic {result.statistic:.6f}, p {result.pvalue:.3e}")
