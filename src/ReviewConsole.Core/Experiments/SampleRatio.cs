using MathNet.Numerics;

namespace ReviewConsole.Core.Experiments;

/// <summary>A sample-ratio-mismatch check: is the observed split of units between two arms plausible under the configured one?</summary>
/// <param name="ChiSquare">Pearson's statistic, one degree of freedom.</param>
/// <param name="PValue">P(χ²₁ ≥ statistic): below <see cref="SampleRatio.Threshold"/> the split is broken, and so is the experiment.</param>
public sealed record SampleRatioCheck(long Champion, long Challenger, double ExpectedChallengerShare, double ChiSquare, double PValue)
{
    public bool Mismatch => PValue < SampleRatio.Threshold;
}

/// <summary>
/// Pearson's chi-square goodness-of-fit test of the arms' counts against the configured share, as
/// <c>scipy.stats.chisquare([a, b], [n (1 - s), n s])</c> computes it, and as GrowthBook and Optimizely check
/// feature-flag experiments. A mismatch means units do not reach the arms as assigned (a client dropping one arm's
/// items, a bug in routing), so no comparison of the arms can be trusted.
/// </summary>
public static class SampleRatio
{
    /// <summary>The conventional SRM threshold: strict, because the check runs after every item.</summary>
    public const double Threshold = 0.001;

    public static SampleRatioCheck Check(long champion, long challenger, double expectedChallengerShare)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(champion);
        ArgumentOutOfRangeException.ThrowIfNegative(challenger);
        if (expectedChallengerShare is <= 0 or >= 1 || double.IsNaN(expectedChallengerShare))
            throw new ArgumentOutOfRangeException(nameof(expectedChallengerShare), "A share strictly between 0 and 1.");
        var n = champion + challenger;
        if (n == 0)
            return new SampleRatioCheck(0, 0, expectedChallengerShare, 0, 1);
        var expectedChallenger = n * expectedChallengerShare;
        var expectedChampion = n - expectedChallenger;
        var statistic = Math.Pow(challenger - expectedChallenger, 2) / expectedChallenger + Math.Pow(champion - expectedChampion, 2) / expectedChampion;
        // The survival function of χ² with one degree of freedom: erfc(sqrt(x / 2)).
        return new SampleRatioCheck(champion, challenger, expectedChallengerShare, statistic, SpecialFunctions.Erfc(Math.Sqrt(statistic / 2)));
    }
}
