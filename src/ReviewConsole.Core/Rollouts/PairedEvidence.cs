namespace ReviewConsole.Core.Rollouts;

/// <summary>One item both versions predicted and a reviewer labelled.</summary>
public sealed record PairedItem(long ItemId, string ExternalId, string Human, string Champion, string Challenger, string? Slice);

/// <summary>
/// Two versions judged on the same items: how often each agrees with the reviewers, how often they agree with each
/// other, and McNemar's exact test on the items where exactly one of them is right.
/// </summary>
public sealed record PairedCounts(string? Slice, long Items, long ChampionRight, long ChallengerRight, long VersionsAgree,
    long OnlyChampionRight, long OnlyChallengerRight)
{
    public double McNemarP => McNemar.ExactPValue(OnlyChampionRight, OnlyChallengerRight);

    public static PairedCounts Of(string? slice, IReadOnlyCollection<PairedItem> items) => new(
        slice,
        items.Count,
        items.Count(i => i.Champion == i.Human),
        items.Count(i => i.Challenger == i.Human),
        items.Count(i => i.Champion == i.Challenger),
        items.Count(i => i.Champion == i.Human && i.Challenger != i.Human),
        items.Count(i => i.Challenger == i.Human && i.Champion != i.Human));
}

public static class PairedEvidence
{
    /// <summary>The whole comparison and one per slice (largest first).</summary>
    public static (PairedCounts Overall, IReadOnlyList<PairedCounts> Slices) Compute(IReadOnlyList<PairedItem> items) =>
        (PairedCounts.Of(null, items),
         items.Where(i => i.Slice is not null).GroupBy(i => i.Slice!)
             .Select(g => PairedCounts.Of(g.Key, g.ToList()))
             .OrderByDescending(c => c.Items).ThenBy(c => c.Slice, StringComparer.Ordinal)
             .ToList());
}
