namespace ReviewConsole.Core.Experiments;

public enum Team
{
    Champion,
    Challenger,
}

/// <summary>One position of an interleaved list: the label shown and the version that contributed it (never shown).</summary>
public sealed record InterleavedLabel(string Label, Team Team);

/// <summary>
/// Team-draft interleaving (Radlinski, Kurup and Joachims 2008, "How does clickthrough data reflect retrieval
/// quality?", CIKM, Algorithm 2). Like captains picking teams: the version with fewer picks so far adds its
/// highest-ranked label not yet in the list; when both have as many, a coin decides who picks first. So each
/// version contributes equally in expectation, and the label a reviewer picks credits the version that contributed
/// it. A version whose ranking is used up leaves the rest of the picks to the other.
/// </summary>
public static class TeamDraft
{
    public static IReadOnlyList<InterleavedLabel> Interleave(IReadOnlyList<string> champion, IReadOnlyList<string> challenger, int length, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var list = new List<InterleavedLabel>(length);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var (championPicks, challengerPicks) = (0, 0);
        while (list.Count < length)
        {
            var championNext = champion.FirstOrDefault(l => !shown.Contains(l));
            var challengerNext = challenger.FirstOrDefault(l => !shown.Contains(l));
            if (championNext is null && challengerNext is null)
                break;
            var championTurn = challengerNext is null
                || championNext is not null && (championPicks < challengerPicks || championPicks == challengerPicks && random.Next(2) == 0);
            var (label, team) = championTurn ? (championNext!, Team.Champion) : (challengerNext!, Team.Challenger);
            if (championTurn)
                championPicks++;
            else
                challengerPicks++;
            shown.Add(label);
            list.Add(new InterleavedLabel(label, team));
        }
        return list;
    }
}
