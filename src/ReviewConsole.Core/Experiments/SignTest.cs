using ReviewConsole.Core.Rollouts;

namespace ReviewConsole.Core.Experiments;

/// <param name="ChallengerShare">The challenger's share of the credited picks (NaN with none).</param>
/// <param name="Lower">Clopper-Pearson 95% interval of that share, as scipy's <c>binomtest(k, n).proportion_ci(method="exact")</c>.</param>
/// <param name="PValue">Two-sided exact binomial p-value against an even split, as <c>binomtest(k, n, 0.5)</c>.</param>
public sealed record SignTestResult(long ChallengerWins, long ChampionWins, double ChallengerShare, double Lower, double Upper, double PValue);

/// <summary>
/// The sign test of an interleaved experiment: each pick credited to one version is a win for it; ties (picks
/// outside the list, or credited to neither) are left out. Under "no preference" wins are Binomial(n, 1/2).
/// </summary>
public static class SignTest
{
    public static SignTestResult Compare(long challengerWins, long championWins, double confidence = 0.95)
    {
        var n = challengerWins + championWins;
        if (n == 0)
            return new SignTestResult(0, 0, double.NaN, 0, 1, 1);
        var (lower, upper) = ExactInterval.Of(challengerWins, n, confidence);
        return new SignTestResult(challengerWins, championWins, (double)challengerWins / n, lower, upper,
            McNemar.ExactPValue(challengerWins, championWins));
    }
}
