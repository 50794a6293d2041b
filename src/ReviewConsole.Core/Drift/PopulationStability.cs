namespace ReviewConsole.Core.Drift;

/// <summary>
/// Population stability index: sum over bins of (current - reference) * ln(current / reference), with bin
/// shares of zero replaced by a small epsilon. Numeric features use ten bins at the reference deciles.
/// </summary>
public static class PopulationStability
{
    public const double Epsilon = 1e-4;
    public const int Bins = 10;

    /// <summary>PSI between two numeric samples, binned at the reference's deciles (numpy "linear" quantiles).</summary>
    public static double Numeric(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var sorted = reference.ToArray();
        RadixSort.Sort(sorted);
        var edges = Deciles(sorted);
        return FromCounts(CountSorted(sorted, edges), Count(current, edges));
    }

    /// <summary>The nine inner decile edges of a sorted sample.</summary>
    public static double[] Deciles(ReadOnlySpan<double> sorted)
    {
        var edges = new double[Bins - 1];
        for (var q = 1; q < Bins; q++)
        {
            var position = (sorted.Length - 1) * (q / (double)Bins);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, sorted.Length - 1);
            edges[q - 1] = sorted[low] + (sorted[high] - sorted[low]) * (position - low);
        }
        return edges;
    }

    /// <summary>Counts per bin: bin i holds values with exactly i edges at or below them (numpy searchsorted, side="right").</summary>
    public static long[] Count(ReadOnlySpan<double> values, double[] edges)
    {
        var counts = new long[edges.Length + 1];
        foreach (var value in values)
        {
            int lo = 0, hi = edges.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (edges[mid] <= value)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            counts[lo]++;
        }
        return counts;
    }

    /// <summary>The same counts for an ascending sample: nine binary searches instead of one per value.</summary>
    public static long[] CountSorted(ReadOnlySpan<double> sorted, double[] edges)
    {
        var counts = new long[edges.Length + 1];
        var previous = 0;
        for (var e = 0; e < edges.Length; e++)
        {
            // First index whose value is above the edge (side="right").
            int lo = previous, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (sorted[mid] <= edges[e])
                    lo = mid + 1;
                else
                    hi = mid;
            }
            counts[e] = lo - previous;
            previous = lo;
        }
        counts[^1] = sorted.Length - previous;
        return counts;
    }

    /// <summary>PSI from two count vectors over the same bins (also categorical levels or text tokens).</summary>
    public static double FromCounts(IReadOnlyList<long> reference, IReadOnlyList<long> current)
    {
        double referenceTotal = reference.Sum(), currentTotal = current.Sum();
        if (referenceTotal == 0 || currentTotal == 0)
            return 0;
        double psi = 0;
        for (var i = 0; i < reference.Count; i++)
        {
            var r = reference[i] / referenceTotal;
            var c = current[i] / currentTotal;
            r = r == 0 ? Epsilon : r;
            c = c == 0 ? Epsilon : c;
            psi += (c - r) * Math.Log(c / r);
        }
        return psi;
    }
}
