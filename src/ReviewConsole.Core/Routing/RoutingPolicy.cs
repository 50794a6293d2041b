using ReviewConsole.Core.Ladder;

namespace ReviewConsole.Core.Routing;

/// <summary>What the router needs to know about a workflow at the moment an item arrives.</summary>
public sealed record RoutingPolicy(
    AutomationLevel Level,
    double? Threshold,
    double PartialAuditRate = RoutingPolicy.DefaultPartialAuditRate,
    double FullAuditRate = RoutingPolicy.DefaultFullAuditRate)
{
    public const double DefaultPartialAuditRate = 0.05;
    public const double DefaultFullAuditRate = 0.02;
}

/// <summary>The label and confidence of the model whose opinion routes the item.</summary>
public readonly record struct ModelOpinion(string Label, double Confidence);
