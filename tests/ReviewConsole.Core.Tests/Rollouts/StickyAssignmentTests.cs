using ReviewConsole.Core.Rollouts;

namespace ReviewConsole.Core.Tests.Rollouts;

public sealed class StickyAssignmentTests
{
    [Fact]
    public void AUnitThatSawTheChallengerKeepsSeeingItAsTheShareGrows()
    {
        var units = Enumerable.Range(0, 20_000).Select(i => $"customer-{i}").ToList();
        double[] ramp = [1, 5, 10, 25, 50, 100];

        for (var step = 1; step < ramp.Length; step++)
        {
            var before = units.Where(u => StickyAssignment.SeesChallenger("rollout-7", u, ramp[step - 1])).ToHashSet();
            var after = units.Where(u => StickyAssignment.SeesChallenger("rollout-7", u, ramp[step])).ToHashSet();
            Assert.True(before.IsSubsetOf(after), $"someone left the challenger between {ramp[step - 1]}% and {ramp[step]}%");
        }
        Assert.All(units, u => Assert.True(StickyAssignment.SeesChallenger("rollout-7", u, 100)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(25)]
    [InlineData(50)]
    public void TheRealisedShareIsWithinSamplingErrorOfTheTarget(double percent)
    {
        const int n = 100_000;
        var seen = Enumerable.Range(0, n).Count(i => StickyAssignment.SeesChallenger("rollout-42", $"INV-{i}", percent));

        var p = percent / 100;
        var standardError = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange(seen / (double)n, p - 4 * standardError, p + 4 * standardError);
    }

    [Fact]
    public void PositionsAreStableAndDifferBetweenRollouts()
    {
        Assert.Equal(StickyAssignment.Position("r1", "unit"), StickyAssignment.Position("r1", "unit"));
        Assert.NotEqual(StickyAssignment.Position("r1", "unit"), StickyAssignment.Position("r2", "unit"));
        Assert.InRange(StickyAssignment.Position("r1", ""), 0, 1);
    }
}
