using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Models;
using ReviewConsole.Data;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Models;

/// <param name="OccurredAt">The item's event time: a built-in version's training window (the drift reference) is over it.</param>
public sealed record LabelledItem(long ItemId, TrainingExample Example, DateTimeOffset LabeledAt, DateTimeOffset OccurredAt);

/// <summary>
/// Human labels only (review tasks, including audits), never the model's own auto-decisions;
/// the latest human label per item, oldest first, so the newest can be held out.
/// </summary>
public static class TrainingData
{
    public const double HoldoutShare = 0.2;
    public const int MinimumLabels = 50;

    private sealed record Row(long ItemId, string Features, string Label, DateTimeOffset LabeledAt, DateTimeOffset OccurredAt);

    public static async Task<List<LabelledItem>> LoadAsync(ReviewDbContext db, Workflow workflow, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT DISTINCT ON (t.item_id) t.item_id AS "ItemId", i.features::text AS "Features", t.label AS "Label", t.labeled_at AS "LabeledAt",
                   i.occurred_at AS "OccurredAt"
            FROM review_tasks t JOIN items i ON i.id = t.item_id
            WHERE t.workflow_id = {workflow.Id} AND t.status = 'done' AND t.label IS NOT NULL
            ORDER BY t.item_id, t.labeled_at DESC
            """).ToListAsync(ct);
        return rows
            .OrderBy(r => r.LabeledAt).ThenBy(r => r.ItemId)
            .Select(r =>
            {
                var features = JsonDocument.Parse(r.Features).RootElement;
                var slice = workflow.SliceFeature is { } name && features.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()
                    : null;
                return new LabelledItem(r.ItemId, new TrainingExample(features, r.Label, slice), r.LabeledAt, r.OccurredAt);
            })
            .ToList();
    }

    private sealed record Counts(long Items, long Labels);

    /// <summary>Why training cannot start yet (too few human labels, or a single label so far), or null.</summary>
    public static async Task<string?> RefusalAsync(ReviewDbContext db, Workflow workflow, CancellationToken ct)
    {
        var counts = (await db.Database.SqlQuery<Counts>($"""
            SELECT count(DISTINCT item_id) AS "Items", count(DISTINCT label) AS "Labels"
            FROM review_tasks WHERE workflow_id = {workflow.Id} AND status = 'done' AND label IS NOT NULL
            """).ToListAsync(ct))[0];
        if (counts.Items < MinimumLabels)
            return $"Training needs at least {MinimumLabels} human labels; this workflow has {counts.Items}. Label more items in the review queue.";
        return counts.Labels < 2
            ? "Every human label so far is the same: a model needs examples of at least two labels to learn anything."
            : null;
    }

    /// <summary>Time-based split: the newest share of labels is the holdout.</summary>
    public static (List<LabelledItem> Train, List<LabelledItem> Holdout) Split(List<LabelledItem> items)
    {
        var holdout = (int)Math.Ceiling(items.Count * HoldoutShare);
        return (items[..^holdout], items[^holdout..]);
    }
}
