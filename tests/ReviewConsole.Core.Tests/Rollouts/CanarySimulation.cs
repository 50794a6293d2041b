using ReviewConsole.Core.Rollouts;

namespace ReviewConsole.Core.Tests.Rollouts;

/// <summary>
/// A canary played out audit by audit: the challenger decides the current share of items, its decisions are
/// audited at the rollout's rate (20%), the champion's at the workflow's (5%), and the rule is checked after every
/// challenger audit. Dwell time is left out: it delays steps, it does not change what the evidence says.
/// </summary>
public static class CanarySimulation
{
    public sealed record Outcome(bool RolledBack, bool Completed, long ChallengerAudits);

    public static Outcome Run(int seed, double champion, double challenger, long maxChallengerAudits = 20_000,
        double challengerAuditRate = 0.2, double championAuditRate = 0.05, CanarySettings? settings = null)
    {
        var random = new Random(seed);
        settings ??= new CanarySettings(CanarySettings.DefaultSteps, Dwell: TimeSpan.Zero);
        long bCorrect = 0, bAudited = 0, aCorrect = 0, aAudited = 0, thisStep = 0;
        var step = 0;
        double championDebt = 0;
        while (bAudited < maxChallengerAudits)
        {
            bAudited++;
            thisStep++;
            if (random.NextDouble() < challenger)
                bCorrect++;
            var share = settings.Steps[step] / 100;
            // Champion audits that arrive while one challenger audit does.
            championDebt += (1 - share) * championAuditRate / (share * challengerAuditRate);
            for (; championDebt >= 1; championDebt--)
            {
                aAudited++;
                if (random.NextDouble() < champion)
                    aCorrect++;
            }
            var decision = CanaryRule.Decide(settings, new ArmCounts(bCorrect, bAudited), new ArmCounts(aCorrect, Math.Max(aAudited, 1)), thisStep, TimeSpan.Zero);
            if (decision.Action == CanaryAction.RollBack)
                return new Outcome(true, false, bAudited);
            if (decision.Action == CanaryAction.Advance)
            {
                if (++step == settings.Steps.Count || settings.Steps[step] >= 100)
                    return new Outcome(false, true, bAudited);
                thisStep = 0;
            }
        }
        return new Outcome(false, false, bAudited);
    }
}
