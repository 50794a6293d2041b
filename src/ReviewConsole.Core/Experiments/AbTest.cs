using MathNet.Numerics.Distributions;
using ReviewConsole.Core.Rollouts;

namespace ReviewConsole.Core.Experiments;

public enum AbVerdict
{
    Collecting,
    ChallengerBetter,
    ChampionBetter,
    NoDifference,
}

/// <param name="Bounds">Challenger - champion with its two-sided always-valid bounds (each side at alpha / 2).</param>
/// <param name="ChecksNeeded">While collecting: about how many more checked decisions (both arms, at the current split and rates) settle it.</param>
public sealed record AbDecision(AbVerdict Verdict, ComparisonBounds Bounds, long? ChecksNeeded);

/// <summary>
/// The A/B experiment's running verdict on its primary metric (precision of auto-decisions from blind audits, or
/// agreement with reviewers below partial), checked after every item. It uses the same always-valid confidence
/// sequence as the canary (<see cref="ProportionComparison"/>, Howard et al. 2021 with plug-in variances as in
/// Waudby-Smith et al. 2021), two-sided: each bound at alpha / 2, so however often it is looked at, the chance of
/// ever naming a winner between equal versions is at most alpha.
/// <list type="bullet">
/// <item>"challenger-better" when the lower bound of challenger - champion is above 0; "champion-better" when the upper bound is below 0;</item>
/// <item>"no-difference" when both bounds are within the margin (no difference larger than it);</item>
/// <item>else "collecting", with the checks that should settle it if the rates hold.</item>
/// </list>
/// </summary>
public static class AbTest
{
    public const double DefaultAlpha = 0.05;

    /// <param name="estimate">Estimate the checks still needed while collecting (a search; simulations leave it out).</param>
    public static AbDecision Decide(ArmCounts challenger, ArmCounts champion, double margin, double alpha = DefaultAlpha,
        double rho = ProportionComparison.DefaultRho, bool estimate = true)
    {
        var bounds = ProportionComparison.Compare(challenger, champion, alpha / 2, rho);
        if (challenger.Audited == 0 || champion.Audited == 0)
            return new AbDecision(AbVerdict.Collecting, bounds, null);
        if (bounds.Lower > 0)
            return new AbDecision(AbVerdict.ChallengerBetter, bounds, null);
        if (bounds.Upper < 0)
            return new AbDecision(AbVerdict.ChampionBetter, bounds, null);
        if (bounds.Lower > -margin && bounds.Upper < margin)
            return new AbDecision(AbVerdict.NoDifference, bounds, null);
        return new AbDecision(AbVerdict.Collecting, bounds, estimate ? ChecksNeeded(challenger, champion, margin, alpha, rho) : null);
    }

    /// <summary>
    /// More checks (both arms, in their current proportion) until the bounds, at the observed rates, would either
    /// exclude 0 or fit within the margin; null when neither would happen within a million times the evidence.
    /// </summary>
    private static long? ChecksNeeded(ArmCounts challenger, ArmCounts champion, double margin, double alpha, double rho)
    {
        bool Settled(double scale)
        {
            var bounds = ProportionComparison.Compare(Scale(challenger, scale), Scale(champion, scale), alpha / 2, rho);
            return bounds.Lower > 0 || bounds.Upper < 0 || bounds.Lower > -margin && bounds.Upper < margin;
        }
        double low = 1, high = 2;
        while (!Settled(high))
        {
            if ((high *= 2) > 1e6)
                return null;
        }
        while (high - low > 0.01 * low)
        {
            var mid = (low + high) / 2;
            if (Settled(mid))
                high = mid;
            else
                low = mid;
        }
        return (long)Math.Ceiling((high - 1) * (challenger.Audited + champion.Audited));
    }

    private static ArmCounts Scale(ArmCounts arm, double scale) => new((long)Math.Round(arm.Correct * scale), (long)Math.Round(arm.Audited * scale));

    /// <summary>
    /// Checks per arm planned for an even split to name the better of two versions with rates <paramref name="champion"/>
    /// and <paramref name="challenger"/> with the given power: the smallest n where the difference clears the
    /// always-valid half-width by z(power) standard errors.
    /// </summary>
    public static long PlannedChecksPerArm(double champion, double challenger, double power = 0.8, double alpha = DefaultAlpha,
        double rho = ProportionComparison.DefaultRho)
    {
        var difference = Math.Abs(challenger - champion);
        if (difference == 0)
            throw new ArgumentOutOfRangeException(nameof(challenger), "Equal rates: no sample names a winner.");
        var z = Normal.InvCDF(0, 1, power);
        var unitVariance = champion * (1 - champion) + challenger * (1 - challenger);
        for (long n = 2; n < 100_000_000; n = Math.Max(n + 1, (long)(n * 1.01)))
        {
            var information = n / unitVariance;
            var halfWidth = ProportionComparison.Boundary(information, rho, alpha / 2) / information;
            if (difference - halfWidth >= z * Math.Sqrt(unitVariance / n))
                return n;
        }
        throw new ArgumentOutOfRangeException(nameof(challenger), "The difference is too small to plan for.");
    }
}
