namespace ReviewConsole.Core.Ladder;

public enum Criticality
{
    Low,
    Medium,
    High,
}

public static class Criticalities
{
    public static string ToWire(this Criticality value) => value.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out Criticality criticality)
    {
        criticality = Criticality.Medium;
        return value is not null
            && !int.TryParse(value, out _)
            && Enum.TryParse(value, ignoreCase: true, out criticality)
            && Enum.IsDefined(criticality);
    }

    /// <summary>Target precision of auto-decisions: product.md "default gates".</summary>
    public static double TargetPrecision(this Criticality value) => value == Criticality.High ? 0.99 : 0.95;
}
