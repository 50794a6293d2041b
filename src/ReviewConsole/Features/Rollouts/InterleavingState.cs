using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Core.Experiments;
using ReviewConsole.Data;
using ReviewConsole.Data.Rollouts;

namespace ReviewConsole.Features.Rollouts;

/// <summary>
/// An interleaved experiment as the API reads it: each reviewer's pick on a task whose list was team-drafted since the
/// experiment began credits the version that contributed the picked label (by the list stored with the task); a pick
/// outside the list credits neither. The sign test on credited picks names the preferred version.
/// </summary>
public static class InterleavingState
{
    /// <summary>The sign test's level: a fixed-sample test, read as picks come in (the README says so).</summary>
    public const double Alpha = 0.05;

    private sealed record Pick(string? Version, int? Rank, long Count);

    public static async Task<InterleavingResponse> DescribeAsync(ReviewDbContext db, Rollout rollout, DateTimeOffset now, CancellationToken ct)
    {
        var until = rollout.EndedAt ?? now;
        var picks = await db.Database.SqlQuery<Pick>($"""
            SELECT s.version AS "Version", s.rank AS "Rank", count(*) AS "Count"
            FROM review_tasks t
            LEFT JOIN LATERAL (SELECT e->>'version' AS version, (e->>'rank')::int AS rank
                               FROM jsonb_array_elements(t.suggestions) e WHERE e->>'label' = t.label LIMIT 1) s ON true
            WHERE t.workflow_id = {rollout.WorkflowId} AND t.status = 'done' AND t.label IS NOT NULL AND t.suggestions IS NOT NULL
              AND t.created_at >= {rollout.StartedAt} AND t.labeled_at <= {until}
              AND t.suggestions @> jsonb_build_array(jsonb_build_object('version', {rollout.Challenger}::text))
            GROUP BY 1, 2
            """).ToListAsync(ct);
        long Wins(string? version) => picks.Where(p => p.Version == version).Sum(p => p.Count);
        var (challenger, champion) = (Wins(rollout.Challenger), Wins(rollout.Champion));
        var test = SignTest.Compare(challenger, champion);
        var verdict = test.PValue >= Alpha || challenger == champion ? "collecting" : challenger > champion ? "challenger-better" : "champion-better";
        return new InterleavingResponse(picks.Sum(p => p.Count), challenger, champion, picks.Where(p => p.Version is null).Sum(p => p.Count),
            double.IsNaN(test.ChallengerShare) ? null : test.ChallengerShare, test.Lower, test.Upper, test.PValue, verdict,
            picks.Where(p => p.Rank is not null).GroupBy(p => p.Rank!.Value).ToDictionary(g => g.Key, g => g.Sum(p => p.Count)));
    }
}
