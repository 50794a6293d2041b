namespace ReviewConsole.Core.Ladder;

/// <summary>
/// The numbers behind every gate (product.md "default gates"); a workflow may override any of them.
/// TargetPrecision defaults by criticality: 0.95 for low/medium, 0.99 for high.
/// </summary>
public sealed record GateSettings
{
    public int MinShadowComparisons { get; init; } = 200;
    public double MinShadowAgreement { get; init; } = 0.80;
    public int MinAssistLabels { get; init; } = 500;
    public double? TargetPrecision { get; init; }
    public double MinCoverage { get; init; } = 0.10;
    public int SliceMinItems { get; init; } = 30;
    public double SliceMargin { get; init; } = 0.05;
    public int MinFullEvidence { get; init; } = 1000;
    public int GuardrailWindow { get; init; } = 100;

    /// <summary>Below this many audits the Wilson bound is too loose to act on, so the guardrail waits.</summary>
    public int GuardrailMinAudits { get; init; } = 20;

    public double GuardrailMargin { get; init; } = 0.05;
    public double ConfidenceLevel { get; init; } = 0.95;

    public static GateSettings Default { get; } = new();

    public double Target(Criticality criticality) => TargetPrecision ?? criticality.TargetPrecision();
}
