namespace ReviewConsole.Core.Routing;

/// <summary>
/// The outcome of routing one item: an automatic decision, a review task, or both
/// (an auto-decision picked for a blind audit).
/// </summary>
public sealed record RoutingDecision(string? AutoLabel, RouteReason? ReviewReason, bool ShowSuggestion)
{
    public bool IsAutoDecided => AutoLabel is not null;

    public bool NeedsReview => ReviewReason is not null;

    /// <summary>The wire value of the route: "auto" whenever the model decided, else "review".</summary>
    public string Route => IsAutoDecided ? "auto" : "review";
}
