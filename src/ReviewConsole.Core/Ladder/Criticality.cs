namespace ReviewConsole.Core.Ladder;

public enum Criticality
{
    Low,
    Medium,
    High,
}

public static class Criticalities
{
    /// <summary>Target precision of auto-decisions: product.md "default gates".</summary>
    public static double TargetPrecision(this Criticality value) => value == Criticality.High ? 0.99 : 0.95;
}
