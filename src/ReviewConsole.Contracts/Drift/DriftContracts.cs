namespace ReviewConsole.Contracts.Drift;

public sealed record DriftWindow(DateTimeOffset From, DateTimeOffset To, long Items);

public sealed record FeatureDriftResponse(string Feature, string Kind, double Psi, double? Statistic, double? PValue, double? AdjustedPValue,
    string Severity, string Reason);

public sealed record PerformanceEstimate(double? ExpectedAccuracy, long AutoDecided, double? MeasuredAccuracy, long Audits);

/// <summary>GET /workflows/{key}/drift: reference vs current window, per feature, from the stored profiles.</summary>
public sealed record DriftReportResponse(
    string Workflow,
    DriftWindow Reference,
    DriftWindow Current,
    string Overall,
    IReadOnlyList<FeatureDriftResponse> Features,
    PerformanceEstimate Performance);

/// <summary>PSI of each feature in each slot of the current window against the whole reference window.</summary>
public sealed record DriftHeatmapResponse(IReadOnlyList<DateTimeOffset> Slots, IReadOnlyList<string> Features, IReadOnlyList<IReadOnlyList<double?>> Psi);

public sealed record DistributionShare(string Label, double Reference, double Current);

/// <summary>One feature's reference and current distributions, for the overlay on the drift panel.</summary>
public sealed record FeatureDistributionResponse(string Feature, string Kind, IReadOnlyList<DistributionShare> Shares);
