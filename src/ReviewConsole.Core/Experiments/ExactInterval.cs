using MathNet.Numerics.Distributions;

namespace ReviewConsole.Core.Experiments;

/// <summary>
/// The Clopper-Pearson interval of a proportion k / n: exact (never below its confidence), as scipy's
/// <c>binomtest(k, n).proportion_ci(method="exact")</c>. With n = 0 it is [0, 1].
/// </summary>
public static class ExactInterval
{
    public static (double Lower, double Upper) Of(long k, long n, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (n == 0)
            return (0, 1);
        var alpha = 1 - confidence;
        var lower = k == 0 ? 0 : Beta.InvCDF(k, n - k + 1, alpha / 2);
        var upper = k == n ? 1 : Beta.InvCDF(k + 1, n - k, 1 - alpha / 2);
        return (lower, upper);
    }
}
