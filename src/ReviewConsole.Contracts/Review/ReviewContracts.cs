using System.Text.Json;

namespace ReviewConsole.Contracts.Review;

public sealed record SuggestionResponse(string Label, double Confidence, string ModelVersion);

/// <summary>One of the ranked labels a reviewer may accept (rank 1 first); which version proposed it is never shown.</summary>
public sealed record RankedSuggestionResponse(string Label, int Rank);

public sealed record ReviewItemResponse(long ItemId, string ExternalId, JsonElement Features, DateTimeOffset ReceivedAt);

public sealed record ClaimResponse(
    long TaskId,
    Guid LeaseToken,
    DateTimeOffset LeaseExpiresAt,
    string Workflow,
    string Reason,
    string? EscalationNote,
    ReviewItemResponse Item,
    SuggestionResponse? Suggestion,
    IReadOnlyList<RankedSuggestionResponse>? Suggestions = null);

public sealed record LabelRequest(string? Label, Guid? LeaseToken);

public sealed record LeaseRequest(Guid? LeaseToken);

public sealed record EscalateRequest(Guid? LeaseToken, string? Note = null);

public sealed record LabelResponse(long TaskId, long ItemId, string Label, bool DecidedItem);

/// <summary>A reviewer's correction of their own label, within <c>CorrectionWindowSeconds</c> of labelling.</summary>
public sealed record CorrectLabelRequest(string? Label);

/// <param name="DecisionChanged">True when the item's decision was this label and now carries the correction.</param>
public sealed record CorrectionResponse(long TaskId, long ItemId, string FromLabel, string Label, bool DecisionChanged, DateTimeOffset CorrectedAt)
{
    /// <summary>How long after labelling a reviewer may correct their label.</summary>
    public const int CorrectionWindowSeconds = 120;
}

public sealed record LeaseResponse(long TaskId, DateTimeOffset LeaseExpiresAt);

public sealed record QueuedTaskResponse(long TaskId, string ExternalId, string Reason, int Priority, DateTimeOffset QueuedAt);

public sealed record ReviewerActivity(string Username, long TaskId, DateTimeOffset LeaseExpiresAt);

/// <summary>What a reviewer's console shows beside the current item: depth, who is reviewing, what is next.</summary>
/// <param name="Waiting">Tasks waiting in the general queue.</param>
/// <param name="Escalated">Escalated tasks waiting for an ML lead or admin (the escalation queue).</param>
public sealed record QueueSnapshot(int Waiting, int InReview, IReadOnlyList<ReviewerActivity> Reviewers, IReadOnlyList<QueuedTaskResponse> Next,
    int Escalated = 0);

/// <summary>Which queue a claim takes from (<c>?queue=</c>).</summary>
public static class ReviewQueues
{
    public const string General = "general";
    public const string Escalations = "escalations";
}

public static class TaskStatuses
{
    public const string Waiting = "waiting";
    public const string Leased = "leased";
    public const string Done = "done";
}
