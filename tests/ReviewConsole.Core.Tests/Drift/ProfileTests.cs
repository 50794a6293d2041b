using System.Text.Json;
using ReviewConsole.Core.Drift;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Core.Tests.Drift;

public sealed class ProfileTests
{
    private static double[] Amounts(int seed, int count, double scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Math.Round(scale * Math.Exp(random.NextDouble() * 3), 2)).ToArray();
    }

    private static FeatureProfile Profile(IEnumerable<double> values)
    {
        var profile = new FeatureProfile();
        foreach (var v in values)
            profile.Observe(FeatureType.Numeric, JsonSerializer.SerializeToElement(v));
        return profile;
    }

    [Fact]
    public void NumericProfilesTrackTheExactStatistics()
    {
        var reference = Amounts(1, 50_000, 100);
        var current = Amounts(2, 50_000, 115);

        var fromProfiles = ProfileComparison.Numeric("amount", Profile(reference), Profile(current));
        var exact = KolmogorovSmirnov.TwoSample(reference, current);

        Assert.Equal(exact.Statistic, fromProfiles.Test!.Value.Statistic, 0.01);
        Assert.Equal(PopulationStability.Numeric(reference, current), fromProfiles.Psi, 0.02);
    }

    [Fact]
    public void ANewCategoryShowsUpInPsiAndTheTest()
    {
        var reference = new FeatureProfile();
        var current = new FeatureProfile();
        reference.Add("DE", 500);
        reference.Add("FR", 500);
        current.Add("DE", 350);
        current.Add("FR", 350);
        current.Add("US", 300);

        var comparison = ProfileComparison.Categorical("country", "categorical", reference, current);

        Assert.True(comparison.Psi > 0.25, $"psi {comparison.Psi}");
        Assert.True(comparison.Test!.Value.PValue < 1e-10);
    }

    [Fact]
    public void BinsRoundTripToTheirScale()
    {
        foreach (var value in new[] { -5000.0, -1, 0, 0.5, 1, 42, 1e6 })
        {
            var bin = FeatureProfile.NumericBin(value);
            Assert.InRange(value, FeatureProfile.NumericBinStart(bin) - 1e-9, FeatureProfile.NumericBinStart(bin + 1) + 1e-9);
        }
    }

    [Fact]
    public void WithoutAReferenceThereIsNothingToOverlay() =>
        Assert.Empty(ProfileComparison.Shares(FeatureType.Numeric, new FeatureProfile(), Profile([1.0, 2.0, 3.0])));

    [Fact]
    public void AnEmptyCurrentWindowHasNoShareAnywhere()
    {
        var reference = new FeatureProfile();
        foreach (var (key, count) in new[] { ("DE", 5L), ("FR", 3L), ("NL", 2L) })
            reference.Add(key, count);

        var shares = ProfileComparison.Shares(FeatureType.Categorical, reference, new FeatureProfile(), top: 2);

        Assert.Equal(["DE", "FR", "(other)"], shares.Select(s => s.Label));
        Assert.All(shares, s => Assert.Equal(0, s.Current));
        Assert.Equal(1, shares.Sum(s => s.Reference), 9);
    }

    [Theory]
    [InlineData(312.4, "312")]
    [InlineData(1404, "1.4k")]
    [InlineData(-7980, "-7.98k")]
    [InlineData(2_050_000, "2.05M")]
    [InlineData(0.0123, "0.0123")]
    public void NumericLabelsAreCompact(double value, string label) => Assert.Equal(label, ProfileComparison.Compact(value));

    [Fact]
    public void TheOuterDecilesAreOpenEnded()
    {
        var values = Enumerable.Range(1, 1000).Select(i => (double)i).ToArray();

        var shares = ProfileComparison.Shares(FeatureType.Numeric, Profile(values), Profile(values));

        Assert.StartsWith("< ", shares[0].Label);
        Assert.StartsWith("≥ ", shares[^1].Label);
        Assert.DoesNotContain("E+", string.Concat(shares.Select(s => s.Label)));
    }
}
