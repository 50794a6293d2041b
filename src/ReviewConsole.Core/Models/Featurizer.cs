using System.Text.Json;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Core.Models;

/// <summary>How one input feature becomes model columns; fitted on training data, then frozen in the model.</summary>
public sealed record FeatureEncoding(
    string Name,
    FeatureType Type,
    int Offset,
    int Width,
    double Mean = 0,
    double Scale = 1,
    IReadOnlyList<string>? Categories = null);

/// <summary>
/// Turns an item's features into a dense vector: numeric standardised (plus a missing-value indicator),
/// categorical one-hot over the training categories (plus an unknown bucket), text as hashed token
/// counts (L2-normalised), image URLs ignored.
/// </summary>
public sealed record Featurizer(IReadOnlyList<FeatureEncoding> Encodings, int Dimension, int TextDimension)
{
    public const int DefaultTextDimension = 256;
    public const int MaxCategories = 100;

    /// <summary>The furthest a standardised number may lie from the training mean, in standard deviations.</summary>
    public const double MaxStandardised = 1e4;

    public static Featurizer Fit(IReadOnlyList<FeatureField> schema, IReadOnlyList<JsonElement> rows, int textDimension = DefaultTextDimension)
    {
        var encodings = new List<FeatureEncoding>();
        var offset = 0;
        foreach (var field in schema)
        {
            switch (field.Type)
            {
                case FeatureType.Numeric:
                {
                    var values = rows.Select(r => Number(r, field.Name)).Where(v => v is not null).Select(v => v!.Value).ToList();
                    var mean = values.Count == 0 ? 0 : values.Average();
                    var sd = values.Count < 2 ? 1 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
                    encodings.Add(new FeatureEncoding(field.Name, field.Type, offset, 2, mean, sd > 1e-12 ? sd : 1));
                    offset += 2;
                    break;
                }
                case FeatureType.Categorical:
                {
                    var categories = rows.Select(r => Text(r, field.Name)).Where(v => v is not null).GroupBy(v => v!)
                        .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                        .Take(MaxCategories).Select(g => g.Key).ToList();
                    encodings.Add(new FeatureEncoding(field.Name, field.Type, offset, categories.Count + 1, Categories: categories));
                    offset += categories.Count + 1;
                    break;
                }
                case FeatureType.Text:
                    encodings.Add(new FeatureEncoding(field.Name, field.Type, offset, textDimension));
                    offset += textDimension;
                    break;
            }
        }
        return new Featurizer(encodings, offset, textDimension);
    }

    public void Transform(JsonElement row, Span<double> output)
    {
        output.Clear();
        foreach (var e in Encodings)
        {
            switch (e.Type)
            {
                case FeatureType.Numeric:
                    if (Number(row, e.Name) is { } value)
                        // Clamped: 1e300 would overflow single precision to infinity and poison every score.
                        output[e.Offset] = Math.Clamp((value - e.Mean) / e.Scale, -MaxStandardised, MaxStandardised);
                    else
                        output[e.Offset + 1] = 1;
                    break;
                case FeatureType.Categorical:
                {
                    var index = Text(row, e.Name) is { } category ? IndexOf(e.Categories!, category) : -1;
                    output[e.Offset + (index >= 0 ? index : e.Width - 1)] = 1;
                    break;
                }
                case FeatureType.Text:
                    HashTokens(Text(row, e.Name), output.Slice(e.Offset, e.Width));
                    break;
            }
        }
    }

    /// <summary>The vector in single precision, as the ML.NET model reads it.</summary>
    public float[] TransformSingle(JsonElement row)
    {
        var values = Dimension <= 2048 ? stackalloc double[Dimension] : new double[Dimension];
        Transform(row, values);
        var output = new float[Dimension];
        for (var i = 0; i < output.Length; i++)
            output[i] = (float)values[i];
        return output;
    }

    public double[] Transform(JsonElement row)
    {
        var output = new double[Dimension];
        Transform(row, output);
        return output;
    }

    private static int IndexOf(IReadOnlyList<string> categories, string value)
    {
        for (var i = 0; i < categories.Count; i++)
        {
            if (categories[i] == value)
                return i;
        }
        return -1;
    }

    private static void HashTokens(string? text, Span<double> slots)
    {
        if (string.IsNullOrEmpty(text))
            return;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWord && start < 0)
                start = i;
            else if (!isWord && start >= 0)
            {
                slots[(int)(Fnv1a(text.AsSpan(start, i - start)) % (uint)slots.Length)] += 1;
                start = -1;
            }
        }
        double norm = 0;
        foreach (var v in slots)
            norm += v * v;
        if (norm > 0)
        {
            var inverse = 1 / Math.Sqrt(norm);
            for (var i = 0; i < slots.Length; i++)
                slots[i] *= inverse;
        }
    }

    // Stable across processes and runs (string.GetHashCode is randomised), case-insensitive.
    private static uint Fnv1a(ReadOnlySpan<char> token)
    {
        var hash = 2166136261u;
        foreach (var c in token)
        {
            hash ^= char.ToLowerInvariant(c);
            hash *= 16777619u;
        }
        return hash;
    }

    private static double? Number(JsonElement row, string name) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d)
            ? d
            : null;

    private static string? Text(JsonElement row, string name) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
