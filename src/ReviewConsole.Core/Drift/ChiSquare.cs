using MathNet.Numerics;

namespace ReviewConsole.Core.Drift;

/// <summary>Chi-square test of independence on a contingency table, as scipy.stats.chi2_contingency (Yates' correction when dof = 1).</summary>
public static class ChiSquare
{
    public static TestResult Contingency(long[][] observed)
    {
        int rows = observed.Length, columns = observed[0].Length;
        var rowTotals = observed.Select(r => (double)r.Sum()).ToArray();
        var columnTotals = Enumerable.Range(0, columns).Select(c => (double)observed.Sum(r => r[c])).ToArray();
        var total = rowTotals.Sum();
        var dof = (rows - 1) * (columns - 1);
        if (dof == 0 || total == 0)
            return new TestResult(0, 1);
        double statistic = 0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var expected = rowTotals[r] * columnTotals[c] / total;
                if (expected == 0)
                    continue;
                double o = observed[r][c];
                if (dof == 1)
                {
                    // Yates: move each observation half a unit towards its expectation (never past it).
                    var difference = expected - o;
                    o += Math.Sign(difference) * Math.Min(0.5, Math.Abs(difference));
                }
                statistic += (o - expected) * (o - expected) / expected;
            }
        }
        return new TestResult(statistic, SpecialFunctions.GammaUpperRegularized(dof / 2.0, statistic / 2));
    }

    /// <summary>
    /// The same test on a table whose observations come in clusters (the tokens of one text), with the statistic
    /// divided by the design effect (Rao and Scott 1981, first-order correction): counted as independent, a text's
    /// tokens would make the test as sure as if every token were its own item.
    /// </summary>
    public static TestResult Clustered(long[][] observed, double designEffect)
    {
        var plain = Contingency(observed);
        int dof = (observed.Length - 1) * (observed[0].Length - 1);
        if (designEffect <= 1 || dof == 0)
            return plain;
        var statistic = plain.Statistic / designEffect;
        return new TestResult(statistic, SpecialFunctions.GammaUpperRegularized(dof / 2.0, statistic / 2));
    }
}
