using MathNet.Numerics;

namespace ReviewConsole.Core.Drift;

/// <summary>
/// The distribution of the one-sample Kolmogorov statistic D_n, as scipy.stats.kstwo (scipy/stats/_ksstats.py,
/// after Simard and L'Ecuyer 2011): Ruben-Gambino at the ends, the Durbin matrix (Marsaglia-Tsang-Wang),
/// Pelz-Good for large n, and twice the one-sided Smirnov probability in the tail.
/// </summary>
public static class Kolmogorov
{
    private const int E128 = 128;

    /// <summary>P(D_n >= x).</summary>
    public static double Survival(int n, double x)
    {
        if (n <= 0 || double.IsNaN(x))
            return double.NaN;
        if (x >= 1)
            return 0;
        if (x <= 0)
            return 1;
        var t = n * x;
        if (t <= 1)
        {
            if (t <= 0.5)
                return 1;
            double cdf;
            if (n <= 140)
            {
                cdf = 1;
                for (var i = 1; i <= n; i++)
                    cdf *= i * (1.0 / n) * (2 * t - 1);
            }
            else
            {
                cdf = Math.Exp(LogFactorialOverPower(n) + n * Math.Log(2 * t - 1));
            }
            return Clip(1 - cdf);
        }
        if (t >= n - 1)
            return Clip(2 * Math.Pow(1 - x, n));
        if (x >= 0.5)
            return Clip(2 * Smirnov(n, x));
        var nxSquared = t * x;
        if (n <= 140)
        {
            // scipy uses Pomeranz for 0.754693 < n x^2 <= 4; the Durbin matrix is exact there too.
            return nxSquared <= 4 ? Clip(1 - Durbin(n, x)) : Clip(2 * Smirnov(n, x));
        }
        if (nxSquared >= 370)
            return 0;
        if (nxSquared >= 2.2)
            return Clip(2 * Smirnov(n, x));
        var cdfLarge = n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4 ? Durbin(n, x) : PelzGood(n, x);
        return Clip(1 - cdfLarge);
    }

    /// <summary>One-sided P(D_n^+ >= x), exactly (Birnbaum and Tingey 1951), summed in log space.</summary>
    public static double Smirnov(int n, double x)
    {
        if (x <= 0)
            return 1;
        if (x >= 1)
            return 0;
        var last = (int)Math.Floor(n * (1 - x) + 1e-12);
        // The terms C(n,j) (1-x-j/n)^(n-j) (x+j/n)^(j-1), summed in logs with a running maximum, rise to one peak
        // and fall (log-concave in j): once past the peak a term is e^-50 below the largest, the rest cannot
        // move the sum of doubles, so the sum stops there. For a million-row window that is a few thousand
        // terms instead of half a million.
        var lnFactN = SpecialFunctions.FactorialLn(n);
        double max = double.NegativeInfinity, sum = 0, previous = double.NegativeInfinity;
        for (var j = 0; j <= last; j++)
        {
            var low = 1 - x - (double)j / n;
            var high = x + (double)j / n;
            if (low <= 0 && n - j > 0)
                continue;
            var term = lnFactN - SpecialFunctions.FactorialLn(j) - SpecialFunctions.FactorialLn(n - j)
                       + (n - j == 0 ? 0 : (n - j) * Math.Log(low)) + (j - 1) * Math.Log(high);
            if (term > max)
                (sum, max) = (sum * Math.Exp(max - term) + 1, term);
            else
                sum += Math.Exp(term - max);
            if (term < previous && term < max - 50)
                break;
            previous = term;
        }
        return double.IsNegativeInfinity(max) ? 0 : Math.Min(1, x * Math.Exp(max) * sum);
    }

