using ReviewConsole.Core.Drift;

namespace ReviewConsole.Core.Tests.Drift;

public sealed class AgreementDriftTests
{
    // Newcombe (1998), "Interval estimation for the difference between independent proportions", Table II, method 10.
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    public void TheDifferenceIntervalMatchesNewcombe(int s1, int n1, int s2, int n2, double lower, double upper)
    {
        var interval = AgreementDrift.DifferenceInterval(s1, n1, s2, n2);

        Assert.Equal(lower, interval.Lower, 4);
        Assert.Equal(upper, interval.Upper, 4);
    }

    private static long Agreed(ulong seed, long compared, double rate)
    {
        var x = seed;
        long agreed = 0;
        for (var i = 0; i < compared; i++)
        {
            x = unchecked(x * 6364136223846793005UL + 1442695040888963407UL);
            if ((x >> 11) * (1.0 / (1UL << 53)) < rate)
                agreed++;
        }
        return agreed;
    }

    // False-alarm rate stated by this test: 0 alerts in 50 stable draws, with 500 and with 200,000 labelled items a side.
    [Theory]
    [InlineData(500)]
    [InlineData(200_000)]
    public void FiftyStableDrawsRaiseNoAlert(int compared)
    {
        var alerts = Enumerable.Range(0, 50).Count(draw =>
            AgreementDrift.Assess(compared, Agreed((ulong)draw * 2 + 1, compared, 0.9), compared, Agreed((ulong)draw * 2 + 2, compared, 0.9)).Severity
            > DriftSeverity.None);

        Assert.Equal(0, alerts);
    }

    [Fact]
    public void AFallOfFifteenPointsOnFourHundredLabelsIsMajor()
    {
        var change = AgreementDrift.Assess(400, Agreed(1, 400, 0.92), 400, Agreed(2, 400, 0.77));

        Assert.Equal(DriftSeverity.Major, change.Severity);
        Assert.True(change.ChangeInterval!.Value.Upper < 0);
        Assert.StartsWith("Fell −", change.Reason);
    }

    [Fact]
    public void ASignificantFallUnderTheFloorIsNotAnAlert()
    {
        var change = AgreementDrift.Assess(200_000, 180_000, 200_000, 176_000);

        Assert.Equal(DriftSeverity.None, change.Severity);
        Assert.Contains("under the 5-point floor", change.Reason);
    }

    [Fact]
    public void AFallBetweenFiveAndTenPointsIsModerate()
    {
        Assert.Equal(DriftSeverity.Moderate, AgreementDrift.Assess(5_000, 4_500, 5_000, 4_150).Severity);
    }

    [Fact]
    public void FewLabelsDecideNothingEvenWhenAgreementCollapses()
    {
        var change = AgreementDrift.Assess(1_000, 950, 20, 2);

        Assert.Equal(DriftSeverity.None, change.Severity);
        Assert.Contains("Too few labelled items", change.Reason);
        Assert.Null(change.ChangeInterval);
    }

    [Fact]
    public void ARiseIsNeverAnAlert()
    {
        Assert.Equal(DriftSeverity.None, AgreementDrift.Assess(1_000, 600, 1_000, 950).Severity);
    }
}
