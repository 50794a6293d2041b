namespace ReviewConsole.Contracts.Drift;

public sealed record DriftWindow(DateTimeOffset From, DateTimeOffset To, long Items);

public sealed record FeatureDriftResponse(string Feature, string Kind, double Psi, double? Statistic, double? PValue, double? AdjustedPValue,
    string Severity, string Reason);

/// <summary>
/// One slot of the current window: expected accuracy of its auto-decisions (mean calibrated confidence), accuracy
/// measured by the blind audits labelled in it, and agreement on every labelled item, each with its Wilson interval.
/// </summary>
public sealed record PerformancePoint(
    DateTimeOffset From,
    long AutoDecided,
    double? ExpectedAccuracy,
    long Audits,
    double? MeasuredAccuracy,
    double? MeasuredLower,
    double? MeasuredUpper,
    long Compared,
    double? Agreement,
    double? AgreementLower,
    double? AgreementUpper);

/// <summary>The current window's performance estimate as a whole, and slot by slot.</summary>
public sealed record PerformanceEstimate(double? ExpectedAccuracy, long AutoDecided, double? MeasuredAccuracy, long Audits,
    IReadOnlyList<PerformancePoint> Series);

/// <summary>
/// Model-vs-human agreement on items labelled in each window and its change (current minus reference) with
/// the interval the severity rule uses. A significant fall raises an alert of its own (kind "agreement").
/// </summary>
public sealed record AgreementDriftResponse(
    long ReferenceCompared,
    double? Reference,
    long CurrentCompared,
    double? Current,
    double? Change,
    double? ChangeLower,
    double? ChangeUpper,
    string Severity,
    string Reason);

/// <summary>GET /workflows/{key}/drift: reference vs current window, per feature, from the stored profiles.</summary>
public sealed record DriftReportResponse(
    string Workflow,
    DriftWindow Reference,
    DriftWindow Current,
    string Overall,
    IReadOnlyList<FeatureDriftResponse> Features,
    PerformanceEstimate Performance,
    AgreementDriftResponse Agreement);

/// <summary>PSI of each feature in each slot of the current window against the whole reference window.</summary>
public sealed record DriftHeatmapResponse(IReadOnlyList<DateTimeOffset> Slots, IReadOnlyList<string> Features, IReadOnlyList<IReadOnlyList<double?>> Psi);

public sealed record DistributionShare(string Label, double Reference, double Current);

/// <summary>One feature's reference and current distributions, for the overlay on the drift panel.</summary>
public sealed record FeatureDistributionResponse(string Feature, string Kind, IReadOnlyList<DistributionShare> Shares);

/// <summary>The current window the console asks for: the last span of time, or the last N items (ConsoleApi turns it into a query).</summary>
public sealed record CurrentWindow(TimeSpan? Span = null, long? Items = null);
