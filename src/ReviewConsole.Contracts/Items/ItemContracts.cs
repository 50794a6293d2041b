using System.Text.Json;

namespace ReviewConsole.Contracts.Items;

public sealed record PredictionInput(
    string? Label,
    double? Confidence,
    IReadOnlyDictionary<string, double>? Probabilities = null,
    string? ModelVersion = null);

/// <param name="Prediction">The client model's prediction; enough when no rollout runs.</param>
/// <param name="Predictions">
/// During a rollout of external versions: one prediction per version the rollout names (GET .../rollout says which);
/// the console decides whose counts. Send either this or <paramref name="Prediction"/>.
/// </param>
/// <param name="OccurredAt">
/// When the item happened (RFC 3339 with an offset; default: when received). Drift is measured over it, so history can
/// be backfilled: at most 5 minutes ahead of the console's clock, and not older than its horizon (400 days by default).
/// </param>
public sealed record IngestItemRequest(string? ExternalId, JsonElement Features, PredictionInput? Prediction = null,
    IReadOnlyList<PredictionInput?>? Predictions = null, DateTimeOffset? OccurredAt = null)
{
    /// <summary>Every prediction the client sent, whichever field carried it.</summary>
    public IEnumerable<PredictionInput> Offered() =>
        Predictions is { } many ? many.OfType<PredictionInput>() : Prediction is { } one ? [one] : [];
}

public sealed record BatchIngestRequest(IReadOnlyList<IngestItemRequest?>? Items);

public sealed record DecisionResponse(string Label, string Source, string? DecidedBy, DateTimeOffset DecidedAt);

/// <param name="ServedBy">The model version whose prediction routed the item (null: no model had one; humans decide).</param>
public sealed record IngestItemResponse(long ItemId, string ExternalId, string Route, DecisionResponse? Decision, long? TaskId, string? ServedBy = null);

public sealed record BatchIngestResponse(IReadOnlyList<IngestItemResponse> Results);

public sealed record PredictionResponse(
    string ModelVersion,
    string Label,
    double Confidence,
    IReadOnlyDictionary<string, double>? Probabilities,
    DateTimeOffset CreatedAt);

public sealed record ItemTaskResponse(long TaskId, string Reason, string Status, string? Label, string? LabeledBy, DateTimeOffset? LabeledAt);

public sealed record ItemResponse(
    long ItemId,
    string ExternalId,
    string Status,
    string Route,
    JsonElement Features,
    DateTimeOffset ReceivedAt,
    DecisionResponse? Decision,
    IReadOnlyList<PredictionResponse> Predictions,
    IReadOnlyList<ItemTaskResponse> Tasks,
    DateTimeOffset OccurredAt);

public static class ItemStatuses
{
    public const string Pending = "pending";
    public const string Decided = "decided";
}

public static class DecisionSources
{
    public const string Model = "model";
    public const string Human = "human";
}
