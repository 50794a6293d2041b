using System.Text.Json;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Core.Drift;

/// <summary>
/// A feature's distribution over a time bucket, small enough to keep forever: numeric values counted in
/// fine bins on a signed-log scale (about 1.5% wide), categories and text tokens counted by name
/// (capped, the rest under <see cref="Other"/>). Reports add profiles over a window instead of scanning items.
/// </summary>
public sealed class FeatureProfile
{
    public const string Other = "__other__";
    public const string Missing = "__missing__";
    public const int MaxKeys = 500;
    public const int NumericBins = 4000;
    private const double LogRange = 30;

    public Dictionary<string, long> Counts { get; init; } = [];

    public long Total => Counts.Values.Sum();

    public static int NumericBin(double value)
    {
        var t = Math.Sign(value) * Math.Log(1 + Math.Abs(value));
        return (int)Math.Clamp(Math.Floor((t + LogRange) / (2 * LogRange) * NumericBins), 0, NumericBins - 1);
    }

    private static readonly string[] NumericKeys =
        Enumerable.Range(0, NumericBins).Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The profile key of a number's bin (a shared string: profiles count millions of values).</summary>
    public static string NumericKey(double value) => NumericKeys[NumericBin(value)];

    /// <summary>The value at the lower edge of a numeric bin (inverse of the signed-log scale).</summary>
    public static double NumericBinStart(int bin)
    {
        var t = bin * (2 * LogRange) / NumericBins - LogRange;
        return Math.Sign(t) * (Math.Exp(Math.Abs(t)) - 1);
    }

    public void Add(string key, long count = 1)
    {
        if (!Counts.ContainsKey(key) && Counts.Count >= MaxKeys)
            key = Other;
        Counts[key] = Counts.GetValueOrDefault(key) + count;
    }

    public void Merge(FeatureProfile other)
    {
        foreach (var (key, count) in other.Counts)
            Add(key, count);
    }

    /// <summary>Adds one item's value of a feature to the profile.</summary>
    public void Observe(FeatureType type, JsonElement value)
    {
        switch (type)
        {
            case FeatureType.Numeric when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d):
                Add(NumericKey(d));
                break;
            case FeatureType.Categorical when value.ValueKind == JsonValueKind.String:
                Add(value.GetString()!);
                break;
            case FeatureType.Text when value.ValueKind == JsonValueKind.String:
                foreach (var token in Tokens(value.GetString()!))
                    Add(token);
                break;
            default:
                Add(Missing);
                break;
        }
    }

    public static IEnumerable<string> Tokens(string text) =>
        text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(t => new string(t.Where(char.IsLetterOrDigit).ToArray()))
            .Where(t => t.Length > 1);
}
