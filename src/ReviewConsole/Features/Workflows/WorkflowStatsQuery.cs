using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Workflows;

/// <summary>
/// The live numbers on the workflows page, for every workflow in one round trip: the queue from the open tasks, the
/// rest from the hourly rollups and the deltas not folded yet (counting millions of items or labels on every page
/// load took 313 ms at 5 million items; docs/benchmarks.md).
/// </summary>
internal static class WorkflowStatsQuery
{
    public static WorkflowStats Empty { get; } = new(0, 0, 0, 0, 0);

    private sealed record Row(int WorkflowId, int QueueDepth, int InReview, int ItemsToday, int Compared, int Agreed);

    public static async Task<Dictionary<int, WorkflowStats>> ForAllAsync(ReviewDbContext db, CancellationToken ct)
    {
        // Database clock throughout: leases are stamped with now() by the claim query.
        var rows = await db.Database.SqlQueryRaw<Row>("""
            SELECT w.id AS "WorkflowId",
                   coalesce(q.queue_depth, 0)::int AS "QueueDepth",
                   coalesce(q.in_review, 0)::int AS "InReview",
                   coalesce(r.items_today, 0)::int AS "ItemsToday",
                   coalesce(r.compared, 0)::int AS "Compared",
                   coalesce(r.agreed, 0)::int AS "Agreed"
            FROM workflows w
            LEFT JOIN LATERAL (
                SELECT count(*) FILTER (WHERE t.status = 'waiting' OR t.lease_expires_at <= now()) AS queue_depth,
                       count(*) FILTER (WHERE t.status = 'leased' AND t.lease_expires_at > now()) AS in_review
                FROM review_tasks t WHERE t.workflow_id = w.id AND t.status <> 'done') q ON true
            LEFT JOIN LATERAL (
                SELECT sum(items_received) FILTER (WHERE bucket >= date_trunc('day', now())) AS items_today,
                       sum(compared) AS compared, sum(agreed) AS agreed
                FROM (SELECT h.bucket, h.items_received, h.compared, h.agreed FROM workflow_hourly h WHERE h.workflow_id = w.id
                      UNION ALL
                      SELECT d.bucket, d.items_received, d.compared, d.agreed FROM rollup_deltas d WHERE d.workflow_id = w.id) counted) r ON true
            """).ToListAsync(ct);
        return rows.ToDictionary(r => r.WorkflowId, r => new WorkflowStats(r.QueueDepth, r.InReview, r.ItemsToday, r.Compared, r.Agreed));
    }
}
