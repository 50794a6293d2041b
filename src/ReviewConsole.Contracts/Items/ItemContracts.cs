using System.Text.Json;

namespace ReviewConsole.Contracts.Items;

public sealed record PredictionInput(
    string? Label,
    double? Confidence,
    IReadOnlyDictionary<string, double>? Probabilities = null,
    string? ModelVersion = null);

public sealed record IngestItemRequest(string? ExternalId, JsonElement Features, PredictionInput? Prediction = null);

public sealed record BatchIngestRequest(IReadOnlyList<IngestItemRequest?>? Items);

public sealed record DecisionResponse(string Label, string Source, string? DecidedBy, DateTimeOffset DecidedAt);

public sealed record IngestItemResponse(long ItemId, string ExternalId, string Route, DecisionResponse? Decision, long? TaskId);

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
    IReadOnlyList<ItemTaskResponse> Tasks);

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
