using ReviewConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReviewConsole.Core.Statistics;
using ReviewConsole.Data;
using ReviewConsole.Data.Dashboard;

namespace ReviewConsole.Features.Dashboard;

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
/// Hourly counters in two steps: the ingest and label transactions append deltas (no row is shared, so
/// nothing queues), and <see cref="RollupCompactor"/> folds them into workflow_hourly. Readers add the
/// deltas not yet folded (<see cref="PendingAsync"/>), so charts always agree with the data exactly.
/// </summary>
public static class Rollups
{
    public const int CompactBatch = 20_000;

    public static async Task AddAsync(ReviewDbContext db, int workflowId, IReadOnlyList<HourlyDelta> deltas, CancellationToken ct)
    {
        if (deltas.Count == 0)
            return;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand("""
            INSERT INTO rollup_deltas (workflow_id, bucket, level, model_version, items_received, auto_decided, human_decided,
                                       tasks_created, tasks_done, compared, agreed, audits, audits_agreed, latency_bucket, decisions)
            SELECT @workflow, date_trunc('hour', now()), t.*
            FROM unnest(@levels, @versions, @received, @auto, @human, @created, @done, @compared, @agreed, @audits, @audits_agreed,
                        @latency_buckets, @decisions)
                 AS t(level, model_version, received, auto, human, created, done, compared, agreed, audits, audits_agreed, latency_bucket, decisions)
            """, connection);
        command.Parameters.AddWithValue("workflow", workflowId);
        command.Parameters.AddWithValue("levels", deltas.Select(r => r.Level).ToArray());
        command.Parameters.AddWithValue("versions", deltas.Select(r => r.ModelVersion).ToArray());
        command.Parameters.AddWithValue("received", deltas.Select(r => r.ItemsReceived).ToArray());
        command.Parameters.AddWithValue("auto", deltas.Select(r => r.AutoDecided).ToArray());
        command.Parameters.AddWithValue("human", deltas.Select(r => r.HumanDecided).ToArray());
        command.Parameters.AddWithValue("created", deltas.Select(r => r.TasksCreated).ToArray());
        command.Parameters.AddWithValue("done", deltas.Select(r => r.TasksDone).ToArray());
        command.Parameters.AddWithValue("compared", deltas.Select(r => r.Compared).ToArray());
        command.Parameters.AddWithValue("agreed", deltas.Select(r => r.Agreed).ToArray());
        command.Parameters.AddWithValue("audits", deltas.Select(r => r.Audits).ToArray());
        command.Parameters.AddWithValue("audits_agreed", deltas.Select(r => r.AuditsAgreed).ToArray());
        command.Parameters.AddWithValue("latency_buckets", deltas.Select(r => r.LatencyBucket).ToArray());
        command.Parameters.AddWithValue("decisions", deltas.Select(r => r.Decisions).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    public static Task AddReviewerLabelAsync(ReviewDbContext db, int workflowId, string reviewer, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO reviewer_hourly AS r (workflow_id, bucket, reviewer, labels)
            VALUES ({workflowId}, date_trunc('hour', now()), {reviewer}, 1)
            ON CONFLICT (workflow_id, bucket, reviewer) DO UPDATE SET labels = r.labels + 1
            """, ct);

    /// <summary>Folds up to one batch of deltas into workflow_hourly; returns how many it folded. Replica-safe (SKIP LOCKED).</summary>
    public static async Task<int> CompactAsync(ReviewDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var moved = await db.RollupDeltas.FromSqlInterpolated($"""
            DELETE FROM rollup_deltas
            WHERE id IN (SELECT id FROM rollup_deltas ORDER BY id LIMIT {CompactBatch} FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
        foreach (var row in Fold(moved))
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO workflow_hourly AS h (workflow_id, bucket, level, model_version, items_received, auto_decided, human_decided,
                                                  tasks_created, tasks_done, compared, agreed, audits, audits_agreed, decision_latency)
                VALUES ({row.WorkflowId}, {row.Bucket}, {row.Level}, {row.ModelVersion}, {row.ItemsReceived}, {row.AutoDecided}, {row.HumanDecided},
                        {row.TasksCreated}, {row.TasksDone}, {row.Compared}, {row.Agreed}, {row.Audits}, {row.AuditsAgreed}, {row.DecisionLatency})
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
                """, ct);
        }
        await transaction.CommitAsync(ct);
        return moved.Count;
    }

    /// <summary>The deltas of a workflow not folded yet, as hourly rows, for readers to add to workflow_hourly.</summary>
    public static async Task<List<WorkflowHourly>> PendingAsync(ReviewDbContext db, int workflowId, CancellationToken ct) =>
        Fold(await db.RollupDeltas.AsNoTracking().Where(d => d.WorkflowId == workflowId).ToListAsync(ct));

    public static List<WorkflowHourly> Fold(IEnumerable<RollupDelta> deltas) =>
        deltas
            .GroupBy(d => (d.WorkflowId, d.Bucket, d.Level, d.ModelVersion))
            .OrderBy(g => g.Key.WorkflowId).ThenBy(g => g.Key.Bucket).ThenBy(g => g.Key.Level, StringComparer.Ordinal)
            .ThenBy(g => g.Key.ModelVersion, StringComparer.Ordinal)
            .Select(g =>
            {
                var latency = new long[LatencyHistogram.Buckets];
                foreach (var d in g)
                    latency[Math.Clamp(d.LatencyBucket, 0, latency.Length - 1)] += d.Decisions;
                return new WorkflowHourly
                {
                    WorkflowId = g.Key.WorkflowId,
                    Bucket = g.Key.Bucket,
                    Level = g.Key.Level,
                    ModelVersion = g.Key.ModelVersion,
                    ItemsReceived = g.Sum(d => d.ItemsReceived),
                    AutoDecided = g.Sum(d => d.AutoDecided),
                    HumanDecided = g.Sum(d => d.HumanDecided),
                    TasksCreated = g.Sum(d => d.TasksCreated),
                    TasksDone = g.Sum(d => d.TasksDone),
                    Compared = g.Sum(d => d.Compared),
                    Agreed = g.Sum(d => d.Agreed),
                    Audits = g.Sum(d => d.Audits),
                    AuditsAgreed = g.Sum(d => d.AuditsAgreed),
                    DecisionLatency = latency,
                };
            })
            .ToList();
}

/// <summary>Folds rollup deltas into the hourly table every second.</summary>
internal sealed class RollupCompactor(IServiceScopeFactory scopes, TimeProvider time, ILogger<RollupCompactor> logger)
    : PollingWorker(scopes, time, logger)
{
    protected override string Activity => "Rollup compaction";

    protected override async Task<TimeSpan> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        await Rollups.CompactAsync(services.GetRequiredService<ReviewDbContext>(), ct) < Rollups.CompactBatch ? TimeSpan.FromSeconds(1) : TimeSpan.Zero;
}
