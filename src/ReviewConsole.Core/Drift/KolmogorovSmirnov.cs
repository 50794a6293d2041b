namespace ReviewConsole.Core.Drift;

public readonly record struct TestResult(double Statistic, double PValue);

/// <summary>
/// Two-sample Kolmogorov-Smirnov test, two-sided, computed as scipy.stats.ks_2samp (method="auto", 1.10):
/// the exact lattice-path distribution when both samples have at most 10,000 values, else Kolmogorov's
/// distribution of D_n with n = round(n1 n2 / (n1 + n2)) (Simard and L'Ecuyer's choice of algorithms).
/// </summary>
public static class KolmogorovSmirnov
{
    public const int MaxExactSize = 10_000;

    public static TestResult TwoSample(ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        if (first.Length == 0 || second.Length == 0)
            throw new ArgumentException("Both samples need at least one value.");
        var a = first.ToArray();
        var b = second.ToArray();
        RadixSort.Sort(a);
        RadixSort.Sort(b);
        return TwoSampleSorted(a, b);
    }

    /// <summary>The test on samples already sorted ascending.</summary>
    public static TestResult TwoSampleSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n1 = a.Length, n2 = b.Length;
        // D = max over all points of |F1 - F2|, both ECDFs taken right-continuous (scipy's searchsorted side="right").
        // |F1 - F2| = |i·n2 - j·n1| / (n1·n2): tracked in integers, one division at the end.
        int i = 0, j = 0;
        long widest = 0;
        while (i < n1 && j < n2)
        {
            var x = a[i] <= b[j] ? a[i] : b[j];
            while (i < n1 && a[i] <= x)
                i++;
            while (j < n2 && b[j] <= x)
                j++;
            widest = Math.Max(widest, Math.Abs((long)i * n2 - (long)j * n1));
        }
        var d = (double)widest / ((long)n1 * n2);
        return new TestResult(d, PValue(d, n1, n2));
    }

    public static double PValue(double d, int n1, int n2)
    {
        if (Math.Max(n1, n2) <= MaxExactSize && Exact(d, n1, n2) is { } exact)
            return exact;
        var (m, n) = n1 >= n2 ? ((double)n1, (double)n2) : (n2, n1);
        var en = m * n / (m + n);
        return Math.Clamp(Kolmogorov.Survival((int)Math.Round(en, MidpointRounding.ToEven), d), 0, 1);
    }

    private static double? Exact(double d, int n1, int n2)
    {
        var g = Gcd(n1, n2);
        var lcm = (long)(n1 / g) * n2;
        var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        if (h == 0)
            return 1;
        var prob = n1 == n2 ? OutsideSquare(n1, (int)h) : OuterInside(n1, n2, g, h);
        return prob is >= 0 and <= 1 && double.IsFinite(prob) ? prob : null;
    }

    // scipy _compute_prob_outside_square: paths leaving the band |x - y| < h, equal sample sizes.
    private static double OutsideSquare(int n, int h)
    {
        double p = 0;
        for (var k = n / h; k >= 0; k--)
        {
            double p1 = 1;
            for (var j = 0; j < h; j++)
                p1 = (n - (double)k * h - j) * p1 / (n + (double)k * h + j + 1);
            p = p1 * (1 - p);
        }
        return 2 * p;
    }

    // scipy _compute_outer_prob_inside_method: share of lattice paths from (0,0) to (m,n) that leave |n x/g - m y/g| < h.
    private static double OuterInside(int m, int n, int g, long h)
    {
        if (m < n)
            (m, n) = (n, m);
        long mg = m / g, ng = n / g;
        int minj = 0, maxj = (int)Math.Min((long)Math.Ceiling(h / (double)mg), n + 1);
        var curlen = maxj - minj;
        var a = new double[Math.Min(2 * maxj + 2, n + 1)];
        Array.Fill(a, 1.0);
        for (var x = minj; x < maxj; x++)
            a[x] = 0;
        for (var i = 1; i <= m; i++)
        {
            int lastminj = minj, lastlen = curlen;
            minj = (int)Math.Max(Math.Floor((ng * i - h) / (double)mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = (int)Math.Min(Math.Ceiling((ng * i + h) / (double)mg), n + 1);
            if (maxj <= minj)
                return 1;
            double val = minj == 0 ? 0 : 1;
            for (var jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                for (var x = maxj - minj; x < maxj - minj + (lastlen - curlen) && x < a.Length; x++)
                    a[x] = 1;
            }
        }
        return a[maxj - minj - 1];
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }
}
