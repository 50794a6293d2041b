using System.Text.Json;

namespace ReviewConsole.Core.Schema;

public sealed record FeatureField(string Name, FeatureType Type);

/// <summary>A workflow's feature schema and the rules an item's features must satisfy.</summary>
public sealed class FeatureSchema(IEnumerable<FeatureField> fields)
{
    public const int MaxTextLength = 20_000;

    /// <summary>Unknown feature names reported per item; a client that sends thousands needs to see a few, not megabytes.</summary>
    public const int MaxUnknownReported = 20;

    private readonly Dictionary<string, FeatureType> _types = fields.ToDictionary(f => f.Name, f => f.Type);

    /// <summary>
    /// Checks one item's features. Missing or null values are allowed (models handle missing data);
    /// unknown names and values of the wrong type are not. Error keys are prefixed with <paramref name="path"/>.
    /// </summary>
    public void Validate(JsonElement features, string path, IDictionary<string, string[]> errors)
    {
        if (features.ValueKind != JsonValueKind.Object)
        {
            errors[path] = ["Features must be a JSON object of feature name to value."];
            return;
        }
        var unknown = 0;
        foreach (var property in features.EnumerateObject())
        {
            var key = $"{path}.{StorableText.Echo(property.Name)}";
            if (!_types.TryGetValue(property.Name, out var type))
            {
                if (++unknown <= MaxUnknownReported)
                    errors[key] = ["Not a feature of this workflow."];
                continue;
            }
            if (property.Value.ValueKind == JsonValueKind.Null)
                continue;
            if (ProblemWith(type, property.Value) is { } problem)
                errors[key] = [problem];
        }
        if (unknown > 0)
            errors[path] = [$"{unknown} unknown feature name(s){(unknown > MaxUnknownReported ? $" ({MaxUnknownReported} shown)" : "")}. Known features: {string.Join(", ", _types.Keys)}."];
    }

    private static string? ProblemWith(FeatureType type, JsonElement value)
    {
        if (type == FeatureType.Numeric)
            return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d) ? null : "Must be a number.";
        // Every other type is text: read it once (this runs for every string feature of every ingested item).
        string? text = null;
        if (value.ValueKind == JsonValueKind.String && !StorableText.TryRead(value, out text))
            return StorableText.Problem;
        return type switch
        {
            FeatureType.Categorical => text is { Length: > 0 and <= 200 } ? null : "Must be a non-empty string of at most 200 characters.",
            FeatureType.Text => text is { Length: <= MaxTextLength } ? null : $"Must be a string of at most {MaxTextLength} characters.",
            FeatureType.ImageUrl => text is not null && IsHttpUrl(text) ? null : "Must be an absolute http or https URL.",
            _ => "Unsupported feature type.",
        };
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