    /// <summary>P(D_n &lt;= d) by the Durbin matrix, with the power taken by squaring and exponents tracked (MTW 2003).</summary>
    public static double Durbin(int n, double d)
    {
        if (d >= 1)
            return 1;
        var nd = n * d;
        if (nd <= 0.5)
            return 0;
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var v = new double[m];
        var w = new double[m];
        double fac = 1;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1 - Math.Pow(h, j)) * fac;
        }
        var tt = Math.Pow(Math.Max(2 * h - 1, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1 + tt) * fac;
        var hMatrix = new double[m, m];
        for (var i = 1; i < m; i++)
        {
            for (var r = i - 1; r < m; r++)
                hMatrix[r, i] = w[r - i + 1];
        }
        for (var r = 0; r < m; r++)
            hMatrix[r, 0] = v[r];
        for (var c = 0; c < m; c++)
            hMatrix[m - 1, c] = v[m - 1 - c];

        var power = Identity(m);
        int exponent = 0, hExponent = 0;
        for (var nn = n; nn > 0; nn /= 2)
        {
            if (nn % 2 == 1)
            {
                power = Multiply(power, hMatrix);
                exponent += hExponent;
            }
            hMatrix = Multiply(hMatrix, hMatrix);
            hExponent *= 2;
            if (Math.Abs(hMatrix[k - 1, k - 1]) > Math.ScaleB(1.0, E128))
            {
                Scale(hMatrix, Math.ScaleB(1.0, -E128));
                hExponent += E128;
            }
        }
        var p = power[k - 1, k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Math.ScaleB(1.0, -E128))
            {
                p *= Math.ScaleB(1.0, E128);
                exponent -= E128;
            }
        }
        return Clip(exponent != 0 ? Math.ScaleB(p, exponent) : p);
    }

    /// <summary>P(D_n &lt;= x) by the Pelz-Good expansion (scipy's _kolmogn_PelzGood).</summary>
    public static double PelzGood(int n, double x)
    {
        if (x <= 0)
            return 0;
        if (x >= 1)
            return 1;
        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        const double Pi2 = Math.PI * Math.PI, Pi4 = Pi2 * Pi2, Pi6 = Pi4 * Pi2;
        var sqrt2Pi = Math.Sqrt(2 * Math.PI);
        var qlog = -Pi2 / 8 / z2;
        if (qlog < -708)
            return 0;
        var q = Math.Exp(qlog);
        double k1a = -z2, k1b = Pi2 / 4;
        double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * Pi2 / 4, k2c = Pi4 * (1 - 2 * z2) / 16;
        double k3d = Pi6 * (5 - 30 * z2) / 64, k3c = Pi4 * (-60 * z2 + 212 * z4) / 16, k3b = Pi2 * (135 * z4 - 96 * z6) / 4,
            k3a = -30 * z6 - 90 * Math.Pow(z, 8);
        var sums = new double[4];
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var kk = maxk; kk >= 1; kk--)
        {
            double mm = 2 * kk - 1, m2 = mm * mm, m4 = m2 * m2, m6 = m4 * m2;
            var qpower = Math.Pow(q, 8 * kk);
            double[] coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
            for (var c = 0; c < 4; c++)
                sums[c] = sums[c] * qpower + coeffs[c];
        }
        double[] divisors = [z, 6 * z4, 72 * Math.Pow(z, 7), 6480 * Math.Pow(z, 10)];
        for (var c = 0; c < 4; c++)
            sums[c] = sums[c] * q * sqrt2Pi / divisors[c];
        var q2 = Math.Exp(-Pi2 / 2 / z2);
        double k2extra = 0, k3extra = 0;
        var sqrt3z = Math.Sqrt(3) * z;
        for (var kk = maxk; kk >= 1; kk--)
        {
            var kSquared = (double)kk * kk;
            var qp = Math.Pow(q2, kSquared);
            k2extra += kSquared * qp;
            var kpi = Math.PI * kk;
            k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * kSquared * qp;
        }
        sums[2] += k2extra * Pi2 * sqrt2Pi / (-36 * z3);
        sums[3] += k3extra * Pi2 * sqrt2Pi / (216 * z6);
        double total = 0;
        for (var c = 0; c < 4; c++)
            total += sums[c] / Math.Pow(n, c / 2.0);
        return total;
    }

    private static double LogFactorialOverPower(int n)
    {
        // log(n!/n^n) by Stirling with scipy's coefficients.
        double[] coefficients = [-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
            8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2];
        var rn = 1.0 / n;
        var y = rn / n;
        double poly = 0;
        foreach (var c in coefficients)
            poly = poly * y + c;
        return Math.Log(n) / 2 - n + Math.Log(2 * Math.PI) / 2 + rn * poly;
    }

    private static double Clip(double p) => Math.Clamp(p, 0, 1);

    private static double[,] Identity(int m)
    {
        var result = new double[m, m];
        for (var i = 0; i < m; i++)
            result[i, i] = 1;
        return result;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = a.GetLength(0);
        var result = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            for (var k = 0; k < m; k++)
            {
                var aik = a[i, k];
                if (aik == 0)
                    continue;
                for (var j = 0; j < m; j++)
                    result[i, j] += aik * b[k, j];
            }
        }
        return result;
    }

    private static void Scale(double[,] a, double factor)
    {
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
                a[i, j] *= factor;
        }
    }
}
