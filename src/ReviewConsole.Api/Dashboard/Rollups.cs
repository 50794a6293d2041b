using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReviewConsole.Core.Statistics;
using ReviewConsole.Data;

namespace ReviewConsole.Api.Dashboard;

/// <summary>What one write adds to the current hour's counters of one (level, model version).</summary>
public sealed record HourlyDelta(
    string Level,
    string ModelVersion,
    long ItemsReceived = 0,
    long AutoDecided = 0,
    long HumanDecided = 0,
    long TasksCreated = 0,
    long TasksDone = 0,
    long Compared = 0,
    long Agreed = 0,
    long Audits = 0,
    long AuditsAgreed = 0,
    int LatencyBucket = 0,
    long Decisions = 0);

/// <summary>
/// Increments the hourly rollups inside the caller's transaction, so the charts agree with the data
/// exactly. Called last in each transaction: the rollup row is the contended one, so it is held briefly.
/// </summary>
public static class Rollups
{
    public static async Task AddAsync(ReviewDbContext db, int workflowId, IReadOnlyList<HourlyDelta> deltas, CancellationToken ct)
    {
        if (deltas.Count == 0)
            return;
        // A fixed order of rows keeps concurrent upserts from deadlocking.
        var rows = deltas.OrderBy(d => d.Level, StringComparer.Ordinal).ThenBy(d => d.ModelVersion, StringComparer.Ordinal).ToList();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand("""
            INSERT INTO workflow_hourly AS h (workflow_id, bucket, level, model_version, items_received, auto_decided, human_decided,
                                              tasks_created, tasks_done, compared, agreed, audits, audits_agreed, decision_latency)
            SELECT @workflow, date_trunc('hour', now()), t.level, t.model_version, t.received, t.auto, t.human, t.created, t.done,
                   t.compared, t.agreed, t.audits, t.audits_agreed,
                   (SELECT array_agg(CASE WHEN g = t.latency_bucket THEN t.decisions ELSE 0 END ORDER BY g)
                    FROM generate_series(0, @buckets - 1) AS g)
            FROM unnest(@levels, @versions, @received, @auto, @human, @created, @done, @compared, @agreed, @audits, @audits_agreed,
                        @latency_buckets, @decisions) WITH ORDINALITY
                 AS t(level, model_version, received, auto, human, created, done, compared, agreed, audits, audits_agreed,
                      latency_bucket, decisions, ord)
            ORDER BY t.ord
            ON CONFLICT (workflow_id, bucket, level, model_version) DO UPDATE SET
                items_received = h.items_received + excluded.items_received,
                auto_decided = h.auto_decided + excluded.auto_decided,
                human_decided = h.human_decided + excluded.human_decided,
                tasks_created = h.tasks_created + excluded.tasks_created,
                tasks_done = h.tasks_done + excluded.tasks_done,
                compared = h.compared + excluded.compared,
                agreed = h.agreed + excluded.agreed,
                audits = h.audits + excluded.audits,
                audits_agreed = h.audits_agreed + excluded.audits_agreed,
                decision_latency = (SELECT array_agg(coalesce(a, 0) + coalesce(b, 0) ORDER BY n)
                                    FROM unnest(h.decision_latency, excluded.decision_latency) WITH ORDINALITY AS x(a, b, n))
            """, connection);
        command.Parameters.AddWithValue("workflow", workflowId);
        command.Parameters.AddWithValue("buckets", LatencyHistogram.Buckets);
        command.Parameters.AddWithValue("levels", rows.Select(r => r.Level).ToArray());
        command.Parameters.AddWithValue("versions", rows.Select(r => r.ModelVersion).ToArray());
        command.Parameters.AddWithValue("received", rows.Select(r => r.ItemsReceived).ToArray());
        command.Parameters.AddWithValue("auto", rows.Select(r => r.AutoDecided).ToArray());
        command.Parameters.AddWithValue("human", rows.Select(r => r.HumanDecided).ToArray());
        command.Parameters.AddWithValue("created", rows.Select(r => r.TasksCreated).ToArray());
        command.Parameters.AddWithValue("done", rows.Select(r => r.TasksDone).ToArray());
        command.Parameters.AddWithValue("compared", rows.Select(r => r.Compared).ToArray());
        command.Parameters.AddWithValue("agreed", rows.Select(r => r.Agreed).ToArray());
        command.Parameters.AddWithValue("audits", rows.Select(r => r.Audits).ToArray());
        command.Parameters.AddWithValue("audits_agreed", rows.Select(r => r.AuditsAgreed).ToArray());
        command.Parameters.AddWithValue("latency_buckets", rows.Select(r => r.LatencyBucket).ToArray());
        command.Parameters.AddWithValue("decisions", rows.Select(r => r.Decisions).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    public static Task AddReviewerLabelAsync(ReviewDbContext db, int workflowId, string reviewer, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO reviewer_hourly AS r (workflow_id, bucket, reviewer, labels)
            VALUES ({workflowId}, date_trunc('hour', now()), {reviewer}, 1)
            ON CONFLICT (workflow_id, bucket, reviewer) DO UPDATE SET labels = r.labels + 1
            """, ct);
}
