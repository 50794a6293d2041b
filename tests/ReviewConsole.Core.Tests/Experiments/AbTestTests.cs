using ReviewConsole.Core.Experiments;
using ReviewConsole.Core.Rollouts;
using Xunit.Abstractions;

namespace ReviewConsole.Core.Tests.Experiments;

/// <summary>
/// The A/B verdict, checked after every item as the console does: A/A simulations must almost never name a winner,
/// and a 5-point difference must be found within the checks the method plans for it.
/// </summary>
public sealed class AbTestTests(ITestOutputHelper output)
{
    /// <summary>An even split; after each pair of checked decisions the verdict is read. Returns the verdict that ended it, and when.</summary>
    private static (AbVerdict Verdict, long PerArm) Run(int seed, double champion, double challenger, long maxPerArm, double margin = 0.02)
    {
        var random = new Random(seed);
        long aCorrect = 0, bCorrect = 0;
        for (long n = 1; n <= maxPerArm; n++)
        {
            aCorrect += random.NextDouble() < champion ? 1 : 0;
            bCorrect += random.NextDouble() < challenger ? 1 : 0;
            var decision = AbTest.Decide(new ArmCounts(bCorrect, n), new ArmCounts(aCorrect, n), margin, estimate: false);
            if (decision.Verdict is AbVerdict.ChallengerBetter or AbVerdict.ChampionBetter)
                return (decision.Verdict, n);
        }
        return (AbVerdict.Collecting, maxPerArm);
    }

    [Fact]
    public void EqualVersionsAlmostNeverHaveAWinnerThoughTheVerdictIsReadAfterEveryItem()
    {
        const int runs = 400;
        var winners = Enumerable.Range(0, runs).Count(seed => Run(seed, 0.9, 0.9, 3000).Verdict != AbVerdict.Collecting);
        output.WriteLine($"A/A at 90%, up to 3,000 checks per arm, read after every one: a winner named in {winners}/{runs} runs");

        Assert.True(winners <= runs * 0.05, $"{winners} of {runs} A/A runs named a winner");
    }

    [Fact]
    public void AFivePointDifferenceIsFoundWithinThePlannedChecks()
    {
        var planned = AbTest.PlannedChecksPerArm(0.85, 0.90);
        const int runs = 300;
        var outcomes = Enumerable.Range(0, runs).Select(seed => Run(1000 + seed, 0.85, 0.90, planned)).ToList();
        var found = outcomes.Count(o => o.Verdict == AbVerdict.ChallengerBetter);
        output.WriteLine($"85% vs 90%: {planned} checks per arm planned for 80% power; challenger found better within them in {found}/{runs} runs, " +
                         $"median {outcomes.Where(o => o.Verdict == AbVerdict.ChallengerBetter).Select(o => o.PerArm).Order().ElementAtOrDefault(found / 2)} per arm; " +
                         $"wrong way {outcomes.Count(o => o.Verdict == AbVerdict.ChampionBetter)}");

        Assert.True(found >= runs * 0.75, $"found in {found} of {runs}");
        Assert.Equal(0, outcomes.Count(o => o.Verdict == AbVerdict.ChampionBetter));
    }

    [Fact]
    public void TheVerdictNamesNoDifferenceWhenBothBoundsAreWithinTheMarginAndSaysHowManyMoreOtherwise()
    {
        var same = AbTest.Decide(new ArmCounts(18_000, 20_000), new ArmCounts(18_010, 20_000), margin: 0.02);
        var early = AbTest.Decide(new ArmCounts(45, 50), new ArmCounts(44, 50), margin: 0.02);
        var none = AbTest.Decide(new ArmCounts(0, 0), new ArmCounts(44, 50), margin: 0.02);

        Assert.Equal(AbVerdict.NoDifference, same.Verdict);
        Assert.Equal(AbVerdict.Collecting, early.Verdict);
        Assert.InRange(early.ChecksNeeded!.Value, 1_000, 100_000);
        Assert.Equal((AbVerdict.Collecting, (long?)null), (none.Verdict, none.ChecksNeeded));
        Assert.Equal(AbVerdict.ChallengerBetter, AbTest.Decide(new ArmCounts(950, 1000), new ArmCounts(850, 1000), 0.02).Verdict);
        Assert.Equal(AbVerdict.ChampionBetter, AbTest.Decide(new ArmCounts(850, 1000), new ArmCounts(950, 1000), 0.02).Verdict);
    }

    /// <summary>
    /// Against statsmodels' fixed-sample 95% Wald interval (<c>confint_proportions_2indep</c>, references.py): the
    /// always-valid bounds are centred on the same difference, always contain it (validity at every look costs width),
    /// and are not absurdly wider.
    /// </summary>
    [Theory]
    [InlineData(90, 100, 85, 100, -0.041406635071036924, 0.141406635071037)]
    [InlineData(450, 500, 425, 500, 0.009121710077329051, 0.09087828992267104)]
    [InlineData(1800, 2000, 1700, 2000, 0.029560855038664548, 0.07043914496133555)]
    [InlineData(9000, 10000, 8950, 10000, -0.003406737693881029, 0.013406737693881038)]
    [InlineData(45, 50, 30, 50, 0.14077177317893283, 0.45922822682106723)]
    [InlineData(480, 500, 490, 500, -0.041109458145592456, 0.0011094581455924242)]
    public void TheAlwaysValidBoundsContainStatsmodelsFixedSampleInterval(long c1, long n1, long c2, long n2, double waldLower, double waldUpper)
    {
        var bounds = AbTest.Decide(new ArmCounts(c1, n1), new ArmCounts(c2, n2), margin: 0.02, estimate: false).Bounds;

        Assert.Equal((waldLower + waldUpper) / 2, bounds.Difference, 9);
        Assert.True(bounds.Lower <= waldLower && bounds.Upper >= waldUpper, $"[{bounds.Lower}, {bounds.Upper}] against [{waldLower}, {waldUpper}]");
        var ratio = (Math.Min(bounds.Upper, 1) - Math.Max(bounds.Lower, -1)) / (waldUpper - waldLower);
        output.WriteLine($"{c1}/{n1} vs {c2}/{n2}: always-valid width {ratio:0.00} times the fixed-sample one");
        Assert.InRange(ratio, 1, 4);
    }
}
