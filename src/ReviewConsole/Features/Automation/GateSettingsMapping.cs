using System.Text.Json;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Core.Ladder;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Automation;

public static class GateSettingsMapping
{
    public static GateSettings GateSettings(this Workflow workflow)
    {
        if (workflow.GateOverrides is null)
            return Core.Ladder.GateSettings.Default;
        var o = JsonSerializer.Deserialize<GateSettingsRequest>(workflow.GateOverrides, JsonSerializerOptions.Web)!;
        var d = Core.Ladder.GateSettings.Default;
        return new GateSettings
        {
            MinShadowComparisons = o.MinShadowComparisons ?? d.MinShadowComparisons,
            MinShadowAgreement = o.MinShadowAgreement ?? d.MinShadowAgreement,
            MinAssistLabels = o.MinAssistLabels ?? d.MinAssistLabels,
            TargetPrecision = o.TargetPrecision ?? d.TargetPrecision,
            MinCoverage = o.MinCoverage ?? d.MinCoverage,
            SliceMinItems = o.SliceMinItems ?? d.SliceMinItems,
            SliceMargin = o.SliceMargin ?? d.SliceMargin,
            MinFullEvidence = o.MinFullEvidence ?? d.MinFullEvidence,
            GuardrailWindow = o.GuardrailWindow ?? d.GuardrailWindow,
            GuardrailMinAudits = o.GuardrailMinAudits ?? d.GuardrailMinAudits,
            GuardrailMargin = o.GuardrailMargin ?? d.GuardrailMargin,
            ConfidenceLevel = o.ConfidenceLevel ?? d.ConfidenceLevel,
        };
    }

    public static string? Serialize(GateSettingsRequest? overrides) =>
        overrides is null ? null : JsonSerializer.Serialize(overrides, JsonSerializerOptions.Web);

    public static void Validate(GateSettingsRequest? g, string path, FieldErrors errors)
    {
        if (g is null)
            return;
        errors.Require(g.MinShadowComparisons is null or (>= 1 and <= 1_000_000), $"{path}.minShadowComparisons", "Must be 1 to 1,000,000.");
        errors.Require(g.MinShadowAgreement is null or (> 0 and < 1), $"{path}.minShadowAgreement", "Must be in (0, 1).");
        errors.Require(g.MinAssistLabels is null or (>= 1 and <= 1_000_000), $"{path}.minAssistLabels", "Must be 1 to 1,000,000.");
        errors.Require(g.TargetPrecision is null or (> 0 and < 1), $"{path}.targetPrecision", "Must be in (0, 1).");
        errors.Require(g.MinCoverage is null or (> 0 and <= 1), $"{path}.minCoverage", "Must be in (0, 1].");
        errors.Require(g.SliceMinItems is null or (>= 1 and <= 1_000_000), $"{path}.sliceMinItems", "Must be 1 to 1,000,000.");
        errors.Require(g.SliceMargin is null or (>= 0 and < 1), $"{path}.sliceMargin", "Must be in [0, 1).");
        errors.Require(g.MinFullEvidence is null or (>= 1 and <= 10_000_000), $"{path}.minFullEvidence", "Must be 1 to 10,000,000.");
        errors.Require(g.GuardrailWindow is null or (>= 10 and <= 100_000), $"{path}.guardrailWindow", "Must be 10 to 100,000.");
        errors.Require(g.GuardrailMinAudits is null or (>= 1 and <= 100_000), $"{path}.guardrailMinAudits", "Must be 1 to 100,000.");
        errors.Require(g.GuardrailMargin is null or (>= 0 and < 1), $"{path}.guardrailMargin", "Must be in [0, 1).");
        errors.Require(g.ConfidenceLevel is null or (>= 0.5 and < 1), $"{path}.confidenceLevel", "Must be in [0.5, 1).");
    }

    public static GateResponse ToContract(this GateResult g) =>
        new(g.Name, g.Description, g.Format.ToString().ToLowerInvariant(), g.Required, g.Actual, g.Passed);
}
