using ReviewConsole.Core.Ladder;

namespace ReviewConsole.Core.Routing;

/// <summary>Routes an item by the workflow's automation level, exactly as the ladder table says.</summary>
public static class Router
{
    /// <param name="policy">The workflow's level, threshold and audit rates.</param>
    /// <param name="opinion">The routing model's opinion, if any prediction exists.</param>
    /// <param name="uniformDraw">A uniform draw in [0, 1) deciding audit sampling; injected so tests can fix it.</param>
    public static RoutingDecision Route(RoutingPolicy policy, ModelOpinion? opinion, double uniformDraw)
    {
        switch (policy.Level)
        {
            case AutomationLevel.Manual:
                return Review(RouteReason.Manual, showSuggestion: false);
            case AutomationLevel.Shadow:
                // Never show the model's label in shadow: reviewers must not be anchored.
                return Review(RouteReason.Shadow, showSuggestion: false);
            case AutomationLevel.Assist:
                return opinion is null
                    ? Review(RouteReason.NoPrediction, showSuggestion: false)
                    : Review(RouteReason.Assist, showSuggestion: true);
            case AutomationLevel.Partial:
                if (opinion is not { } partial)
                    return Review(RouteReason.NoPrediction, showSuggestion: false);
                // Written so that a NaN confidence is never above the threshold.
                if (policy.Threshold is not { } threshold || !(partial.Confidence >= threshold))
                    return Review(RouteReason.LowConfidence, showSuggestion: true);
                return Auto(partial.Label, uniformDraw < policy.PartialAuditRate);
            case AutomationLevel.Full:
                return opinion is { } full
                    ? Auto(full.Label, uniformDraw < policy.FullAuditRate)
                    : Review(RouteReason.NoPrediction, showSuggestion: false);
            default:
                throw new ArgumentOutOfRangeException(nameof(policy), policy.Level, "Unknown automation level.");
        }
    }

    private static RoutingDecision Review(RouteReason reason, bool showSuggestion) =>
        new(AutoLabel: null, reason, showSuggestion);

    // Audits are blind: the auditor never sees what the model decided.
    private static RoutingDecision Auto(string label, bool audit) =>
        new(label, audit ? RouteReason.AuditSample : null, ShowSuggestion: false);
}
