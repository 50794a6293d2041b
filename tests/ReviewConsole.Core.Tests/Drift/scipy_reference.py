"""Prints the scipy reference values that DriftStatisticsTests checks to 1e-6.

Run with Debian's scipy 1.10 (apt-get install python3-scipy):  /usr/bin/python3 scipy_reference.py
Samples come from a 64-bit LCG that the C# test reproduces bit for bit, with affine transforms only
(no libm), so both sides see identical numbers.
"""
import numpy as np
from scipy.stats import chi2_contingency, ks_2samp

MASK = (1 << 64) - 1


def uniforms(seed, count):
    x, out = seed, []
    for _ in range(count):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
        out.append((x >> 11) * (1.0 / (1 << 53)))
    return np.array(out)


def psi(reference, current, eps=1e-4):
    edges = np.quantile(reference, np.arange(1, 10) / 10)
    r = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=10) / len(reference)
    c = np.bincount(np.searchsorted(edges, current, side="right"), minlength=10) / len(current)
    r, c = np.where(r == 0, eps, r), np.where(c == 0, eps, c)
    return float(np.sum((c - r) * np.log(c / r)))


KS_CASES = [(1, 300, 2, 300, 1.0, 0.1), (3, 200, 4, 350, 1.0, 0.05), (5, 20000, 6, 20000, 1.0, 0.01),
            (7, 30000, 8, 15000, 1.0, 0.02), (9, 50, 10, 20000, 1.0, 0.08), (11, 12000, 12, 12000, 1.0, 0.0),
            (13, 40, 14, 60, 1.3, 0.0)]
for s1, n1, s2, n2, scale, shift in KS_CASES:
    a, b = uniforms(s1, n1), uniforms(s2, n2) * scale + shift
    r = ks_2samp(a, b)
    print(f"KS ({s1}, {n1}, {s2}, {n2}, {scale}, {shift}) -> D {r.statistic!r} p {r.pvalue!r} psi {psi(a, b)!r}")

for table in ([[120, 80, 45, 30], [100, 95, 60, 20]], [[30, 10], [18, 25]], [[500, 300, 200], [450, 330, 260]]):
    stat, p, dof, _ = chi2_contingency(np.array(table))
    print(f"CHI2 {table} -> stat {stat!r} p {p!r} dof {dof}")
