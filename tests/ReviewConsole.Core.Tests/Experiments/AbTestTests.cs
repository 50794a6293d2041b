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
}
