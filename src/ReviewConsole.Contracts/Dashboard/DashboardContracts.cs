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
    IReadOnlyList<ReviewerThroughput> Reviewers);
