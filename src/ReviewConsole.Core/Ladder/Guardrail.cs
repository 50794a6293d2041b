using ReviewConsole.Core.Statistics;

namespace ReviewConsole.Core.Ladder;

public sealed record GuardrailCheck(int Audits, int Agreed, double PrecisionUpper, double Floor, bool Tripped);

/// <summary>
/// At partial and full: over the last audits (window 100), if the Wilson upper bound of precision is
/// below target - margin, the model is worse than allowed with high confidence: demote one level.
/// </summary>
public static class Guardrail
{
    /// <param name="recentAudits">Agreement of the most recent audits, newest first.</param>
    public static GuardrailCheck Check(IReadOnlyList<bool> recentAudits, Criticality criticality, GateSettings settings)
    {
        var window = recentAudits.Take(settings.GuardrailWindow).ToList();
        var agreed = window.Count(a => a);
        var upper = Wilson.Upper(agreed, window.Count, settings.ConfidenceLevel);
        var floor = settings.Target(criticality) - settings.GuardrailMargin;
        return new GuardrailCheck(window.Count, agreed, upper, floor, window.Count >= settings.GuardrailMinAudits && upper < floor);
    }

    public static bool Applies(AutomationLevel level) => level is AutomationLevel.Partial or AutomationLevel.Full;
}
