namespace ReviewConsole.Core.Rollouts;

/// <summary>Audited decisions of one arm: how many a reviewer found right, of how many audited.</summary>
public readonly record struct ArmCounts(long Correct, long Audited)
{
    public double Rate => Audited == 0 ? double.NaN : (double)Correct / Audited;
}

/// <summary>Where the challenger's precision stands against the champion's, with bounds valid at every look.</summary>
/// <param name="Difference">Challenger minus champion.</param>
/// <param name="Lower">The difference is above this, however often it has been looked at (one-sided, level alpha).</param>
/// <param name="Upper">The difference is below this, likewise.</param>
public sealed record ComparisonBounds(double Difference, double Lower, double Upper);

/// <summary>
/// An always-valid comparison of two proportions: a confidence sequence for the difference in precision between
/// the challenger and the champion, so the canary may look after every audit without inflating its error rates.
/// <para>
/// Method: the one-sided normal-mixture boundary of Howard, Ramdas, McAuliffe and Sekhon (2021), "Time-uniform,
/// nonparametric, nonasymptotic confidence sequences", Annals of Statistics 49(2), eq. (14):
/// S ≤ sqrt(2 (V + ρ) log(sqrt((V + ρ) / ρ) / (2α) + 1)) for all times with probability at least 1 - α, applied on
/// the information scale (V = 1 / Var of the difference, S = V (estimate - truth)), with the arms' variances
/// plugged in as in the asymptotic confidence sequences of Waudby-Smith, Arbour, Sinha, Kennedy and Ramdas
/// (2021), "Time-uniform central limit theory and asymptotic confidence sequences". The variances use the
/// add-one estimate (c + 1) / (n + 2), so an arm with no errors yet does not claim certainty. ρ sets where
/// the boundary is tightest: <see cref="DefaultRho"/> is tuned for the information of a few hundred audits.
/// The simulations in the tests check the error rates this gives.
/// </para>
/// </summary>
public static class ProportionComparison
{
    public const double DefaultAlpha = 0.05;

    /// <summary>
    /// Chosen by the canary simulations (tests, docs/benchmarks.md) among 25 to 2,000: the boundary is then tightest
    /// around a few hundred challenger audits, where a rollout's decisions fall.
    /// </summary>
    public const double DefaultRho = 300;

    public static ComparisonBounds Compare(ArmCounts challenger, ArmCounts champion, double alpha = DefaultAlpha, double rho = DefaultRho)
    {
        if (challenger.Audited == 0 || champion.Audited == 0)
            return new ComparisonBounds(double.NaN, -1, 1);
        var difference = challenger.Rate - champion.Rate;
        var variance = Variance(challenger) + Variance(champion);
        var information = 1 / variance;
        var halfWidth = Boundary(information, rho, alpha) / information;
        return new ComparisonBounds(difference, Math.Max(-1, difference - halfWidth), Math.Min(1, difference + halfWidth));
    }

    /// <summary>One-sided normal-mixture boundary at intrinsic time <paramref name="v"/> (Howard et al. 2021, eq. 14).</summary>
    public static double Boundary(double v, double rho, double alpha) =>
        Math.Sqrt(2 * (v + rho) * Math.Log(Math.Sqrt((v + rho) / rho) / (2 * alpha) + 1));

    private static double Variance(ArmCounts arm)
    {
        var p = (arm.Correct + 1.0) / (arm.Audited + 2.0);
        return p * (1 - p) / arm.Audited;
    }
}
