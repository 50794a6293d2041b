namespace ReviewConsole.Core.Experiments;

/// <summary>A version's labels in its order of preference, for a ranked list of suggestions.</summary>
public static class RankedLabels
{
    public const int DefaultLength = 3;

    /// <summary>
    /// The predicted label first, then the others by the version's probability, highest first (equal ones in the
    /// workflow's label order), at most <paramref name="length"/>. Without probabilities only the predicted label is known.
    /// </summary>
    public static IReadOnlyList<string> Of(string label, IReadOnlyDictionary<string, double>? probabilities, IReadOnlyList<string> labels,
        int length = DefaultLength)
    {
        if (probabilities is null || probabilities.Count == 0)
            return [label];
        var order = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        return probabilities.Where(p => p.Key != label && order.ContainsKey(p.Key))
            .OrderByDescending(p => p.Value).ThenBy(p => order[p.Key])
            .Select(p => p.Key)
            .Prepend(label)
            .Take(length)
            .ToList();
    }
}
