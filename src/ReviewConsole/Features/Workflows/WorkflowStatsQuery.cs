using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Workflows;

/// <summary>The live numbers on the workflows page, for every workflow in one round trip.</summary>
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
                   (SELECT count(*) FROM items i
                     WHERE i.workflow_id = w.id AND i.received_at >= date_trunc('day', now()))::int AS "ItemsToday",
                   coalesce(a.compared, 0)::int AS "Compared",
                   coalesce(a.agreed, 0)::int AS "Agreed"
            FROM workflows w
            LEFT JOIN LATERAL (
                SELECT count(*) FILTER (WHERE t.status = 'waiting' OR t.lease_expires_at <= now()) AS queue_depth,
                       count(*) FILTER (WHERE t.status = 'leased' AND t.lease_expires_at > now()) AS in_review
                FROM review_tasks t WHERE t.workflow_id = w.id AND t.status <> 'done') q ON true
            LEFT JOIN LATERAL (
                SELECT count(*) AS compared, count(*) FILTER (WHERE t.label = t.model_label) AS agreed
                FROM review_tasks t
                WHERE t.workflow_id = w.id AND t.status = 'done' AND t.model_label IS NOT NULL) a ON true
            """).ToListAsync(ct);
        return rows.ToDictionary(r => r.WorkflowId, r => new WorkflowStats(r.QueueDepth, r.InReview, r.ItemsToday, r.Compared, r.Agreed));
    }
}
