using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using ReviewConsole.Features.Workflows;
using ReviewConsole.Core.Drift;
using ReviewConsole.Core.Schema;
using ReviewConsole.Data;
using ReviewConsole.Infrastructure;

namespace ReviewConsole.Features.Drift;

/// <summary>
/// Counts new items into per-bucket feature profiles by event time (occurredAt), off the request path: a backfilled
/// period lands in its own buckets. Items are taken from the
/// profile queue with SKIP LOCKED and deleted from it in the same transaction that adds their counts
/// (merged in SQL), so each item is counted exactly once, whichever replica takes it.
/// </summary>
internal sealed class ProfileBuilder(IServiceScopeFactory scopes, TimeProvider time, Microsoft.Extensions.Options.IOptions<DriftOptions> options, ILogger<ProfileBuilder> logger)
    : PollingWorker(scopes, time, logger)
{
    public const string PredictionFeature = "__prediction";
    public const string ConfidenceFeature = "__confidence";
    private const int Batch = 5000;

    private sealed record Taken(long Id, int WorkflowId, DateTimeOffset OccurredAt, string Features);

    protected override string Activity => "Profile building";

    protected override async Task<TimeSpan> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        await BuildAsync(services.GetRequiredService<ReviewDbContext>(), ct) < Batch ? TimeSpan.FromMilliseconds(500) : TimeSpan.Zero;

    public async Task<int> BuildAsync(ReviewDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var taken = await db.Database.SqlQuery<Taken>($"""
            WITH taken AS (
                DELETE FROM profile_queue
                WHERE item_id IN (SELECT item_id FROM profile_queue ORDER BY item_id LIMIT {Batch} FOR UPDATE SKIP LOCKED)
                RETURNING item_id)
            SELECT i.id AS "Id", i.workflow_id AS "WorkflowId", i.occurred_at AS "OccurredAt", i.features::text AS "Features"
            FROM items i JOIN taken ON taken.item_id = i.id
            """).ToListAsync(ct);
        if (taken.Count == 0)
            return 0;
        var ids = taken.Select(t => t.Id).ToArray();
        var predictions = await db.Predictions.AsNoTracking().Where(p => ids.Contains(p.ItemId) && p.UsedForRouting)
            .Select(p => new { p.ItemId, p.Label, p.Confidence }).ToListAsync(ct);
        var predictionOf = predictions.GroupBy(p => p.ItemId).ToDictionary(g => g.Key, g => g.First());
        var workflowIds = taken.Select(t => t.WorkflowId).Distinct().ToArray();
        var schemas = (await db.Workflows.AsNoTracking().Where(w => workflowIds.Contains(w.Id)).ToListAsync(ct))
            .ToDictionary(w => w.Id, w => w.Fields());

        var profiles = new Dictionary<(int Workflow, DateTimeOffset Bucket, string Feature), (FeatureProfile Profile, long Items)>();
        void Observe((int, DateTimeOffset, string) key, Action<FeatureProfile> add)
        {
            var entry = profiles.TryGetValue(key, out var existing) ? existing : (new FeatureProfile(), 0);
            add(entry.Item1);
            profiles[key] = (entry.Item1, entry.Item2 + 1);
        }
        var width = TimeSpan.FromSeconds(options.Value.BucketSeconds).Ticks;
        foreach (var item in taken)
        {
            var bucket = new DateTimeOffset(item.OccurredAt.UtcTicks / width * width, TimeSpan.Zero);
            var features = JsonDocument.Parse(item.Features).RootElement;
            foreach (var field in schemas[item.WorkflowId].Where(f => f.Type != FeatureType.ImageUrl))
            {
                var value = features.TryGetProperty(field.Name, out var v) ? v : default;
                Observe((item.WorkflowId, bucket, field.Name), p => p.Observe(field.Type, value));
            }
            if (predictionOf.TryGetValue(item.Id, out var prediction))
            {
                Observe((item.WorkflowId, bucket, PredictionFeature), p => p.Add(prediction.Label));
                Observe((item.WorkflowId, bucket, ConfidenceFeature), p => p.Add(FeatureProfile.NumericKey(prediction.Confidence)));
            }
        }
        // One statement for every (workflow, bucket, feature) touched, in one canonical order (two builders never deadlock).
        var rows = profiles.OrderBy(p => p.Key.Workflow).ThenBy(p => p.Key.Bucket).ThenBy(p => p.Key.Feature, StringComparer.Ordinal).ToList();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO feature_profiles AS f (workflow_id, bucket, feature, counts, items)
            SELECT t.workflow_id, t.bucket, t.feature, t.counts::jsonb, t.items
            FROM unnest(@workflows, @buckets, @features, @counts, @items) WITH ORDINALITY AS t(workflow_id, bucket, feature, counts, items, ord)
            ORDER BY t.ord
            ON CONFLICT (workflow_id, bucket, feature) DO UPDATE SET
                items = f.items + excluded.items,
                counts = (SELECT jsonb_object_agg(k, coalesce((f.counts ->> k)::bigint, 0) + coalesce((excluded.counts ->> k)::bigint, 0))
                          FROM (SELECT jsonb_object_keys(f.counts) UNION SELECT jsonb_object_keys(excluded.counts)) AS keys(k))
            """, connection, (NpgsqlTransaction)transaction.GetDbTransaction());
        upsert.Parameters.AddWithValue("workflows", rows.Select(r => r.Key.Workflow).ToArray());
        upsert.Parameters.AddWithValue("buckets", rows.Select(r => r.Key.Bucket).ToArray());
        upsert.Parameters.AddWithValue("features", rows.Select(r => r.Key.Feature).ToArray());
        upsert.Parameters.AddWithValue("counts", rows.Select(r => JsonSerializer.Serialize(r.Value.Profile.Counts)).ToArray());
        upsert.Parameters.AddWithValue("items", rows.Select(r => r.Value.Items).ToArray());
        await upsert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return taken.Count;
    }
}
