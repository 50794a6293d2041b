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
        if (Deserialize(workflow.GateOverrides) is not { } o)
            return Core.Ladder.GateSettings.Default;
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

    /// <summary>The overrides as stored: the justification travels with the audited change, not with the settings.</summary>
    public static string? Serialize(GateSettingsRequest? overrides) =>
        overrides is null || overrides with { Justification = null } == new GateSettingsRequest()
            ? null
            : JsonSerializer.Serialize(overrides with { Justification = null }, JsonSerializerOptions.Web);

    public static GateSettingsRequest? Deserialize(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<GateSettingsRequest>(json, JsonSerializerOptions.Web);

    /// <summary>Every gate value in force, for the record a promotion keeps of what it was judged by.</summary>
    public static GateSettingsRequest ToRequest(this GateSettings g, Criticality criticality) => new(
        g.MinShadowComparisons, g.MinShadowAgreement, g.MinAssistLabels, g.Target(criticality), g.MinCoverage, g.SliceMinItems,
        g.SliceMargin, g.MinFullEvidence, g.GuardrailWindow, g.GuardrailMinAudits, g.GuardrailMargin, g.ConfidenceLevel);

    /// <summary>
    /// The overrides that make a gate easier to pass than product.md's defaults (the floors): fewer comparisons,
    /// labels or evidence, lower agreement, precision, coverage or confidence, wider margins, fewer slices checked, a
    /// slower guardrail. Only an admin may set them.
    /// </summary>
    public static IReadOnlyList<string> BelowFloors(GateSettingsRequest? g, Criticality criticality, string path)
    {
        if (g is null)
            return [];
        var d = Core.Ladder.GateSettings.Default;
        var below = new List<string>();
        void Check(bool looser, string field)
        {
            if (looser)
                below.Add($"{path}{field}");
        }
        Check(g.MinShadowComparisons < d.MinShadowComparisons, "minShadowComparisons");
        Check(g.MinShadowAgreement < d.MinShadowAgreement, "minShadowAgreement");
        Check(g.MinAssistLabels < d.MinAssistLabels, "minAssistLabels");
        Check(g.TargetPrecision < d.Target(criticality), "targetPrecision");
        Check(g.MinCoverage < d.MinCoverage, "minCoverage");
        Check(g.SliceMinItems > d.SliceMinItems, "sliceMinItems");
        Check(g.SliceMargin > d.SliceMargin, "sliceMargin");
        Check(g.MinFullEvidence < d.MinFullEvidence, "minFullEvidence");
        Check(g.GuardrailWindow > d.GuardrailWindow, "guardrailWindow");
        Check(g.GuardrailMinAudits > d.GuardrailMinAudits, "guardrailMinAudits");
        Check(g.GuardrailMargin > d.GuardrailMargin, "guardrailMargin");
        Check(g.ConfidenceLevel < d.ConfidenceLevel, "confidenceLevel");
        return below;
    }

    /// <summary>403 naming each gate set below its floor by someone who is not an admin.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult FloorsRefused(IReadOnlyList<string> below, Criticality criticality) =>
        Microsoft.AspNetCore.Http.TypedResults.Problem(new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(
            below.ToDictionary(f => f, f => new[] { $"Below the default for a {criticality.ToWire()}-criticality workflow; only an admin may loosen a gate." }))
        {
            Title = "Gates below their floors need an admin",
            Detail = "ML leads may tighten the gates; loosening any below product defaults takes an admin, and every change is audited.",
            Status = Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden,
        });

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
        errors.Require(g.Justification is null || (g.Justification.Length <= 4000 && Core.Schema.StorableText.IsStorable(g.Justification)),
            $"{path}.justification", "At most 4,000 characters of storable text.");
    }

    public static GateResponse ToContract(this GateResult g) =>
        new(g.Name, g.Description, g.Format.ToString().ToLowerInvariant(), g.Required, g.Actual, g.Passed);
}
