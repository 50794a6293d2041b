namespace ReviewConsole.Contracts.Dashboard;

public sealed record DashboardPoint(
    DateTimeOffset At,
    long ItemsReceived,
    long AutoDecided,
    long HumanDecided,
    double? AutomationRate,
    long QueueDepth,
    double? MedianDecisionSeconds,
    double? P90DecisionSeconds,
    long Labels);

public sealed record AgreementGroup(string Group, long Compared, long Agreed, double? Agreement, double Lower, double Upper);

public sealed record ReviewerThroughput(string Reviewer, long Labels, double LabelsPerActiveHour, int ActiveHours);

/// <summary>The manager's comparison charts for one workflow over a date range, from hourly rollups.</summary>
public sealed record DashboardResponse(
    string Workflow,
    DateTimeOffset From,
    DateTimeOffset To,
    string Bucket,
    IReadOnlyList<DashboardPoint> Points,
    IReadOnlyList<AgreementGroup> AgreementByLevel,
    IReadOnlyList<AgreementGroup> AgreementByModelVersion,
    IReadOnlyList<ReviewerThroughput> Reviewers,
    IReadOnlyList<VersionSeries>? Versions = null,
    IReadOnlyList<RolloutPeriod>? Rollouts = null);

/// <summary>One model version over time: the share of the workflow's items it decided, its checked quality and its automation.</summary>
public sealed record VersionSeries(string Version, IReadOnlyList<VersionPoint> Points);

/// <param name="Share">Of the bucket's items, the share this version's prediction routed.</param>
/// <param name="Precision">Blind audits of its auto-decisions found right, with a 95% Wilson interval.</param>
/// <param name="Agreement">Reviewers agreeing with its suggestions on reviewed items, with a 95% Wilson interval.</param>
/// <param name="AutomationRate">Of its decided items, the share it decided itself.</param>
public sealed record VersionPoint(DateTimeOffset At, long Items, double? Share, double? Precision, double PrecisionLower, double PrecisionUpper,
    double? Agreement, double AgreementLower, double AgreementUpper, double? AutomationRate);

/// <summary>A rollout or experiment overlapping the range, to mark on the time axis.</summary>
public sealed record RolloutPeriod(string Strategy, string Challenger, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);
