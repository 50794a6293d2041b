namespace ReviewConsole.Core.Statistics;

/// <summary>
/// Fixed time-to-decision buckets (seconds), so hourly rollups can be summed and still give
/// medians and percentiles. Bucket i holds [Edges[i], Edges[i+1]); the last is open-ended.
/// </summary>
public static class LatencyHistogram
{
    public static IReadOnlyList<double> Edges { get; } = [0, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400];

    public static int Buckets => Edges.Count;

    public static int BucketOf(double seconds)
    {
        for (var i = Edges.Count - 1; i > 0; i--)
        {
            if (seconds >= Edges[i])
                return i;
        }
        return 0;
    }

    /// <summary>The q-quantile (0..1), interpolated linearly inside its bucket; null when empty.</summary>
    public static double? Quantile(IReadOnlyList<long> counts, double q)
    {
        var total = counts.Sum();
        if (total == 0)
            return null;
        var rank = q * total;
        double seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0)
                continue;
            if (seen + counts[i] >= rank)
            {
                var lower = Edges[i];
                var upper = i + 1 < Edges.Count ? Edges[i + 1] : Edges[i] * 2;
                return lower + (upper - lower) * Math.Clamp((rank - seen) / counts[i], 0, 1);
            }
            seen += counts[i];
        }
        return Edges[^1];
    }

    public static long[] Add(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        var sum = new long[Buckets];
        for (var i = 0; i < Buckets; i++)
            sum[i] = (i < a.Count ? a[i] : 0) + (i < b.Count ? b[i] : 0);
        return sum;
    }
}
