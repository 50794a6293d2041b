namespace ReviewConsole.Contracts.Automation;

public sealed record GateResponse(string Name, string Description, string Format, double Required, double? Actual, bool Passed);

public sealed record GuardrailResponse(int Audits, int Agreed, double PrecisionUpper, double Floor, bool Tripped, bool Applies);

public sealed record AutomationChangeResponse(
    long Id, string FromLevel, string ToLevel, double? Threshold, string Actor, string Justification, bool Forced, bool Automatic,
    DateTimeOffset At, IReadOnlyList<GateResponse> Gates);

/// <summary>GET /workflows/{key}/automation: where the workflow stands and what the next step needs.</summary>
public sealed record AutomationResponse(
    string Level,
    double? Threshold,
    string? NextLevel,
    double? ProposedThreshold,
    double TargetPrecision,
    IReadOnlyList<GateResponse> Gates,
    GuardrailResponse Guardrail,
    IReadOnlyList<AutomationChangeResponse> History,
    // Set after an automatic demotion: the gates count only evidence gathered since then.
    DateTimeOffset? EvidenceSince = null,
    // The gate values in force (defaults with the workflow's overrides) and the audited changes of the overrides.
    GateSettingsRequest? GateSettings = null,
    IReadOnlyList<GateChangeResponse>? GateChanges = null);

public sealed record PromoteRequest(string? ToLevel, string? Justification, bool Force = false, double? Threshold = null);

public sealed record DemoteRequest(string? ToLevel, string? Justification);

public sealed record CurvePointResponse(double Threshold, double Coverage, long Decided, double Precision, double PrecisionLower);

public sealed record ReliabilityBinResponse(double Lower, double Upper, long Count, double MeanConfidence, double Accuracy);

public sealed record SliceResponse(string Slice, long Decided, long Correct, double Precision, double PrecisionLower, bool Checked, bool Passed);

public sealed record AgreementPoint(DateTimeOffset Day, long Compared, long Agreed, double Agreement, double Lower, double Upper);

/// <summary>The evidence behind the gates, for the ML lead's charts.</summary>
public sealed record EvidenceResponse(
    long Labelled,
    double TargetPrecision,
    double? ProposedThreshold,
    double? Threshold,
    IReadOnlyList<CurvePointResponse> Curve,
    double ExpectedCalibrationError,
    IReadOnlyList<ReliabilityBinResponse> Reliability,
    IReadOnlyList<SliceResponse> Slices,
    IReadOnlyList<AgreementPoint> AgreementTrend);

/// <summary>Per-workflow overrides of the default gates; null fields keep the defaults.</summary>
public sealed record GateSettingsRequest(
    int? MinShadowComparisons = null,
    double? MinShadowAgreement = null,
    int? MinAssistLabels = null,
    double? TargetPrecision = null,
    double? MinCoverage = null,
    int? SliceMinItems = null,
    double? SliceMargin = null,
    int? MinFullEvidence = null,
    int? GuardrailWindow = null,
    int? GuardrailMinAudits = null,
    double? GuardrailMargin = null,
    double? ConfidenceLevel = null,
    // Why the gates change (required on PUT /gates; recorded with the change).
    string? Justification = null);

/// <summary>An audited change of a workflow's gate overrides (null overrides: the defaults).</summary>
public sealed record GateChangeResponse(long Id, string Actor, string Justification, GateSettingsRequest? From, GateSettingsRequest? To,
    bool BelowDefaults, DateTimeOffset At);

/// <summary>What raised an alert (AlertResponse.Kind, and ConsoleEvent.Kind on drift.alert).</summary>
public static class AlertKinds
{
    public const string Guardrail = "guardrail";
    public const string Drift = "drift";
    public const string Agreement = "agreement";
    public const string Rollout = "rollout";
}

public sealed record AlertResponse(long Id, string Workflow, string Kind, string Severity, string Message, DateTimeOffset CreatedAt,
    string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt);
