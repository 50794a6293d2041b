using System.Text.Json;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Features.Items;

public sealed class IngestOptions
{
    /// <summary>How far back an item's occurredAt may lie (a backfill's reach).</summary>
    public int EventTimeHorizonDays { get; set; } = 400;
}

/// <summary>The span an item's occurredAt must fall in: not older than the horizon, not more than 5 minutes ahead (clock skew).</summary>
public readonly record struct EventTimeLimits(DateTimeOffset Earliest, DateTimeOffset Latest, int HorizonDays)
{
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    public static EventTimeLimits At(DateTimeOffset now, int horizonDays) => new(now.AddDays(-horizonDays), now + Skew, horizonDays);
}

internal static class IngestValidation
{
    public const int MaxBatch = 10_000;

    /// <summary>Predictions per item: a rollout compares two versions; a few more leave room without inviting abuse.</summary>
    public const int MaxPredictions = 5;

    /// <summary>Validates every item before anything is written: a batch is all or nothing.</summary>
    public static FieldErrors Validate(IReadOnlyList<IngestItemRequest?> items, string[] labels, FeatureSchema schema, string pathPrefix,
        EventTimeLimits eventTime)
    {
        var errors = new FieldErrors();
        for (var i = 0; i < items.Count; i++)
        {
            var path = pathPrefix.Length == 0 ? "" : $"{pathPrefix}[{i}].";
            var item = items[i];
            if (item is null)
            {
                errors.Add(pathPrefix.Length == 0 ? "body" : $"{pathPrefix}[{i}]", "An item is required.");
                continue;
            }
            errors.Require(!string.IsNullOrWhiteSpace(item.ExternalId) && item.ExternalId.Length <= 200, path + "externalId",
                "externalId is required (1-200 characters); it makes ingest idempotent.");
            if (item.Features.ValueKind == JsonValueKind.Undefined)
                errors.Add(path + "features", "Features are required (a JSON object).");
            else
                schema.Validate(item.Features, path + "features", errors);
            if (item.OccurredAt is { } occurred)
            {
                errors.Require(occurred <= eventTime.Latest, path + "occurredAt",
                    $"occurredAt lies {(occurred - eventTime.Latest + EventTimeLimits.Skew).TotalMinutes:N0} minutes in the future; at most {EventTimeLimits.Skew.TotalMinutes:0} minutes ahead of the console's clock are accepted.");
                errors.Require(occurred >= eventTime.Earliest, path + "occurredAt",
                    $"occurredAt is older than the {eventTime.HorizonDays:N0}-day horizon (Items:EventTimeHorizonDays).");
            }
            if (item.Prediction is { } prediction)
                ValidatePrediction(prediction, labels, path + "prediction", errors);
            if (item.Predictions is { } predictions)
                ValidatePredictions(item, predictions, labels, path + "predictions", errors);
        }
        return errors;
    }

    /// <summary>One prediction per named version; the console picks whose counts, so each must say which version it is.</summary>
    private static void ValidatePredictions(IngestItemRequest item, IReadOnlyList<PredictionInput?> predictions, string[] labels, string path,
        FieldErrors errors)
    {
        if (item.Prediction is not null)
            errors.Add(path, "Send either prediction or predictions, not both.");
        if (predictions.Count is 0 or > MaxPredictions)
        {
            errors.Add(path, $"1 to {MaxPredictions} predictions, one per model version.");
            return;
        }
        var versions = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < predictions.Count; i++)
        {
            if (predictions[i] is not { } prediction)
            {
                errors.Add($"{path}[{i}]", "A prediction is required.");
                continue;
            }
            ValidatePrediction(prediction, labels, $"{path}[{i}]", errors);
            if (prediction.ModelVersion is null)
                errors.Add($"{path}[{i}].modelVersion", "Name the model version each prediction comes from.");
            else if (!versions.Add(prediction.ModelVersion))
                errors.Add($"{path}[{i}].modelVersion", "Another prediction of this item names the same version; send one per version.");
        }
    }

    private static void ValidatePrediction(PredictionInput p, string[] labels, string path, FieldErrors errors)
    {
        if (p.Label is null || !labels.Contains(p.Label))
            errors.Add(path + ".label", $"Label must be one of the workflow's labels: {string.Join(", ", labels)}.");
        errors.Require(p.Confidence is >= 0 and <= 1, path + ".confidence", "Confidence is required, in [0, 1].");
        errors.Require(p.ModelVersion is null || (p.ModelVersion.Length is > 0 and <= 100), path + ".modelVersion", "At most 100 characters.");
        if (p.Probabilities is { } probabilities)
        {
            foreach (var (label, probability) in probabilities)
            {
                if (!labels.Contains(label))
                    errors.Add($"{path}.probabilities.{label}", "Not a label of this workflow.");
                else if (probability is < 0 or > 1 || double.IsNaN(probability))
                    errors.Add($"{path}.probabilities.{label}", "A probability is in [0, 1].");
            }
            if (probabilities.Count > 0 && Math.Abs(probabilities.Values.Sum() - 1) > 0.01)
                errors.Add(path + ".probabilities", "Probabilities must sum to 1 (within 0.01).");
        }
    }
}
