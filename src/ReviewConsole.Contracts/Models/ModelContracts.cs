namespace ReviewConsole.Contracts.Models;

public static class ModelKinds
{
    public const string BuiltIn = "builtin";
    public const string External = "external";
}

public static class ModelAliases
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";
}

/// <param name="Trainer">auto (default: both, the lower validation log-loss wins), logistic-regression or boosted-trees.</param>
public sealed record TrainRequest(int? Seed = null, double? C = null, int? MaxIterations = null, string? Trainer = null);

/// <summary>One trainer's temperature-scaled log-loss and accuracy on the validation split.</summary>
public sealed record TrainerScoreResponse(string Trainer, double? ValidationLogLoss, double ValidationAccuracy, double Seconds);

public sealed record TrainingJobResponse(
    Guid JobId, string Workflow, string Status, string Stage, double Progress, string? Message, string? ModelVersion,
    string RequestedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

public sealed record ClassMetricsResponse(string Label, double Precision, double Recall, double F1, long Support);

public sealed record SliceAccuracyResponse(string Slice, long Count, double Accuracy);

public sealed record EvaluationResponse(
    long Count, double Accuracy, double MacroF1, double ExpectedCalibrationError,
    IReadOnlyList<ClassMetricsResponse> Classes, IReadOnlyList<SliceAccuracyResponse> Slices, IReadOnlyList<string> Labels, long[][] Confusion);

/// <summary>A version's holdout evaluation, and the champion of that moment on the very same holdout.</summary>
/// <param name="Trainer">Which trainer made the version; <paramref name="Candidates"/> how each did on the validation split.</param>
public sealed record ModelMetricsResponse(
    EvaluationResponse Holdout, double UncalibratedEce, double Temperature, string? ChampionVersion, EvaluationResponse? ChampionOnHoldout,
    string? Trainer = null, IReadOnlyList<TrainerScoreResponse>? Candidates = null);

public sealed record ModelCardResponse(
    string IntendedUse, string Data, string Limitations, string TrainedBy, DateTimeOffset? TrainedFrom, DateTimeOffset? TrainedTo,
    IReadOnlyDictionary<string, int> LabelCounts);

public sealed record ModelSummaryResponse(
    string Version, string Kind, string? Alias, double? Accuracy, double? MacroF1, double? ExpectedCalibrationError,
    int TrainRows, int HoldoutRows, string CreatedBy, DateTimeOffset CreatedAt);

public sealed record ModelDetailResponse(ModelSummaryResponse Summary, ModelMetricsResponse? Metrics, ModelCardResponse? Card);

public sealed record SetAliasRequest(string? Alias);

public sealed record AliasChangeResponse(string Alias, string? FromVersion, string? ToVersion, string Actor, DateTimeOffset At);
