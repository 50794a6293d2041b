namespace ReviewConsole.Contracts.Events;

/// <summary>
/// One state change, as streamed by GET /api/v1/events. Small on purpose: it crosses replicas
/// through PostgreSQL NOTIFY (8 kB limit); consumers fetch details they need.
/// </summary>
public sealed record ConsoleEvent(
    string Type,
    string Workflow,
    DateTimeOffset At,
    long? ItemId = null,
    string? ExternalId = null,
    long? TaskId = null,
    string? Actor = null,
    string? Label = null,
    string? Route = null,
    int? Count = null,
    string? Kind = null);

public static class EventTypes
{
    public const string ItemRouted = "item.routed";
    public const string ItemDecided = "item.decided";
    public const string ItemCorrected = "item.corrected";
    public const string RolloutChanged = "rollout.changed";
    public const string TaskClaimed = "task.claimed";
    public const string TaskReleased = "task.released";
    public const string TaskLabeled = "task.labeled";
    public const string AutomationChanged = "automation.changed";
    public const string DriftAlert = "drift.alert";
    public const string AlertRaised = "alert.raised";
    public const string ModelTrained = "model.trained";
    public const string ModelAliasChanged = "model.alias_changed";
    public const string ModelRegistered = "model.registered";
    public const string TrainingProgress = "training.progress";
    public const string Heartbeat = "heartbeat";
}
