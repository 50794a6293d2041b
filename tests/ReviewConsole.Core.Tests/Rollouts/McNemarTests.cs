using ReviewConsole.Core.Rollouts;

namespace ReviewConsole.Core.Tests.Rollouts;

/// <summary>Reference values from scipy 1.10: min(1, 2 * binom.cdf(min(b, c), b + c, 0.5)), as statsmodels' mcnemar(exact=True).</summary>
public sealed class McNemarTests
{
    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(1, 0, 1.0)]
    [InlineData(5, 1, 0.21875)]
    [InlineData(10, 3, 0.09228515625)]
    [InlineData(25, 10, 0.016673847800120715)]
    [InlineData(40, 60, 0.05688793364098088)]
    [InlineData(3, 17, 0.0025768280029296875)]
    [InlineData(100, 120, 0.20009222902827126)]
    public void ExactPValuesMatchScipy(long onlyFirst, long onlySecond, double expected)
    {
        Assert.Equal(expected, McNemar.ExactPValue(onlyFirst, onlySecond), 12);
        Assert.Equal(expected, McNemar.ExactPValue(onlySecond, onlyFirst), 12);
    }
}

public sealed class PairedEvidenceTests
{
    [Fact]
    public void CountsEachVersionsAgreementTheirOwnAndTheDiscordantPairsPerSlice()
    {
        PairedItem Item(long id, string human, string champion, string challenger, string slice) => new(id, $"x{id}", human, champion, challenger, slice);
        var items = new[]
        {
            Item(1, "a", "a", "a", "DE"), Item(2, "a", "b", "a", "DE"), Item(3, "b", "b", "a", "FR"),
            Item(4, "b", "a", "b", "FR"), Item(5, "c", "a", "b", "FR"), Item(6, "c", "c", "c", "DE"),
        };

        var (overall, slices) = PairedEvidence.Compute(items);

        Assert.Equal((6L, 3L, 4L, 2L, 1L, 2L), (overall.Items, overall.ChampionRight, overall.ChallengerRight, overall.VersionsAgree,
            overall.OnlyChampionRight, overall.OnlyChallengerRight));
        Assert.Equal(1.0, overall.McNemarP, 12);
        Assert.Equal(["DE", "FR"], slices.Select(s => s.Slice));
        Assert.Equal((3L, 2L, 3L), (slices[0].Items, slices[0].ChampionRight, slices[0].ChallengerRight));
    }
}
