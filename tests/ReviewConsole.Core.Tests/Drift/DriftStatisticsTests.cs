using ReviewConsole.Core.Drift;

namespace ReviewConsole.Core.Tests.Drift;

/// <summary>Each statistic against scipy 1.10 on the same data: the constants come from scipy_reference.py beside this file.</summary>
public sealed class DriftStatisticsTests
{
    // The LCG scipy_reference.py uses, reproduced bit for bit.
    private static double[] Uniforms(ulong seed, int count, double scale = 1, double shift = 0)
    {
        var values = new double[count];
        var x = seed;
        for (var i = 0; i < count; i++)
        {
            x = unchecked(x * 6364136223846793005UL + 1442695040888963407UL);
            values[i] = (x >> 11) * (1.0 / (1UL << 53)) * scale + shift;
        }
        return values;
    }

    [Theory]
    [InlineData(1, 300, 2, 300, 1.0, 0.1, 0.14333333333333334, 0.004164755648201053)]       // exact, equal sizes
    [InlineData(3, 200, 4, 350, 1.0, 0.05, 0.07785714285714286, 0.40290478144183023)]       // exact, unequal sizes
    [InlineData(5, 20000, 6, 20000, 1.0, 0.01, 0.017650000000000013, 0.0038899326691781587)] // asymptotic, Pelz-Good
    [InlineData(7, 30000, 8, 15000, 1.0, 0.02, 0.02233333333333333, 9.159043500011568e-05)]  // asymptotic, Smirnov tail
    [InlineData(9, 50, 10, 20000, 1.0, 0.08, 0.19615, 0.03679094817217454)]                  // asymptotic, small n
    [InlineData(11, 12000, 12, 12000, 1.0, 0.0, 0.008916666666666656, 0.7231532044757049)]   // asymptotic, no drift
    [InlineData(13, 40, 14, 60, 1.3, 0.0, 0.2, 0.2679772141826917)]                          // exact, small
    public void KolmogorovSmirnovMatchesScipy(int s1, int n1, int s2, int n2, double scale, double shift, double statistic, double pValue)
    {
        var result = KolmogorovSmirnov.TwoSample(Uniforms((ulong)s1, n1), Uniforms((ulong)s2, n2, scale, shift));

        Assert.Equal(statistic, result.Statistic, 1e-9);
        Assert.Equal(pValue, result.PValue, 1e-6);
    }

    [Theory]
    [InlineData(1, 300, 2, 300, 1.0, 0.1, 0.8120268256230752)]
    [InlineData(3, 200, 4, 350, 1.0, 0.05, 0.13529250611696558)]
    [InlineData(5, 20000, 6, 20000, 1.0, 0.01, 0.004436515153274183)]
    [InlineData(9, 50, 10, 20000, 1.0, 0.08, 0.8624943125810004)]
    [InlineData(11, 12000, 12, 12000, 1.0, 0.0, 0.0010592254483402816)]
    public void PsiMatchesTheNumpyReference(int s1, int n1, int s2, int n2, double scale, double shift, double psi) =>
        Assert.Equal(psi, PopulationStability.Numeric(Uniforms((ulong)s1, n1), Uniforms((ulong)s2, n2, scale, shift)), 1e-9);

    public static TheoryData<long[][], double, double> Tables => new()
    {
        { [[120, 80, 45, 30], [100, 95, 60, 20]], 7.246753246753246, 0.06443522737801881 },
        { [[30, 10], [18, 25]], 8.02288093507752, 0.004619003709089618 },
        { [[500, 300, 200], [450, 330, 260]], 11.106193577589462, 0.003875437230770958 },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void ChiSquareMatchesScipy(long[][] table, double statistic, double pValue)
    {
        var result = ChiSquare.Contingency(table);

        Assert.Equal(statistic, result.Statistic, 1e-9);
        Assert.Equal(pValue, result.PValue, 1e-9);
    }

    [Fact]
    public void IdenticalSamplesShowNoDrift()
    {
        var sample = Uniforms(21, 5000);

        Assert.Equal(0, PopulationStability.Numeric(sample, sample), 12);
        Assert.Equal((0.0, 1.0), (KolmogorovSmirnov.TwoSample(sample, sample).Statistic, KolmogorovSmirnov.TwoSample(sample, sample).PValue));
    }

    [Fact]
    public void RadixSortOrdersLikeAComparisonSortIncludingNegativesAndZeroes()
    {
        var values = Uniforms(31, 10_000, scale: 200, shift: -100).Concat([0.0, -0.0, double.MaxValue, double.MinValue, 1e-300, -1e-300]).ToArray();
        var expected = values.Order().ToArray();

        RadixSort.Sort(values);

        Assert.Equal(expected, values);
    }
}
