namespace ReviewConsole.Contracts.Workflows;

public sealed record FeatureDefinition(string? Name, string? Type);

public sealed record CreateWorkflowRequest(
    string? Key,
    string? Name,
    IReadOnlyList<string>? Labels,
    IReadOnlyList<FeatureDefinition>? Features,
    string? Criticality,
    string? SliceFeature = null,
    string? Level = null,
    double? Threshold = null,
    string? CallbackUrl = null,
    WorkflowQueueSettings? Queue = null,
    ReviewConsole.Contracts.Automation.GateSettingsRequest? Gates = null);

/// <summary>Queue tuning: higher priority is served first; equal priorities oldest first.</summary>
public sealed record WorkflowQueueSettings(
    int? AuditPriority = null,
    int? EscalationPriority = null,
    int? LeaseSeconds = null,
    double? PartialAuditRate = null,
    double? FullAuditRate = null);

public sealed record WorkflowResponse(
    string Key,
    string Name,
    IReadOnlyList<string> Labels,
    IReadOnlyList<FeatureDefinition> Features,
    string Criticality,
    string? SliceFeature,
    string Level,
    double? Threshold,
    string? CallbackUrl,
    WorkflowQueueSettings Queue,
    DateTimeOffset CreatedAt);

public sealed record WorkflowStats(
    int QueueDepth,
    int InReview,
    int ItemsToday,
    int Compared,
    int Agreed)
{
    public double? Agreement => Compared == 0 ? null : (double)Agreed / Compared;
}

public sealed record WorkflowSummary(WorkflowResponse Workflow, WorkflowStats Stats);
