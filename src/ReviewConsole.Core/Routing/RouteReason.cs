namespace ReviewConsole.Core.Routing;

/// <summary>Why an item was put in front of a human; every review task records one.</summary>
public enum RouteReason
{
    Manual,
    Shadow,
    Assist,
    LowConfidence,
    NoPrediction,
    AuditSample,
    Escalation,
}
