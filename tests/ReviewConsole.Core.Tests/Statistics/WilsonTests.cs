using ReviewConsole.Core.Statistics;

namespace ReviewConsole.Core.Tests.Statistics;

public sealed class WilsonTests
{
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3 (score, no correction).
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    public void MatchesPublishedReferenceIntervals(int successes, int trials, double lower, double upper)
    {
        var interval = Wilson.Interval(successes, trials);

        Assert.Equal(lower, interval.Lower, 4);
        Assert.Equal(upper, interval.Upper, 4);
    }

    [Fact]
    public void AHigherConfidenceLevelWidensTheInterval()
    {
        var at95 = Wilson.Interval(80, 100);
        var at99 = Wilson.Interval(80, 100, 0.99);

        Assert.True(at99.Lower < at95.Lower && at99.Upper > at95.Upper);
    }

    [Fact]
    public void NoTrialsMeansNoInformation() => Assert.Equal(new Interval(0, 1), Wilson.Interval(0, 0));

    [Theory]
    [InlineData(0.975, 1.959963985)]
    [InlineData(0.995, 2.575829304)]
    [InlineData(0.5, 0)]
    [InlineData(0.01, -2.326347874)]
    public void NormalQuantileIsAccurate(double p, double z) => Assert.Equal(z, Normal.Quantile(p), 6);
}
