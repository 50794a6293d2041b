using ReviewConsole.Core.Drift;

namespace ReviewConsole.Core.Tests.Drift;

public sealed class SmirnovTests
{
    /// <summary>Birnbaum-Tingey summed over every term, in log space (the sum Kolmogorov.Smirnov stops early).</summary>
    private static double FullSum(int n, double x)
    {
        var last = (int)Math.Floor(n * (1 - x) + 1e-12);
        var logs = new List<double>();
        var lnFactN = MathNet.Numerics.SpecialFunctions.FactorialLn(n);
        for (var j = 0; j <= last; j++)
        {
            double low = 1 - x - (double)j / n, high = x + (double)j / n;
            if (low <= 0 && n - j > 0)
                continue;
            logs.Add(lnFactN - MathNet.Numerics.SpecialFunctions.FactorialLn(j) - MathNet.Numerics.SpecialFunctions.FactorialLn(n - j)
                     + (n - j == 0 ? 0 : (n - j) * Math.Log(low)) + (j - 1) * Math.Log(high));
        }
        var max = logs.Max();
        return Math.Min(1, x * Math.Exp(max) * logs.Sum(l => Math.Exp(l - max)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(141)]
    [InlineData(5_000)]
    [InlineData(500_000)]
    public void StoppingPastThePeakChangesNothingADoubleCanHold(int n)
    {
        foreach (var x in new[] { 0.0005, 0.002, 0.01, 0.05, 0.2, 0.6, 0.95 })
        {
            var (stopped, full) = (Kolmogorov.Smirnov(n, x), FullSum(n, x));
            Assert.True(full == 0 ? stopped == 0 : Math.Abs(stopped - full) <= 1e-12 * full, $"n {n}, x {x}: {stopped} vs {full}");
        }
    }
}
