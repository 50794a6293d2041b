namespace ReviewConsole.Core.Rollouts;

public enum CanaryAction
{
    Hold,
    Advance,
    RollBack,
}

/// <summary>The canary's settings: the ramp, the margin of precision the challenger may lose, and the evidence per step.</summary>
/// <param name="AdvanceAlpha">
/// The chance, at most, that a step advances although the challenger is worse than the champion by more than the
/// margin (5%).
/// </param>
/// <param name="RollbackAlpha">
/// The chance, at most, that a challenger exactly at the margin is ever rolled back (20%; for equal versions the
/// simulations measure 0.2%). Looser than the advance: a rollback costs a restart, a worse challenger left running
/// costs decisions, so the rule leans towards acting on a bad challenger quickly.
/// </param>
public sealed record CanarySettings(IReadOnlyList<double> Steps, double Margin = 0.02, int MinAudits = 50, TimeSpan? Dwell = null,
    double AdvanceAlpha = 0.05, double RollbackAlpha = 0.2, double Rho = ProportionComparison.DefaultRho)
{
    public static IReadOnlyList<double> DefaultSteps { get; } = [1, 5, 10, 25, 50, 100];

    public TimeSpan MinimumDwell => Dwell ?? TimeSpan.FromMinutes(10);
}

/// <summary>What the canary should do now, why, and (when holding for evidence) how many more challenger audits it needs.</summary>
public sealed record CanaryDecision(CanaryAction Action, string Reason, ComparisonBounds Bounds, long? AuditsNeeded = null);

/// <summary>
/// The canary's step rule, checked after every audit (the bounds stay valid however often they are looked at):
/// - roll back when the challenger is credibly worse than the champion by more than the margin
///   (the upper bound of challenger - champion is below -margin);
/// - advance when the current step has its minimum audits and dwell time and the challenger is credibly not worse
///   by more than the margin (the lower bound is above -margin);
/// - otherwise hold: it never advances for lack of failures, and says how many more audits should settle it.
/// </summary>
public static class CanaryRule
{
    public static CanaryDecision Decide(CanarySettings settings, ArmCounts challenger, ArmCounts champion, long auditsThisStep, TimeSpan inStep)
    {
        var rollback = ProportionComparison.Compare(challenger, champion, settings.RollbackAlpha, settings.Rho);
        if (challenger.Audited > 0 && champion.Audited > 0 && rollback.Upper < -settings.Margin)
            return new CanaryDecision(CanaryAction.RollBack,
                $"The challenger is credibly worse than the champion by more than {settings.Margin * 100:0.#} points: challenger - champion is at most {rollback.Upper:+0.0%;-0.0%}.",
                rollback);
        var bounds = ProportionComparison.Compare(challenger, champion, settings.AdvanceAlpha, settings.Rho);
        if (auditsThisStep < settings.MinAudits)
            return new CanaryDecision(CanaryAction.Hold,
                $"Waiting for {settings.MinAudits - auditsThisStep} more audited challenger item{(settings.MinAudits - auditsThisStep == 1 ? "" : "s")} at this step ({auditsThisStep} of {settings.MinAudits}).",
                bounds, settings.MinAudits - auditsThisStep);
        if (bounds.Lower <= -settings.Margin)
            return new CanaryDecision(CanaryAction.Hold,
                $"Not yet credible that the challenger is within {settings.Margin * 100:0.#} points of the champion: challenger - champion is at least {bounds.Lower:+0.0%;-0.0%}.",
                bounds, AuditsToSettle(settings, challenger, champion));
        if (inStep < settings.MinimumDwell)
            return new CanaryDecision(CanaryAction.Hold,
                $"Evidence is in; the step lasts at least {settings.MinimumDwell.TotalMinutes:0} minutes ({(settings.MinimumDwell - inStep).TotalMinutes:0.#} to go).",
                bounds, 0);
        return new CanaryDecision(CanaryAction.Advance,
            $"{auditsThisStep} audits at this step and the challenger is credibly within {settings.Margin * 100:0.#} points of the champion " +
            $"(challenger - champion at least {bounds.Lower:+0.0%;-0.0%}).", bounds);
    }

    /// <summary>
    /// How many more challenger audits would lift the lower bound above -margin if both arms kept their current
    /// precision and the champion kept its share of audits; null when no amount would (the challenger is that much worse).
    /// </summary>
    public static long? AuditsToSettle(CanarySettings settings, ArmCounts challenger, ArmCounts champion, long limit = 1_000_000)
    {
        if (challenger.Audited == 0 || champion.Audited == 0 || challenger.Rate - champion.Rate <= -settings.Margin)
            return null;
        var championPerChallenger = (double)champion.Audited / challenger.Audited;
        bool Settled(long more)
        {
            var b = challenger.Audited + more;
            var a = champion.Audited + (long)Math.Round(more * championPerChallenger);
            var bounds = ProportionComparison.Compare(new ArmCounts((long)Math.Round(challenger.Rate * b), b),
                new ArmCounts((long)Math.Round(champion.Rate * a), a), settings.AdvanceAlpha, settings.Rho);
            return bounds.Lower > -settings.Margin;
        }
        if (!Settled(limit))
            return null;
        long low = 0, high = limit;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (Settled(middle))
                high = middle;
            else
                low = middle + 1;
        }
        return low;
    }
}
