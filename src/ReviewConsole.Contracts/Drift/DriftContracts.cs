namespace ReviewConsole.Contracts.Drift;

/// <summary>A window over event time, resolved to whole profile buckets, and the items in it.</summary>
public sealed record DriftWindow(DateTimeOffset From, DateTimeOffset To, long Items);

/// <param name="Basis">requested, champion-training, preceding-7-days or earliest-items.</param>
/// <param name="Minimum">The items a reference needs: the configured minimum, or the current window's size when that is smaller.</param>
/// <param name="Enough">False: the report says "not enough reference" instead of comparing.</param>
/// <param name="Why">Why this reference, and when there is not enough, what would give one.</param>
public sealed record DriftReference(DateTimeOffset From, DateTimeOffset To, long Items, string Basis, long Minimum, bool Enough, string Why);

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
/// <param name="Overall">none, moderate, major, or not-enough-reference.</param>
/// <param name="Rule">The severity rule, in words.</param>
/// <param name="Summary">What was compared and what was found, in a sentence or two.</param>
/// <param name="Raised">POST drift:evaluate only: the alerts it raised (drift, agreement), often none.</param>
public sealed record DriftReportResponse(
    string Workflow,
    DriftReference Reference,
    DriftWindow Current,
    string Overall,
    IReadOnlyList<FeatureDriftResponse> Features,
    PerformanceEstimate Performance,
    AgreementDriftResponse Agreement,
    string Rule,
    string Summary,
    IReadOnlyList<string>? Raised = null);

/// <summary>PSI of each feature in each slot of the current window against the whole reference window.</summary>
public sealed record DriftHeatmapResponse(IReadOnlyList<DateTimeOffset> Slots, IReadOnlyList<string> Features, IReadOnlyList<IReadOnlyList<double?>> Psi);

public sealed record DistributionShare(string Label, double Reference, double Current);

/// <summary>One feature's reference and current distributions, for the overlay on the drift panel.</summary>
public sealed record FeatureDistributionResponse(string Feature, string Kind, IReadOnlyList<DistributionShare> Shares);

/// <summary>
/// The windows the console asks for (ConsoleApi turns them into a query): the last span of time, the last N items, or
/// From–To; and a reference window, or none for the default. All null: the monitor's own windows.
/// </summary>
public sealed record CurrentWindow(TimeSpan? Span = null, long? Items = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    DateTimeOffset? ReferenceFrom = null, DateTimeOffset? ReferenceTo = null);
