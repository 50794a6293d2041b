namespace ReviewConsole.Core.Schema;

public enum FeatureType
{
    Numeric,
    Categorical,
    Text,
    ImageUrl,
}

public static class FeatureTypes
{
    public static string ToWire(this FeatureType type) => type switch
    {
        FeatureType.Numeric => "numeric",
        FeatureType.Categorical => "categorical",
        FeatureType.Text => "text",
        FeatureType.ImageUrl => "imageUrl",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static IReadOnlyList<string> WireNames { get; } =
        Enum.GetValues<FeatureType>().Select(t => t.ToWire()).ToArray();

    public static bool TryParse(string? wire, out FeatureType type)
    {
        foreach (var candidate in Enum.GetValues<FeatureType>())
        {
            if (string.Equals(candidate.ToWire(), wire, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }
}
