namespace ReviewConsole.Core.Rollouts;

/// <summary>
/// McNemar's exact test for two versions judged on the same items: of the items where exactly one version agrees
/// with the reviewer (b only the first, c only the second), is the split further from even than chance allows?
/// Two-sided exact p-value: min(1, 2 P(X &lt;= min(b, c))) with X ~ Binomial(b + c, 1/2), as statsmodels'
/// <c>mcnemar(exact=True)</c> and scipy's <c>binomtest</c> compute it.
/// </summary>
public static class McNemar
{
    public static double ExactPValue(long onlyFirst, long onlySecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyFirst);
        ArgumentOutOfRangeException.ThrowIfNegative(onlySecond);
        var n = onlyFirst + onlySecond;
        if (n == 0)
            return 1;
        var k = Math.Min(onlyFirst, onlySecond);
        // P(X <= k) summed in log space: n can be large.
        var logHalfN = n * Math.Log(0.5);
        double cdf = 0;
        var logChoose = 0.0;
        for (long i = 0; i <= k; i++)
        {
            if (i > 0)
                logChoose += Math.Log(n - i + 1) - Math.Log(i);
            cdf += Math.Exp(logChoose + logHalfN);
        }
        return Math.Min(1, 2 * cdf);
    }
}
