using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Core.Ladder;
using ReviewConsole.Core.Statistics;
using ReviewConsole.Data;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Automation;

/// <summary>Gathers the evidence the gates and the guardrail judge, from stored labels and rollups.</summary>
public static class EvidenceQuery
{
    private sealed record DayRow(DateTimeOffset Day, long Compared, long Agreed);

    private sealed record LabelledRow(double Confidence, bool Agreed, string? Slice, bool Shadow);

    /// <summary>
    /// When the evidence the gates count begins: after an automatic demotion (guardrail or drift), only what was
    /// gathered since it counts, or the history from before the fault would wave the promotion straight back through.
    /// </summary>
    public static Task<DateTimeOffset?> CountingSinceAsync(ReviewDbContext db, Workflow workflow, CancellationToken ct) =>
        db.AutomationChanges.Where(c => c.WorkflowId == workflow.Id && c.Automatic).MaxAsync(c => (DateTimeOffset?)c.At, ct);

    public static async Task<LadderEvidence> LoadAsync(ReviewDbContext db, Workflow workflow, CancellationToken ct)
    {
        var since = await CountingSinceAsync(db, workflow, ct) ?? DateTimeOffset.UnixEpoch;
        var rows = await db.Database.SqlQuery<LabelledRow>($"""
            SELECT t.model_confidence AS "Confidence", (t.label = t.model_label) AS "Agreed",
                   i.features ->> {workflow.SliceFeature ?? ""} AS "Slice", (t.reason = 'shadow') AS "Shadow"
            FROM review_tasks t JOIN items i ON i.id = t.item_id
            WHERE t.workflow_id = {workflow.Id} AND t.status = 'done' AND t.labeled_at >= {since}
              AND t.model_label IS NOT NULL AND t.model_confidence IS NOT NULL
            """).ToListAsync(ct);
        // Capped: the gate only asks whether predictions arrive, not how many there are in all.
        var predictions = await db.Database.SqlQuery<long>($"""
            SELECT count(*) AS "Value" FROM (SELECT 1 FROM predictions WHERE workflow_id = {workflow.Id} AND created_at >= {since} LIMIT 10000) p
            """).SingleAsync(ct);
        var shadow = rows.Where(r => r.Shadow).ToList();
        return new LadderEvidence(
            predictions,
            shadow.Count,
            shadow.Count(r => r.Agreed),
            rows.Select(r => new LabelledPrediction(r.Confidence, r.Agreed, workflow.SliceFeature is null ? null : r.Slice ?? "(missing)")).ToList());
    }

    /// <summary>Agreement of the latest audits since the workflow last changed level, newest first.</summary>
    public static async Task<List<bool>> RecentAuditsAsync(ReviewDbContext db, Workflow workflow, int window, CancellationToken ct)
    {
        var since = await db.AutomationChanges.Where(c => c.WorkflowId == workflow.Id).MaxAsync(c => (DateTimeOffset?)c.At, ct)
            ?? DateTimeOffset.MinValue;
        return await db.ReviewTasks
            .Where(t => t.WorkflowId == workflow.Id && t.Reason == "audit_sample" && t.Status == "done" && t.CreatedAt >= since)
            .OrderByDescending(t => t.LabeledAt)
            .Take(window)
            .Select(t => t.Label == t.ModelLabel)
            .ToListAsync(ct);
    }

    public static async Task<GuardrailCheck> GuardrailAsync(ReviewDbContext db, Workflow workflow, GateSettings settings, Criticality criticality, CancellationToken ct) =>
        Guardrail.Check(await RecentAuditsAsync(db, workflow, settings.GuardrailWindow, ct), criticality, settings);

    /// <summary>Daily model-vs-human agreement with its Wilson band, from the hourly rollups and the deltas not folded yet.</summary>
    public static async Task<List<AgreementPoint>> AgreementTrendAsync(ReviewDbContext db, Workflow workflow, double confidence, CancellationToken ct)
    {
        var days = await db.Database.SqlQuery<DayRow>($"""
            SELECT date_trunc('day', bucket, 'UTC') AS "Day", sum(compared)::bigint AS "Compared", sum(agreed)::bigint AS "Agreed"
            FROM (SELECT bucket, compared, agreed FROM workflow_hourly WHERE workflow_id = {workflow.Id}
                  UNION ALL
                  SELECT bucket, compared, agreed FROM rollup_deltas WHERE workflow_id = {workflow.Id}) folded
            WHERE compared > 0
            GROUP BY 1 ORDER BY 1
            """).ToListAsync(ct);
        return days.Select(d =>
        {
            var interval = Wilson.Interval(d.Agreed, d.Compared, confidence);
            return new AgreementPoint(d.Day, d.Compared, d.Agreed, (double)d.Agreed / d.Compared, interval.Lower, interval.Upper);
        }).ToList();
    }
}
