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

public static class RouteReasons
{
    public static string ToWire(this RouteReason reason) => reason switch
    {
        RouteReason.Manual => "manual",
        RouteReason.Shadow => "shadow",
        RouteReason.Assist => "assist",
        RouteReason.LowConfidence => "low_confidence",
        RouteReason.NoPrediction => "no_prediction",
        RouteReason.AuditSample => "audit_sample",
        RouteReason.Escalation => "escalation",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    public static RouteReason Parse(string wire) =>
        Enum.GetValues<RouteReason>().First(r => r.ToWire() == wire);
}
