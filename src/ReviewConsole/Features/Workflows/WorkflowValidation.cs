using System.Text.RegularExpressions;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Core.Ladder;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Features.Workflows;

internal static partial class WorkflowValidation
{
    public const int MaxLabels = 100;
    public const int MaxFeatures = 200;

    // \z, not $: "$" also matches before a final newline, which would let "key\n" through.
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{1,63}\\z")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,99}\\z")]
    private static partial Regex FeatureNamePattern();

    public static FieldErrors Validate(CreateWorkflowRequest r)
    {
        var errors = new FieldErrors();
        errors.Require(r.Key is not null && KeyPattern().IsMatch(r.Key), "key",
            "Key must be 2-64 characters of lowercase letters, digits, '-' and '_', starting with a letter or digit.");
        errors.Require(!string.IsNullOrWhiteSpace(r.Name) && r.Name.Length <= 200, "name", "Name is required (at most 200 characters).");
        ValidateLabels(r.Labels, errors);
        ValidateFeatures(r.Features, errors);
        errors.Require(Wire.TryParse<Criticality>(r.Criticality, out _), "criticality", "Criticality must be one of: low, medium, high.");

        if (r.SliceFeature is not null)
        {
            var slice = r.Features?.FirstOrDefault(f => f?.Name == r.SliceFeature);
            errors.Require(slice is not null && Wire.TryParse<FeatureType>(slice.Type, out var type) && type == FeatureType.Categorical,
                "sliceFeature", "The slice feature must name a categorical feature of this workflow.");
        }
        // The ladder cannot be skipped at birth: above shadow, a workflow gets there through the gates.
        if (r.Level is not null && !(Wire.TryParse<AutomationLevel>(r.Level, out var level) && level <= AutomationLevel.Shadow))
            errors.Add("level", "A new workflow starts at manual or shadow; higher levels are reached through the gates (automation:promote).");
        if (r.Threshold is { } threshold)
            errors.Require(threshold is > 0 and <= 1, "threshold", "Threshold must be in (0, 1].");
        if (r.CallbackUrl is not null)
            errors.Require(Uri.TryCreate(r.CallbackUrl, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https"),
                "callbackUrl", "Must be an absolute http or https URL.");
        if (r.Queue is { } q)
        {
            errors.Require(q.LeaseSeconds is null or (>= 10 and <= 3600), "queue.leaseSeconds", "Lease must be 10-3600 seconds.");
            errors.Require(q.PartialAuditRate is null or (>= 0 and <= 1), "queue.partialAuditRate", "Must be in [0, 1].");
            errors.Require(q.FullAuditRate is null or (>= 0 and <= 1), "queue.fullAuditRate", "Must be in [0, 1].");
            errors.Require(q.AuditPriority is null or (>= -100 and <= 100), "queue.auditPriority", "Must be in [-100, 100].");
            errors.Require(q.EscalationPriority is null or (>= -100 and <= 100), "queue.escalationPriority", "Must be in [-100, 100].");
        }
        return errors;
    }

    private static void ValidateLabels(IReadOnlyList<string>? labels, FieldErrors errors)
    {
        if (labels is null || labels.Count < 2 || labels.Count > MaxLabels)
        {
            errors.Add("labels", $"Between 2 and {MaxLabels} labels are required.");
            return;
        }
        for (var i = 0; i < labels.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(labels[i]) || labels[i].Length > 200 || labels[i] != labels[i].Trim())
                errors.Add($"labels[{i}]", "A label is 1-200 characters without surrounding spaces.");
            else if (labels.Take(i).Contains(labels[i]))
                errors.Add($"labels[{i}]", $"Duplicate label '{labels[i]}'.");
        }
    }

    private static void ValidateFeatures(IReadOnlyList<FeatureDefinition?>? features, FieldErrors errors)
    {
        if (features is null || features.Count == 0 || features.Count > MaxFeatures)
        {
            errors.Add("features", $"Between 1 and {MaxFeatures} features are required.");
            return;
        }
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            if (f?.Name is null || !FeatureNamePattern().IsMatch(f.Name))
                errors.Add($"features[{i}].name", "A feature name is a letter or '_' followed by letters, digits or '_' (at most 100).");
            else if (features.Take(i).Any(other => other?.Name == f.Name))
                errors.Add($"features[{i}].name", $"Duplicate feature '{f.Name}'.");
            if (!Wire.TryParse<FeatureType>(f?.Type, out _))
                errors.Add($"features[{i}].type", $"Type must be one of: {string.Join(", ", Wire.NamesOf<FeatureType>())}.");
        }
    }
}
