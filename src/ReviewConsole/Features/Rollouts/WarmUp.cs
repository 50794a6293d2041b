using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Core.Models;
using ReviewConsole.Data;
using ReviewConsole.Data.Models;
using ReviewConsole.Features.Models;

namespace ReviewConsole.Features.Rollouts;

/// <summary>
/// Blue-green's warm-up: green is loaded and scores the workflow's most recent items, timed one by one, beside the
/// labels blue gave those items. What it shows (errors, p50/p99 latency, agreement with blue) is the evidence the
/// ML lead switches on.
/// </summary>
public static class WarmUp
{
    public const int SampleSize = 500;

    private sealed record Recent(long Id, string Features);

    public static async Task<WarmUpResponse> RunAsync(ReviewDbContext db, ModelCache cache, int workflowId, ModelVersion green, string blue, CancellationToken ct)
    {
        var items = await db.Database.SqlQuery<Recent>($"""
            SELECT id AS "Id", features::text AS "Features" FROM items WHERE workflow_id = {workflowId} ORDER BY id DESC LIMIT {SampleSize}
            """).ToListAsync(ct);
        var ids = items.Select(i => i.Id).ToArray();
        var blueLabels = await db.Predictions.AsNoTracking()
            .Where(p => ids.Contains(p.ItemId) && p.ModelVersion == blue)
            .GroupBy(p => p.ItemId)
            .Select(g => new { ItemId = g.Key, g.OrderByDescending(p => p.Id).First().Label })
            .ToDictionaryAsync(p => p.ItemId, p => p.Label, ct);
        IScoringModel? model;
        try
        {
            model = await cache.GetAsync(db, green.Id, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A version that cannot load fails every item: the warm-up says so instead of switching to it.
            return new WarmUpResponse(items.Count, items.Count, null, null, 0, null);
        }
        var latencies = new List<double>(items.Count);
        int errors = 0, compared = 0, agreed = 0;
        foreach (var item in items)
        {
            using var features = JsonDocument.Parse(item.Features);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var label = model.Predict(features.RootElement).Label;
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (blueLabels.TryGetValue(item.Id, out var blueLabel))
                {
                    compared++;
                    if (blueLabel == label)
                        agreed++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors++;
            }
        }
        latencies.Sort();
        double? Quantile(double q) => latencies.Count == 0 ? null : latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * q))];
        return new WarmUpResponse(items.Count, errors, Quantile(0.5), Quantile(0.99), compared, compared == 0 ? null : (double)agreed / compared);
    }
}
