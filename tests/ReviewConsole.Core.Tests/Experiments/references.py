"""Reference values for the experiment statistics' tests (scipy 1.10.1): /usr/bin/python3 references.py"""
from scipy.stats import chisquare, binomtest

print("# SampleRatio: champion, challenger, expected challenger share -> chi2, p")
for a, b, s in [(500, 500, 0.5), (520, 480, 0.5), (5200, 4800, 0.5), (100, 900, 0.9), (120, 880, 0.9), (70, 50, 0.5), (1000, 9000, 0.9), (9000, 1000, 0.1), (4950, 5050, 0.5)]:
    n = a + b
    r = chisquare([a, b], [n * (1 - s), n * s])
    print(f"[InlineData({a}, {b}, {s}, {r.statistic!r}, {r.pvalue!r})]")

print("# SignTest: challenger wins, champion wins -> share, exact CI low, high, p")
for k, m in [(7, 3), (60, 40), (3, 17), (30, 0), (0, 12), (512, 488), (1, 1), (45, 55)]:
    t = binomtest(k, k + m, 0.5)
    ci = t.proportion_ci(confidence_level=0.95, method="exact")
    print(f"[InlineData({k}, {m}, {ci.low!r}, {ci.high!r}, {t.pvalue!r})]")

from statsmodels.stats.proportion import confint_proportions_2indep
print("# AbTest: challenger correct/checked, champion correct/checked -> fixed-sample 95% Wald interval of the difference (statsmodels)")
for c1, n1, c2, n2 in [(90, 100, 85, 100), (450, 500, 425, 500), (1800, 2000, 1700, 2000), (9000, 10000, 8950, 10000), (45, 50, 30, 50), (480, 500, 490, 500)]:
    low, high = confint_proportions_2indep(c1, n1, c2, n2, method="wald", compare="diff", alpha=0.05)
    print(f"[InlineData({c1}, {n1}, {c2}, {n2}, {low!r}, {high!r})]")
